"""A database that goes away (a PostgreSQL restart) is waited out by writes and answered
with 503 + Retry-After by HTTP, never a 500 (issue 28, item 4). The errors here are
real: psycopg2 connecting to a port nothing listens on. The restart itself, under a
party on two workers, is `tests/e2e/test_scale_faults.py`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.routes import build_api
from deploy.local import free_port
from services import db as database


def _refused() -> DBAPIError:
    """The error psycopg2 gives for a PostgreSQL that is not there (restarting)."""
    engine = create_engine(f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/none")
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        return exc
    finally:
        engine.dispose()
    raise AssertionError("nothing should listen there")


def _statement_error() -> DBAPIError:
    with Session(create_engine("sqlite://")) as session:
        try:
            session.execute(text("SELECT * FROM no_such_table"))
        except DBAPIError as exc:
            return exc
    raise AssertionError("the statement should fail")


def test_an_unreachable_database_is_told_apart_from_a_wrong_statement() -> None:
    assert database.unavailable(_refused())
    assert not database.unavailable(_statement_error())
    assert not database.unavailable(ValueError("connection refused"))  # not a database error at all


def test_a_write_waits_out_an_outage_and_lands_when_the_database_is_back(db: None) -> None:
    outage, calls = _refused(), []

    def work(session: Session) -> int:
        calls.append(time.monotonic())
        if len(calls) < 3:  # down for the first two tries, then back
            raise outage
        return int(session.execute(text("SELECT 41 + 1")).scalar_one())

    started = time.monotonic()
    assert database.run_in_transaction(work, wait_s=10) == 42
    assert len(calls) == 3
    assert calls[1] - calls[0] >= 0.25 and calls[2] - calls[1] >= 0.5  # backing off, not spinning
    assert time.monotonic() - started < 3


def test_a_long_outage_gives_up_after_the_wait_and_a_wrong_statement_at_once(db: None) -> None:
    outage, calls = _refused(), []

    def down(_session: Session) -> None:
        calls.append(1)
        raise outage

    started = time.monotonic()
    with pytest.raises(DBAPIError):
        database.run_in_transaction(down, wait_s=1)
    assert 0.5 <= time.monotonic() - started < 2.5 and len(calls) >= 2

    wrong, tries = _statement_error(), []

    def broken(_session: Session) -> None:
        tries.append(1)
        raise wrong

    with pytest.raises(DBAPIError):
        database.run_in_transaction(broken, wait_s=10)
    assert tries == [1]


@pytest.fixture
def database_down(env: Callable[..., None]) -> Iterator[None]:
    """The app's database is a PostgreSQL that does not answer (as during its restart)."""
    env(DB_URL=f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/sbm")
    database.get_engine.cache_clear()
    yield
    database.get_engine.cache_clear()


def test_http_requests_that_meet_an_outage_get_503_with_retry_after_never_500(database_down: None) -> None:
    with TestClient(build_api(), raise_server_exceptions=False) as client:
        api = client.get("/api/v1/me", headers={"Authorization": "Bearer sbm_pat_notreal"})
        assert api.status_code == 503, api.text
        assert api.headers["retry-after"] == str(database.OUTAGE_RETRY_AFTER_S)
        assert api.headers["content-type"].startswith("application/problem+json")
        assert api.json()["detail"] == database.OUTAGE_MESSAGE
        page = client.get("/api/events/saved.ics", cookies={"sbm_session": "some-session"})
        assert page.status_code == 503, page.text
        assert page.headers["retry-after"] == str(database.OUTAGE_RETRY_AFTER_S)
        ready = client.get("/readyz")
        assert ready.status_code == 503 and "unreachable" in ready.json()["checks"]["database"]

"""Fixtures of the API tests: the app's own routes (`app.routes.build_api`, with `/api/v1`
mounted as Reflex mounts it) behind an httpx `TestClient`, people, and their tokens."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from sqlmodel import SQLModel

from services.accounts import api_tokens, register
from services.catalog.generator import seed_catalog
from services.catalog.models import CatalogAlbum, CatalogArtist, CatalogMeta, CatalogTrack
from services.db import get_engine
from services.accounts.users import UserInfo

_n = itertools.count(1)
_CATALOG_TABLES = {m.__tablename__ for m in (CatalogMeta, CatalogArtist, CatalogAlbum, CatalogTrack)}


@pytest.fixture(scope="package", autouse=True)
def _empty_afterwards(_schema: None) -> Iterator[None]:
    """The other test folders start from an empty database (their own catalog sizes)."""
    yield
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def db(_schema: None) -> Iterator[None]:
    """A clean database for one test, with a small demo catalog (120 artists, seeded once and
    kept between tests: every other table is emptied afterwards)."""
    seed_catalog(artists=120)
    yield
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name not in _CATALOG_TABLES:
                conn.execute(table.delete())


@pytest.fixture
def client(db: None) -> Iterator[TestClient]:
    from app.routes import build_api

    with TestClient(build_api(), base_url="http://testserver") as c:
        yield c


@pytest.fixture
def person(db: None) -> Callable[..., UserInfo]:
    """`person("Ana")`: a new account."""

    def make(name: str = "Ana") -> UserInfo:
        return register(f"{name.lower()}{next(_n)}@example.com", "correct horse battery", name)

    return make


@pytest.fixture
def token(db: None) -> Callable[..., str]:
    """`token(user, "party:write", ...)`: a personal access token's secret for `user`."""

    def make(user: UserInfo, *scopes: str) -> str:
        secret, _ = api_tokens.create_token(user.id, "test", scopes or ("party:write",))
        return secret

    return make


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def wait_for_job(client: TestClient, secret: str, job_id: str, seconds: float = 90.0) -> dict:
    """Poll `GET /api/v1/jobs/{id}` until the job is done or failed."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        body = client.get(f"/api/v1/jobs/{job_id}", headers=bearer(secret)).json()
        if body["status"] != "running" or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def is_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    """The response is an RFC 9457 problem with `status`; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"].startswith("https://") and body["title"] and body["detail"]
    return body

"""Test-wide set-up: an isolated data directory and database for every test session.

The environment is set before any `services` module reads it, so no test ever
touches the developer's own `data/`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="sbm-tests-"))
os.environ["DATA_DIR"] = str(_TMP / "data")
os.environ["APP_ENV"] = "test"
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
for _key in ("DB_URL", "REDIS_URL", "SPOTIFY_CLIENT_ID", "OPENAI_API_KEY", "REPLICATE_API_TOKEN", "BEATOVEN_API_KEY", "BEAT_GENERATOR",
             "STRIPE_SECRET_KEY", "TICKETMASTER_API_KEY", "BANDSINTOWN_APP_ID", "SMTP_HOST"):
    os.environ.pop(_key, None)

from collections.abc import Callable  # noqa: E402
from datetime import datetime  # noqa: E402

import pytest  # noqa: E402
import time_machine  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from services.config import get_settings  # noqa: E402
from services.db import get_engine  # noqa: E402
from services.models import metadata  # noqa: E402
from tests.sweep import SWEEP  # noqa: E402

if _frozen_at := os.environ.get("SBM_FROZEN_AT"):
    # The whole run starts at this instant and the clock ticks on from there.
    time_machine.travel(datetime.fromisoformat(_frozen_at), tick=True).start()


# The running app's fixtures (`app_server`, `browser`, `page`...): one app start per
# session, shared by `tests/e2e/` and `tests/security/`.
pytest_plugins = ["tests.e2e.fixtures"]


@pytest.fixture(scope="session")
def tmp_root() -> Path:
    """The session's private temporary folder."""
    return _TMP


@pytest.fixture(scope="session")
def _schema() -> None:
    metadata.create_all(get_engine())




@pytest.fixture
def db(_schema: None) -> Iterator[None]:
    """A clean database for one test: every table is emptied afterwards."""
    yield
    engine = get_engine()
    with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests marked `calendar` run once per instant of the sweep (tests/sweep.py)."""
    if metafunc.definition.get_closest_marker("calendar"):
        metafunc.parametrize("calendar_now", list(SWEEP.values()), ids=list(SWEEP), indirect=True, scope="module")


@pytest.fixture(scope="module", autouse=True)
def calendar_now(request: pytest.FixtureRequest) -> Iterator[datetime | None]:
    """In a `calendar` test, the clock frozen at this run's sweep instant (None elsewhere).

    Autouse and module-scoped: the clock is frozen before the module's other fixtures run,
    and pytest runs a module's tests one sweep instant after the other."""
    at: datetime | None = getattr(request, "param", None)
    if at is None:
        yield None
        return
    with time_machine.travel(at, tick=False):
        yield at


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """`env(QUOTA_BEATS=2, OPENAI_API_KEY="sk-test")` sets environment values for this test
    (new settings, so the registry chooses its adapters again); undone afterwards."""

    def apply(**values: object) -> None:
        for key, value in values.items():
            monkeypatch.setenv(key, str(value))
        get_settings.cache_clear()

    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def settings(env: Callable[..., None]) -> Callable[..., None]:
    """The same as `env`, by the name older tests use."""
    return env


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last: Playwright's sync API keeps an event loop running on
    the main thread for the rest of the session, which `asyncio.run` in other tests refuses."""
    e2e_dir = str(Path(__file__).parent / "e2e")

    def order(item: pytest.Item) -> tuple[bool, bool]:
        # Tests that start their own apps rebuild the shared `.web/` for their ports,
        # which leaves the session app's pages pointing elsewhere: they go very last.
        e2e = str(item.path).startswith(e2e_dir) or item.get_closest_marker("e2e") is not None
        return e2e, e2e and item.get_closest_marker("own_apps") is not None

    items.sort(key=order)

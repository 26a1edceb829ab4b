"""Start-up checks (issue 28, bad input): a URL that can never work stops the process
with one clear line (no password in it); a server that is down leaves the worker
running but not ready, saying which."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from app.routes import build_api
from services import health, scheduler
from services.config import Settings
from services.config_check import ConfigError, check_urls, db_url_problem, masked, redis_url_problem
from tests.apprunner import free_port

ROOT = Path(__file__).resolve().parents[3]


def _settings(tmp_path: Path, **env: str) -> Settings:
    return Settings(DATA_DIR=str(tmp_path), **env)  # type: ignore[call-arg]


@pytest.mark.parametrize(("url", "says"), [
    ("postgres://u:pw@db:5432/sbm", "must start with postgresql"),
    ("mysql://u@db/sbm", "not a database URL"),
    ("postgresql+psycopg2://u@:5432/sbm", "names no host"),
    ("postgresql+psycopg2://u@db:54x2/sbm", "port is not a number"),
    ("postgresql+psycopg2://u@db:5432/", "names no database"),
    ("127.0.0.1:5432/sbm", "not a database URL"),
])
def test_a_db_url_that_can_never_work_is_named_with_how_it_should_look(url: str, says: str) -> None:
    assert says in db_url_problem(url)


@pytest.mark.parametrize(("url", "says"), [
    ("http://127.0.0.1:6379/0", "is not a Redis URL"),
    ("127.0.0.1:6379", "is not a Redis URL"),
    ("redis://:6379/0", "names no host"),
    ("redis://127.0.0.1:63790000/0", "port is not a number"),
    ("redis://127.0.0.1:6379/cache", "must be a number"),
])
def test_a_redis_url_that_can_never_work_is_named(url: str, says: str) -> None:
    assert says in redis_url_problem(url)


@pytest.mark.parametrize("url", ["", "redis://127.0.0.1:6379/0", "rediss://u:p@cache.example:6380", "unix:///run/redis.sock"])
def test_good_redis_urls_pass(url: str) -> None:
    assert redis_url_problem(url) == ""


@pytest.mark.parametrize("url", ["", "sqlite:////tmp/x.db", "postgresql+psycopg2://postgres@127.0.0.1:5432/sbm",
                                 "postgresql://u:p@db/sbm"])
def test_good_db_urls_pass(url: str) -> None:
    assert db_url_problem(url) == ""


def test_check_urls_stops_with_every_problem_and_never_the_password(tmp_path: Path) -> None:
    bad = _settings(tmp_path, DB_URL="postgres://sbm:hunter2@db/sbm", REDIS_URL="htp://:hunter2@cache:6379")
    with pytest.raises(ConfigError) as stopped:
        check_urls(bad)
    message = str(stopped.value)
    assert "DB_URL" in message and "REDIS_URL" in message and "hunter2" not in message
    assert masked("postgresql://sbm:hunter2@db/sbm") == "postgresql://sbm:***@db/sbm"
    check_urls(_settings(tmp_path, DB_URL="", REDIS_URL=""))  # the default path needs neither


def test_a_worker_with_a_misconfigured_url_exits_at_once_with_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "DATA_DIR": str(tmp_path), "REDIS_URL": "localhost:6379"}
    done = subprocess.run([sys.executable, "-c", "import rxconfig"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "Configuration error: REDIS_URL 'localhost:6379' is not a Redis URL" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.usefixtures("db")
def test_readyz_is_not_ready_while_redis_is_unreachable_and_says_so(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    settings(REDIS_URL=f"redis://user:secret@127.0.0.1:{free_port()}/0")  # nothing listens there
    monkeypatch.setattr("services.migrations.is_current", lambda *a, **k: True)
    monkeypatch.setattr(health, "_migrations_ok_at", 0.0)
    scheduler.beat("host:1")
    answer = TestClient(build_api()).get("/readyz")
    assert answer.status_code == 503
    checks = answer.json()["checks"]
    assert checks["database"] == "ok"
    assert checks["redis"].startswith("redis unreachable at 127.0.0.1:") and "secret" not in checks["redis"]
    assert "scheduler" not in checks  # nothing else is claimed while a service is missing


@pytest.mark.usefixtures("db")
def test_readyz_is_not_ready_while_the_database_is_unreachable(settings, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused():  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("database down")

    monkeypatch.setattr(health, "get_engine", refused)
    answer = TestClient(build_api()).get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["database"] == "database unreachable: ConnectionRefusedError"


def test_the_scheduler_keeps_competing_while_its_lock_is_unreachable(settings, caplog) -> None:
    settings(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")

    async def run_briefly() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(scheduler.run_as_leader(stop, retry_seconds=0.05))
        await asyncio.sleep(0.5)
        assert not task.done(), "the leader loop died on an unreachable lock"
        stop.set()
        await asyncio.wait_for(task, 10)

    asyncio.run(run_briefly())
    warnings = [r for r in caplog.records if "leader lock is unreachable" in r.getMessage()]
    assert len(warnings) == 1  # said once, not once per retry

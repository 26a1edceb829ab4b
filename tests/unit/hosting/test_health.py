"""`/readyz` for the container's health check, and the status page's service view."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.routes import build_api
from services import health, scheduler

pytestmark = pytest.mark.usefixtures("db")


def test_readyz_says_why_it_is_not_ready_then_answers_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrations_ok_at", 0.0)
    client = TestClient(build_api())
    assert client.get("/healthz").json() == {"status": "ok"}
    # the test database is built from the models, not by Alembic: migrations are "pending"
    answer = client.get("/readyz")
    assert answer.status_code == 503
    checks = answer.json()["checks"]
    assert checks["database"] == "ok"
    assert "migrations pending" in checks["migrations"]
    assert checks["scheduler"] == "no scheduler leader yet"

    monkeypatch.setattr("services.migrations.is_current", lambda *a, **k: True)
    scheduler.beat("host:1")
    answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json()["status"] == "ready"


def test_services_in_demo_mode_are_built_in_and_nothing_secret_is_shown(settings) -> None:
    settings(OPENAI_API_KEY="sk-secret-value", OPENAI_BASE_URL="http://127.0.0.1:9/v1/")
    rows = {s.key: s for s in health.service_statuses(refresh=True)}
    assert rows["spotify"].mode == "demo" and rows["spotify"].reachable == "built-in"
    assert rows["openai"].mode == "live" and rows["openai"].reachable == "no"
    assert "secret" not in repr(rows)
    assert health.service_statuses() is health.service_statuses()  # cached

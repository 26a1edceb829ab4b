"""`/api/v1/me`, `/me/plan`, `/health`, the OpenAPI schema and its documentation page."""

from __future__ import annotations

from services.billing.entitlements import set_plan_override
from services.db import session_scope
from tests.api.conftest import bearer


def test_who_am_i_and_my_plan_as_the_pages_show_it(client, person, token) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "account:read")
    me = client.get("/api/v1/me", headers=bearer(secret)).json()
    assert (me["id"], me["email"], me["scopes"]) == (ana.id, ana.email, ["account:read"])
    plan = client.get("/api/v1/me/plan", headers=bearer(secret)).json()
    limits = {row["feature"]: row["allowed"] for row in plan["limits"]}
    assert plan["plan"] == "free" and limits["label_projects"] == 1 and limits["party_size"] == 10
    assert plan["storage"].endswith("MB") and {q["kind"] for q in plan["quotas"]} >= {"beats"}
    with session_scope() as db:
        set_plan_override(db, ana.id, "pro")
    pro = client.get("/api/v1/me/plan", headers=bearer(secret)).json()
    assert pro["plan"] == "pro" and {r["feature"]: r["allowed"] for r in pro["limits"]}["label_projects"] == 200


def test_health_needs_no_token(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/health")
    assert answer.status_code in (200, 503) and answer.json()["checks"]["database"] == "ok"


def test_the_schema_and_its_documentation(client) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.") and schema["servers"] == [{"url": "/api/v1"}]
    assert {"/party/rooms/{code}/queue", "/worlds", "/releases/feed", "/events/search", "/label/projects", "/me",
            "/health"} <= set(schema["paths"])
    assert "HTTPBearer" in schema["components"]["securitySchemes"]
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/api/v1/party/rooms/{code}/queue" in page.text and "<script" not in page.text
    moved = client.get("/api/docs", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == "/api/v1/docs"

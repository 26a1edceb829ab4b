"""`/api/v1` against its own OpenAPI schema with schemathesis: generated requests (valid
and not) to every operation, with a token that may do everything. Bounded: a few
examples per operation. 0 server errors; every answer's status, content type and body
as the schema documents them.

Skipped: `POST /worlds` (each valid example would start a world build, minutes of CPU;
`test_worlds_api.py` covers it) and the take upload (binary bodies; `test_label_api.py`).
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings as hypothesis_settings  # noqa: E402
from schemathesis import checks  # noqa: E402

from app.routes import build_api  # noqa: E402
from services.accounts import api_tokens, register  # noqa: E402

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", build_api())
SKIP = {("POST", "/worlds"), ("POST", "/label/projects/{project_id}/takes")}
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_schema_conformance]


@pytest.fixture(scope="module")
def everything_token(_schema: None) -> str:
    """A person whose token has every scope (made once: examples do not reset the database)."""
    from services.catalog.generator import seed_catalog

    seed_catalog(artists=120)
    user = register("schemathesis@example.com", "correct horse battery", "Schema")
    secret, _ = api_tokens.create_token(user.id, "all", [f"{a}:write" for a in api_tokens.AREAS])
    return secret


@schema.parametrize()
@hypothesis_settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case, everything_token: str, settings) -> None:  # type: ignore[no-untyped-def]
    if (case.method.upper(), case.path) in SKIP:
        pytest.skip("covered by its contract test (heavy or binary)")
    settings(RATE_API_PER_MINUTE=100_000)
    # /health answers a documented 503 here (no migrations, no scheduler in tests): not a server error.
    wanted = CHECKS[1:] if case.path == "/health" else CHECKS
    case.call_and_validate(headers={"Authorization": f"Bearer {everything_token}"}, checks=wanted)

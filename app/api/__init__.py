"""`/api/v1`: the JSON API for people who build on the app (bots, dashboards, scripts).

A FastAPI app mounted into the routes Reflex serves (`app/routes.py`), so it runs in
the same process as the pages and reaches open pages live. Each area's module calls
the same service functions its page calls; nothing here is a second implementation.
`build_v1()` assembles it: the areas' routers, the problem+json handlers
(`problems`), the body cap (`common.BodyLimit`), the OpenAPI schema at
`/api/v1/openapi.json` and its documentation at `/api/v1/docs` (`docs`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.api import account, docs, events, label, party, problems, releases, worlds
from app.api.common import BodyLimit
from app.api.problems import MEDIA_TYPE, Problem

DESCRIPTION = """\
The API of Simple Balance Music: worlds, party rooms, the release feed, concerts, the label
and your account, with the same rules as the pages (plan limits, roles, rate limits).

**Authentication.** Make a personal access token on your account page (`/account`), choose
what it may read or write, and send it as `Authorization: Bearer sbm_…`. The token is shown
once; revoke it there at any time.

**Errors** are `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`,
and `errors` (fields) or `feature` (a plan limit, status 402). **Lists** are pages:
pass `next_cursor` back as `cursor`. **Creates** accept an `Idempotency-Key` header: a retry
with the same key gets the first answer instead of a second thing. **Long work** (a world
build, a mix, a release pack) answers 202 with a job; poll `GET /api/v1/jobs/{id}`.
"""


AREAS = (account, worlds, party, releases, events, label)


def build_v1() -> FastAPI:
    """The `/api/v1` app (mounted by `app.routes.build_api`)."""
    api = FastAPI(title="Simple Balance Music API", version="1.0.0", description=DESCRIPTION,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None,
                  servers=[{"url": "/api/v1"}])
    problems.install(api)
    for module in AREAS:
        api.include_router(module.router)
    api.openapi = lambda: _openapi(api)  # type: ignore[method-assign]
    docs.install(api)
    api.add_middleware(BodyLimit)
    return api


# Every refusal an operation may answer with, all in the one problem shape.
ERRORS = {"400": "Malformed JSON, a bad cursor", "401": "No token, or one unknown, revoked or expired",
          "402": "A limit of the plan", "403": "The token lacks the scope, or the role forbids it",
          "404": "No such thing, or not yours", "405": "Method not allowed", "409": "Conflict (ended room, idempotency key in use)",
          "413": "Body too large", "422": "Invalid fields, or input the service refuses", "429": "Rate limited (see Retry-After)",
          "502": "An outside service (music, events) failed"}


def _scopes() -> dict[tuple[str, str], str]:
    """(method, path) -> the scope its `needs(area, level)` dependency asks for."""
    from fastapi.routing import APIRoute

    found: dict[tuple[str, str], str] = {}
    for route in (r for module in AREAS for r in module.router.routes):
        if not isinstance(route, APIRoute):
            continue
        for dep in route.dependant.dependencies:
            name = getattr(dep.call, "__name__", "")
            if name.startswith("needs_") and not name.startswith("needs_token"):
                _, area, level = name.split("_", 2)
                for method in route.methods:
                    found[(method, route.path)] = f"{area}:{level}"
    return found


def _openapi(api: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with the problem+json answers documented on every operation."""
    if api.openapi_schema:
        return api.openapi_schema
    schema = get_openapi(title=api.title, version=api.version, description=api.description, routes=api.routes,
                         servers=api.servers)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
    scopes = _scopes()
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            scope = scopes.get((method.upper(), path))
            if scope:
                op["x-scopes"] = [scope]
                op["description"] = f"Needs a token with `{scope}`" + (
                    " (or `" + scope.replace(":read", ":write") + "`)." if scope.endswith(":read") else ".")
            answers = op.setdefault("responses", {})
            for code, description in ERRORS.items():
                own = answers.get(code, {}).get("description", "")
                answers[code] = {"description": own if own and own != "Validation Error" else description,
                                 "content": {MEDIA_TYPE: problem}}
    api.openapi_schema = schema
    return schema

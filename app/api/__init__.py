"""`/api/v1`: the JSON API for people who build on the app (bots, dashboards, scripts).

A FastAPI app mounted into the routes Reflex serves (`app/routes.py`), so it runs in
the same process as the pages and reaches open pages live. Each area's module calls
the same service functions its page calls; nothing here is a second implementation.
`build_v1()` assembles it: the areas' routers, the problem+json handlers
(`problems`), the body cap (`common.BodyLimit`), the OpenAPI schema at
`/api/v1/openapi.json` and its documentation at `/api/v1/docs` (`docs`).
"""

from __future__ import annotations

from fastapi import FastAPI

from app.api import account, docs, events, label, party, problems, releases, worlds
from app.api.common import BodyLimit

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


def build_v1() -> FastAPI:
    """The `/api/v1` app (mounted by `app.routes.build_api`)."""
    api = FastAPI(title="Simple Balance Music API", version="1.0.0", description=DESCRIPTION,
                  openapi_url="/openapi.json", docs_url=None, redoc_url=None,
                  servers=[{"url": "/api/v1"}])
    problems.install(api)
    for module in (account, worlds, party, releases, events, label):
        api.include_router(module.router)
    docs.install(api)
    api.add_middleware(BodyLimit)
    return api

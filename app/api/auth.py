"""Who calls `/api/v1`: a personal access token in `Authorization: Bearer sbm_…`.

`needs("party", "write")` is the dependency of every endpoint: it resolves the
token (401 when missing, unknown, revoked or expired), checks its scope (403 for a
read-only token on a write), then takes one unit of the token's bucket from the
app's one rate limiter (`ratelimit.hit("api", …)`, 429 with `Retry-After`). It
returns the `TokenAuth` whose `user` the endpoint hands to the services, exactly as
a page hands them the signed-in person.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.problems import ApiProblem
from services import ratelimit
from services.accounts import api_tokens
from services.accounts.api_tokens import TokenAuth

bearer = HTTPBearer(auto_error=False, bearerFormat="sbm_…",
                    description="A personal access token from the account page (`/account`).")
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="api"'}


def _check(secret: str, area: str | None, level: str) -> TokenAuth:
    auth = api_tokens.authenticate(secret)
    if auth is None:
        raise ApiProblem(401, "The token is unknown, revoked or expired. Make a new one on the account page.",
                         "invalid-token", _CHALLENGE)
    if area is not None and not auth.allows(area, level):
        raise ApiProblem(403, f"This token may not {level} {area}; make one with the `{area}:{level}` scope.",
                         "insufficient-scope")
    ratelimit.hit("api", user_id=auth.user.id, token_id=auth.token_id)
    return auth


def needs(area: str | None, level: str = "read") -> Callable[..., Awaitable[TokenAuth]]:
    """The dependency for an endpoint of `area` that reads or writes (`None`: any live
    token; the endpoint checks the scope itself, e.g. a job's area)."""

    async def dependency(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> TokenAuth:
        if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
            raise ApiProblem(401, "Send a personal access token: `Authorization: Bearer sbm_…`.", "missing-token",
                             _CHALLENGE)
        return await asyncio.to_thread(_check, credentials.credentials, area, level)

    dependency.__name__ = f"needs_{area or 'token'}_{level}"
    return dependency

"""Every refusal of `/api/v1` in one shape: `application/problem+json` (RFC 9457).

    {"type": "https://…/problems/not-found", "title": "Not found", "status": 404,
     "detail": "No such room.", "instance": "/api/v1/party/rooms/ABC"}

Service errors become problems here, once, so each endpoint just calls its service:
a plan limit (`billing.UpgradeRequired`) is 402 with the feature, a rate limit or a
used-up daily quota 429 with `Retry-After`, a thing a person can fix 422, someone else's id 404. Malformed JSON
is 400; wrong types and unknown fields 422 with the fields in `errors`.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from services import quotas, ratelimit
from services.accounts import AccountError
from services.billing import UpgradeRequired
from services.events import EventsError, InvalidSearch, UnknownPlace
from services.label import LabelError
from services.media.probe import MediaError
from services.party import PartyError
from services.releases import DigestError, FeedError
from services.worlds.repo import WorldError
from services.worlds.seeds import BuildError

log = logging.getLogger(__name__)

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "https://simplebalance.music/problems/"
_TITLES = {400: "Bad request", 401: "Unauthorized", 402: "Upgrade required", 403: "Forbidden", 404: "Not found",
           405: "Method not allowed", 409: "Conflict", 411: "Length required", 413: "Body too large",
           415: "Unsupported media type", 422: "Unprocessable content", 429: "Too many requests",
           500: "Server error", 502: "Bad gateway", 503: "Service unavailable"}
# Party errors whose status is not 422 (a person can fix the rest).
_PARTY_STATUS = {"room_not_found": 404, "not_a_member": 404, "item_gone": 404, "permission": 403,
                 "member_removed": 403, "room_ended": 409, "room_locked": 409, "queue_limit": 409,
                 "search_budget_spent": 429, "music_unavailable": 502}


class Problem(BaseModel):
    """An RFC 9457 problem; `errors` lists the fields a 422 is about, `feature` the plan limit of a 402."""

    type: str = Field(description="A URI naming the kind of problem")
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: list[dict[str, Any]] | None = None
    feature: str | None = None


class ApiProblem(Exception):
    """Raised by endpoints and dependencies for a refusal of their own."""

    def __init__(self, status: int, detail: str, kind: str = "", headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.detail, self.kind, self.headers, self.extra = status, detail, kind, headers or {}, extra


def not_found(what: str = "That") -> ApiProblem:
    """Someone else's id and an id that never existed look the same."""
    return ApiProblem(404, f"{what} does not exist.", "not-found")


def problem_response(request: Request | None, status: int, detail: str, kind: str = "",
                     headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    slug = kind or _TITLES.get(status, "error").lower().replace(" ", "-")
    body = Problem(type=TYPE_BASE + slug, title=_TITLES.get(status, "Error"), status=status, detail=detail,
                   instance=request.url.path if request is not None else "", **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=MEDIA_TYPE,
                        headers={"Cache-Control": "no-store", **(headers or {})})


def _status_for(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, PartyError):
        return _PARTY_STATUS.get(getattr(exc, "code", ""), 422), getattr(exc, "code", "party").replace("_", "-")
    if isinstance(exc, (InvalidSearch, UnknownPlace)):
        return 422, "invalid-search"
    if isinstance(exc, EventsError):
        return 502, "events-source"
    return 422, "invalid-input"


def _message(exc: Exception) -> str:
    return str(getattr(exc, "message", "") or exc)


def install(api: FastAPI) -> None:
    """Turn every refusal into a problem (and log the unexpected ones, never leaking them)."""

    @api.exception_handler(ApiProblem)
    async def _own(request: Request, exc: ApiProblem) -> JSONResponse:
        return problem_response(request, exc.status, exc.detail, exc.kind, exc.headers, **exc.extra)

    @api.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        if any(e["type"] == "json_invalid" for e in errors):
            return problem_response(request, 400, "The body is not valid JSON.", "malformed-json", errors=errors)
        return problem_response(request, 422, "Some fields are missing or wrong.", "validation", errors=errors)

    @api.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(request, exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))

    @api.exception_handler(UpgradeRequired)
    async def _plan(request: Request, exc: UpgradeRequired) -> JSONResponse:
        return problem_response(request, 402, exc.message, "upgrade-required", feature=exc.feature)

    @api.exception_handler(quotas.QuotaExceeded)
    async def _quota(request: Request, exc: quotas.QuotaExceeded) -> JSONResponse:
        from services.db import as_utc, utcnow

        wait = max(1, math.ceil(((as_utc(exc.resets_at) or utcnow()) - utcnow()).total_seconds()))
        return problem_response(request, 429, exc.message, "quota-exceeded", {"Retry-After": str(wait)})

    @api.exception_handler(ratelimit.RateLimited)
    async def _rate(request: Request, exc: ratelimit.RateLimited) -> JSONResponse:
        return problem_response(request, 429, exc.message, "rate-limited", {"Retry-After": str(exc.retry_after)})

    for kind in (PartyError, LabelError, WorldError, BuildError, FeedError, DigestError, EventsError, AccountError, MediaError):
        @api.exception_handler(kind)
        async def _service(request: Request, exc: Exception) -> JSONResponse:
            status, slug = _status_for(exc)
            retry = getattr(exc, "retry_after", None)
            headers = {"Retry-After": str(max(1, math.ceil(retry)))} if status == 429 and retry else None
            return problem_response(request, status, _message(exc), slug, headers)

    @api.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        from services.db import OUTAGE_MESSAGE, OUTAGE_RETRY_AFTER_S, unavailable

        if unavailable(exc):
            return problem_response(request, 503, OUTAGE_MESSAGE, "database-unavailable",
                                    {"Retry-After": str(OUTAGE_RETRY_AFTER_S)})
        return await _unexpected(request, exc)

    @api.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("API %s %s failed", request.method, request.url.path)
        return problem_response(request, 500, "Something went wrong on our side. Try again later.", "server-error")

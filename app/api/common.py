"""What every area of `/api/v1` shares: cursor pages, idempotent creates, strict
request models, the body size cap, and long work run as jobs.

Cursor pages: a list endpoint takes `limit` (1-100) and `cursor` (from the last
page's `next_cursor`) and answers `{"items": [...], "next_cursor": "…" | null}`.
The cursor is opaque: it names the last item seen (and its position, in case that
item is gone since), so a new item at the top does not repeat the next page.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fastapi import Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from app.api.problems import ApiProblem
from services.accounts import api_jobs, idempotency
from services.accounts.api_tokens import TokenAuth
from services.config import get_settings
from services.progress import Tracker

T = TypeVar("T")
log = logging.getLogger(__name__)


class Strict(BaseModel):
    """A request body: unknown fields are refused (422), not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_cursor` back as `cursor` for the next one."""

    items: list[T]
    next_cursor: str | None = None


@dataclass(frozen=True)
class PageArgs:
    limit: int
    cursor: str


def page_args(limit: int = Query(20, ge=1, le=100, description="Items per page"),
              cursor: str = Query("", max_length=200, description="`next_cursor` of the previous page")) -> PageArgs:
    return PageArgs(limit, cursor)


def _decode(cursor: str) -> tuple[str, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=" * (-len(cursor) % 4)))
        return str(data["k"]), int(data["o"])
    except (ValueError, KeyError, TypeError):
        raise ApiProblem(400, "That cursor is not one this API gave out.", "bad-cursor") from None


def paged(items: Sequence[T], args: PageArgs, key: Callable[[T], Any]) -> Page[T]:
    """Cut one page out of `items` (in the order the service gives them)."""
    start = 0
    if args.cursor:
        last, offset = _decode(args.cursor)
        keys = [str(key(i)) for i in items]
        start = keys.index(last) + 1 if last in keys else max(0, offset)
    chunk = list(items[start:start + args.limit])
    more = start + args.limit < len(items)
    token = None
    if more and chunk:
        raw = json.dumps({"k": str(key(chunk[-1])), "o": start + len(chunk)}).encode()
        token = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return Page[Any](items=chunk, next_cursor=token)


async def idempotent(request: Request, auth: TokenAuth, key: str | None,
                     create: Callable[[], Awaitable[tuple[int, Any]]]) -> JSONResponse:
    """Run a create once per `Idempotency-Key` (services.accounts.idempotency); without a key, just run it."""
    if not key:
        status, model = await create()
        return JSONResponse(jsonable_encoder(model), status_code=status)
    body = await request.body()
    fingerprint = hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + body).hexdigest()
    try:
        replay = await asyncio.to_thread(idempotency.begin, auth.user.id, key, fingerprint)
    except idempotency.KeyReused:
        raise ApiProblem(422, "This Idempotency-Key was used for a different request.", "idempotency-key-reused") from None
    except idempotency.StillRunning:
        raise ApiProblem(409, "A request with this Idempotency-Key is still running; retry in a moment.",
                         "idempotency-in-progress", {"Retry-After": "1"}) from None
    if replay is not None:
        return JSONResponse(json.loads(replay.body), status_code=replay.status_code, headers={"Idempotent-Replayed": "true"})
    status, answer = 500, ""
    try:
        status, model = await create()
        answer = json.dumps(jsonable_encoder(model))
        return JSONResponse(json.loads(answer), status_code=status)
    finally:
        await asyncio.to_thread(idempotency.finish, auth.user.id, key, status, answer)


class BodyLimit:
    """ASGI guard: a body declared larger than `API_MAX_BODY_KB` (or `UPLOAD_MAX_MB` on an
    upload path) is refused with 413 before a byte is read; one without a length, 411."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method") in ("POST", "PUT", "PATCH"):
            headers = {k.lower(): v for k, v in scope.get("headers", [])}
            upload = scope.get("path", "").endswith("/takes")
            cap = get_settings().upload_max_mb * 2**20 if upload else get_settings().api_max_body_kb * 1024
            length = headers.get(b"content-length", b"").decode("latin-1")
            status = 0
            if headers.get(b"transfer-encoding") and not length:
                status = 411
            elif length and (not length.isdigit() or len(length) > 15):
                status = 400
            elif length and int(length) > cap:
                status = 413
            if status:
                from app.api.problems import problem_response

                detail = {411: "Send the body with a Content-Length.", 400: "The Content-Length is not a number.",
                          413: f"The body is larger than the {cap // 1024} KB this endpoint accepts."}[status]
                await problem_response(None, status, detail)(scope, receive, send)
                return
        await self.app(scope, receive, send)


_TASKS: set[asyncio.Task[None]] = set()  # running jobs' tasks, held so they are not collected


def start_job(user_id: int, area: str, kind: str, work: Callable[[Tracker], dict[str, Any]],
              errors: tuple[type[Exception], ...] = ()) -> str:
    """Run `work(tracker)` in a worker thread; returns the job's id. Its progress and dict
    result (or the error's message) are kept in the database (`services.accounts.api_jobs`),
    so any worker answers `GET /jobs/{id}`; the work itself is stored by its service as on the pages."""
    job_id = api_jobs.create(user_id, area, kind)

    async def beat() -> None:
        while True:
            await asyncio.sleep(api_jobs.HEARTBEAT.total_seconds())
            await asyncio.to_thread(api_jobs.heartbeat, job_id)

    async def run() -> None:
        alive = asyncio.get_running_loop().create_task(beat())
        try:
            result = await asyncio.to_thread(work, api_jobs.StoredTracker(job_id))
            await asyncio.to_thread(api_jobs.finish, job_id, result)
        except errors as exc:
            await asyncio.to_thread(api_jobs.fail, job_id, str(getattr(exc, "message", "") or exc))
        except Exception:  # noqa: BLE001 - logged, and the job says it failed
            log.exception("API job %s (%s) failed", job_id, kind)
            await asyncio.to_thread(api_jobs.fail, job_id, "The work failed unexpectedly; nothing was saved. Try again.")
        finally:
            alive.cancel()

    job_task = asyncio.get_running_loop().create_task(run())
    _TASKS.add(job_task)
    job_task.add_done_callback(_TASKS.discard)
    return job_id

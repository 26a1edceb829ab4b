"""ASGI middleware in front of everything the app serves (pages, routes, `/_upload`).

`SecurityHeaders` adds `X-Content-Type-Options`, `Referrer-Policy`, `X-Frame-Options`
and a content security policy to every HTTP response. The policy is as strict as
Reflex allows: scripts only from this origin, plus the inline scripts of each page
(React Router's hydration data, the colour-mode script) by their SHA-256, computed
from the page as it is sent; `'unsafe-eval'` stays because Reflex runs
`rx.call_script` through `eval`; styles may be inline (Emotion and Radix write them);
no plugins, no framing by other sites, forms post only here.

`UploadDoor` guards Reflex's upload endpoint before a byte of the body is read: the
request must carry a live session and a `Content-Length` within `UPLOAD_MAX_MB` and
the account's free storage; the body is then counted as it streams (Starlette spools
files to disk past 1 MB) and cut off at the declared length or the cap.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from functools import lru_cache
from http.cookies import CookieError, SimpleCookie
from typing import Any

from services import accounts
from services.config import get_settings

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "sbm_session"
UPLOAD_PATH = "/_upload"
MULTIPART_SLACK = 256 * 1024  # form boundaries and part headers around the files
_INLINE_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


@lru_cache(maxsize=256)
def _script_hashes(html: bytes) -> str:
    """`'sha256-…'` sources for the inline scripts of a page."""
    found = []
    for attrs, body in _INLINE_SCRIPT.findall(html):
        if b"src=" in attrs.lower() or not body:
            continue
        found.append("'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'")
    return " ".join(dict.fromkeys(found))


def content_security_policy(script_hashes: str = "", host: str = "") -> str:
    sockets = f" ws://{host} wss://{host}" if host and re.fullmatch(r"[A-Za-z0-9.\-:\[\]]{1,255}", host) else ""
    api = re.match(r"^(https?)://([^/]+)", get_settings().public_url)  # rxconfig's api_url: the websocket's home
    if api:
        sockets += f" {api.group(0)} {'wss' if api.group(1) == 'https' else 'ws'}://{api.group(2)}"
    tiles = ""
    match = re.match(r"^(https?://[^/{}]+)", get_settings().tile_url or "")
    if match:
        tiles = " " + match.group(1)
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'unsafe-eval' {script_hashes}".rstrip(),
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: https:{tiles}",
        "media-src 'self' blob: data:",
        "font-src 'self' data:",
        f"connect-src 'self'{sockets}",
        "frame-src 'self' https://open.spotify.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeaders:
    """See the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Pages must be readable to hash their scripts: only gzip (or nothing) is offered.
        scope = dict(scope)
        scope["headers"] = [
            (k, b"gzip" if k.lower() == b"accept-encoding" and b"gzip" in v else v)
            for k, v in scope.get("headers", []) if not (k.lower() == b"accept-encoding" and b"gzip" not in v)
        ]
        last = scope.get("path", "").rsplit("/", 1)[-1]
        if "." not in last or last.endswith(".html"):  # a page: its body must pass through here to be hashed
            scope["extensions"] = {k: v for k, v in (scope.get("extensions") or {}).items() if k != "http.response.pathsend"}
        host = _header(scope, b"host")
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if message.get("status") == 304:  # the browser keeps the page and its policy (with the hashes)
                    await send({**message, "headers": _with_security_headers(headers, "")})
                    return
                if ctype.startswith(b"text/html") and scope.get("method") in ("GET", "HEAD"):
                    start = {**message, "headers": headers}  # held until the page is read
                    return
                await send({**message, "headers": _with_security_headers(headers, content_security_policy(host=host))})
                return
            if start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                headers = start["headers"]
                encoding = next((v for k, v in headers if k.lower() == b"content-encoding"), b"")
                page = gzip.decompress(body) if encoding == b"gzip" and body else body
                policy = content_security_policy(_script_hashes(page), host)
                await send({**start, "headers": _with_security_headers(headers, policy)})
                await send({"type": "http.response.body", "body": body})
                return
            if start is not None:  # e.g. a zero-copy file send we did not switch off: send the page unhashed
                await send({**start, "headers": _with_security_headers(start["headers"], content_security_policy(host=host))})
                start = None
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _with_security_headers(headers: list[tuple[bytes, bytes]], policy: str) -> list[tuple[bytes, bytes]]:
    present = {k.lower() for k, _ in headers}
    extra = {
        b"x-content-type-options": b"nosniff",
        b"referrer-policy": b"strict-origin-when-cross-origin",
        b"x-frame-options": b"DENY",
        b"content-security-policy": policy.encode(),
    }
    if not policy:
        del extra[b"content-security-policy"]
    return headers + [(k, v) for k, v in extra.items() if k not in present]


class UploadDoor:
    """See the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != UPLOAD_PATH or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        try:
            cap, refusal = await _admit(scope)
        except Exception as exc:
            from services.db import OUTAGE_MESSAGE, unavailable

            if not unavailable(exc):
                raise
            cap, refusal = 0, (503, OUTAGE_MESSAGE)
        if refusal is not None:
            status, message = refusal
            await _refuse(send, status, message)
            return
        declared = int(_header(scope, b"content-length"))
        limit = min(cap, declared)
        seen = 0
        cut = False

        async def counted_receive() -> Message:
            nonlocal seen, cut
            if cut:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    cut = True
                    log.warning("upload cut off after %d bytes (limit %d)", seen, limit)
                    return {"type": "http.disconnect"}
            return message

        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if cut:  # the app saw a disconnect; the client gets our answer instead
                if not started:
                    started = True
                    await _refuse(send, 413, "The upload is larger than it said, or than allowed.")
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counted_receive, guarded_send)
        if cut and not started:
            await _refuse(send, 413, "The upload is larger than it said, or than allowed.")


async def _admit(scope: Scope) -> tuple[int, tuple[int, str] | None]:
    """(byte cap, None) for an upload that may start, else (0, (status, message))."""
    jar = SimpleCookie()
    try:
        jar.load(_header(scope, b"cookie"))
    except CookieError:
        pass
    token = jar[SESSION_COOKIE].value if SESSION_COOKIE in jar else ""
    user = await asyncio.to_thread(accounts.user_for_token, token) if token else None
    if user is None:
        return 0, (401, "Sign in to upload files.")
    length = _header(scope, b"content-length")
    if not length.isdigit() or len(length) > 15:
        return 0, (411, "Uploads must say their size (Content-Length).")
    cap = get_settings().upload_max_mb * 1024 * 1024
    if int(length) > cap:
        return 0, (413, f"This upload is {int(length) / 2**20:.0f} MB; the most one upload may be is "
                        f"{get_settings().upload_max_mb} MB.")
    from services.storage import MB, storage_usage

    usage = await asyncio.to_thread(storage_usage, user.id)
    room = max(0, usage.limit - usage.used) + MULTIPART_SLACK
    if int(length) > room:
        return 0, (413, f"This upload ({int(length) / MB:.1f} MB) does not fit: you use {usage.text} of storage. "
                        "Delete old takes or projects to make room.")
    return min(cap, room), None


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"), (b"cache-control", b"no-store"),
    ]})
    await send({"type": "http.response.body", "body": body})


def build_api_transformers(api: Any) -> list[Any]:
    """What `rx.App(api_transformer=...)` gets: our routes, then the upload door and the
    security headers wrapped around everything."""
    return [api, UploadDoor, SecurityHeaders]

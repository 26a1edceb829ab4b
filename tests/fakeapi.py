"""A small local fake HTTP API for contract tests.

Real client libraries (spotipy, openai, replicate, stripe, httpx) are pointed at it
by their base-URL setting; nothing in the library is patched. Register handlers per
method and path pattern; every request is recorded for assertions.

    api = FakeAPI()
    @api.route("GET", r"/v1/me")
    def me(req: Request) -> Response:
        return Response.json({"id": "u1"})
    with api:                      # serves on 127.0.0.1:<free port>
        client = Spotify(..., base=api.url + "/v1/")
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    match: re.Match[str] | None = None

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts, latency)

    @classmethod
    def json(cls, data: Any, status: int = 200, *, delay: float = 0.0, **headers: str) -> Response:
        return cls(status, json.dumps(data).encode(), {"Content-Type": "application/json", **headers}, delay)


Handler = Callable[[Request], Response]


class FakeAPI:
    """A threaded HTTP server on 127.0.0.1 with pattern-routed handlers."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.requests: list[Request] = []
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    def route(self, method: str, pattern: str) -> Callable[[Handler], Handler]:
        def register(fn: Handler) -> Handler:
            self.routes.insert(0, (method.upper(), re.compile(pattern + r"$"), fn))
            return fn

        return register

    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def calls(self, method: str | None = None, path_pattern: str | None = None) -> list[Request]:
        with self._lock:
            return [
                r for r in self.requests
                if (method is None or r.method == method.upper())
                and (path_pattern is None or re.search(path_pattern, r.path))
            ]

    def _dispatch(self, req: Request) -> Response:
        with self._lock:
            self.requests.append(req)
        for method, pattern, fn in self.routes:
            m = pattern.match(req.path)
            if m and method == req.method:
                req.match = m
                return fn(req)
        return Response.json({"error": {"status": 404, "message": f"no fake route for {req.method} {req.path}"}}, 404)

    def start(self) -> FakeAPI:
        fake = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                req = Request(self.command, parts.path, parse_qs(parts.query), {k.lower(): v for k, v in self.headers.items()}, body)
                resp = fake._dispatch(req)
                if resp.delay:
                    threading.Event().wait(resp.delay)
                self.send_response(resp.status)
                for key, value in resp.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(resp.body)))
                self.end_headers()
                self.wfile.write(resp.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

            def log_message(self, *_args: object) -> None:  # keep test output clean
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeAPI:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

"""Logging for the app's processes: plain lines by default, one JSON object per line
with `LOG_FORMAT=json` (for a log collector), each carrying the request id of the
HTTP request or websocket event it happened in.

The id comes from the proxy (`X-Request-ID`, which nginx sets) or is made here; it is
sent back in the response's `X-Request-ID`, so a person's report ("request 3f2a…
failed") finds its lines across workers.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import uuid
from datetime import datetime, timezone

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_ID_OK = frozenset("0123456789abcdefABCDEF-")


def new_request_id(offered: str = "") -> str:
    """The proxy's id when it looks like one (hex, ≤ 64 chars), else a fresh one."""
    if offered and len(offered) <= 64 and set(offered) <= _ID_OK:
        return offered
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or "") on every record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, worker, error."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id.get(),
            "worker": os.environ.get("SBM_WORKER", ""),
            "pid": record.process,
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(level: str = "INFO", fmt: str = "text") -> None:
    """Set up the root logger once per process (`fmt`: "text" or "json")."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)

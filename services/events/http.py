"""What both live sources share about talking HTTP: status codes to typed errors, one
polite retry after a short 429."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from services.db import utcnow
from services.events.errors import InvalidApiKey, RateLimited, SourceError

log = logging.getLogger(__name__)
MAX_RETRY_WAIT = 2.0  # seconds we are willing to wait inside a request for a 429 to clear


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Seconds to wait from `Retry-After` (seconds or HTTP date), if present."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
        except (TypeError, ValueError):
            return None


def get_json(
    client: httpx.Client,
    source: str,
    path: str,
    params: dict[str, Any],
    *,
    before_request: Callable[[], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    not_found_ok: bool = False,
) -> Any:
    """GET `path` and return its JSON, raising `InvalidApiKey`, `RateLimited` or `SourceError`.
    A 429 with a short (or no) Retry-After is retried once."""
    for attempt in (1, 2):
        if before_request is not None:
            before_request()
        try:
            response = client.get(path, params=params)
        except httpx.HTTPError as exc:
            raise SourceError(source, f"{source.title()} could not be reached ({type(exc).__name__}).") from exc
        if response.status_code == 429:
            wait = retry_after_seconds(response)
            log.warning("%s answered 429 (retry after %s s, attempt %d)", source, wait, attempt)
            if attempt == 1 and (wait is None or wait <= MAX_RETRY_WAIT):
                sleep(wait if wait is not None else 1.0)
                continue
            raise RateLimited(source, wait)
        if response.status_code in (401, 403):
            raise InvalidApiKey(source, _error_detail(response))
        if response.status_code == 404 and not_found_ok:
            return None
        if response.status_code >= 400:
            raise SourceError(source, f"{source.title()} answered {response.status_code}: {_error_detail(response)}")
        try:
            return response.json()
        except ValueError as exc:
            raise SourceError(source, f"{source.title()} sent something that is not JSON.") from exc
    raise RateLimited(source)  # unreachable: the loop returns or raises


def _error_detail(response: httpx.Response) -> str:
    """The human part of an error body (Apigee `fault`, Bandsintown `errorMessage`, ...)."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        fault = body.get("fault")
        if isinstance(fault, dict) and fault.get("faultstring"):
            return str(fault["faultstring"])[:200]
        for key in ("errorMessage", "message", "error"):
            if isinstance(body.get(key), str):
                return str(body[key])[:200]
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return str(errors[0].get("detail") or errors[0])[:200]
    return str(body)[:200]

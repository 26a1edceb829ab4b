"""A person's webhook endpoint (set, read, removed) and their delivery log.

    secret = webhooks.set_endpoint(user.id, "https://example.com/hook", ["release.found"])
    webhooks.delivery_log(user.id)        # newest first: event, status, attempts, answer

Only http(s) URLs; the secret (`whsec_…`) is returned once and stored encrypted. A new
URL keeps nothing from the old one but the log.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlmodel import col, select

from services.db import as_utc, session_scope, utcnow
from services.webhooks.addresses import refusal
from services.webhooks.secrets_box import seal
from services.webhooks.models import WebhookDelivery, WebhookEndpoint

EVENTS: dict[str, str] = {
    "release.found": "A new release of an artist I follow",
    "world.refreshed": "One of my worlds was refreshed",
    "release_pack.ready": "A release pack is ready to download",
}
URL_MAX = 500


class WebhookError(ValueError):
    """A setting a person can fix; `message` says how."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Endpoint:
    url: str
    events: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True)
class DeliveryRow:
    """One line of the delivery log."""

    id: int
    event: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: datetime
    next_attempt_at: datetime | None


def _check_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > URL_MAX or parts.username:
        raise WebhookError("Give an http(s) address without a password in it, e.g. https://example.com/hooks/sbm.")
    if why := refusal(parts.hostname):
        raise WebhookError(why)
    return url


def set_endpoint(user_id: int, url: str, events: Iterable[str]) -> str:
    """Send these events to `url` from now on; returns the new signing secret (shown once)."""
    chosen = [e for e in EVENTS if e in set(events)]
    if not chosen:
        raise WebhookError("Choose at least one event to send.")
    address = _check_url(url)
    secret = "whsec_" + secrets.token_urlsafe(24)
    with session_scope() as db:
        row = db.get(WebhookEndpoint, user_id) or WebhookEndpoint(user_id=user_id, url=address, secret="", events="")
        row.url, row.secret, row.events, row.created_at = address, seal(secret), ",".join(chosen), utcnow()
        db.add(row)
    return secret


def endpoint_of(user_id: int) -> Endpoint | None:
    with session_scope() as db:
        row = db.get(WebhookEndpoint, user_id)
        if row is None:
            return None
        return Endpoint(row.url, tuple(e for e in row.events.split(",") if e), as_utc(row.created_at) or utcnow())


def remove_endpoint(user_id: int) -> bool:
    """Stop sending; deliveries still waiting are marked failed (the log stays)."""
    with session_scope() as db:
        row = db.get(WebhookEndpoint, user_id)
        if row is None:
            return False
        db.delete(row)
        for waiting in db.exec(select(WebhookDelivery).where(WebhookDelivery.user_id == user_id,
                                                              WebhookDelivery.status == "pending")).all():
            waiting.status, waiting.last_error, waiting.next_attempt_at = "failed", "The endpoint was removed.", None
            db.add(waiting)
        return True


def delivery_log(user_id: int, limit: int = 20) -> list[DeliveryRow]:
    with session_scope() as db:
        rows = db.exec(select(WebhookDelivery).where(WebhookDelivery.user_id == user_id)
                       .order_by(col(WebhookDelivery.id).desc()).limit(limit)).all()
        return [DeliveryRow(r.id or 0, r.event, r.status, r.attempts, r.last_status_code, r.last_error,
                            as_utc(r.created_at) or utcnow(), as_utc(r.next_attempt_at)) for r in rows]


@dataclass(frozen=True)
class LogRow:
    """A delivery as the account page's log shows it."""

    id: int
    event: str  # "A release pack is ready to download"
    status: str  # delivered | pending | failed
    detail: str  # "1 attempt · answered 200" | "3 attempts · Answered 500 · next try in 10 min."
    when: str  # "3 min. ago"


def log_rows(user_id: int, now: datetime | None = None) -> list[LogRow]:
    from services import formatting

    now = now or utcnow()
    rows = []
    for d in delivery_log(user_id):
        parts = [formatting.count(d.attempts, "attempt")]
        if d.status == "delivered" and d.last_status_code:
            parts.append(f"answered {d.last_status_code}")
        elif d.last_error:
            parts.append(d.last_error)
        if d.status == "pending" and d.next_attempt_at and d.attempts:
            parts.append(f"next try {formatting.span(d.next_attempt_at - now)} from now")
        rows.append(LogRow(d.id, EVENTS.get(d.event, d.event), d.status, " · ".join(parts), formatting.ago(d.created_at, now)))
    return rows

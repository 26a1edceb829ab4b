"""Sending webhook events: queued in the transaction-free `emit`, sent by `deliver_due`
(the scheduler's `webhooks.deliver`, every minute), retried with backoff.

Each request is a POST of the JSON body `{"id", "event", "created_at", "data"}` with
`SBM-Event`, `SBM-Delivery` and `SBM-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
"<t>.<body>" with the secret>`. A receiver checks it with `verify(secret, header, body)`
(the timestamp within 5 minutes stops replays). Any 2xx is delivered; anything else (or
no answer in 10 s) is tried again after 30 s, 2 min, 10 min and 1 h, then marked failed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import update
from sqlmodel import col, select

from services.db import session_scope, utcnow
from services.webhooks.addresses import refusal
from services.webhooks.secrets_box import unseal
from services.webhooks.models import WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)
BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1))
MAX_ATTEMPTS = len(BACKOFF) + 1
TOLERANCE = 300  # seconds a signature's timestamp may be off
LEASE = timedelta(minutes=2)  # a delivery being sent is not picked up again meanwhile


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, now: float | None = None) -> bool:
    """For receivers: the signature is ours for this body, made within `TOLERANCE` seconds."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        stamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((time.time() if now is None else now) - stamp) > TOLERANCE:
        return False
    return hmac.compare_digest(sign(secret, body, stamp), f"t={stamp},v1={parts.get('v1', '')}")


def emit(user_id: int, event: str, data: dict[str, Any], now: datetime | None = None) -> bool:
    """Queue `event` for the person's endpoint, if they have one that wants it (never raises:
    the action that emits must not fail because of a webhook)."""
    try:
        with session_scope() as db:
            endpoint = db.get(WebhookEndpoint, user_id)
            if endpoint is None or event not in endpoint.events.split(","):
                return False
            at = now or utcnow()
            row = WebhookDelivery(user_id=user_id, event=event, payload="", created_at=at, next_attempt_at=at)
            db.add(row)
            db.flush()
            row.payload = json.dumps({"id": row.id, "event": event, "created_at": at.isoformat(), "data": data},
                                     default=str)
            db.add(row)
        return True
    except Exception:  # noqa: BLE001 - logged; the emitting action goes on
        log.exception("could not queue webhook %s for user %s", event, user_id)
        return False


@dataclass(frozen=True)
class Sent:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def _claim(now: datetime, limit: int) -> list[int]:
    with session_scope() as db:
        due = db.exec(select(WebhookDelivery.id).where(WebhookDelivery.status == "pending",
                                                       col(WebhookDelivery.next_attempt_at) <= now)
                      .order_by(col(WebhookDelivery.id)).limit(limit)).all()
        mine = []
        for delivery_id in due:
            taken = db.execute(update(WebhookDelivery).where(
                col(WebhookDelivery.id) == delivery_id, col(WebhookDelivery.next_attempt_at) <= now,
                WebhookDelivery.status == "pending").values(next_attempt_at=now + LEASE)).rowcount
            if taken:
                mine.append(int(delivery_id))  # type: ignore[arg-type]
        return mine


def _send(client: httpx.Client, row: WebhookDelivery, endpoint: WebhookEndpoint, now: datetime) -> tuple[int | None, str]:
    body = row.payload.encode()
    secret = unseal(endpoint.secret)
    if not secret:
        return None, "The signing secret cannot be read (SECRET_KEY changed): set the endpoint again."
    headers = {"Content-Type": "application/json", "User-Agent": "SimpleBalanceMusic-Webhooks/1",
               "SBM-Event": row.event, "SBM-Delivery": str(row.id),
               "SBM-Signature": sign(secret, body, int(now.timestamp()))}
    if why := refusal(urlsplit(endpoint.url).hostname or ""):
        return None, f"Not sent: {why}"
    try:
        answer = client.post(endpoint.url, content=body, headers=headers, timeout=10.0)
    except httpx.HTTPError as exc:
        return None, f"No answer: {type(exc).__name__}"[:300]
    return answer.status_code, "" if answer.is_success else f"Answered {answer.status_code}"


def deliver_due(now: datetime | None = None, client: httpx.Client | None = None, limit: int = 100) -> Sent:
    """Send every delivery that is due; returns how many went out, will be retried, failed."""
    now = now or utcnow()
    own = client is None
    client = client or httpx.Client(follow_redirects=False)
    delivered = retried = failed = 0
    try:
        for delivery_id in _claim(now, limit):
            with session_scope() as db:
                row = db.get(WebhookDelivery, delivery_id)
                endpoint = db.get(WebhookEndpoint, row.user_id) if row else None
                if row is None:
                    continue
                if endpoint is None:
                    row.status, row.last_error, row.next_attempt_at = "failed", "The endpoint was removed.", None
                    failed += 1
                    db.add(row)
                    continue
                code, error = _send(client, row, endpoint, now)
                row.attempts, row.last_status_code, row.last_error = row.attempts + 1, code, error
                if not error:
                    row.status, row.delivered_at, row.next_attempt_at = "delivered", now, None
                    delivered += 1
                elif row.attempts >= MAX_ATTEMPTS:
                    row.status, row.next_attempt_at = "failed", None
                    failed += 1
                else:
                    row.next_attempt_at = now + BACKOFF[row.attempts - 1]
                    retried += 1
                db.add(row)
    finally:
        if own:
            client.close()
    return Sent(delivered, retried, failed)

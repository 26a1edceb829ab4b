"""Email digests of new releases: opt-in, confirmation, schedule, content, sending.

Nothing is emailed without consent: subscribing only sends a confirmation link
(signed, expiring); digests start once it is clicked. Every digest carries a
one-click unsubscribe link (also as a List-Unsubscribe header). A release that
went out once is recorded in `DigestSent` and never goes out again.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from sqlmodel import col, select

from services.accounts.models import User
from services.config import get_settings
from services.db import as_utc, session_scope, utcnow
from services.releases import schedule as sched
from services.releases.feed import FeedFilter, FeedItem, apply_filters, feed_items
from services import job_results
from services.job_results import JobResult
from services.releases.digest_mail import build_digest, confirmation_message
from services.mail import Mailer, get_mailer
from services.releases.models import DigestSent, DigestSubscription, Release
from services.releases.tokens import email_digest, make_token, read_token

log = logging.getLogger(__name__)

_EMAIL_RE = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
DIGEST_WINDOW_DAYS = 42  # a digest is about new music: older releases never go out
MAX_ITEMS = 60
CONFIRM_RESEND_AFTER = dt.timedelta(minutes=10)


class DigestError(ValueError):
    """A request that cannot be honoured; `message` is safe to show, `field` names the input."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class DigestSettings:
    """A person's digest as the page shows it."""

    email: str
    status: str  # pending | active | unsubscribed
    schedule: str
    weekday: int
    hour: int
    time_zone: str
    description: str
    next_send_at: dt.datetime | None
    last_sent_at: dt.datetime | None


@dataclass(frozen=True)
class DigestResult:
    """What one digest send did."""

    sent: bool
    releases: int
    to: str = ""
    reason: str = ""


def normalize_email(email: str) -> str:
    """Trimmed and lower-cased; DigestError unless it looks like a deliverable address."""
    value = (email or "").strip().lower()
    if len(value) > 254 or not _EMAIL_RE.match(value):
        raise DigestError("Enter a valid email address, like name@example.com.", "email")
    return value


def _view(row: DigestSubscription) -> DigestSettings:
    return DigestSettings(
        email=row.email, status=row.status, schedule=row.schedule, weekday=row.weekday, hour=row.hour,
        time_zone=row.time_zone, description=sched.describe(row.schedule, row.weekday, row.hour, row.time_zone),
        next_send_at=as_utc(row.next_send_at), last_sent_at=as_utc(row.last_sent_at),
    )


def _plan(row: DigestSubscription, now: dt.datetime) -> None:
    """Recompute the next send time of an active subscription (None when off or inactive)."""
    if row.status != "active" or row.schedule == "off":
        row.next_send_at = None
        return
    row.next_send_at = sched.next_send_time(row.schedule, row.weekday, row.hour, row.time_zone, now, as_utc(row.last_due_at))


def _validated(email: str, schedule: str, weekday: int, hour: int, time_zone: str) -> str:
    address = normalize_email(email)
    try:
        sched.validate(schedule, weekday, hour, time_zone)
    except sched.ScheduleError as exc:
        raise DigestError(exc.message, exc.field) from exc
    return address


def _link(path: str, token: str) -> str:
    return f"{get_settings().public_url}{path}?token={quote(token)}"


def confirm_url(user_id: int, email: str, now: dt.datetime | None = None) -> str:
    return _link("/releases/confirm", make_token("confirm", user_id, email, now))


def unsubscribe_url(user_id: int, email: str, now: dt.datetime | None = None) -> str:
    return _link("/releases/unsubscribe", make_token("unsubscribe", user_id, email, now))


def digest_settings(user_id: int) -> DigestSettings | None:
    with session_scope() as db:
        row = db.get(DigestSubscription, user_id)
        return _view(row) if row else None


def subscribe(
    user_id: int,
    email: str,
    schedule: str = "weekly",
    weekday: int = 4,
    hour: int = 9,
    time_zone: str = "UTC",
    *,
    mailer: Mailer | None = None,
    now: dt.datetime | None = None,
) -> DigestSettings:
    """Opt in (or change address or schedule). A new or changed address gets a
    confirmation link and receives nothing else until it is clicked. Invalid
    input raises DigestError and changes nothing."""
    now = now or utcnow()
    address = _validated(email, schedule, weekday, hour, time_zone)
    send_confirmation = False
    with session_scope() as db:
        row = db.get(DigestSubscription, user_id)
        if row is None:
            row = DigestSubscription(user_id=user_id, email=address)
        if row.email != address or row.status != "active":
            recently = as_utc(row.confirm_sent_at)
            send_confirmation = row.email != address or recently is None or now - recently >= CONFIRM_RESEND_AFTER
            row.email, row.status, row.confirmed_at = address, "pending", None
            if send_confirmation:
                row.confirm_sent_at = now
        row.schedule, row.weekday, row.hour, row.time_zone = schedule, weekday, hour, time_zone
        row.updated_at = now
        _plan(row, now)
        db.add(row)
        view = _view(row)
    if send_confirmation:
        link = confirm_url(user_id, address, now)
        (mailer or get_mailer()).send(confirmation_message(user_id, address, view.description, link))
    return view


def update_schedule(user_id: int, schedule: str, weekday: int, hour: int, time_zone: str, now: dt.datetime | None = None) -> DigestSettings:
    """Change when digests go out (the address and consent stay as they are)."""
    now = now or utcnow()
    with session_scope() as db:
        row = db.get(DigestSubscription, user_id)
        if row is None:
            raise DigestError("Subscribe to the digest first.", "email")
        _validated(row.email, schedule, weekday, hour, time_zone)
        row.schedule, row.weekday, row.hour, row.time_zone, row.updated_at = schedule, weekday, hour, time_zone, now
        _plan(row, now)
        db.add(row)
        return _view(row)


def confirm(token: str, now: dt.datetime | None = None) -> DigestSettings:
    """The confirmation link was clicked: digests start. TokenError for a bad or old link."""
    now = now or utcnow()
    claims = read_token("confirm", token, now)
    with session_scope() as db:
        row = db.get(DigestSubscription, claims.user_id)
        if row is None or email_digest(row.email) != claims.email_digest:
            raise DigestError("This confirmation link is for an address that is no longer subscribed.")
        if row.status != "active":
            row.status, row.confirmed_at, row.updated_at = "active", now, now
            _plan(row, now)
            db.add(row)
        return _view(row)


def unsubscribe(token: str, now: dt.datetime | None = None) -> DigestSettings:
    """One-click unsubscribe from an email link: no sign-in needed; TokenError for a bad or old link."""
    now = now or utcnow()
    claims = read_token("unsubscribe", token, now)
    with session_scope() as db:
        row = db.get(DigestSubscription, claims.user_id)
        if row is None:
            raise DigestError("There is no digest subscription for this link.")
        row.status, row.next_send_at, row.updated_at = "unsubscribed", None, now
        db.add(row)
        return _view(row)


def unsubscribe_user(user_id: int, now: dt.datetime | None = None) -> DigestSettings | None:
    """Stop digests from the signed-in page."""
    now = now or utcnow()
    with session_scope() as db:
        row = db.get(DigestSubscription, user_id)
        if row is None:
            return None
        row.status, row.next_send_at, row.updated_at = "unsubscribed", None, now
        db.add(row)
        return _view(row)


def pending_releases(user_id: int, now: dt.datetime | None = None, limit: int = MAX_ITEMS) -> list[FeedItem]:
    """Releases the next digest would carry: filtered like the feed, recent, never sent before."""
    now = now or utcnow()
    items, prefs, blocked = feed_items(user_id)
    with session_scope() as db:
        sent = set(db.exec(select(DigestSent.release_id).where(DigestSent.user_id == user_id)).all())
    cutoff = (now - dt.timedelta(days=DIGEST_WINDOW_DAYS)).date()
    fresh = [i for i in items if i.release_id not in sent and i.release_date >= cutoff]
    chosen = apply_filters(fresh, prefs, FeedFilter(), blocked)
    # A release sent under one artist must not come back under another.
    sent_keys = _sent_keys(user_id)
    return [i for i in chosen if i.edition_key not in sent_keys][:limit]


def _sent_keys(user_id: int) -> set[str]:
    with session_scope() as db:
        return set(
            db.exec(
                select(Release.edition_key).join(DigestSent, col(DigestSent.release_id) == col(Release.id)).where(DigestSent.user_id == user_id)
            ).all()
        )


def _release_ids_for_keys(user_id: int, items: list[FeedItem]) -> set[int]:
    """Every linked release id behind the items (one card may stand for several artists' links)."""
    keys = {i.edition_key for i in items}
    all_items, _prefs, _blocked = feed_items(user_id)
    return {i.release_id for i in all_items if i.edition_key in keys} | {i.release_id for i in items}


def send_digest(user_id: int, *, mailer: Mailer | None = None, now: dt.datetime | None = None) -> DigestResult:
    """Send the person's digest now if they are subscribed and something is new; records
    what went out and plans the next one."""
    now = now or utcnow()
    with session_scope() as db:
        row = db.get(DigestSubscription, user_id)
        if row is None or row.status != "active":
            return DigestResult(False, 0, reason="not subscribed")
        email = row.email
    items = pending_releases(user_id, now)
    if items:
        (mailer or get_mailer()).send(build_digest(items, email, unsubscribe_url(user_id, email, now), user_id=user_id))
    ids = _release_ids_for_keys(user_id, items) if items else set()
    with session_scope() as db:
        row = db.get(DigestSubscription, user_id)
        if row is not None:
            for rid in sorted(ids):
                db.add(DigestSent(user_id=user_id, release_id=rid, sent_at=now))
            if items:
                row.last_sent_at = now
            row.last_due_at = now
            _plan(row, now)
            db.add(row)
    return DigestResult(bool(items), len(items), email, "" if items else "nothing new")


@dataclass
class DigestRunCounts:
    """What one run of due digests did; `result()` is the job's record (per person too)."""

    due: int = 0
    sent: int = 0
    empty: int = 0
    outcome: JobResult = field(default_factory=JobResult)

    @property
    def errors(self) -> int:
        return self.outcome.failed

    def summary(self) -> str:
        return f"{self.due} due, {self.sent} sent, {self.empty} with nothing new, {self.errors} failed"

    def result(self) -> JobResult:
        self.outcome.summary = self.summary()
        return self.outcome


def send_due_digests(now: dt.datetime | None = None, mailer: Mailer | None = None) -> DigestRunCounts:
    """Every digest whose time has come; one failure never stops the others, and each is
    recorded for its person (a digest that could not go out is tried again at the next run)."""
    now = now or utcnow()
    with session_scope() as db:
        due = db.exec(
            select(DigestSubscription.user_id).where(
                DigestSubscription.status == "active",
                DigestSubscription.schedule != "off",
                col(DigestSubscription.next_send_at).is_not(None),
                col(DigestSubscription.next_send_at) <= now,
            )
        ).all()
    counts = DigestRunCounts(due=len(due))
    mailer = mailer or get_mailer()
    for user_id in due:
        person = counts.outcome.person(user_id)
        try:
            result = send_digest(user_id, mailer=mailer, now=now)
        except Exception as exc:
            log.exception("digest for user %s failed", user_id)
            reason = getattr(exc, "message", "") or "the mail could not be sent"
            person.fail(reason)
            counts.outcome.fail(reason)
            continue
        person.ok()
        counts.outcome.ok()
        counts.sent += result.sent
        counts.empty += not result.sent
    return counts


DIGEST_JOB = "releases.digests"


def last_send_problem(user_id: int) -> str:
    """What went wrong with this person's last due digest ("" when it went out, or none was due)."""
    outcome = job_results.person_outcome(user_id, [DIGEST_JOB])
    if outcome is None or outcome.ok:
        return ""
    return f"Your last digest could not be sent: {outcome.main_reason}. It is tried again within ten minutes."


def send_test_digest(user_id: int, *, mailer: Mailer | None = None, now: dt.datetime | None = None) -> DigestResult:
    """A test digest of the latest releases to the person's confirmed digest address (or
    their account address); it records nothing, so the real digest is unaffected."""
    now = now or utcnow()
    with session_scope() as db:
        row = db.get(DigestSubscription, user_id)
        user = db.get(User, user_id)
        if row is not None and row.status == "active":
            to = row.email
        elif user is not None:
            to = user.email
        else:
            raise DigestError("Unknown account.")
    items, prefs, blocked = feed_items(user_id)
    latest = apply_filters(items, prefs, FeedFilter(), blocked)[:10]
    (mailer or get_mailer()).send(build_digest(latest, to, unsubscribe_url(user_id, to, now), test=True, user_id=user_id))
    return DigestResult(True, len(latest), to)

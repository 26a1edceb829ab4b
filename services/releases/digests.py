"""Email digests of new releases: opt-in, confirmation, schedule, content, sending.

Nothing is emailed without consent: subscribing only sends a confirmation link
(signed, expiring); digests start once it is clicked. Every digest carries a
one-click unsubscribe link (also as a List-Unsubscribe header). A release that
went out once is recorded in `DigestSent` and never goes out again.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass
from urllib.parse import quote

from sqlmodel import col, select

from services.accounts.models import User
from services.config import get_settings
from services.db import as_utc, session_scope, utcnow
from services.releases import schedule as sched
from services.releases.feed import FeedFilter, FeedItem, apply_filters, feed_items
from services.mail import MailMessage, Mailer, get_mailer
from services.releases.models import DigestSent, DigestSubscription, Release
from services.releases.tokens import email_digest, make_token, read_token

log = logging.getLogger(__name__)

_EMAIL_RE = re.compile(r"^[^@\s<>\"',;]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
DIGEST_WINDOW_DAYS = 42  # a digest is about new music: older releases never go out
MAX_ITEMS = 60
CONFIRM_RESEND_AFTER = dt.timedelta(minutes=10)
KIND_LABELS = {"album": "Album", "single": "Single", "ep": "EP", "compilation": "Compilation"}


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


@dataclass
class DigestRunCounts:
    due: int = 0
    sent: int = 0
    empty: int = 0
    errors: int = 0

    def summary(self) -> str:
        return f"{self.due} due, {self.sent} sent, {self.empty} with nothing new, {self.errors} errors"


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
        (mailer or get_mailer()).send(_confirmation_message(user_id, address, view, now))
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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def build_digest(items: list[FeedItem], to: str, unsubscribe_link: str, *, test: bool = False, user_id: int | None = None) -> MailMessage:
    """The digest email: HTML with cover thumbnails and links, and the same in plain text."""
    base = get_settings().public_url
    feed_link = f"{base}/releases"
    subject = f"{_plural(len(items), 'new release')} from artists you follow"
    if test:
        subject = f"[Test] {subject}"
    lines = [subject, ""]
    rows = []
    for item in items:
        link = item.url or feed_link
        kind = KIND_LABELS.get(item.kind, item.kind.title())
        tracks = _plural(item.total_tracks, "track") if item.total_tracks else ""
        facts = " · ".join(x for x in (kind, item.release_date.isoformat(), tracks) if x)
        credit = item.artists or item.artist_name
        appears = f" (appears on, via {item.artist_name})" if item.album_group == "appears_on" else ""
        lines += [f"* {credit} – {item.title}{appears}", f"  {facts}", f"  {link}", ""]
        thumb = item.thumb_url or item.image_url
        img = (
            f'<img src="{html.escape(thumb, quote=True)}" width="64" height="64" alt="" '
            f'style="display:block;border-radius:4px;object-fit:cover">'
            if thumb
            else '<div style="width:64px;height:64px;background:#ddd;border-radius:4px"></div>'
        )
        rows.append(
            "<tr>"
            f'<td style="padding:8px 12px 8px 0;vertical-align:top"><a href="{html.escape(link, quote=True)}">{img}</a></td>'
            '<td style="padding:8px 0;vertical-align:top;font-family:sans-serif">'
            f'<a href="{html.escape(link, quote=True)}" style="font-weight:bold;color:#111;text-decoration:none">{html.escape(item.title)}</a><br>'
            f'<span style="color:#333">{html.escape(credit)}{html.escape(appears)}</span><br>'
            f'<span style="color:#777;font-size:13px">{html.escape(facts)}</span>'
            "</td></tr>"
        )
    lines += [f"See everything: {feed_link}", "", f"Unsubscribe with one click: {unsubscribe_link}"]
    body = (
        '<!doctype html><html><body style="margin:0;padding:16px;background:#fafafa">'
        '<div style="max-width:560px;margin:auto;background:#fff;padding:16px;font-family:sans-serif">'
        f"<h1 style=\"font-size:20px\">{html.escape(subject)}</h1>"
        f'<table role="presentation" cellspacing="0" cellpadding="0">{"".join(rows)}</table>'
        f'<p><a href="{html.escape(feed_link, quote=True)}">See everything in your release feed</a></p>'
        '<p style="color:#777;font-size:12px">You get this because you asked for release digests. '
        f'<a href="{html.escape(unsubscribe_link, quote=True)}">Unsubscribe with one click</a>.</p>'
        "</div></body></html>"
    )
    headers = {"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return MailMessage(to=to, subject=subject, html=body, text="\n".join(lines) + "\n", headers=headers, user_id=user_id)


def _confirmation_message(user_id: int, email: str, view: DigestSettings, now: dt.datetime) -> MailMessage:
    link = confirm_url(user_id, email, now)
    subject = "Confirm your new-release digest"
    text = (
        "Someone (hopefully you) asked Simple Balance Music to email this address about new releases "
        f"from followed artists ({view.description}).\n\nConfirm: {link}\n\n"
        "If it was not you, ignore this message: nothing more will be sent. The link expires in 3 days.\n"
    )
    body = (
        '<!doctype html><html><body style="font-family:sans-serif">'
        f"<p>Someone (hopefully you) asked Simple Balance Music to email this address about new releases "
        f"from followed artists ({html.escape(view.description)}).</p>"
        f'<p><a href="{html.escape(link, quote=True)}">Confirm the digest</a></p>'
        "<p>If it was not you, ignore this message: nothing more will be sent. The link expires in 3 days.</p>"
        "</body></html>"
    )
    return MailMessage(to=email, subject=subject, html=body, text=text, user_id=user_id)


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


def send_due_digests(now: dt.datetime | None = None, mailer: Mailer | None = None) -> DigestRunCounts:
    """Every digest whose time has come; one failure never stops the others."""
    now = now or utcnow()
    counts = DigestRunCounts()
    with session_scope() as db:
        due = db.exec(
            select(DigestSubscription.user_id).where(
                DigestSubscription.status == "active",
                DigestSubscription.schedule != "off",
                col(DigestSubscription.next_send_at).is_not(None),
                col(DigestSubscription.next_send_at) <= now,
            )
        ).all()
    counts.due = len(due)
    mailer = mailer or get_mailer()
    for user_id in due:
        try:
            result = send_digest(user_id, mailer=mailer, now=now)
        except Exception:
            log.exception("digest for user %s failed", user_id)
            counts.errors += 1
            continue
        counts.sent += result.sent
        counts.empty += not result.sent
    return counts


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

"""Scheduled posts of the content studio: validated, stored in UTC with the person's
time zone, listed for a calendar, and announced when they fall due (in the app on the
`label` topic and by email through the mailer: SMTP when configured, else the Outbox).

Posting to the networks themselves is out of scope: the post falls due and the person
is reminded to publish it.
"""

from __future__ import annotations

import calendar as _calendar
import html
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import col, select

from services import live
from services.accounts.models import User
from services.config import get_settings
from services.db import as_utc, session_scope, utcnow
from services.label.content_models import ScheduledPost
from services.label.models import Asset, LabelProject
from services.label.projects import LabelError

log = logging.getLogger(__name__)

PLATFORMS: dict[str, str] = {"tiktok": "TikTok", "shorts": "YouTube Shorts", "reels": "Instagram Reels"}
MAX_CAPTION = 2200  # TikTok's and Instagram's caption limit
MAX_HASHTAGS = 30  # Instagram's limit
TOPIC = "label"
_TAG = re.compile(r"^[0-9A-Za-z_\u00C0-\uFFFF]{1,100}$")


@dataclass(frozen=True)
class PostInfo:
    """A scheduled post as the page lists it (local time in the post's own time zone)."""

    id: int
    project_id: int
    project_name: str
    platform: str
    platform_label: str
    scheduled_at: datetime  # UTC
    timezone: str
    local_date: str  # yyyy-mm-dd
    local_time: str  # HH:MM
    caption: str
    hashtags: list[str]
    status: str
    video_asset_id: int | None


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo((name or "").strip() or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise LabelError(f"Time zone {name!r} is unknown: use a name like Europe/Berlin or America/New_York.") from None


def parse_hashtags(value: str | list[str]) -> list[str]:
    """'#a b, #c' -> ['#a', '#b', '#c']; unique, in order."""
    parts = value if isinstance(value, list) else re.split(r"[\s,]+", value or "")
    out: list[str] = []
    for raw in parts:
        tag = str(raw).strip().lstrip("#")
        if not tag:
            continue
        if not _TAG.match(tag):
            raise LabelError(f"Hashtag #{tag} has characters networks do not accept: use letters, digits and _.")
        if f"#{tag}" not in out:
            out.append(f"#{tag}")
    if len(out) > MAX_HASHTAGS:
        raise LabelError(f"{len(out)} hashtags is too many: Instagram takes at most {MAX_HASHTAGS}.")
    return out


def _camel(text: str) -> str:
    words = re.findall(r"[A-Za-z0-9_]+", text.replace("#", " "))
    return "".join(w[:1].upper() + w[1:] for w in words) if len(words) > 1 else "".join(words)


def sensible_hashtags(tags: list[str], phrases: list[str], limit: int = 10) -> list[str]:
    """Hashtags as people use them: a phrase split into several tags ('#Hip', '#Hop' for
    "hip hop") joined back into one ('#HipHop'), characters networks refuse removed,
    duplicates (any case) and one-letter tags dropped, at most `limit`."""
    known = {" ".join(re.findall(r"[a-z0-9]+", p.lower())) for p in phrases if p}
    words = [re.sub(r"[^A-Za-z0-9_]", "", t) for t in tags]
    merged: list[str] = []
    i = 0
    while i < len(words):
        for span in (4, 3, 2):
            joined = " ".join(w.lower() for w in words[i:i + span])
            if i + span <= len(words) and joined in known:
                merged.append(_camel(" ".join(words[i:i + span])))
                i += span
                break
        else:
            merged.append(words[i])
            i += 1
    out: list[str] = []
    seen: set[str] = set()
    for tag in merged:
        if len(tag) < 2 or tag.isdigit() or tag.lower() in seen:
            continue
        seen.add(tag.lower())
        out.append(f"#{tag}")
    return out[:limit]


def parse_when(day: str, at: str, zone: str, now: datetime | None = None) -> datetime:
    """The UTC instant of a local date and time; `LabelError` for a bad, non-existent or past time."""
    tz = _zone(zone)
    try:
        d = date.fromisoformat((day or "").strip())
    except ValueError:
        raise LabelError(f"Date {day!r} is not a date: use YYYY-MM-DD, e.g. 2026-12-04.") from None
    try:
        t = time.fromisoformat((at or "").strip())
    except ValueError:
        raise LabelError(f"Time {at!r} is not a time of day: use HH:MM, e.g. 18:30.") from None
    local = datetime.combine(d, t.replace(tzinfo=None, second=0, microsecond=0)).replace(tzinfo=tz)
    # A wall time skipped by a DST change does not survive a round trip through UTC.
    if local.astimezone(timezone.utc).astimezone(tz).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise LabelError(f"{d.isoformat()} {t.strftime('%H:%M')} does not exist in {tz.key} (the clocks skip it); pick another time.")
    when = local.astimezone(timezone.utc)
    if when <= (now or utcnow()) + timedelta(minutes=1):
        raise LabelError(f"{d.isoformat()} {t.strftime('%H:%M')} ({tz.key}) is in the past; pick a time from now on.")
    return when


def _info(row: ScheduledPost, project_name: str) -> PostInfo:
    assert row.id is not None
    tz = _zone(row.timezone)
    at = as_utc(row.scheduled_at) or utcnow()
    local = at.astimezone(tz)
    return PostInfo(row.id, row.project_id, project_name, row.platform, PLATFORMS.get(row.platform, row.platform), at,
                    row.timezone, local.date().isoformat(), local.strftime("%H:%M"), row.caption, list(row.hashtags or []),
                    row.status, row.video_asset_id)


def schedule_post(user_id: int, project_id: int, platform: str, day: str, at: str, zone: str, caption: str,
                  hashtags: str | list[str] = "", video_asset_id: int | None = None, *, now: datetime | None = None) -> PostInfo:
    """Validate everything first (one `LabelError` listing each problem), then store the post."""
    problems: list[str] = []
    if platform not in PLATFORMS:
        problems.append(f"Pick a platform: {', '.join(PLATFORMS.values())}.")
    when = None
    try:
        when = parse_when(day, at, zone, now)
    except LabelError as exc:
        problems.append(str(exc))
    text = (caption or "").strip()
    if not text:
        problems.append("Write a caption.")
    elif len(text) > MAX_CAPTION:
        problems.append(f"The caption is {len(text)} characters; the networks take at most {MAX_CAPTION}.")
    tags: list[str] = []
    try:
        tags = parse_hashtags(hashtags)
    except LabelError as exc:
        problems.append(str(exc))
    if problems:
        raise LabelError(" ".join(problems))
    assert when is not None
    with session_scope() as db:
        project = db.get(LabelProject, project_id)
        if project is None or project.user_id != user_id:
            raise LabelError("That project does not exist.")
        if video_asset_id is not None:
            video = db.get(Asset, video_asset_id)
            if video is None or video.user_id != user_id or video.project_id != project_id or video.kind != "video":
                raise LabelError("That video does not exist in this project.")
        row = ScheduledPost(user_id=user_id, project_id=project_id, video_asset_id=video_asset_id, platform=platform,
                            scheduled_at=when, timezone=_zone(zone).key, caption=text, hashtags=tags)
        db.add(row)
        db.flush()
        info = _info(row, project.name)
    live.publish_soon(live.Change(TOPIC, user_id=user_id, data={"what": "post_scheduled", "post_id": info.id}))
    return info


def list_posts(user_id: int, project_id: int | None = None, *, include_cancelled: bool = False) -> list[PostInfo]:
    """The person's posts, soonest first (optionally of one project)."""
    with session_scope() as db:
        query = (select(ScheduledPost, LabelProject.name).join(LabelProject, col(LabelProject.id) == ScheduledPost.project_id)
                 .where(ScheduledPost.user_id == user_id))
        if project_id is not None:
            query = query.where(ScheduledPost.project_id == project_id)
        if not include_cancelled:
            query = query.where(ScheduledPost.status != "cancelled")
        rows = db.exec(query.order_by(col(ScheduledPost.scheduled_at), col(ScheduledPost.id))).all()
        return [_info(row, name) for row, name in rows]


def cancel_post(user_id: int, post_id: int) -> None:
    with session_scope() as db:
        row = db.get(ScheduledPost, post_id)
        if row is None or row.user_id != user_id:
            raise LabelError("That scheduled post does not exist.")
        row.status = "cancelled"
        db.add(row)
    live.publish_soon(live.Change(TOPIC, user_id=user_id, data={"what": "post_cancelled", "post_id": post_id}))


@dataclass(frozen=True)
class CalendarDay:
    day: str  # yyyy-mm-dd
    in_month: bool
    posts: list[PostInfo]


def month_calendar(posts: list[PostInfo], year: int, month: int) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of a month with each day's posts, by each post's local date."""
    by_day: dict[str, list[PostInfo]] = defaultdict(list)
    for p in posts:
        by_day[p.local_date].append(p)
    weeks = []
    for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([CalendarDay(d.isoformat(), d.month == month, sorted(by_day.get(d.isoformat(), []),
                                                                           key=lambda p: p.local_time)) for d in week])
    return weeks


def ical(posts: list[PostInfo]) -> str:
    """An iCalendar file of the posts (for a calendar app)."""
    stamp = utcnow().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Simple Balance Music//Content//EN"]
    for p in posts:
        start = p.scheduled_at.astimezone(timezone.utc)
        summary = f"Post on {p.platform_label}: {p.project_name}".replace(",", "\\,").replace(";", "\\;")
        desc = (p.caption + " " + " ".join(p.hashtags)).replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")
        lines += ["BEGIN:VEVENT", f"UID:post-{p.id}@simplebalance", f"DTSTAMP:{stamp}",
                  f"DTSTART:{start.strftime('%Y%m%dT%H%M%SZ')}",
                  f"DTEND:{(start + timedelta(minutes=15)).strftime('%Y%m%dT%H%M%SZ')}",
                  f"SUMMARY:{summary}", f"DESCRIPTION:{desc[:900]}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


# --- falling due ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DueCounts:
    posts: int
    people: int
    emails: int

    def summary(self) -> str:
        return f"{self.posts} posts due for {self.people} people, {self.emails} emails"


def mark_due_posts(now: datetime | None = None) -> DueCounts:
    """Every scheduled post whose time has come becomes due; its owner is told in the app and by email."""
    from services.mail import MailMessage, get_mailer

    at = now or utcnow()
    with session_scope() as db:
        rows = db.exec(
            select(ScheduledPost, LabelProject.name, User.email)
            .join(LabelProject, col(LabelProject.id) == ScheduledPost.project_id)
            .join(User, col(User.id) == ScheduledPost.user_id)
            .where(ScheduledPost.status == "scheduled", col(ScheduledPost.scheduled_at) <= at)
        ).all()
        per_user: dict[int, tuple[str, list[PostInfo]]] = {}
        for row, name, email in rows:
            row.status, row.notified_at = "due", at
            db.add(row)
            per_user.setdefault(row.user_id, (email, []))[1].append(_info(row, name))
    emails = 0
    mailer = get_mailer()
    base = get_settings().public_url
    for user_id, (email, posts) in per_user.items():
        live.publish_soon(live.Change(TOPIC, user_id=user_id, data={"what": "posts_due", "post_ids": [p.id for p in posts]}))
        subject = (f"Time to post on {posts[0].platform_label}: {posts[0].project_name}" if len(posts) == 1
                   else f"{len(posts)} posts are due now")
        text_lines = [f"- {p.platform_label}, {p.local_date} {p.local_time} ({p.timezone}), {p.project_name}: "
                      f"{p.caption} {' '.join(p.hashtags)}" for p in posts]
        text = "These posts are due; publish them on the network now:\n\n" + "\n".join(text_lines) + f"\n\n{base}/label\n"
        items = "".join(f"<li><b>{html.escape(p.platform_label)}</b>, {html.escape(p.local_date)} {html.escape(p.local_time)} "
                        f"({html.escape(p.timezone)}), {html.escape(p.project_name)}<br>{html.escape(p.caption)} "
                        f"{html.escape(' '.join(p.hashtags))}</li>" for p in posts)
        body = f"<p>These posts are due; publish them on the network now:</p><ul>{items}</ul><p><a href=\"{base}/label\">Open the label</a></p>"
        try:
            mailer.send(MailMessage(to=email, subject=subject, html=body, text=text, user_id=user_id))
            emails += 1
        except Exception:  # the in-app notice went out; a mail failure must not undo it
            log.exception("could not email user %s about due posts", user_id)
    return DueCounts(sum(len(p) for _, p in per_user.values()), len(per_user), emails)

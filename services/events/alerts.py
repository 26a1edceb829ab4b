"""On-sale and new-date alerts for the person's artists, by email (the Outbox offline).

Same consent and unsubscribe rules as the release digest: only people whose digest is
confirmed and active get them, at the digest's address, with its one-click unsubscribe
link. Shows are found as "My artists on tour" finds them (`tour.gather`, matched by id,
tributes and namesakes left out), near the person's saved places, or anywhere when none
is saved.

Each (person, show, kind) is stored once (`TourAlert`, unique) *before* the mail goes
out, so a show is never announced twice; rows whose mail failed keep `sent_at` empty and
go out with the next run. The first run for a person records the shows already announced
as "known" without mailing them: alerts are about what is new from then on. A sale opening
within `ON_SALE_AHEAD` is announced once, whether the show is new or known.
"""

from __future__ import annotations

import html
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from services import formatting
from services.config import get_settings
from services.db import session_scope, utcnow
from services.events.artist_match import FollowedArtist, split
from services.events.geo import haversine_km
from services.events.models import TourAlert
from services.events.saved import saved_places
from services.events.source import EventSource
from services.events.tour import followed, gather
from services.events.types import Event
from services.mail import MailMessage, Mailer

log = logging.getLogger(__name__)

ON_SALE_AHEAD = timedelta(days=7)
LOOKAHEAD_DAYS = 180
ALERT_KINDS = ("new_date", "on_sale")


@dataclass(frozen=True)
class AlertRun:
    """What one person's run did."""

    new_dates: int = 0
    on_sales: int = 0
    known: int = 0  # recorded silently on the first run
    mailed: bool = False


def subscribers() -> list[tuple[int, str]]:
    """(user id, address) of everyone whose release digest is confirmed and active."""
    from services.releases.models import DigestSubscription

    with session_scope() as db:
        rows = db.exec(select(DigestSubscription.user_id, DigestSubscription.email)
                       .where(DigestSubscription.status == "active")).all()
    return [(int(u), str(e)) for u, e in rows]


def near_saved_places(user_id: int, events: Sequence[Event]) -> list[Event]:
    """The shows within one of the person's saved places (all of them when none is saved)."""
    places = saved_places(user_id)
    if not places:
        return list(events)
    return [e for e in events if e.venue.lat is not None and e.venue.lon is not None and any(
        haversine_km(p.lat, p.lon, e.venue.lat, e.venue.lon) <= p.radius_km for p in places)]


def record_alerts(user_id: int, shows: Sequence[tuple[Event, FollowedArtist]], now: datetime) -> AlertRun:
    """Store the alerts these shows call for (see the module docstring); one transaction."""
    with session_scope() as db:
        existing = set(db.exec(select(TourAlert.event_id, TourAlert.kind).where(TourAlert.user_id == user_id)).all())
        first_run = not existing
        counts: Counter[str] = Counter()
        for event, artist in shows:
            if event.start < now:
                continue
            if (event.id, "new_date") not in existing and (event.id, "known") not in existing:
                kind = "known" if first_run else "new_date"
                db.add(TourAlert(user_id=user_id, event_id=event.id, kind=kind, artist=artist.name[:200],
                                 start=event.start, onsale_at=event.onsale_at))
                existing.add((event.id, kind))
                counts[kind] += 1
            sale = event.onsale_at
            if sale is not None and now <= sale <= now + ON_SALE_AHEAD and (event.id, "on_sale") not in existing:
                db.add(TourAlert(user_id=user_id, event_id=event.id, kind="on_sale", artist=artist.name[:200],
                                 start=event.start, onsale_at=sale))
                existing.add((event.id, "on_sale"))
                counts["on_sale"] += 1
    return AlertRun(new_dates=counts["new_date"], on_sales=counts["on_sale"], known=counts["known"])


def pending(user_id: int) -> list[TourAlert]:
    """Alerts stored but not mailed yet (new or left by a failed send), soonest show first."""
    with session_scope() as db:
        rows = db.exec(select(TourAlert).where(TourAlert.user_id == user_id, col(TourAlert.kind).in_(ALERT_KINDS),
                                               col(TourAlert.sent_at).is_(None))).all()
        return sorted(rows, key=lambda r: (r.kind != "on_sale", r.start))


def _line(alert: TourAlert, events: dict[str, Event]) -> str:
    event = events.get(alert.event_id)
    where = f"{event.venue.name}, {event.venue.city}" if event else ""
    when = formatting.weekday_date(event.local_date) if event else formatting.date(alert.start)
    if alert.kind == "on_sale" and alert.onsale_at is not None:
        zone = event.venue.timezone if event else None
        return (f"Tickets on sale {formatting.date_time(alert.onsale_at, zone or 'UTC', weekday=True)}: "
                f"{alert.artist} – {when}" + (f", {where}" if where else ""))
    return f"New date: {alert.artist} – {when}" + (f", {where}" if where else "")


def build_alert_mail(to: str, alerts: Sequence[TourAlert], events: dict[str, Event], unsubscribe_link: str,
                     user_id: int | None = None) -> MailMessage:
    """One mail for a run's alerts: on-sale dates first, then new dates; text and HTML."""
    sales = sum(1 for a in alerts if a.kind == "on_sale")
    dates = len(alerts) - sales
    parts = ([formatting.count(sales, "on-sale date")] if sales else []) + ([formatting.count(dates, "new date")] if dates else [])
    subject = " and ".join(parts) + " from artists you follow"
    page = f"{get_settings().public_url}/events"
    lines = [_line(a, events) for a in alerts]
    text = "\n".join([subject, "", *(f"* {line}" for line in lines), "", f"See them on the map: {page}", "",
                      f"Unsubscribe with one click: {unsubscribe_link}"]) + "\n"
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    body = (
        '<!doctype html><html><body style="font-family:sans-serif;margin:0;padding:16px">'
        f'<h1 style="font-size:20px">{html.escape(subject)}</h1><ul>{items}</ul>'
        f'<p><a href="{html.escape(page, quote=True)}">See them on the map</a></p>'
        '<p style="color:#555;font-size:12px">You get this because you confirmed the release digest. '
        f'<a href="{html.escape(unsubscribe_link, quote=True)}">Unsubscribe with one click</a>.</p></body></html>'
    )
    headers = {"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return MailMessage(to=to, subject=subject, html=body, text=text, headers=headers, user_id=user_id)


def alert_user(user_id: int, email: str, sources: list[EventSource], mailer: Mailer,
               artists: list[FollowedArtist] | None = None, now: datetime | None = None) -> AlertRun:
    """Find the person's shows, store the alerts they call for, mail what is pending."""
    from services.events.mine import my_artists
    from services.releases.digests import unsubscribe_url

    now = now or utcnow()
    if artists is None:
        mine = my_artists(user_id)
        artists = followed(mine.names, mine.ids)
    calls: Counter[str] = Counter()
    events, _notices = gather(artists, sources, now.date(), now.date() + timedelta(days=LOOKAHEAD_DAYS), calls)
    kept, _left_out = split(artists, events)
    by_id = {e.id: e for e, _a, _how in kept}
    near = {e.id for e in near_saved_places(user_id, list(by_id.values()))}
    try:
        run = record_alerts(user_id, [(e, a) for e, a, _how in kept if e.id in near], now)
    except IntegrityError:  # another worker recorded the same alerts first: it mails them
        log.info("tour alerts for user %s were recorded concurrently", user_id)
        return AlertRun()
    waiting = pending(user_id)
    if not waiting:
        return run
    mailer.send(build_alert_mail(email, waiting, by_id, unsubscribe_url(user_id, email, now), user_id=user_id))
    with session_scope() as db:
        for alert in waiting:
            row = db.get(TourAlert, alert.id)
            if row is not None:
                row.sent_at = now
                db.add(row)
    return AlertRun(run.new_dates, run.on_sales, run.known, mailed=True)

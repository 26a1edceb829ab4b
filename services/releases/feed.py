"""A person's release feed as the page shows it, and the actions on it.

The feed is grouped by release week (Monday first), pinned artists first within
a week; "this week" and "last week" are the person's own (their time zone). The
preferences (hide remixes, include compilations and appearances) and the blocklist
are applied when reading, so changing them takes effect at once in both directions;
`include_appearances` also makes the scan read those listing groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlmodel import col, delete, select, update

from services.db import as_utc, session_scope, utcnow
from services.releases.models import ArtistMark, FollowedArtist, Release, ReleasePrefs, UserRelease
from services.releases.window import week_start

KINDS = ("album", "single", "ep", "compilation")
APPEARANCE_GROUPS = ("compilation", "appears_on")  # shown (and scanned) only for people who ask


class FeedError(ValueError):
    """A request the feed cannot honour; `message` is safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FeedItem:
    """One release card."""

    release_id: int
    title: str
    artist_id: str
    artist_name: str
    artists: str
    kind: str
    album_group: str
    release_date: dt.date
    date_precision: str
    total_tracks: int
    image_url: str
    thumb_url: str
    url: str
    album_id: str
    edition_key: str
    is_remix: bool
    is_various_artists: bool
    seen: bool
    pinned: bool
    found_at: dt.datetime | None


@dataclass(frozen=True)
class FeedWeek:
    """The releases of one week (`start` is its Monday)."""

    start: dt.date
    label: str
    items: list[FeedItem]


@dataclass(frozen=True)
class FeedFilter:
    """What the page asks for; `hide_remixes=None` means "as in my preferences"."""

    kinds: tuple[str, ...] = ()
    artist_id: str = ""
    hide_remixes: bool | None = None
    unseen_only: bool = False


@dataclass(frozen=True)
class Prefs:
    """A person's feed preferences as plain values."""

    hide_remixes: bool = False
    include_appearances: bool = False
    include_saved_artists: bool = False
    saved_min_tracks: int = 3


def _prefs_of(row: ReleasePrefs | None) -> Prefs:
    if row is None:
        return Prefs()
    return Prefs(row.hide_remixes, row.include_appearances, row.include_saved_artists, row.saved_min_tracks)


def get_prefs(user_id: int) -> Prefs:
    with session_scope() as db:
        return _prefs_of(db.get(ReleasePrefs, user_id))


def update_prefs(user_id: int, prefs: Prefs) -> Prefs:
    """Save preferences; the saved-track threshold must be 1 to 50."""
    if not 1 <= prefs.saved_min_tracks <= 50:
        raise FeedError("Choose between 1 and 50 saved tracks.")
    with session_scope() as db:
        row = db.get(ReleasePrefs, user_id) or ReleasePrefs(user_id=user_id)
        if prefs.include_appearances and not row.include_appearances:
            # Appearances were never read for these artists: the next scan looks back four weeks.
            db.exec(update(FollowedArtist).where(col(FollowedArtist.user_id) == user_id).values(checked_at=None))  # type: ignore[call-overload]
        row.hide_remixes, row.include_appearances = prefs.hide_remixes, prefs.include_appearances
        row.include_saved_artists, row.saved_min_tracks = prefs.include_saved_artists, prefs.saved_min_tracks
        row.updated_at = utcnow()
        db.add(row)
    return prefs


def apply_filters(
    items: Iterable[FeedItem], prefs: Prefs, wanted: FeedFilter, blocked: set[str] = frozenset()  # type: ignore[assignment]
) -> list[FeedItem]:
    """The items a person wants to see, one card per release (an album reached through
    two followed artists shows once, preferring the artist's own over "appears on")."""
    hide_remixes = prefs.hide_remixes if wanted.hide_remixes is None else wanted.hide_remixes
    best: dict[str, FeedItem] = {}
    for item in items:
        if item.artist_id in blocked:
            continue
        if hide_remixes and item.is_remix:
            continue
        if not prefs.include_appearances and item.album_group in APPEARANCE_GROUPS:
            continue
        if wanted.kinds and item.kind not in wanted.kinds:
            continue
        if wanted.artist_id and item.artist_id != wanted.artist_id:
            continue
        if wanted.unseen_only and item.seen:
            continue
        key = item.edition_key
        current = best.get(key)
        if current is None or _rank(item) < _rank(current):
            best[key] = item if current is None else replace(item, seen=item.seen or current.seen)
    return sorted(best.values(), key=lambda i: (-i.release_date.toordinal(), not i.pinned, i.artist_name.lower(), i.title.lower()))


def _rank(item: FeedItem) -> tuple[int, int]:
    return (item.album_group == "appears_on", not item.pinned)


def week_label(start: dt.date, today: dt.date) -> str:
    """"This week", "Last week", "Next week" (pre-releases) or "Week of 3 Nov 2026", as the person's today sees it."""
    names = {0: "This week", -1: "Last week", 1: "Next week"}
    return names.get((start - week_start(today)).days // 7, f"Week of {start.day} {start:%b %Y}")


def group_by_week(items: Sequence[FeedItem], today: dt.date) -> list[FeedWeek]:
    """Weeks newest first; pinned artists first within each week, then newest. `today`
    is the person's own date (their time zone)."""
    weeks: dict[dt.date, list[FeedItem]] = {}
    for item in items:
        weeks.setdefault(week_start(item.release_date), []).append(item)
    out = []
    for start in sorted(weeks, reverse=True):
        ordered = sorted(weeks[start], key=lambda i: (not i.pinned, -i.release_date.toordinal(), i.artist_name.lower(), i.title.lower()))
        out.append(FeedWeek(start, week_label(start, today), ordered))
    return out


def _marks(db, user_id: int, kind: str) -> set[str]:  # type: ignore[no-untyped-def]
    return set(db.exec(select(ArtistMark.artist_id).where(ArtistMark.user_id == user_id, ArtistMark.kind == kind)).all())


def feed_items(user_id: int) -> tuple[list[FeedItem], Prefs, set[str]]:
    """Every release linked to the person (not hidden), with their prefs and blocklist."""
    with session_scope() as db:
        prefs = _prefs_of(db.get(ReleasePrefs, user_id))
        pinned, blocked = _marks(db, user_id, "pinned"), _marks(db, user_id, "blocked")
        rows = db.exec(
            select(UserRelease, Release)
            .join(Release, col(Release.id) == col(UserRelease.release_id))
            .where(UserRelease.user_id == user_id, col(UserRelease.hidden).is_(False))
        ).all()
        items = [
            FeedItem(
                release_id=r.id or 0, title=r.title, artist_id=r.artist_id, artist_name=r.artist_name, artists=r.artists,
                kind=r.kind, album_group=r.album_group, release_date=r.release_date, date_precision=r.date_precision,
                total_tracks=r.total_tracks,
                image_url=r.image_url, thumb_url=r.thumb_url or r.image_url, url=r.url, album_id=r.album_id,
                edition_key=r.edition_key, is_remix=r.is_remix, is_various_artists=r.is_various_artists,
                seen=ur.seen_at is not None, pinned=r.artist_id in pinned, found_at=as_utc(ur.found_at),
            )
            for ur, r in rows
        ]
    return items, prefs, blocked


def weekly_feed(user_id: int, wanted: FeedFilter | None = None, today: dt.date | None = None) -> list[FeedWeek]:
    """The person's feed, filtered and grouped by week (`today`: theirs, else UTC's)."""
    wanted = wanted or FeedFilter()
    unknown = set(wanted.kinds) - set(KINDS)
    if unknown:
        raise FeedError(f"Unknown release type: {', '.join(sorted(unknown))}.")
    items, prefs, blocked = feed_items(user_id)
    return group_by_week(apply_filters(items, prefs, wanted, blocked), today or utcnow().date())


def feed_artists(user_id: int) -> list[tuple[str, str]]:
    """(artist id, name) of every artist in the feed, for the artist filter."""
    items, _prefs, blocked = feed_items(user_id)
    names = {i.artist_id: i.artist_name for i in items if i.artist_id not in blocked}
    return sorted(names.items(), key=lambda pair: pair[1].lower())


def unseen_count(user_id: int) -> int:
    """How many cards in the feed are still unseen."""
    return sum(1 for week in weekly_feed(user_id, FeedFilter(unseen_only=True)) for _ in week.items)


def mark_seen(user_id: int, release_ids: Sequence[int] | None = None) -> int:
    """Mark these releases (all when None) as seen; returns how many changed.

    A release shown once for several artists is marked through every link.
    """
    now = utcnow()
    with session_scope() as db:
        query = select(UserRelease).where(UserRelease.user_id == user_id, col(UserRelease.seen_at).is_(None))
        if release_ids is not None:
            keys = select(Release.edition_key).where(col(Release.id).in_(list(release_ids)))
            ids = select(Release.id).where(col(Release.edition_key).in_(keys))
            query = query.where(col(UserRelease.release_id).in_(ids))
        rows = db.exec(query).all()
        for row in rows:
            row.seen_at = now
            db.add(row)
        return len(rows)


def hide_release(user_id: int, release_id: int) -> bool:
    """Remove one release from the person's feed and digests."""
    with session_scope() as db:
        row = db.exec(select(UserRelease).where(UserRelease.user_id == user_id, UserRelease.release_id == release_id)).first()
        if row is None:
            return False
        row.hidden = True
        db.add(row)
        return True


def _set_mark(user_id: int, artist_id: str, artist_name: str, kind: str, on: bool) -> None:
    if not artist_id or len(artist_id) > 100:
        raise FeedError("Choose an artist.")
    with session_scope() as db:
        db.exec(delete(ArtistMark).where(  # type: ignore[call-overload]
            col(ArtistMark.user_id) == user_id, col(ArtistMark.artist_id) == artist_id, col(ArtistMark.kind) == kind
        ))
        if on:
            db.add(ArtistMark(user_id=user_id, artist_id=artist_id, artist_name=artist_name[:300], kind=kind))


def pin_artist(user_id: int, artist_id: str, artist_name: str = "", pinned: bool = True) -> None:
    """Pin (or unpin) a favourite artist: their releases lead each week."""
    _set_mark(user_id, artist_id, artist_name, "pinned", pinned)


def block_artist(user_id: int, artist_id: str, artist_name: str = "", blocked: bool = True) -> None:
    """Block (or unblock) an artist: gone from feed, digests and future scans."""
    _set_mark(user_id, artist_id, artist_name, "blocked", blocked)


def artist_marks(user_id: int) -> dict[str, list[tuple[str, str]]]:
    """{"pinned": [(id, name)], "blocked": [(id, name)]}."""
    out: dict[str, list[tuple[str, str]]] = {"pinned": [], "blocked": []}
    with session_scope() as db:
        for mark in db.exec(select(ArtistMark).where(ArtistMark.user_id == user_id).order_by(col(ArtistMark.artist_name))).all():
            out.setdefault(mark.kind, []).append((mark.artist_id, mark.artist_name))
    return out

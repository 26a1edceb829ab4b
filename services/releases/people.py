"""Who the release scan reads for, and what each person watches.

A person is scanned once they open the release page (`watch`) or subscribe to the
digest. For each scan their state is read in one go (`load_people`): time zone,
which listing groups they want, blocked artists, and the last snapshot of their
artists with when each was last checked successfully; then their followed artists
(plus, if they opted in, artists with many saved tracks) are read from their own
source (`plan_person`), all pages of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select

from services.catalog.source import MusicSource
from services.db import as_utc, session_scope, utcnow
from services.releases.fetching import RequestPool
from services.releases.listing import groups_for
from services.releases.models import ArtistMark, DigestSubscription, FollowedArtist, ReleasePrefs, ReleaseWatch
from services.releases.window import Window, window_after

MAX_FOLLOWED_PAGES = 100  # 5,000 follows is Spotify's ceiling
MAX_SAVED_TRACKS = 1_000  # saved-track artists are read from the newest 1,000 saved tracks

SourceFor = Callable[[int], MusicSource]


def default_source_for(user_id: int) -> MusicSource:
    """The person's own music source (Spotify when connected, else the demo catalog)."""
    from services.catalog import get_source

    return get_source(user_id)


def chunks(items: Sequence[Any], size: int = 400) -> Iterable[Sequence[Any]]:
    """`items` in slices of `size` (keeps SQL `IN (...)` lists short)."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def people_to_scan() -> list[int]:
    """Everyone watching releases, plus everyone with an active digest."""
    with session_scope() as db:
        watching = set(db.exec(select(ReleaseWatch.user_id)).all())
        digests = set(db.exec(select(DigestSubscription.user_id).where(DigestSubscription.status == "active")).all())
    return sorted(watching | digests)


def watch(user_id: int) -> bool:
    """Start watching a person's artists; True when this is new (run a first scan for them)."""
    with session_scope() as db:
        if db.get(ReleaseWatch, user_id) is not None:
            return False
        db.add(ReleaseWatch(user_id=user_id))
    return True


@dataclass(frozen=True)
class WatchStatus:
    """Whether a person's artists are scanned, and when they last were."""

    watching: bool
    last_scan_at: dt.datetime | None = None
    artists_count: int = 0


def watch_status(user_id: int) -> WatchStatus:
    with session_scope() as db:
        row = db.get(ReleaseWatch, user_id)
        if row is None:
            return WatchStatus(False)
        return WatchStatus(True, as_utc(row.last_scan_at), row.artists_count)


def zone_of(page_zone: str | None, digest_zone: str | None) -> str:
    """A person's time zone: the one their browser told the release page, else their
    digest's, else UTC."""
    if page_zone and page_zone != "UTC":
        return page_zone
    return digest_zone or "UTC"


def person_zone(user_id: int) -> str:
    """The person's time zone for release days and weeks (see `zone_of`)."""
    with session_scope() as db:
        prefs = db.get(ReleasePrefs, user_id)
        digest = db.get(DigestSubscription, user_id)
        return zone_of(prefs.time_zone if prefs else None, digest.time_zone if digest else None)


@dataclass
class PersonState:
    """What the database knows of a person before their scan."""

    user_id: int
    time_zone: str
    groups: frozenset[str]
    include_saved: bool
    saved_min_tracks: int
    blocked: set[str]
    checked: dict[str, dt.datetime | None]  # their last snapshot: artist id -> last successful check


@dataclass
class Person:
    """A person planned for this scan: their source and the artists to check for them."""

    user_id: int
    source: MusicSource
    state: PersonState
    artists: dict[str, str]  # id -> name
    saved: set[str] = field(default_factory=set)  # watched for saved tracks, not followed

    def window_for(self, artist_id: str, now: dt.datetime) -> Window:
        return window_after(self.state.checked.get(artist_id), now, self.state.time_zone)


def load_people(user_ids: Sequence[int]) -> dict[int, PersonState]:
    """Everyone's zone, groups, blocklist and last snapshot in one unit of work (watch rows
    are created for digest subscribers who never opened the page)."""
    out: dict[int, PersonState] = {}
    with session_scope() as db:
        for chunk in chunks(list(user_ids)):
            watches = set(db.exec(select(ReleaseWatch.user_id).where(col(ReleaseWatch.user_id).in_(chunk))).all())
            prefs = {p.user_id: p for p in db.exec(select(ReleasePrefs).where(col(ReleasePrefs.user_id).in_(chunk))).all()}
            zones = dict(db.exec(select(DigestSubscription.user_id, DigestSubscription.time_zone)
                                 .where(col(DigestSubscription.user_id).in_(chunk))).all())
            blocked: dict[int, set[str]] = {}
            for uid, artist_id in db.exec(select(ArtistMark.user_id, ArtistMark.artist_id).where(
                    col(ArtistMark.user_id).in_(chunk), ArtistMark.kind == "blocked")).all():
                blocked.setdefault(uid, set()).add(artist_id)
            checked: dict[int, dict[str, dt.datetime | None]] = {}
            for uid, artist_id, at in db.exec(select(FollowedArtist.user_id, FollowedArtist.artist_id,
                                                     FollowedArtist.checked_at).where(col(FollowedArtist.user_id).in_(chunk))).all():
                checked.setdefault(uid, {})[artist_id] = as_utc(at)
            for uid in chunk:
                if uid not in watches:
                    db.add(ReleaseWatch(user_id=uid))
                p = prefs.get(uid) or ReleasePrefs(user_id=uid)
                out[uid] = PersonState(uid, zone_of(p.time_zone, zones.get(uid)), groups_for(p.include_appearances), p.include_saved_artists,
                                       p.saved_min_tracks, blocked.get(uid, set()), checked.get(uid, {}))
    return out


async def _followed(pool: RequestPool, source: MusicSource) -> dict[str, str]:
    artists: dict[str, str] = {}
    after: str | None = None
    for _ in range(MAX_FOLLOWED_PAGES):
        page = await pool.call(source.followed_artists, None, after)
        artists.update((a.id, a.name) for a in page.items)
        after = page.next_cursor
        if not after or not page.items:
            break
    return artists


async def _saved_artists(pool: RequestPool, source: MusicSource, min_tracks: int) -> dict[str, str]:
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    offset: int | None = 0
    while offset is not None and offset < MAX_SAVED_TRACKS:
        page = await pool.call(source.saved_tracks, None, offset)
        for track in page.items:
            for artist_id, name in zip(track.artist_ids, track.artist_names):
                counts[artist_id] = counts.get(artist_id, 0) + 1
                names[artist_id] = name
        offset = page.next_offset if page.items else None
    return {a: names[a] for a, n in counts.items() if n >= max(1, min_tracks)}


async def plan_person(pool: RequestPool, state: PersonState, source: MusicSource) -> Person:
    """Read the person's artists from their source (raises when it cannot be read)."""
    artists = await _followed(pool, source)
    saved: set[str] = set()
    if state.include_saved:
        for artist_id, name in (await _saved_artists(pool, source, state.saved_min_tracks)).items():
            if artist_id not in artists:
                artists[artist_id] = name
                saved.add(artist_id)
    wanted = {a: n for a, n in artists.items() if a not in state.blocked}
    return Person(state.user_id, source, state, wanted, saved & set(wanted))


def set_time_zone(user_id: int, time_zone: str, now: dt.datetime | None = None) -> bool:
    """Remember the person's time zone (from their browser); False when it is not a zone."""
    from services.releases.schedule import ScheduleError, zone

    try:
        zone(time_zone)
    except ScheduleError:
        return False
    with session_scope() as db:
        row = db.get(ReleasePrefs, user_id) or ReleasePrefs(user_id=user_id)
        row.time_zone, row.updated_at = time_zone, now or utcnow()
        db.add(row)
    return True

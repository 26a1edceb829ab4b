"""The release scan: everyone's watched artists -> their new releases -> each feed.

Three phases, so an artist followed by many people is fetched once:
1. per person (concurrently): their followed artists, plus artists with at least N
   saved tracks if they opted in, minus their blocked artists;
2. per unique artist (concurrently, bounded, rate-limited): albums, singles,
   compilations and appears-on back to the earliest date any follower needs,
   through a TTL cache shared by every person and every scan in this process;
3. per person: merged editions within their window become `Release` rows and
   new `UserRelease` rows; a live change tells open pages.

One artist or one person failing is counted and logged, never fatal. The first
scan of a person looks back four weeks; later scans look back to the previous
scan (with a week of grace for late-listed releases; duplicates are impossible).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, delete, select

from services import live
from services.catalog.source import MusicSource
from services.catalog.types import Album
from services.db import as_utc, session_scope, utcnow
from services.releases.editions import MergedRelease, merge_editions
from services.releases.fetching import ArtistAlbums, RequestPool, RetryPolicy, TTLCache
from services.releases.models import (
    ArtistMark,
    DigestSubscription,
    FollowedArtist,
    Release,
    ReleasePrefs,
    ReleaseWatch,
    UserRelease,
)

log = logging.getLogger(__name__)

FIRST_SCAN_DAYS = 28
GRACE_DAYS = 7
PAGE = 50
GROUPS = ("album", "single", "compilation", "appears_on")
MAX_ALBUM_PAGES = 10  # an artist's albums beyond 500 entries are old by construction
MAX_SAVED_PAGES = 20  # saved-track artists are read from the newest 1,000 saved tracks
ARTIST_TTL_SECONDS = 50 * 60  # shorter than the scan interval: each scheduled scan refetches

SourceFor = Callable[[int], MusicSource]
ARTIST_CACHE: TTLCache[str, ArtistAlbums] = TTLCache(ARTIST_TTL_SECONDS)


@dataclass
class ScanCounts:
    """What one scan did; `summary()` is what the job history shows."""

    people: int = 0
    people_failed: int = 0
    artists: int = 0
    artists_fetched: int = 0
    cache_hits: int = 0
    api_calls: int = 0
    retries: int = 0
    rate_limited: int = 0
    releases_found: int = 0
    errors: int = 0
    seconds: float = 0.0
    new_by_user: dict[int, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.people} people ({self.people_failed} failed), {self.artists} artists "
            f"({self.artists_fetched} fetched, {self.cache_hits} cached), {self.api_calls} API calls "
            f"({self.retries} retries, {self.rate_limited} rate-limited), {self.releases_found} new releases, "
            f"{self.errors} errors in {self.seconds:.1f} s"
        )


@dataclass
class _Person:
    user_id: int
    source: MusicSource
    since: dt.date  # look back to here for artists already watched
    first_since: dt.date  # and to here for artists new to this person
    artists: dict[str, str]  # id -> name
    known: set[str]  # artists of the previous scan

    def since_for(self, artist_id: str) -> dt.date:
        return self.since if artist_id in self.known else self.first_since


def default_source_for(user_id: int) -> MusicSource:
    """The person's own music source (Spotify when connected, else the demo catalog)."""
    from services.catalog import get_source

    return get_source(user_id)


def people_to_scan() -> list[int]:
    """Everyone watching releases, plus everyone with an active digest."""
    with session_scope() as db:
        watching = set(db.exec(select(ReleaseWatch.user_id)).all())
        digests = set(
            db.exec(select(DigestSubscription.user_id).where(DigestSubscription.status == "active")).all()
        )
    return sorted(watching | digests)


def watch(user_id: int) -> bool:
    """Start watching a person's artists; True when this is new (run a first scan for them)."""
    with session_scope() as db:
        if db.get(ReleaseWatch, user_id) is not None:
            return False
        db.add(ReleaseWatch(user_id=user_id))
    return True


def _load_person(user_id: int, now: dt.datetime) -> tuple[dt.date, ReleasePrefs, set[str], set[str]]:
    with session_scope() as db:
        state = db.get(ReleaseWatch, user_id)
        if state is None:
            state = ReleaseWatch(user_id=user_id)
            db.add(state)
        last = as_utc(state.last_scan_at)
        since = (last - dt.timedelta(days=GRACE_DAYS)).date() if last else (now - dt.timedelta(days=FIRST_SCAN_DAYS)).date()
        prefs = db.get(ReleasePrefs, user_id) or ReleasePrefs(user_id=user_id)
        blocked = set(
            db.exec(select(ArtistMark.artist_id).where(ArtistMark.user_id == user_id, ArtistMark.kind == "blocked")).all()
        )
        known = set(db.exec(select(FollowedArtist.artist_id).where(FollowedArtist.user_id == user_id)).all()) if last else set()
    return since, prefs, blocked, known


async def _followed(pool: RequestPool, source: MusicSource) -> dict[str, str]:
    artists: dict[str, str] = {}
    after: str | None = None
    for _ in range(100):  # 5,000 follows is Spotify's ceiling
        page = await pool.call(source.followed_artists, PAGE, after)
        artists.update((a.id, a.name) for a in page.items)
        after = page.next_cursor
        if not after or not page.items:
            break
    return artists


async def _saved_artists(pool: RequestPool, source: MusicSource, min_tracks: int) -> dict[str, str]:
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    offset: int | None = 0
    for _ in range(MAX_SAVED_PAGES):
        page = await pool.call(source.saved_tracks, PAGE, offset)
        for track in page.items:
            for artist_id, name in zip(track.artist_ids, track.artist_names):
                counts[artist_id] = counts.get(artist_id, 0) + 1
                names[artist_id] = name
        offset = page.next_offset
        if offset is None or not page.items:
            break
    return {a: names[a] for a, n in counts.items() if n >= max(1, min_tracks)}


async def _plan_person(pool: RequestPool, user_id: int, source_for: SourceFor, now: dt.datetime) -> _Person:
    since, prefs, blocked, known = await asyncio.to_thread(_load_person, user_id, now)
    source = source_for(user_id)
    artists = await _followed(pool, source)
    if prefs.include_saved_artists:
        for artist_id, name in (await _saved_artists(pool, source, prefs.saved_min_tracks)).items():
            artists.setdefault(artist_id, name)
    first_since = (now - dt.timedelta(days=FIRST_SCAN_DAYS)).date()
    return _Person(user_id, source, min(since, first_since) if not known else since, first_since,
                   {a: n for a, n in artists.items() if a not in blocked}, known)


def _page_is_exhausted(items: Sequence[Album], since: dt.date, groups: Sequence[str]) -> bool:
    """True once every requested group is known to hold only releases older than `since`.

    Spotify lists an artist's albums group by group (album, single, compilation,
    appears_on), newest first within each; once a group shows an old release, or a
    later group has started, that group holds nothing new.
    """
    done: set[str] = set()
    order = {g: i for i, g in enumerate(groups)}
    for album in items:
        rank = order.get(album.album_group, len(groups))
        done.update(g for g in groups if order[g] < rank)
        if album.release_date is not None and album.release_date < since:
            done.add(album.album_group)
    return done >= set(groups)


async def fetch_artist_albums(pool: RequestPool, source: MusicSource, artist_id: str, since: dt.date) -> ArtistAlbums:
    """An artist's releases since `since`, reading only as many pages as that needs."""
    albums: list[Album] = []
    seen: list[Album] = []
    offset: int | None = 0
    for _ in range(MAX_ALBUM_PAGES):
        page = await pool.call(source.artist_albums, artist_id, GROUPS, PAGE, offset)
        seen.extend(page.items)
        albums.extend(a for a in page.items if a.release_date is not None and a.release_date >= since)
        offset = page.next_offset
        if offset is None or not page.items or _page_is_exhausted(seen, since, GROUPS):
            break
    return ArtistAlbums(since=since, albums=tuple(albums))


def _merge_for_artist(artist_id: str, albums: Iterable[Album]) -> list[MergedRelease]:
    return merge_editions(albums)


def _url(source: MusicSource, album_id: str) -> str:
    return f"https://open.spotify.com/album/{album_id}" if getattr(source, "kind", "") == "spotify" else ""


def _thumb(url: str) -> str:
    return url


def _save_artist_releases(
    artist_id: str, artist_name: str, merged: list[MergedRelease], url_for: Callable[[str], str]
) -> dict[str, tuple[int, dt.date]]:
    """Upsert an artist's merged releases; returns edition key -> (release id, date)."""
    out: dict[str, tuple[int, dt.date]] = {}
    with session_scope() as db:
        existing = {
            r.edition_key: r
            for r in db.exec(
                select(Release).where(Release.artist_id == artist_id, col(Release.edition_key).in_([m.key for m in merged]))
            ).all()
        }
        for m in merged:
            row = existing.get(m.key) or Release(artist_id=artist_id, edition_key=m.key, album_id=m.album_id, title=m.title, release_date=m.release_date)
            row.artist_name = artist_name or (m.artist_names[0] if m.artist_names else "")
            row.album_id, row.title, row.release_date = m.album_id, m.title[:500], m.release_date
            row.edition_ids = ",".join(m.edition_ids)[:4000]
            row.artists = ", ".join(m.artist_names)[:1000]
            row.kind, row.album_group = m.kind, m.album_group
            row.date_precision, row.total_tracks = m.date_precision, m.total_tracks
            row.image_url, row.thumb_url = m.image_url, _thumb(m.image_url)
            row.url = url_for(m.album_id)
            row.is_remix, row.is_various_artists = m.is_remix, m.is_various_artists
            db.add(row)
            db.flush()
            assert row.id is not None
            out[m.key] = (row.id, m.release_date)
    return out


def _save_person(person: _Person, links: Iterable[tuple[str, int, dt.date]], now: dt.datetime) -> int:
    """Link the person to their releases in window and snapshot their artists; returns new links."""
    wanted = {rid for artist_id, rid, day in links if day >= person.since_for(artist_id)}
    with session_scope() as db:
        have = set(db.exec(select(UserRelease.release_id).where(UserRelease.user_id == person.user_id)).all())
        new = sorted(wanted - have)
        for rid in new:
            db.add(UserRelease(user_id=person.user_id, release_id=rid, found_at=now))
        db.exec(delete(FollowedArtist).where(col(FollowedArtist.user_id) == person.user_id))  # type: ignore[call-overload]
        for artist_id, name in person.artists.items():
            db.add(FollowedArtist(user_id=person.user_id, artist_id=artist_id, artist_name=name[:300], updated_at=now))
        state = db.get(ReleaseWatch, person.user_id) or ReleaseWatch(user_id=person.user_id)
        state.last_scan_at, state.last_error, state.artists_count = now, "", len(person.artists)
        db.add(state)
    return len(new)


def _record_failure(user_id: int, message: str) -> None:
    with session_scope() as db:
        state = db.get(ReleaseWatch, user_id) or ReleaseWatch(user_id=user_id)
        state.last_error = message[:500]
        db.add(state)


def _error_text(exc: BaseException) -> str:
    return getattr(exc, "message", "") or f"{type(exc).__name__}: {exc}"


async def scan_people(
    user_ids: Sequence[int] | None = None,
    *,
    source_for: SourceFor | None = None,
    cache: TTLCache[str, ArtistAlbums] | None = None,
    concurrency: int = 8,
    policy: RetryPolicy | None = None,
    now: dt.datetime | None = None,
    publish: bool = True,
    pool: RequestPool | None = None,
) -> ScanCounts:
    """Scan these people (everyone watching when None); never raises for one bad artist or person."""
    started = time.monotonic()
    now = now or utcnow()
    source_for = source_for or default_source_for
    cache = ARTIST_CACHE if cache is None else cache
    ids = list(user_ids) if user_ids is not None else await asyncio.to_thread(people_to_scan)
    counts = ScanCounts(people=len(ids))
    own_pool = pool is None
    pool = pool or RequestPool(concurrency, policy)
    if own_pool:
        await pool.__aenter__()
    try:
        # 1. who watches which artists
        planned = await asyncio.gather(*(_plan_person(pool, uid, source_for, now) for uid in ids), return_exceptions=True)
        people: list[_Person] = []
        for uid, result in zip(ids, planned):
            if isinstance(result, BaseException):
                log.warning("release scan: person %s failed: %s", uid, result)
                counts.people_failed += 1
                counts.errors += 1
                await asyncio.to_thread(_record_failure, uid, _error_text(result))
            else:
                people.append(result)

        # 2. each artist once, back to the earliest date any follower needs
        needs: dict[str, tuple[dt.date, str, list[_Person]]] = {}
        for person in people:
            for artist_id, name in person.artists.items():
                since, known, followers = needs.get(artist_id, (person.since_for(artist_id), name, []))
                followers.append(person)
                needs[artist_id] = (min(since, person.since_for(artist_id)), known or name, followers)
        counts.artists = len(needs)

        async def artist_releases(artist_id: str) -> list[Album]:
            since, _name, followers = needs[artist_id]
            cached = cache.get(artist_id)
            if cached is not None and cached.since <= since:
                counts.cache_hits += 1
                return [a for a in cached.albums if a.release_date is not None and a.release_date >= since]
            fetched = await fetch_artist_albums(pool, followers[0].source, artist_id, since)
            cache.put(artist_id, fetched)
            counts.artists_fetched += 1
            return list(fetched.albums)

        artist_ids = list(needs)
        fetched = await asyncio.gather(*(artist_releases(a) for a in artist_ids), return_exceptions=True)

        # 3. releases, then each person's feed
        per_artist: dict[str, list[tuple[int, dt.date]]] = {}
        for artist_id, result in zip(artist_ids, fetched):
            if isinstance(result, BaseException):
                log.warning("release scan: artist %s failed: %s", artist_id, result)
                counts.errors += 1
                continue
            merged = _merge_for_artist(artist_id, result)
            if not merged:
                continue
            source = needs[artist_id][2][0].source
            try:
                saved = await asyncio.to_thread(
                    _save_artist_releases, artist_id, needs[artist_id][1], merged, lambda album_id, s=source: _url(s, album_id)
                )
            except Exception:
                log.exception("release scan: saving releases of artist %s failed", artist_id)
                counts.errors += 1
                continue
            per_artist[artist_id] = list(saved.values())

        for person in people:
            links = [(artist_id, rid, day) for artist_id in person.artists for rid, day in per_artist.get(artist_id, [])]
            try:
                new = await asyncio.to_thread(_save_person, person, links, now)
            except Exception as exc:
                log.exception("release scan: saving the feed of person %s failed", person.user_id)
                counts.people_failed += 1
                counts.errors += 1
                await asyncio.to_thread(_record_failure, person.user_id, _error_text(exc))
                continue
            counts.releases_found += new
            if new:
                counts.new_by_user[person.user_id] = new
                if publish:
                    await live.publish(live.Change("releases", user_id=person.user_id, data={"new": new}))
    finally:
        counts.api_calls, counts.retries, counts.rate_limited = pool.calls, pool.retries, pool.rate_limited
        if own_pool:
            await pool.__aexit__(None, None, None)
        counts.seconds = time.monotonic() - started
    return counts


def scan_people_sync(user_ids: Sequence[int] | None = None, **kwargs: Any) -> ScanCounts:
    """`scan_people` for callers without an event loop (scripts, tests)."""
    return asyncio.run(scan_people(user_ids, **kwargs))

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
from services.releases.fetching import ArtistAlbums, RequestPool, RetryPolicy, TTLCache, classify
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
    saved: set[str] = field(default_factory=set)  # watched for saved tracks, not followed

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


@dataclass(frozen=True)
class WatchStatus:
    """Whether a person's artists are scanned, and how the last scan of them went."""

    watching: bool
    last_scan_at: dt.datetime | None = None
    last_error: str = ""
    artists_count: int = 0


def watch_status(user_id: int) -> WatchStatus:
    """The person's scan state as the page shows it ("watching 42 artists, scanned 2 h ago")."""
    with session_scope() as db:
        row = db.get(ReleaseWatch, user_id)
        if row is None:
            return WatchStatus(False)
        return WatchStatus(True, as_utc(row.last_scan_at), row.last_error, row.artists_count)


@dataclass
class _PersonState:
    since: dt.date
    prefs: ReleasePrefs
    blocked: set[str]
    known: set[str]


def _chunks(items: Sequence[Any], size: int = 400) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _load_people(user_ids: Sequence[int], now: dt.datetime) -> dict[int, _PersonState]:
    """Everyone's scan window, preferences, blocklist and last snapshot, in one read."""
    first = (now - dt.timedelta(days=FIRST_SCAN_DAYS)).date()
    out: dict[int, _PersonState] = {}
    with session_scope() as db:
        for chunk in _chunks(list(user_ids)):
            watches = {w.user_id: w for w in db.exec(select(ReleaseWatch).where(col(ReleaseWatch.user_id).in_(chunk))).all()}
            prefs = {p.user_id: p for p in db.exec(select(ReleasePrefs).where(col(ReleasePrefs.user_id).in_(chunk))).all()}
            blocked: dict[int, set[str]] = {}
            for uid, artist_id in db.exec(
                select(ArtistMark.user_id, ArtistMark.artist_id).where(col(ArtistMark.user_id).in_(chunk), ArtistMark.kind == "blocked")
            ).all():
                blocked.setdefault(uid, set()).add(artist_id)
            known: dict[int, set[str]] = {}
            for uid, artist_id in db.exec(
                select(FollowedArtist.user_id, FollowedArtist.artist_id).where(col(FollowedArtist.user_id).in_(chunk))
            ).all():
                known.setdefault(uid, set()).add(artist_id)
            for uid in chunk:
                last = as_utc(watches[uid].last_scan_at) if uid in watches else None
                if uid not in watches:
                    db.add(ReleaseWatch(user_id=uid))
                since = (last - dt.timedelta(days=GRACE_DAYS)).date() if last else first
                out[uid] = _PersonState(since, prefs.get(uid) or ReleasePrefs(user_id=uid), blocked.get(uid, set()),
                                        known.get(uid, set()) if last else set())
    return out


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


async def _plan_person(pool: RequestPool, user_id: int, state: _PersonState, source_for: SourceFor, now: dt.datetime) -> _Person:
    source = await asyncio.to_thread(source_for, user_id)  # may read the connection from the database
    artists = await _followed(pool, source)
    saved: set[str] = set()
    if state.prefs.include_saved_artists:
        for artist_id, name in (await _saved_artists(pool, source, state.prefs.saved_min_tracks)).items():
            if artist_id not in artists:
                artists[artist_id] = name
                saved.add(artist_id)
    first_since = (now - dt.timedelta(days=FIRST_SCAN_DAYS)).date()
    return _Person(user_id, source, state.since, first_since,
                   {a: n for a, n in artists.items() if a not in state.blocked}, state.known, saved)


async def fetch_artist_albums(pool: RequestPool, source: MusicSource, artist_id: str, since: dt.date) -> ArtistAlbums:
    """An artist's releases since `since`, reading only the pages that can hold new ones.

    Within each group (album, single, compilation, appears_on) listings are newest
    first. So when a page ends on a release older than `since`, the rest of that
    group is old too: if Spotify's group-by-group order holds, so is every group
    before it, and the listing is asked again for the later groups only (when the
    whole listing is newest-first, as in the demo catalog, that re-ask finds
    nothing new and the scan stops). A page ending on an old appears-on entry ends it.
    """
    albums: dict[str, Album] = {}
    groups = list(GROUPS)
    offset: int | None = 0
    for _ in range(MAX_ALBUM_PAGES):
        page = await pool.call(source.artist_albums, artist_id, tuple(groups), PAGE, offset)
        for album in page.items:
            if album.release_date is not None and album.release_date >= since:
                albums.setdefault(album.id, album)
        if page.next_offset is None or not page.items:
            break
        last = page.items[-1]
        if last.release_date is not None and last.release_date < since and last.album_group in groups:
            groups = groups[groups.index(last.album_group) + 1:]
            if not groups:
                break
            offset = 0
        else:
            offset = page.next_offset
    return ArtistAlbums(since=since, albums=tuple(albums.values()))


def _fetch_key(person: _Person, artist_id: str) -> str:
    """Spotify's catalog looks the same through every account, so one fetch serves all
    followers; the demo catalog re-dates fresh releases per listener, so it is read per person
    (it is local: sharing would save nothing)."""
    if getattr(person.source, "kind", "") == "spotify":
        return artist_id
    return f"{artist_id}@{getattr(person.source, 'kind', '')}:{person.user_id}"


def _url(source: MusicSource, album_id: str) -> str:
    return f"https://open.spotify.com/album/{album_id}" if getattr(source, "kind", "") == "spotify" else ""


def _apply(row: Release, artist_name: str, m: MergedRelease, url: str) -> None:
    row.artist_name = artist_name or (m.artist_names[0] if m.artist_names else "")
    row.album_id, row.title, row.release_date = m.album_id, m.title[:500], m.release_date
    row.edition_ids = ",".join(m.edition_ids)[:4000]
    row.artists = ", ".join(m.artist_names)[:1000]
    row.kind, row.album_group = m.kind, m.album_group
    row.date_precision, row.total_tracks = m.date_precision, m.total_tracks
    row.image_url, row.thumb_url = m.image_url, m.image_url  # sources give one image size
    row.url = url
    row.is_remix, row.is_various_artists = m.is_remix, m.is_various_artists


# (fetch key, artist id, artist name, merged releases, album id -> link)
_ArtistBatch = list[tuple[str, str, str, list[MergedRelease], Callable[[str], str]]]


def _save_releases(batch: _ArtistBatch) -> dict[str, list[tuple[int, dt.date]]]:
    """Upsert merged releases of many artists in one unit of work; fetch key -> [(release id, date)]."""
    out: dict[str, list[tuple[int, dt.date]]] = {}
    with session_scope() as db:
        existing: dict[tuple[str, str], Release] = {}
        for chunk in _chunks(sorted({artist_id for _key, artist_id, *_ in batch})):
            for row in db.exec(select(Release).where(col(Release.artist_id).in_(chunk))).all():
                existing[(row.artist_id, row.edition_key)] = row
        rows: list[tuple[str, Release, dt.date]] = []
        for key, artist_id, artist_name, merged, url_for in batch:
            for m in merged:
                row = existing.get((artist_id, m.key))
                if row is None:
                    row = Release(artist_id=artist_id, edition_key=m.key, album_id=m.album_id, title=m.title, release_date=m.release_date)
                    existing[(artist_id, m.key)] = row
                _apply(row, artist_name, m, url_for(m.album_id))
                db.add(row)
                rows.append((key, row, m.release_date))
        db.flush()
        for key, row, day in rows:
            assert row.id is not None
            out.setdefault(key, []).append((row.id, day))
    return out


def _save_people(people: Sequence[_Person], links: dict[int, list[tuple[str, int, dt.date]]], now: dt.datetime) -> dict[int, int]:
    """Link each person to their releases in window and refresh their artist snapshot,
    in one unit of work; returns new links per person."""
    ids = [p.user_id for p in people]
    new_by_user: dict[int, int] = {}
    with session_scope() as db:
        have: dict[int, set[int]] = {}
        snapshot: dict[int, set[str]] = {}
        for chunk in _chunks(ids):
            for uid, rid in db.exec(select(UserRelease.user_id, UserRelease.release_id).where(col(UserRelease.user_id).in_(chunk))).all():
                have.setdefault(uid, set()).add(rid)
            for uid, artist_id in db.exec(select(FollowedArtist.user_id, FollowedArtist.artist_id).where(col(FollowedArtist.user_id).in_(chunk))).all():
                snapshot.setdefault(uid, set()).add(artist_id)
        new_links: list[dict[str, Any]] = []
        new_follows: list[dict[str, Any]] = []
        for person in people:
            uid = person.user_id
            wanted = {rid for artist_id, rid, day in links.get(uid, []) if day >= person.since_for(artist_id)}
            new = sorted(wanted - have.get(uid, set()))
            new_by_user[uid] = len(new)
            new_links += [{"user_id": uid, "release_id": rid, "found_at": now, "seen_at": None, "hidden": False} for rid in new]
            before, after = snapshot.get(uid, set()), set(person.artists)
            gone = before - after
            for chunk in _chunks(sorted(gone)):
                db.exec(delete(FollowedArtist).where(col(FollowedArtist.user_id) == uid, col(FollowedArtist.artist_id).in_(chunk)))  # type: ignore[call-overload]
            new_follows += [{"user_id": uid, "artist_id": a, "artist_name": person.artists[a][:300],
                             "origin": "saved" if a in person.saved else "followed", "updated_at": now}
                            for a in sorted(after - before)]
        if new_links:
            db.connection().execute(UserRelease.__table__.insert(), new_links)  # type: ignore[attr-defined]
        if new_follows:
            db.connection().execute(FollowedArtist.__table__.insert(), new_follows)  # type: ignore[attr-defined]
        by_id = {p.user_id: p for p in people}
        for chunk in _chunks(ids):
            for state in db.exec(select(ReleaseWatch).where(col(ReleaseWatch.user_id).in_(chunk))).all():
                person = by_id[state.user_id]
                state.last_scan_at, state.last_error, state.artists_count = now, "", len(person.artists)
                db.add(state)
    return new_by_user


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
        states = await asyncio.to_thread(_load_people, ids, now)
        planned = await asyncio.gather(
            *(_plan_person(pool, uid, states[uid], source_for, now) for uid in ids), return_exceptions=True
        )
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
        needs: dict[str, tuple[dt.date, str, list[_Person], str]] = {}
        for person in people:
            for artist_id, name in person.artists.items():
                key = _fetch_key(person, artist_id)
                since, known, followers, _ = needs.get(key, (person.since_for(artist_id), name, [], artist_id))
                followers.append(person)
                needs[key] = (min(since, person.since_for(artist_id)), known or name, followers, artist_id)
        counts.artists = len({artist_id for *_, artist_id in needs.values()})

        async def artist_releases(key: str) -> list[Album]:
            since, _name, followers, artist_id = needs[key]
            cached = cache.get(key)
            if cached is not None and cached.since <= since:
                counts.cache_hits += 1
                return [a for a in cached.albums if a.release_date is not None and a.release_date >= since]
            # Catalog data is the same through anyone's account: if one follower's access
            # fails (revoked, forbidden), another follower's may still work.
            sources = list({id(p.source): p.source for p in followers[:3]}.values())
            for n, source in enumerate(sources):
                try:
                    fetched = await fetch_artist_albums(pool, source, artist_id, since)
                    break
                except Exception as exc:
                    if n == len(sources) - 1 or classify(exc)[0] != "fatal":
                        raise
            cache.put(key, fetched)
            counts.artists_fetched += 1
            return list(fetched.albums)

        keys = list(needs)
        fetched = await asyncio.gather(*(artist_releases(k) for k in keys), return_exceptions=True)

        # 3. releases (in batches; a failing batch is retried artist by artist) ...
        batch: _ArtistBatch = []
        for key, result in zip(keys, fetched):
            _since, name, followers, artist_id = needs[key]
            if isinstance(result, BaseException):
                log.warning("release scan: artist %s failed: %s", artist_id, result)
                counts.errors += 1
                continue
            merged = merge_editions(result)
            if merged:
                source = followers[0].source
                batch.append((key, artist_id, name, merged, lambda album_id, s=source: _url(s, album_id)))
        per_key: dict[str, list[tuple[int, dt.date]]] = {}
        for chunk in _chunks(batch, 500):
            try:
                per_key.update(await asyncio.to_thread(_save_releases, list(chunk)))
            except Exception:
                log.warning("release scan: saving a batch of releases failed; saving artist by artist", exc_info=True)
                for one in chunk:
                    try:
                        per_key.update(await asyncio.to_thread(_save_releases, [one]))
                    except Exception:
                        log.exception("release scan: saving releases of artist %s failed", one[1])
                        counts.errors += 1

        # ... then each person's feed (in batches too, person by person on failure)
        links: dict[int, list[tuple[str, int, dt.date]]] = {
            p.user_id: [(a, rid, day) for a in p.artists for rid, day in per_key.get(_fetch_key(p, a), [])] for p in people
        }
        new_by_user: dict[int, int] = {}
        for group in _chunks(people, 200):
            try:
                new_by_user.update(await asyncio.to_thread(_save_people, list(group), links, now))
            except Exception:
                log.warning("release scan: saving a batch of feeds failed; saving person by person", exc_info=True)
                for person in group:
                    try:
                        new_by_user.update(await asyncio.to_thread(_save_people, [person], links, now))
                    except Exception as exc:
                        log.exception("release scan: saving the feed of person %s failed", person.user_id)
                        counts.people_failed += 1
                        counts.errors += 1
                        await asyncio.to_thread(_record_failure, person.user_id, _error_text(exc))
        for uid, new in new_by_user.items():
            counts.releases_found += new
            if new:
                counts.new_by_user[uid] = new
                if publish:
                    await live.publish(live.Change("releases", user_id=uid, data={"new": new}))
    finally:
        counts.api_calls, counts.retries, counts.rate_limited = pool.calls, pool.retries, pool.rate_limited
        if own_pool:
            await pool.__aexit__(None, None, None)
        counts.seconds = time.monotonic() - started
    return counts


def scan_people_sync(user_ids: Sequence[int] | None = None, **kwargs: Any) -> ScanCounts:
    """`scan_people` for callers without an event loop (scripts, tests)."""
    return asyncio.run(scan_people(user_ids, **kwargs))

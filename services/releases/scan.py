"""The release scan: everyone's watched artists -> their new releases -> each feed.

Three phases, so an artist followed by many people is read once:
1. per person (concurrently): their followed artists, plus artists with at least N
   saved tracks if they opted in, minus their blocked artists (`people`);
2. per unique artist (concurrently, bounded, rate-limited): the listing groups any
   follower wants, back to the earliest day any follower's window needs (`listing`),
   through a TTL cache shared by every person and every scan in this process;
3. per person: merged editions within their own window become `Release` rows and
   new feed entries (`store`); a live change tells open pages.

Nothing is hidden: every artist that could not be read, every person whose artists
could not be listed and every unreadable record is counted with its reason, per
person too (`ScanCounts.people`), so the job history, the System panel and the
person's own feed can say what happened. One failure never stops the rest, and a
failed artist's window stays open until a later scan reads it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from services import job_results, live, webhooks
from services.db import utcnow
from services.job_results import JobResult, Outcome
from services.releases.editions import MergedRelease, merge_editions
from services.releases.fetching import ArtistAlbums, RequestPool, RetryPolicy, TTLCache, classify, reason_for
from services.releases.listing import read_artist_albums
from services.releases.people import Person, SourceFor, chunks, default_source_for, load_people, people_to_scan, plan_person
from services.releases.status import SCAN_JOB, UNREADABLE
from services.releases.store import ArtistReleases, PersonLinks, links_for, save_people, save_releases

log = logging.getLogger(__name__)

ARTIST_TTL_SECONDS = 50 * 60  # shorter than the scan interval: each scheduled scan reads anew
ARTIST_CACHE: TTLCache[str, ArtistAlbums] = TTLCache(ARTIST_TTL_SECONDS)
NOT_SAVED = "could not be saved"


@dataclass
class ScanCounts:
    """What one scan did; `summary()` is the job history's line, `result()` the job's record."""

    people: int = 0
    people_failed: int = 0
    artists: int = 0
    artists_fetched: int = 0
    artists_failed: int = 0
    cache_hits: int = 0
    api_calls: int = 0
    retries: int = 0
    rate_limited: int = 0
    skipped_records: int = 0
    releases_found: int = 0
    seconds: float = 0.0
    new_by_user: dict[int, int] = field(default_factory=dict)
    reasons: Counter[str] = field(default_factory=Counter)
    outcomes: dict[int, Outcome] = field(default_factory=dict)  # per person: their artists checked / not

    @property
    def errors(self) -> int:
        return self.artists_failed + self.people_failed

    def summary(self) -> str:
        failed = f"{self.artists_failed} artists and {self.people_failed} people failed" if self.errors else "no failures"
        return (
            f"{self.people} people, {self.artists} artists ({self.artists_fetched} read, {self.cache_hits} cached), "
            f"{self.api_calls} API calls ({self.retries} retries, {self.rate_limited} rate-limited), "
            f"{self.releases_found} new feed entries, {failed}, {self.skipped_records} unreadable records "
            f"skipped, in {self.seconds:.1f} s"
        )

    def result(self) -> JobResult:
        """The job's record: items are artists read and people listed; failures with reasons."""
        reasons = Counter(self.reasons)
        return JobResult(summary=self.summary(), done=self.artists - self.artists_failed,
                         failed=self.errors + self.skipped_records, reasons=reasons, people=dict(self.outcomes))


def _fetch_key(person: Person, artist_id: str) -> str:
    """Spotify's catalog looks the same through every account, so one read serves every
    follower; the demo catalog re-dates fresh releases per listener, so it is read per
    person (it is local: sharing would save nothing)."""
    if person.source.kind == "spotify":
        return artist_id
    return f"{artist_id}@{person.source.kind}:{person.user_id}"


@dataclass
class _Need:
    artist_id: str
    name: str
    since: dt.date
    groups: frozenset[str]
    followers: list[Person]


def _needs(people: Sequence[Person], now: dt.datetime) -> dict[str, _Need]:
    """Each fetch key once: the union of the groups its followers want, back to the earliest day."""
    needs: dict[str, _Need] = {}
    for person in people:
        for artist_id, name in person.artists.items():
            since = person.window_for(artist_id, now).since
            need = needs.get(_fetch_key(person, artist_id))
            if need is None:
                needs[_fetch_key(person, artist_id)] = _Need(artist_id, name, since, person.state.groups, [person])
            else:
                need.since, need.groups = min(need.since, since), need.groups | person.state.groups
                need.followers.append(person)
                need.name = need.name or name
    return needs


async def _read(pool: RequestPool, need: _Need, cache: TTLCache[str, ArtistAlbums], key: str,
                fresh_after: float, counts: ScanCounts) -> ArtistAlbums:
    cached = cache.get(key)
    if cached is not None and cached.serves(need.since, need.groups, fresh_after):
        counts.cache_hits += 1
        return cached
    # Catalog data is the same through anyone's account: when one follower's access
    # fails (revoked, not on the allow-list), another follower's may still work.
    sources = list({id(p.source): p.source for p in need.followers[:3]}.values())
    for n, source in enumerate(sources):
        try:
            fetched = await read_artist_albums(pool, source, need.artist_id, need.since, need.groups)
            break
        except Exception as exc:
            if n == len(sources) - 1 or classify(exc)[0] != "fatal":
                raise
    cache.put(key, fetched)
    counts.artists_fetched += 1
    return fetched


async def _save(batch: list[ArtistReleases]) -> tuple[dict[str, list[tuple[int, MergedRelease]]], set[str]]:
    """Save in batches; a failing batch is retried artist by artist. Returns what was saved and
    the fetch keys that could not be (their followers' checks count as failed)."""
    saved: dict[str, list[tuple[int, MergedRelease]]] = {}
    lost: set[str] = set()
    for chunk in chunks(batch, 500):
        try:
            saved.update(await asyncio.to_thread(save_releases, list(chunk)))
        except Exception:
            log.warning("release scan: saving a batch of releases failed; saving artist by artist", exc_info=True)
            for one in chunk:
                try:
                    saved.update(await asyncio.to_thread(save_releases, [one]))
                except Exception:
                    log.exception("release scan: saving the releases of artist %s failed", one.artist_id)
                    lost.add(one.key)
    return saved, lost


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
    fresh_after: dt.datetime | None = None,
) -> ScanCounts:
    """Scan these people (everyone watching when None); never raises for one bad artist or
    person. `fresh_after`: cached listings read before it are not used (release-day scans)."""
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
        states = await asyncio.to_thread(load_people, ids)

        async def plan(uid: int) -> Person:
            source = await asyncio.to_thread(source_for, uid)  # may read the connection from the database
            return await plan_person(pool, states[uid], source)

        planned = await asyncio.gather(*(plan(uid) for uid in ids), return_exceptions=True)
        people: list[Person] = []
        for uid, result in zip(ids, planned):
            if isinstance(result, BaseException):
                reason = reason_for(result)
                log.warning("release scan: the artists of person %s could not be read: %s", uid, result)
                counts.people_failed += 1
                counts.reasons[f"followed artists: {reason}"] += 1
                counts.outcomes[uid] = Outcome(0, max(1, len(states[uid].checked)), Counter({reason: 1}))
            else:
                people.append(result)

        needs = _needs(people, now)
        counts.artists = len({n.artist_id for n in needs.values()})
        fresh = fresh_after.timestamp() if fresh_after else 0.0
        keys = list(needs)
        fetched = await asyncio.gather(*(_read(pool, needs[k], cache, k, fresh, counts) for k in keys),
                                       return_exceptions=True)

        failed: dict[str, str] = {}  # fetch key -> reason
        skipped: dict[str, int] = {}  # fetch key -> unreadable entries in its listing
        batch: list[ArtistReleases] = []
        for key, result in zip(keys, fetched):
            need = needs[key]
            if isinstance(result, BaseException):
                failed[key] = reason_for(result)
                log.warning("release scan: artist %s failed: %s", need.artist_id, result)
                continue
            counts.skipped_records += result.skipped
            skipped[key] = result.skipped
            kind = need.followers[0].source.kind
            owner = None if kind == "spotify" else need.followers[0].user_id
            batch.append(ArtistReleases(key, need.artist_id, need.name, kind, merge_editions(result.albums), owner))
        saved, lost = await _save(batch)
        failed.update({k: NOT_SAVED for k in lost})
        for key, reason in failed.items():
            counts.reasons[reason] += 1
        counts.artists_failed = len({needs[k].artist_id for k in failed})
        if counts.skipped_records:
            counts.reasons[UNREADABLE] += counts.skipped_records

        plans: list[PersonLinks] = []
        for person in people:
            outcome = counts.outcomes.setdefault(person.user_id, Outcome())
            checked: set[str] = set()
            found: dict[str, list[tuple[int, MergedRelease]]] = {}
            for artist_id in person.artists:
                key = _fetch_key(person, artist_id)
                if key in failed:
                    outcome.fail(failed[key])
                else:
                    checked.add(artist_id)
                    found[artist_id] = saved.get(key, [])
                    if skipped.get(key):
                        outcome.reasons[UNREADABLE] += skipped[key]  # noted, not a failed check
            outcome.ok(len(checked))
            plans.append(links_for(person, found, checked, now))
        await _save_feeds(plans, now, counts, publish)
    finally:
        counts.api_calls, counts.retries, counts.rate_limited = pool.calls, pool.retries, pool.rate_limited
        if own_pool:
            await pool.__aexit__(None, None, None)
        counts.seconds = time.monotonic() - started
    return counts


async def scan_one(user_id: int, **kwargs: object) -> ScanCounts:
    """Scan one person now (their first visit, a changed preference) and record how it went
    for them, as a scheduled run would: their feed's status reads it."""
    counts = await scan_people([user_id], **kwargs)  # type: ignore[arg-type]
    await asyncio.to_thread(job_results.record_people, SCAN_JOB, counts.outcomes)
    return counts


async def _save_feeds(plans: list[PersonLinks], now: dt.datetime, counts: ScanCounts, publish: bool) -> None:
    """Each person's feed (in batches, person by person when a batch fails), then the live news."""
    new_by_user: dict[int, int] = {}
    for group in chunks(plans, 200):
        try:
            new_by_user.update(await asyncio.to_thread(save_people, list(group), now))
        except Exception:
            log.warning("release scan: saving a batch of feeds failed; saving person by person", exc_info=True)
            for one in group:
                try:
                    new_by_user.update(await asyncio.to_thread(save_people, [one], now))
                except Exception:
                    log.exception("release scan: saving the feed of person %s failed", one.person.user_id)
                    counts.people_failed += 1
                    counts.reasons[f"feed {NOT_SAVED}"] += 1
                    counts.outcomes[one.person.user_id] = Outcome(0, max(1, len(one.person.artists)),
                                                                  Counter({f"your feed {NOT_SAVED}": 1}))
    for uid, new in new_by_user.items():
        counts.releases_found += new
        if new:
            counts.new_by_user[uid] = new
            await asyncio.to_thread(webhooks.emit, uid, "release.found", {"new_releases": new, "feed": "/releases"})
            if publish:
                await live.publish(live.Change("releases", user_id=uid, data={"new": new}))

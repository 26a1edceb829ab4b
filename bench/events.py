"""Figures of the events service: merging and searching (offline compute, plus a local fake API).

- merge time for 10,000 events (and 50,000), with ~30 % of them the same concert listed
  by a second source, checking the merged count;
- demo-source generation from the full demo catalog's artists (cold) and search latency
  (city search, 50 km, 90 days; "only my artists"; distance and relevance sorts);
- "my artists on tour" for 25 artists (demo source) and the API calls a tour search and a
  place search cost against the daily quotas;
- a live Ticketmaster search against a local fake API: cold (HTTP + parse, 200 events)
  and warm (the 15-minute database cache).

    .venv/bin/python bench/events.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="sbm-bench-events-")
for key in ("DB_URL", "TICKETMASTER_API_KEY", "BANDSINTOWN_APP_ID"):
    os.environ.pop(key, None)

from services.db import get_engine  # noqa: E402
from services.events.demo import DemoEventSource  # noqa: E402
from services.events.demo_venues import CITIES  # noqa: E402
from services.events.finder import SearchRequest, find_events  # noqa: E402
from services.events.merge import merge_events  # noqa: E402
from services.events.types import Event, TicketLink  # noqa: E402
from services.models import metadata  # noqa: E402


def catalog_artists() -> list[tuple[str, str, tuple[str, ...]]]:
    """The full demo catalog's artists, generated in memory (no database needed)."""
    try:
        from services.catalog.generator import generate_catalog

        cat = generate_catalog()
        return [(a["id"], a["name"], tuple(a["genres"].split("|"))) for a in cat.artists]
    except Exception as exc:  # catalog module changed: synthetic names of the same size
        print(f"(catalog unavailable: {exc}; using 2,100 synthetic artists)")
        return [(f"a{i}", f"Artist {i}", ("rock",)) for i in range(2100)]


def synthetic_events(n: int, base: list[Event], dup_share: float, rng: random.Random) -> list[Event]:
    """`n` events: distinct ones drawn from `base` (re-dated), plus second-source copies ~100 m away."""
    distinct = int(n / (1 + dup_share))
    out: list[Event] = []
    for i in range(distinct):
        e = base[i % len(base)].model_copy(deep=True)
        e.id, e.source, e.sources = f"ticketmaster:{i}", "ticketmaster", ["ticketmaster"]
        e.local_date = e.local_date + timedelta(days=180 * (i // len(base)))
        e.tickets = [TicketLink(source="ticketmaster", url=f"https://tm.example/{i}")]
        out.append(e)
    for i in range(n - distinct):
        src = out[rng.randrange(distinct)]
        dup = src.model_copy(deep=True)
        dup.id, dup.source, dup.sources = f"bandsintown:{i}", "bandsintown", ["bandsintown"]
        dup.venue.lat = (dup.venue.lat or 0) + 0.0009  # ~100 m north
        dup.tickets = [TicketLink(source="bandsintown", url=f"https://bit.example/{i}")]
        out.append(dup)
    rng.shuffle(out)
    return out


def timed(fn, repeats: int) -> tuple[float, float, float, object]:  # type: ignore[no-untyped-def]
    """(median wall, best wall, median CPU) seconds and the last result: CPU time is the
    fairer figure on a shared machine."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), min(walls), statistics.median(cpus), result


def bench_merge(base: list[Event], repeats: int) -> None:
    rng = random.Random(7)
    for n in (10_000, 50_000):
        events = synthetic_events(n, base, 0.3, rng)
        expected = len({e.id.split(":")[1] for e in events if e.source == "ticketmaster"})
        wall, best, cpu, merged = timed(lambda: merge_events(events), repeats)
        ok = "ok" if len(merged) == expected else f"MISMATCH (expected {expected})"  # type: ignore[arg-type]
        print(f"merge {n:>6,} events -> {len(merged):>6,} concerts: median {wall * 1000:7.1f} ms wall "  # type: ignore[arg-type]
              f"(best {best * 1000:.1f}), {cpu * 1000:.1f} ms CPU  ({ok})")


def bench_search(demo: DemoEventSource, repeats: int) -> None:
    today = date.today()
    end = today + timedelta(days=90)
    events = demo.events()
    cities = [c.city for c in CITIES]
    mine = sorted({e.lineup[0] for e in events})[:50]
    cases = {
        "city, 50 km, 90 days, by date": lambda c: SearchRequest(place=c, radius=50, end=end),
        "city, 300 km, by distance": lambda c: SearchRequest(place=c, radius=300, sort="distance", end=end),
        "city, 100 km, relevance + my artists": lambda c: SearchRequest(place=c, radius=100, sort="relevance", my_artists=mine, end=end),
        "city, 500 km, only my artists": lambda c: SearchRequest(place=c, radius=500, my_artists=mine, only_my_artists=True, end=end),
    }
    for label, make in cases.items():
        times, hits = [], []
        for _ in range(repeats):
            for city in cities:
                t = time.perf_counter()
                result = find_events(make(city), sources=[demo])
                times.append(time.perf_counter() - t)
                hits.append(len(result.found))
        times.sort()
        print(f"search {label:<38} median {statistics.median(times) * 1000:6.1f} ms, p95 {times[int(0.95 * len(times))] * 1000:6.1f} ms, "
              f"mean hits {statistics.mean(hits):6.1f}")


def bench_live(repeats: int) -> None:
    from tests.contract.test_ticketmaster import page_body, tm_event
    from tests.fakeapi import FakeAPI, Request, Response

    from services.events.cache import QUERY_TTL
    from services.events.quota import ticketmaster_limiter
    from services.events.sources import CachedSource
    from services.events.ticketmaster import TicketmasterSource

    with FakeAPI() as api:
        items = []
        for i in range(200):  # 200 different concerts around Paris (distinct artists, venues ~300 m apart)
            item = tm_event(i, lat=48.80 + (i % 20) * 0.003, lon=2.30 + (i // 20) * 0.004, artist=f"Artist {i}")
            item["_embedded"]["attractions"] = item["_embedded"]["attractions"][:1]
            items.append(item)

        @api.route("GET", r"/discovery/v2/events\.json")
        def events(req: Request) -> Response:
            return Response.json(page_body(items, 0, 1, 200))

        tm = CachedSource(TicketmasterSource(api_key="k", base_url=api.url + "/discovery/v2/",
                                             limiter=ticketmaster_limiter(rate=1000.0, burst=1000.0)), QUERY_TTL, QUERY_TTL)
        cold, warm = [], []
        for i in range(repeats):
            req = SearchRequest(place="Paris", radius=10 + i, start=date(2030, 6, 1), end=date(2030, 6, 30))
            t = time.perf_counter()
            find_events(req, sources=[tm], today=date(2030, 5, 1))
            cold.append(time.perf_counter() - t)
            t = time.perf_counter()
            find_events(req, sources=[tm], today=date(2030, 5, 1))
            warm.append(time.perf_counter() - t)
        print(f"live Ticketmaster search (fake API, 200 events): cold median {statistics.median(cold) * 1000:.1f} ms, "
              f"cached median {statistics.median(warm) * 1000:.1f} ms, requests {len(api.calls())}")


def bench_tour(demo: DemoEventSource, artists: list[tuple[str, str, tuple[str, ...]]], repeats: int) -> None:
    """"My artists on tour" for 25 artists around Berlin (500 km, 180 days), and what a tour
    search and a place search cost in API calls against the daily quotas."""
    from services.events.quota import ticketmaster_limiter
    from services.events.tour import MAX_TOUR_ARTISTS, followed, tour_near

    mine = followed([a[1] for a in artists[:MAX_TOUR_ARTISTS]], [a[0] for a in artists[:MAX_TOUR_ARTISTS]])
    from services.db import utcnow

    today = utcnow().date()
    req = SearchRequest(place="Berlin", radius=500, start=today, end=today + timedelta(days=179))
    times, last = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        last = tour_near(req, mine, sources=[demo])
        times.append(time.perf_counter() - t)
    assert last is not None
    daily = int(ticketmaster_limiter().daily_limit or 5000)
    print(f"tour search ({len(mine)} artists, demo source): median {statistics.median(times) * 1000:.1f} ms, "
          f"{len(last.result.found)} shows, matched {last.by}; artist lookups per search {last.calls}")
    print(f"calls per search against the quotas: a place search = 1 Ticketmaster request per 200 events "
          f"(≤ 5 pages); a tour search = ≤ {MAX_TOUR_ARTISTS} Ticketmaster + ≤ {MAX_TOUR_ARTISTS} Bandsintown "
          f"requests uncached (0 within the cache: 15 min / 6 h); Ticketmaster's {daily:,}/day allows "
          f"{daily // MAX_TOUR_ARTISTS:,} uncached tour searches or {daily:,} place searches a day")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    metadata.create_all(get_engine())
    artists = catalog_artists()
    demo = DemoEventSource(artists=lambda: artists)
    t = time.perf_counter()
    events = demo.events()
    print(f"demo source: {len(events):,} upcoming events, {len({e.venue.city for e in events})} cities, "
          f"{len({e.venue.name + e.venue.city for e in events})} venues, from {len(artists):,} artists; "
          f"generated in {(time.perf_counter() - t) * 1000:.0f} ms (cold, memoised per day)")
    bench_merge(events, args.repeats)
    bench_search(demo, max(1, args.repeats // 2))
    bench_tour(demo, artists, max(1, args.repeats // 2))
    bench_live(args.repeats)


if __name__ == "__main__":
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    main()

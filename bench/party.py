"""How fast a vote reaches every page of a party room, and what a connected page costs.

    .venv/bin/python bench/party.py [--pages 10 30 50] [--votes 20]

Starts the real app (production mode) on a throw-away data dir, makes a host on
the Pro plan with a room and a queued track (straight through the services),
then for each N opens N headless pages in ONE Chromium, each joining the room
as a guest through the join screen. One page then casts `--votes` votes
(alternately up and withdrawn) and every page records, in the page, the moment
its queue row shows the new score. Printed per N: p50/p95 of the time until the
LAST page showed the vote (and of single pages), and the backend's resident
memory per connected page (RSS with N pages minus RSS before, over N), and
the backend's CPU time per vote (user + system of its processes; a figure that
a busy machine inflates less than wall-clock latency).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(tempfile.mkdtemp(prefix="sbm-bench-party-")) / "data"
os.environ["DATA_DIR"] = str(DATA)
os.environ.pop("DB_URL", None)

from playwright.async_api import Page, async_playwright  # noqa: E402

from tests.apprunner import CHROMIUM, CHROMIUM_ARGS, RunningApp, start_app  # noqa: E402

WAIT_JS = """([expected]) => new Promise((resolve) => {
  let observer = null;
  const check = () => {
    const el = document.querySelector('[data-testid=queue-score]');
    if (el && el.textContent === expected) {
      if (observer) observer.disconnect();
      resolve(Date.now());
      return true;
    }
    return false;
  };
  if (!check()) {
    observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  }
})"""


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def setup_room() -> str:
    """A Pro host (rooms beyond the Free plan's 10 people) and a room with one queued track."""
    from services import accounts, party
    from services.billing import set_plan_override
    from services.db import session_scope
    from services.party import Identity, TrackRef

    user, _ = accounts.sign_up(f"bench-host-{time.time_ns()}@example.com", "good pass 123", "Bench host")
    with session_scope() as db:
        set_plan_override(db, user.id, "pro")
    code = party.create_room(user.id, "Bench party").code
    host = Identity.user(user.id)
    party.add_to_queue(code, host, TrackRef("bench-1", "Playing now", "Bench", duration_ms=600_000))
    party.advance_if_ended(code)
    party.add_to_queue(code, host, TrackRef("bench-2", "Vote on me", "Bench", duration_ms=600_000))
    return code


def backend_cpu_seconds(app: RunningApp) -> float:
    """User + system CPU of the backend worker processes so far."""
    import psutil

    total = 0.0
    for proc in psutil.Process(app.process.pid).children(recursive=True):
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


async def join(page: Page, url: str, name: str) -> None:
    await page.goto(url)
    await page.get_by_test_id("guest-name").fill(name)
    await page.get_by_test_id("join-submit").click()
    await page.get_by_test_id("queue-score").first.wait_for(timeout=120_000)


async def run_n(app: RunningApp, browser, code: str, n: int, votes: int) -> dict[str, float]:
    rss_before = app.backend_rss_mb()
    context = await browser.new_context(base_url=app.url)
    context.set_default_timeout(120_000)  # joining 50 pages on a busy 2-core machine is slow
    pages = [await context.new_page() for _ in range(n)]
    url = f"/party/{code}"
    for start in range(0, n, 5):  # join in small batches: 2 cores
        await asyncio.gather(*(join(p, url, f"Guest {i}") for i, p in enumerate(pages[start : start + 5], start)))
    await asyncio.sleep(2)
    rss_after = app.backend_rss_mb()
    voter = pages[0]
    all_done: list[float] = []
    each: list[float] = []
    current = await voter.get_by_test_id("queue-score").first.inner_text()
    cpu_before = backend_cpu_seconds(app)
    for v in range(votes):
        expected = "0" if current == "+1" else "+1"
        waits = [asyncio.create_task(p.evaluate(WAIT_JS, [expected])) for p in pages]
        await asyncio.sleep(0.05)
        t0 = await voter.evaluate(
            "() => { const t = Date.now(); document.querySelector('[data-testid=vote-up]').click(); return t; }"
        )
        seen = await asyncio.wait_for(asyncio.gather(*waits), timeout=60)
        lags = [s - t0 for s in seen]
        each.extend(lags)
        all_done.append(max(lags))
        current = expected
        await asyncio.sleep(0.3)
    cpu_per_vote = (backend_cpu_seconds(app) - cpu_before) / votes * 1000  # includes the 0.35 s idle gaps
    await context.close()
    return {
        "cpu_ms": cpu_per_vote,
        "n": n,
        "all_p50": pct(all_done, 0.5),
        "all_p95": pct(all_done, 0.95),
        "page_p50": pct(each, 0.5),
        "page_p95": pct(each, 0.95),
        "mb_per_page": (rss_after - rss_before) / n,
        "rss_mb": rss_after,
    }


async def main(sizes: list[int], votes: int) -> None:
    app = start_app(DATA)
    try:
        print(f"app at {app.url}; load average {os.getloadavg()[0]:.2f}")
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print(f"{'pages':>5}  {'all pages p50':>13}  {'all p95':>8}  {'one page p50':>12}  {'p95':>6}  {'MB/page':>7}  {'CPU/vote':>8}  backend RSS")
            for n in sizes:
                code = await asyncio.to_thread(setup_room)
                r = await run_n(app, browser, code, n, votes)
                print(
                    f"{r['n']:>5}  {r['all_p50']:>10.0f} ms  {r['all_p95']:>5.0f} ms  {r['page_p50']:>9.0f} ms  "
                    f"{r['page_p95']:>3.0f} ms  {r['mb_per_page']:>7.2f}  {r['cpu_ms']:>5.0f} ms  {r['rss_mb']:.0f} MB",
                    flush=True,
                )
            await browser.close()
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        app.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 30, 50])
    parser.add_argument("--votes", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.pages, args.votes))

"""One cell of the party bench (`bench/party.py`): N browser pages or N raw clients in a
fresh room on one server, then `votes` votes, timed on every page/client, with the
server's CPU per vote window and (pages) the main-thread time listener pages spend
per vote, read over the Chrome DevTools protocol (`Performance.getMetrics`
`TaskDuration`: every task on the page's main thread, script, style, layout, paint)."""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field

from playwright.async_api import Page

from _party_cpu import CpuMeter, pct, quiesce
from _party_members import VOTE_TIMEOUT, AppMember, PeerMember, RawMember
from _party_servers import Server

TAIL = 0.05  # seconds of each vote's CPU window after the last page/client saw it
GAP = 0.3  # seconds between votes
LISTENERS = 3  # pages whose main-thread time per vote is read (the last ones, never the voter's)
NEGOTIATED: dict[str, list[str]] = {}  # websocket extensions each server accepted from the raw clients

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


def next_score(current: str) -> str:
    """The voter alternates: up, then the same vote again withdraws it."""
    return "0" if current == "+1" else "+1"


@dataclass
class Cell:
    """The figures of N pages or clients on one server."""

    kind: str  # "pages" | "raw"
    n: int
    server: str
    votes: int
    all_done: list[float]  # ms until the last page/client showed each vote
    each: list[float]  # ms until each page/client showed each vote
    fanout_ms: list[float]  # server: vote received -> last frame written, per vote (empty: not logged)
    fanout_sockets: int  # the most sockets one of those fan-outs wrote to
    delivery_ms: list[float]  # last frame written -> last page/client showed it, per vote with a line
    cpu_ms: float  # server CPU per vote (mean over the votes)
    cpu_p50_ms: float  # the median vote's: unlike the mean, not moved by a vote that met a sweep or a GC
    mb_per_conn: float
    settle_s: float  # seconds the server stayed busy after the joins (see `quiesce`)
    load: float  # 1-minute load average when the cell ended
    page_ms: list[float] = field(default_factory=list)  # listener pages' main-thread ms per vote, pooled (pages)


def fanout_per_vote(lines: list[tuple[float, float, int]], sent: list[float]) -> tuple[list[tuple[int, float, float]], int]:
    """The first fan-out that started after each vote was sent (and before the next):
    (the vote's index, its duration in ms, when its last frame was written), per vote
    with a line; and the most sockets one of them wrote to."""
    out, sockets = [], 0
    bounds = sent[1:] + [float("inf")]
    for index, (start, end) in enumerate(zip(sent, bounds, strict=True)):
        inside = sorted(line for line in lines if start - 0.01 <= line[0] < end)
        if inside:
            received, written, count = inside[0]
            out.append((index, (written - received) * 1000, written))
            sockets = max(sockets, count)
    return out, sockets


class VoteRun:
    """The vote phase of one cell: server CPU per vote window, latencies, fan-out lines."""

    def __init__(self, server: Server, code: str, n: int, rss_before: float) -> None:
        self.server, self.code, self.n, self.rss_before = server, code, n, rss_before
        self.all_done: list[float] = []
        self.each: list[float] = []
        self.sent: list[float] = []  # epoch seconds each vote was sent
        self.page_ms: list[float] = []  # listener pages' main-thread time per vote window, pooled

    async def ready(self) -> None:
        """After the joins: wait for the server to go idle, then note memory, CPU and log position."""
        await asyncio.sleep(2)
        self.settle = await quiesce(self.server.pids())
        self.rss_after = self.server.rss_mb()
        self.meter = CpuMeter(self.server.pids())
        self.offset = self.server.log_size()

    def record(self, sent: float, lags_ms: list[float]) -> None:
        self.sent.append(sent)
        self.each.extend(lags_ms)
        self.all_done.append(max(lags_ms))

    async def cell(self, kind: str) -> Cell:
        await asyncio.sleep(0.3)  # let the last fan-out line reach the log
        matched, sockets = fanout_per_vote(self.server.fanouts(self.offset, self.code), self.sent)
        fanout = [ms for _, ms, _ in matched]
        delivery = [(self.sent[i] + self.all_done[i] / 1000 - written) * 1000 for i, _, written in matched]
        votes = len(self.sent)
        return Cell(
            kind, self.n, self.server.name, votes, self.all_done, self.each, fanout, sockets, delivery,
            self.meter.total_ns / 1e6 / votes, pct(self.meter.windows_ns, 0.5) / 1e6,
            (self.rss_after - self.rss_before) / self.n, self.settle, os.getloadavg()[0], self.page_ms,
        )


async def join_page(page: Page, url: str, name: str) -> None:
    await page.goto(url)
    await page.get_by_test_id("guest-name").fill(name)
    await page.get_by_test_id("join-submit").click()
    await page.get_by_test_id("queue-score").first.wait_for(timeout=120_000)


class MainThread:
    """A page's main-thread busy time (`TaskDuration`, seconds) over the DevTools protocol."""

    def __init__(self, page: Page) -> None:
        self.page = page

    async def open(self) -> MainThread:
        self.cdp = await self.page.context.new_cdp_session(self.page)
        await self.cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        return self

    async def busy_s(self) -> float:
        metrics = (await self.cdp.send("Performance.getMetrics"))["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")


async def browser_cell(server: Server, browser, n: int, votes: int) -> Cell:
    """N pages, each in its own browser context: a guest is a browser (its cookie), so
    pages sharing one context would be one guest with one seat."""
    code = await server.new_room()
    run = VoteRun(server, code, n, server.rss_mb())
    contexts = []
    try:
        for _ in range(n):
            context = await browser.new_context(base_url=server.url)
            context.set_default_timeout(120_000)  # joining 50 pages on a busy 2-core machine is slow
            contexts.append(context)
        pages = [await context.new_page() for context in contexts]
        for start in range(0, n, 5):  # join in small batches: 2 cores
            await asyncio.gather(*(join_page(p, f"/party/{code}", f"Guest {i}") for i, p in enumerate(pages[start : start + 5], start)))
        await run.ready()
        voter = pages[0]
        # Other pages than the voter's (when N > 1): one page's figure moves by a third from run
        # to run on 2 shared cores; several pages' pooled samples hold steadier.
        listeners = [await MainThread(p).open() for p in pages[max(1, n - LISTENERS):] or pages]
        current = await voter.get_by_test_id("queue-score").first.inner_text()
        for _ in range(votes):
            expected = next_score(current)
            waits = [asyncio.create_task(p.evaluate(WAIT_JS, [expected])) for p in pages]
            await asyncio.sleep(0.05)
            busy = [await listener.busy_s() for listener in listeners]
            run.meter.start()
            t0 = await voter.evaluate(
                "() => { const t = Date.now(); document.querySelector('[data-testid=vote-up]').click(); return t; }"
            )
            seen = await asyncio.wait_for(asyncio.gather(*waits), timeout=VOTE_TIMEOUT)
            await asyncio.sleep(TAIL)
            run.meter.stop()
            run.page_ms.extend([(await listener.busy_s() - before) * 1000 for listener, before in zip(listeners, busy, strict=True)])
            run.record(t0 / 1000, [s - t0 for s in seen])
            current = expected
            await asyncio.sleep(GAP)
        return await run.cell("pages")
    finally:
        for context in contexts:
            await context.close()


async def raw_cell(server: Server, n: int, votes: int) -> Cell:
    code = await server.new_room()
    run = VoteRun(server, code, n, server.rss_mb())
    member = AppMember if server.name == "app" else PeerMember
    members: list[RawMember] = [member(server.url, code) for _ in range(n)]
    try:
        for start in range(0, n, 10):
            await asyncio.gather(*(m.join(f"Raw {i}") for i, m in enumerate(members[start : start + 10], start)))
        await run.ready()
        voter = members[0]
        NEGOTIATED[server.name] = voter.client.extensions
        current = voter.score or "0"
        for _ in range(votes):
            expected = next_score(current)
            waits = [m.expect(expected) for m in members]
            run.meter.start()
            t0 = time.time()
            await voter.vote()
            seen = await asyncio.wait_for(asyncio.gather(*waits), timeout=VOTE_TIMEOUT)
            await asyncio.sleep(TAIL)
            run.meter.stop()
            run.record(t0, [(s - t0) * 1000 for s in seen])
            current = expected
            await asyncio.sleep(GAP)
        return await run.cell("raw")
    finally:
        await asyncio.gather(*(m.close() for m in members), return_exceptions=True)

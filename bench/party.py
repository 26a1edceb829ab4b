"""How fast a vote reaches every page of a party room, against a reference peer (issue 12).

    .venv/bin/python bench/party.py [--pages 10 30 50] [--raw 10 30 50 100] [--votes 20]
                                    [--no-browser] [--no-raw] [--no-peer] [--peer-no-deflate]

Starts the real app (production mode, `PARTY_TRACE=1`) on a throw-away data dir
and the reference peer `bench/_party_peer.py` (a plain python-socketio ASGI room
on uvicorn: same page test ids, same vote, one `emit(..., to=room)`), each in
its own process on a free port. Then, in one run, cells alternate app / peer
for each N:

- browser cells (`--pages`): N headless pages in ONE Chromium join a fresh room
  as guests through the join screen; one page casts `--votes` votes
  (alternately up and withdrawn) and every page records, in the page, the
  moment its `queue-score` shows the new score.
- raw cells (`--raw`, no browser): N websocket clients (`bench/_sio_wire.py`)
  join the room the way a page does. On the app they speak Reflex 0.10's
  protocol: connect to `/_event/?token=<uuid>` with the `hydrate_and_load`
  event in the CONNECT auth (router data for `/party/CODE`: the backend runs
  the page's on_load), then `PartyMeState.join {form: {display_name}}` and
  `PartyMeState.vote {item_id, value: 1}` (the same again withdraws). A client
  counts a vote as seen when a delta carries the room's queue (a var whose key
  ends with `queue_rx_state_`) with the new score on the item: by content, so
  any transport that delivers the queue is measured alike.

After the joins each cell waits until the server is idle (the `settle` column:
how long the joins' follow-up work kept it busy), so that work stays out of
the vote figures. Printed per cell: p50/p95 of the time until the LAST
page/client showed the vote (from the click or send), and of single pages
and clients; the server's fan-out time (from the lines `party-fanout code=
version= sockets= received= written=` that the app logs on `state.party` with
`PARTY_TRACE=1` and the peer prints: receiving the vote to the emit to the room
returning; "n/a" when the server logs none) and what came after it (`after`:
the last frame written until the last page or client showed the vote, i.e. the
browsers' side of a vote); the server's CPU per vote, mean and median vote (user + system of
its process tree from /proc schedstat, over each vote's window only: send until
every page/client saw it, plus 50 ms); its resident memory per connection; and
the ratio app / peer for the p50s and the CPU. Last, the websocket compression each
server accepted (it costs CPU per frame) and the issue's done criteria:
p50 ratio <= 1.3 in the browser cells at N = 10, 30, 50 (each with the app's
browser side alone against the peer's whole vote) and CPU ratio <= 2 in the
raw cell at N = 100. The load average is printed before and after: the
machine's 2 cores are shared, so figures from a busy run are upper bounds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DATA = Path(tempfile.mkdtemp(prefix="sbm-bench-party-")) / "data"
os.environ["DATA_DIR"] = str(DATA)
os.environ.pop("DB_URL", None)

import httpx  # noqa: E402
import psutil  # noqa: E402
from playwright.async_api import Page, async_playwright  # noqa: E402

from _sio_wire import SioClient  # noqa: E402
from tests.apprunner import CHROMIUM, CHROMIUM_ARGS, free_port, start_app  # noqa: E402

VOTE_TIMEOUT = 60.0  # seconds for every page/client to show one vote
TAIL = 0.05  # seconds of each vote's CPU window after the last page/client saw it
GAP = 0.3  # seconds between votes
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

FANOUT = re.compile(
    r"party-fanout code=(?P<code>\S+) version=(?P<version>\d+) sockets=(?P<sockets>\d+) "
    r"received=(?P<received>[\d.]+) written=(?P<written>[\d.]+)"
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def next_score(current: str) -> str:
    """The voter alternates: up, then the same vote again withdraws it."""
    return "0" if current == "+1" else "+1"


# --------------------------------------------------------------------------- CPU


def _thread_ns(pid: int) -> dict[tuple[int, int], int]:
    """Nanoseconds on CPU of each live thread of a process (/proc schedstat: exact, not ticks)."""
    out: dict[tuple[int, int], int] = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                out[(pid, int(tid))] = int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return out


class CpuMeter:
    """CPU time of a fixed set of processes, summed over chosen windows.

    Per-thread schedstat instead of `cpu_times()`: a vote costs a few ms, below
    the 10 ms tick that `cpu_times()` counts in. A thread that starts inside a
    window counts in full; one that ends inside it is lost (worker pools keep
    their threads, so this is rare)."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.total_ns = 0
        self.windows_ns: list[int] = []
        self._start: dict[tuple[int, int], int] | None = None

    def _sample(self) -> dict[tuple[int, int], int]:
        sample: dict[tuple[int, int], int] = {}
        for pid in self.pids:
            sample.update(_thread_ns(pid))
        return sample

    def start(self) -> None:
        self._start = self._sample()

    def stop(self) -> None:
        assert self._start is not None
        end = self._sample()
        window = sum(ns - self._start.get(key, 0) for key, ns in end.items() if ns >= self._start.get(key, 0))
        self.total_ns += window
        self.windows_ns.append(window)
        self._start = None


async def quiesce(pids: list[int], idle: float = 0.05, timeout: float = 180) -> float:
    """Wait until the server is idle (under `idle` of one core for two 0.5 s windows):
    the work joins leave behind (chained events, their fan-outs) must not land in
    the vote windows. Returns the seconds waited."""
    meter, calm = CpuMeter(pids), 0
    started = time.monotonic()
    while calm < 2 and time.monotonic() < started + timeout:
        before = meter.total_ns
        meter.start()
        await asyncio.sleep(0.5)
        meter.stop()
        calm = calm + 1 if (meter.total_ns - before) / 0.5e9 < idle else 0
    return time.monotonic() - started


# --------------------------------------------------------------------------- the two servers


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


@dataclass
class Server:
    """One server under test: where it answers, its processes, where its fan-out lines go."""

    name: str  # "app" | "peer"
    url: str
    process: subprocess.Popen[bytes] | Any
    log_path: Path
    include_root: bool  # the peer IS its process; the app's `reflex run` CLI only waits on its children

    def pids(self) -> list[int]:
        root = psutil.Process(self.process.pid)
        procs = ([root] if self.include_root else []) + root.children(recursive=True)
        return [p.pid for p in procs]

    def rss_mb(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                total += psutil.Process(pid).memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total / 2**20

    async def new_room(self) -> str:
        if self.name == "app":
            return await asyncio.to_thread(setup_room)
        return "P" + secrets.token_hex(3).upper()

    def log_size(self) -> int:
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def fanouts(self, offset: int, code: str) -> list[tuple[float, float, int]]:
        """(received, written, sockets) of the fan-out lines for `code` logged since `offset`."""
        with open(self.log_path, "rb") as f:
            f.seek(offset)
            text = f.read().decode(errors="replace")
        return [
            (float(m["received"]), float(m["written"]), int(m["sockets"]))
            for m in FANOUT.finditer(text)
            if m["code"] == code
        ]


def start_peer(log_dir: Path, deflate: bool = True) -> Server:
    port = free_port()
    log_path = log_dir / "party-peer.log"
    log_file = open(log_path, "wb")  # noqa: SIM115 - lives as long as the peer
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "_party_peer.py"), "--port", str(port)] + ([] if deflate else ["--no-deflate"]),
        cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the peer exited:\n{log_path.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200:
                return Server("peer", url, process, log_path, include_root=True)
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the peer did not start in time")
        time.sleep(0.2)


def stop_peer(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


# --------------------------------------------------------------------------- raw clients


class RawMember:
    """One websocket client in a room; knows the queued item's score as last received."""

    def __init__(self) -> None:
        self.item_id: str | None = None
        self.score: str | None = None
        self.joined = asyncio.Event()
        self._waiters: list[tuple[str, asyncio.Future[float]]] = []
        self.client: SioClient

    def expect(self, score: str) -> asyncio.Future[float]:
        """A future set to the receive time of the first message showing `score`."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._waiters.append((score, future))
        return future

    def _saw_queue(self, queue: list[dict[str, Any]], at: float) -> None:
        item = next((q for q in queue if self.item_id is None or str(q.get("id")) == self.item_id), None)
        if item is None:
            return
        self.item_id, self.score = str(item.get("id")), str(item.get("score"))
        self.joined.set()
        keep = []
        for expected, future in self._waiters:
            if future.done():
                continue
            if expected == self.score:
                future.set_result(at)
            else:
                keep.append((expected, future))
        self._waiters = keep

    async def join(self, name: str) -> None:
        raise NotImplementedError

    async def vote(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        await self.client.close()


def app_event_names() -> dict[str, str]:
    """The handler names the compiled frontend sends (read from the state classes)."""
    import reflex as rx
    from reflex_base.constants import CompileVars
    from reflex_base.utils.format import format_event_handler

    from state.party import PartyMeState

    return {
        "hydrate": f"{rx.State.get_full_name()}.{CompileVars.HYDRATE_AND_LOAD}",
        "join": format_event_handler(PartyMeState.event_handlers["join"]),
        "vote": format_event_handler(PartyMeState.event_handlers["vote"]),
    }


class AppMember(RawMember):
    """A party page of the app, as the browser's Reflex client drives it, without the page."""

    names: dict[str, str] = {}

    def __init__(self, url: str, code: str) -> None:
        super().__init__()
        if not AppMember.names:
            AppMember.names = app_event_names()
        path = f"/party/{code}"
        self.router_data = {"pathname": path, "asPath": path, "query": {"code": code}}
        self.hydrated = asyncio.Event()
        hydrate = {"name": self.names["hydrate"], "payload": {}, "router_data": self.router_data}
        self.client = SioClient(
            url, "/_event", namespace="/_event", query={"token": str(uuid.uuid4())},
            auth={"event": hydrate}, on_event=self._on_event,
        )

    def _on_event(self, name: str, data: Any, at: float) -> None:
        # Any event carrying a delta counts (Reflex sends "event"; a room transport may name its own).
        if not isinstance(data, dict):
            return
        for substate in (data.get("delta") or {}).values():
            if not isinstance(substate, dict):
                continue
            if substate.get("is_hydrated_rx_state_") is True:
                self.hydrated.set()  # the page's on_load ran: the join form is up
            for key, value in substate.items():
                if key.endswith("queue_rx_state_") and isinstance(value, list):
                    self._saw_queue(value, at)

    async def _send(self, handler: str, payload: dict[str, Any]) -> None:
        await self.client.emit("event", {"name": self.names[handler], "payload": payload, "router_data": self.router_data})

    async def join(self, name: str) -> None:
        await self.client.connect()
        await asyncio.wait_for(self.hydrated.wait(), VOTE_TIMEOUT)
        await self._send("join", {"form": {"display_name": name}})
        await asyncio.wait_for(self.joined.wait(), VOTE_TIMEOUT)

    async def vote(self) -> None:
        await self._send("vote", {"item_id": self.item_id, "value": 1})


class PeerMember(RawMember):
    """A page of the reference peer, without the page."""

    def __init__(self, url: str, code: str) -> None:
        super().__init__()
        self.code = code
        self.client = SioClient(url, "/socket.io", on_event=self._on_event)

    def _on_event(self, name: str, data: Any, at: float) -> None:
        if name == "room" and isinstance(data, dict):
            self._saw_queue(data.get("queue") or [], at)

    async def join(self, name: str) -> None:
        await self.client.connect()
        await self.client.emit("join", {"code": self.code, "name": name})
        await asyncio.wait_for(self.joined.wait(), VOTE_TIMEOUT)

    async def vote(self) -> None:
        await self.client.emit("vote", {"item_id": self.item_id, "value": 1})


# --------------------------------------------------------------------------- cells


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
            (self.rss_after - self.rss_before) / self.n, self.settle, os.getloadavg()[0],
        )


async def join_page(page: Page, url: str, name: str) -> None:
    await page.goto(url)
    await page.get_by_test_id("guest-name").fill(name)
    await page.get_by_test_id("join-submit").click()
    await page.get_by_test_id("queue-score").first.wait_for(timeout=120_000)


async def browser_cell(server: Server, browser, n: int, votes: int) -> Cell:
    code = await server.new_room()
    run = VoteRun(server, code, n, server.rss_mb())
    context = await browser.new_context(base_url=server.url)
    context.set_default_timeout(120_000)  # joining 50 pages on a busy 2-core machine is slow
    try:
        pages = [await context.new_page() for _ in range(n)]
        for start in range(0, n, 5):  # join in small batches: 2 cores
            await asyncio.gather(*(join_page(p, f"/party/{code}", f"Guest {i}") for i, p in enumerate(pages[start : start + 5], start)))
        await run.ready()
        voter = pages[0]
        current = await voter.get_by_test_id("queue-score").first.inner_text()
        for _ in range(votes):
            expected = next_score(current)
            waits = [asyncio.create_task(p.evaluate(WAIT_JS, [expected])) for p in pages]
            await asyncio.sleep(0.05)
            run.meter.start()
            t0 = await voter.evaluate(
                "() => { const t = Date.now(); document.querySelector('[data-testid=vote-up]').click(); return t; }"
            )
            seen = await asyncio.wait_for(asyncio.gather(*waits), timeout=VOTE_TIMEOUT)
            await asyncio.sleep(TAIL)
            run.meter.stop()
            run.record(t0 / 1000, [s - t0 for s in seen])
            current = expected
            await asyncio.sleep(GAP)
        return await run.cell("pages")
    finally:
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


# --------------------------------------------------------------------------- report

HEADER = (
    f"{'cell':<6} {'N':>4}  {'server':<8} {'all p50':>8} {'all p95':>8} {'one p50':>8} {'one p95':>8}"
    f"  {'fan-out p50/p95 /sockets':>24}  {'after p50':>9}  {'CPU/vote mean (p50)':>19}  {'MB/conn':>7}  {'settle':>6}  {'load':>5}"
)


def cell_line(c: Cell) -> str:
    fan = "n/a"
    if c.fanout_ms:  # "/N sockets", and how many votes had a line when not all did
        fan = f"{pct(c.fanout_ms, 0.5):.1f}/{pct(c.fanout_ms, 0.95):.1f} ms /{c.fanout_sockets}"
        fan += f" ({len(c.fanout_ms)}/{c.votes})" if len(c.fanout_ms) < c.votes else ""
    after = f"{pct(c.delivery_ms, 0.5):.1f} ms" if c.delivery_ms else "n/a"
    return (
        f"{c.kind:<6} {c.n:>4}  {c.server:<8} {pct(c.all_done, 0.5):>5.0f} ms {pct(c.all_done, 0.95):>5.0f} ms"
        f" {pct(c.each, 0.5):>5.0f} ms {pct(c.each, 0.95):>5.0f} ms  {fan:>24}  {after:>9}  {c.cpu_ms:>6.1f} ({c.cpu_p50_ms:>5.1f}) ms  {c.mb_per_conn:>7.2f}  {c.settle_s:>4.0f} s  {c.load:>5.2f}"
    )


def ratios(app: Cell, peer: Cell) -> dict[str, float]:
    return {
        "p50": pct(app.all_done, 0.5) / max(pct(peer.all_done, 0.5), 0.1),
        "p95": pct(app.all_done, 0.95) / max(pct(peer.all_done, 0.95), 0.1),
        "cpu": app.cpu_ms / max(peer.cpu_ms, 0.01),
        "cpu_p50": app.cpu_p50_ms / max(peer.cpu_p50_ms, 0.01),
    }


def ratio_line(app: Cell, peer: Cell) -> str:
    r = ratios(app, peer)
    return f"{'':<6} {'':>4}  {'app/peer':<8} {r['p50']:>7.1f}x {r['p95']:>7.1f}x {'':>8} {'':>8}  {'':>24}  {'':>9}  {r['cpu']:>6.1f}x ({r['cpu_p50']:.1f}x)"


def verdict(cells: list[Cell]) -> list[str]:
    """The issue's done criteria, for the cells this run has."""
    by = {(c.kind, c.n, c.server): c for c in cells}
    out = []
    for n in (10, 30, 50):
        if ("pages", n, "app") in by and ("pages", n, "peer") in by:
            app, peer = by["pages", n, "app"], by["pages", n, "peer"]
            r = ratios(app, peer)["p50"]
            line = f"pages N={n}: all-pages p50 app/peer {r:.2f} (<= 1.3: {'yes' if r <= 1.3 else 'NO'})"
            if app.delivery_ms:  # the browser side alone, against the whole of the peer's vote
                after = pct(app.delivery_ms, 0.5)
                line += (f"; the app's pages alone (last frame written -> last page) p50 {after:.0f} ms"
                         f" = {after / max(pct(peer.all_done, 0.5), 0.1):.2f}x the peer's whole vote")
            out.append(line)
    if ("raw", 100, "app") in by and ("raw", 100, "peer") in by:
        r = ratios(by["raw", 100, "app"], by["raw", 100, "peer"])["cpu"]
        out.append(f"raw N=100: CPU per vote app/peer {r:.2f} (<= 2: {'yes' if r <= 2 else 'NO'})")
    return out


async def run_cells(kind: str, sizes: list[int], servers: list[Server], votes: int, browser=None) -> list[Cell]:
    cells = []
    for n in sizes:
        pair = []
        for server in servers:  # alternate app / peer for each N
            if kind == "pages":
                cell = await browser_cell(server, browser, n, votes)
            else:
                cell = await raw_cell(server, n, votes)
            print(cell_line(cell), flush=True)
            pair.append(cell)
        if len(pair) == 2:
            print(ratio_line(pair[0], pair[1]), flush=True)
        cells += pair
    return cells


async def main(args: argparse.Namespace) -> None:
    started = time.monotonic()
    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores", flush=True)
    app = start_app(DATA, extra_env={"PARTY_TRACE": "1"})
    servers = [Server("app", app.url, app.process, app.log_path, include_root=False)]
    try:
        if not args.no_peer:  # after the app: its build provides the socket.io client script
            servers.append(start_peer(DATA.parent, deflate=not args.peer_no_deflate))
        print("  ".join(f"{s.name} at {s.url}" for s in servers) + f"; {args.votes} votes per cell", flush=True)
        print(HEADER, flush=True)
        cells: list[Cell] = []
        if args.pages and not args.no_browser:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                cells += await run_cells("pages", args.pages, servers, args.votes, browser)
                await browser.close()
        if args.raw:
            cells += await run_cells("raw", args.raw, servers, args.votes)
        if NEGOTIATED:
            print("websocket compression with the raw clients (browsers offer the same): " + ", ".join(
                f"{name} {'+'.join(ext) or 'none'}" for name, ext in NEGOTIATED.items()))
        for line in verdict(cells):
            print(line)
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; run took {time.monotonic() - started:.0f} s", flush=True)
    finally:
        for server in servers[1:]:
            stop_peer(server)
        app.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[10, 30, 50], help="browser cells: pages per room")
    parser.add_argument("--raw", type=int, nargs="*", default=[10, 30, 50, 100], help="raw cells: websocket clients per room")
    parser.add_argument("--votes", type=int, default=20, help="votes per cell")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser cells")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw-client cells")
    parser.add_argument("--no-peer", action="store_true", help="measure the app alone")
    parser.add_argument("--peer-no-deflate", action="store_true", help="the peer refuses websocket compression, like the app")
    cli = parser.parse_args()
    if cli.no_raw:
        cli.raw = []
    asyncio.run(main(cli))

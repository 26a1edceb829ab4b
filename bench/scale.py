"""Past one machine, measured (issue 28): the scale topology's figures, bounded in time.

    .venv/bin/python bench/scale.py [--steps 20 50 100] [--step-seconds 12] [--listeners 1000]
                                    [--votes 10] [--idle-tabs 200] [--join-budget 150] [--soak-minutes 0]

Starts `make scale`'s topology (deploy/local.py: PostgreSQL, Redis, 2 Granian workers
behind nginx; backend only, no frontend build) on throw-away databases and runs:

1. capacity: closed-loop party members (rooms of 10; each votes, waits for its own
   answer, thinks 1 s, votes again) in steps of `--steps` clients for `--step-seconds`,
   first against ONE worker (its own port), then against TWO through the proxy.
   Printed per step: clients connected, events/s answered, p50/p95 event latency.
   Capacity = the most clients (and their events/s) with p95 < 300 ms; the steps go on
   until p95 passes 3 s (how latency grows matters on a shared machine too).
2. fan-out: `--listeners` raw listeners join one room on one worker (the joins get
   `--join-budget` seconds; the figure says how many made it), one votes `--votes`
   times: time until ALL listeners show the vote (p50/p95) and the worker's CPU per
   vote, against the python-socketio peer (bench/_party_peer.py) with as many listeners.
3. memory per idle tab: `--idle-tabs` pages hydrated on `/party/CODE` (join screen),
   then idle: worker RSS and Redis memory growth per tab.
4. soak (`--soak-minutes N`, off by default; 30 is the issue's): the capacity load at
   half the one-worker capacity on two workers, RSS sampled every 30 s; growth after
   the first third, errors and lost votes.

The faults (kill -9 a worker, leader failover) are tests: tests/e2e/test_scale_faults.py.
The bench and the servers share the machine's cores: the load average is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psutil  # noqa: E402

from _party_cpu import CpuMeter, quiesce
from _party_cpu import pct as _pct  # noqa: E402  (the party bench's CPU meter)
from _party_members import PeerMember  # noqa: E402
from _party_servers import start_peer, stop_peer  # noqa: E402  (the python-socketio peer)
from bench.load.members import Member  # noqa: E402
from deploy.local import Topology, free_port  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/14"
DATABASE = "sbm_scale_bench"
P95_TARGET_MS = 300.0


def pct(values: list[float], q: float) -> float:
    return _pct(values, q) if values else float("nan")


def rooms(topo: Topology, count: int) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "bench.load.room", "--rooms", str(count)], cwd=ROOT,
                         env=topo.env(), capture_output=True, text=True, check=True).stdout.split()
    return out


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            total += psutil.Process(pid).memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


class LoopMember(Member):
    """A member that votes, waits for its own answer (`my_votes` in its delta), thinks, votes again."""

    def __init__(self, url: str, code: str) -> None:
        super().__init__(url, code)
        self.sent_at = 0.0
        self.answer = asyncio.Event()
        self.latencies: list[float] = []
        self.errors = 0

    def _on_event(self, name, data, at):  # type: ignore[no-untyped-def, override]
        super()._on_event(name, data, at)
        if isinstance(data, dict) and any(
            isinstance(sub, dict) and any(k.endswith("my_votes_rx_state_") for k in sub)
            for sub in (data.get("delta") or {}).values()
        ):
            if self.sent_at:
                self.latencies.append((at - self.sent_at) * 1000)
                self.sent_at = 0.0
            self.answer.set()

    async def loop(self, until: float, think: float = 1.0) -> None:
        while time.time() < until:
            self.answer.clear()
            self.sent_at = time.time()
            await self.vote()
            try:
                await asyncio.wait_for(self.answer.wait(), 10)
            except asyncio.TimeoutError:
                self.errors += 1
                self.sent_at = 0.0
            await asyncio.sleep(think)


async def capacity(url: str, codes: list[str], steps: list[int], seconds: float, label: str,
                   pids: list[int]) -> list[dict]:
    """Closed-loop members in steps; stops after the first step over the p95 target."""
    members: list[LoopMember] = []
    out = []
    for n in steps:
        while len(members) < n:  # a room of 10 at a time
            batch = [LoopMember(url, codes[(len(members) + j) // 10]) for j in range(min(10, n - len(members)))]
            await asyncio.gather(*(m.join(f"L{len(members) + j}") for j, m in enumerate(batch)))
            members.extend(batch)
        await quiesce(pids, timeout=60)  # the joins' follow-up work stays out of the step
        for m in members:
            m.latencies.clear()
        until = time.time() + seconds
        await asyncio.gather(*(m.loop(until) for m in members))
        lat = [x for m in members for x in m.latencies]
        row = {"where": label, "clients": n, "events_s": len(lat) / seconds, "p50": pct(lat, 0.5),
               "p95": pct(lat, 0.95), "errors": sum(m.errors for m in members), "load": os.getloadavg()[0]}
        out.append(row)
        print(f"  {label:10} {n:4d} clients  {row['events_s']:6.1f} events/s  p50 {row['p50']:6.0f} ms  "
              f"p95 {row['p95']:6.0f} ms  timeouts {row['errors']}  load {row['load']:.1f}", flush=True)
        if row["p95"] > 10 * P95_TARGET_MS or row["errors"]:  # far past the target: more clients say nothing new
            break
    for m in members:
        await m.close()
    return out


def best(rows: list[dict]) -> dict | None:
    ok = [r for r in rows if r["p95"] <= P95_TARGET_MS and r["errors"] == 0]
    return max(ok, key=lambda r: r["clients"]) if ok else None


async def join_many(members: list, budget: float, batch: int = 25) -> list:
    """Join in batches until the budget is spent; returns those that joined."""
    joined: list = []
    deadline = time.monotonic() + budget
    for i in range(0, len(members), batch):
        if time.monotonic() > deadline:
            break
        group = members[i:i + batch]
        results = await asyncio.gather(*(m.join(f"F{i + k}") for k, m in enumerate(group)), return_exceptions=True)
        joined.extend(m for m, r in zip(group, results, strict=True) if not isinstance(r, BaseException))
    return joined


async def fanout(url: str, code: str, pids: list[int], n: int, votes: int, budget: float, peer: bool) -> dict:
    make = (lambda: PeerMember(url, code)) if peer else (lambda: Member(url, code))
    listeners = await join_many([make() for _ in range(n)], budget)
    voter = listeners[0]
    await quiesce(pids, timeout=60)
    meter = CpuMeter(pids)
    all_done: list[float] = []
    score = int(voter.score or 0)
    for _ in range(votes):
        score = score + 1 if score == 0 else 0
        expected = f"+{score}" if score > 0 else str(score)
        futures = [m.expect(expected) for m in listeners] if peer else None
        sent = time.time()
        meter.start()
        await voter.vote()
        if peer:
            seen = await asyncio.wait_for(asyncio.gather(*futures), 60)
        else:
            seen = await asyncio.gather(*(m.wait_score(expected, 60) for m in listeners))
            for m in listeners:
                m.scores.clear()
        meter.stop()
        all_done.append((max(seen) - sent) * 1000)
        await asyncio.sleep(0.3)
    for m in listeners:
        await m.close()
    return {"listeners": len(listeners), "p50": pct(all_done, 0.5), "p95": pct(all_done, 0.95),
            "cpu_ms": meter.total_ns / 1e6 / votes}


async def idle_tabs(topo: Topology, code: str, n: int) -> dict:
    import redis

    worker = topo.nodes[0]
    client = redis.Redis.from_url(REDIS_URL)
    await quiesce(worker.pids(), timeout=60)
    rss0, redis0 = rss_mb(worker.pids()), client.info("memory")["used_memory"] / 2**20
    tabs = [Member(worker.url, code) for _ in range(n)]
    for i in range(0, n, 25):
        await asyncio.gather(*(t.open() for t in tabs[i:i + 25]))
    await asyncio.sleep(3)
    await quiesce(worker.pids(), timeout=60)
    rss1, redis1 = rss_mb(worker.pids()), client.info("memory")["used_memory"] / 2**20
    for t in tabs:
        await t.close()
    return {"tabs": n, "rss_kb": (rss1 - rss0) * 1024 / n, "redis_kb": (redis1 - redis0) * 1024 / n}


async def soak(topo: Topology, codes: list[str], clients: int, minutes: float) -> None:
    members = [LoopMember(topo.url, codes[i // 10]) for i in range(clients)]
    await join_many(members, 300)
    until = time.time() + minutes * 60
    samples: list[float] = []

    async def sample() -> None:
        while time.time() < until:
            samples.append(sum(rss_mb(w.pids()) for w in topo.nodes))
            await asyncio.sleep(30)

    await asyncio.gather(sample(), *(m.loop(until) for m in members))
    warm = samples[len(samples) // 3:] or samples
    growth = (warm[-1] - warm[0]) / warm[0] * 100 if warm else float("nan")
    errors = sum(m.errors for m in members)
    print(f"soak: {minutes:.0f} min, {clients} clients: RSS {warm[0]:.0f} -> {warm[-1]:.0f} MB after warm-up "
          f"({growth:+.1f} %), {errors} timeouts")


async def main(args: argparse.Namespace) -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'],
                   check=True, capture_output=True)
    run_dir = Path(tempfile.mkdtemp(prefix="sbm-bench-scale-"))
    topo = Topology(workers=2, port=free_port(), run_dir=run_dir, database=DATABASE, redis_url=REDIS_URL,
                    serve_pages=False, extra_env={"APP_ENV": "test", "SCHEDULER_ENABLED": "true"})
    print(f"load average before: {os.getloadavg()}; cores: {os.cpu_count()} (shared with everything else running)")
    started = time.monotonic()
    topo.prepare(build=False)
    topo.start()
    print(f"topology up in {time.monotonic() - started:.0f} s: {topo.url} -> " + ", ".join(w.url for w in topo.nodes))
    peer = start_peer(run_dir)
    try:
        codes = rooms(topo, (max(args.steps) if args.steps else 10) // 10 * 2 + 3)
        if args.steps:
            print("1. capacity (closed loop: vote, own answer, 1 s think; rooms of 10)")
            both = [p for w in topo.nodes for p in w.pids()]
            one = await capacity(topo.nodes[0].url, codes, args.steps, args.step_seconds, "1 worker", both)
            two = await capacity(topo.url, codes[len(codes) // 2:], args.steps, args.step_seconds, "2 workers", both)
            b1, b2 = best(one), best(two)
            if b1 and b2:
                print(f"  capacity under p95 {P95_TARGET_MS:.0f} ms: 1 worker {b1['clients']} clients "
                      f"({b1['events_s']:.1f} ev/s), 2 workers {b2['clients']} ({b2['events_s']:.1f} ev/s): "
                      f"x{b2['events_s'] / b1['events_s']:.2f}")
        if args.listeners:
            print(f"2. fan-out: one vote to {args.listeners} raw listeners ({args.votes} votes)")
            app = await fanout(topo.nodes[1].url, codes[-1], topo.nodes[1].pids(), args.listeners, args.votes,
                               args.join_budget, peer=False)
            ref = await fanout(peer.url, "PSCALE", peer.pids(), app["listeners"], args.votes, args.join_budget, peer=True)
            for name, r in (("app", app), ("peer", ref)):
                print(f"  {name:4} {r['listeners']:5d} listeners: all delivered p50 {r['p50']:6.0f} ms  "
                      f"p95 {r['p95']:6.0f} ms  CPU/vote {r['cpu_ms']:6.1f} ms")
            print(f"  ratio app/peer: p95 x{app['p95'] / ref['p95']:.2f}, CPU/vote x{app['cpu_ms'] / ref['cpu_ms']:.2f}")
        if args.idle_tabs:
            r = await idle_tabs(topo, codes[-2], args.idle_tabs)
            print(f"3. memory per idle tab ({r['tabs']} tabs on one worker): worker RSS {r['rss_kb']:.0f} KB, "
                  f"Redis {r['redis_kb']:.0f} KB")
        if args.soak_minutes:
            await soak(topo, codes, max(10, args.steps[0]), args.soak_minutes)
    finally:
        stop_peer(peer)
        topo.stop()
    print(f"load average after: {os.getloadavg()}; total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, nargs="*", default=[20, 50, 100])
    parser.add_argument("--step-seconds", type=float, default=12.0)
    parser.add_argument("--listeners", type=int, default=200)  # the Pro plan's room size (services/billing/plans.py)
    parser.add_argument("--votes", type=int, default=10)
    parser.add_argument("--idle-tabs", type=int, default=200)
    parser.add_argument("--join-budget", type=float, default=150.0)
    parser.add_argument("--soak-minutes", type=float, default=0.0)
    asyncio.run(main(parser.parse_args()))

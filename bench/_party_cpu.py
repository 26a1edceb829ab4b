"""The party bench's CPU meter (`bench/party.py`): exact per-thread CPU time from
/proc schedstat over chosen windows, and waiting for a server to go idle."""

from __future__ import annotations

import asyncio
import os
import time


def pct(values: list[float], q: float) -> float:
    """The `q` quantile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


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

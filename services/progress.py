"""Progress of long work, the one way from the work to the pages that wait for it.

The work (a service function running in a worker thread, or a scheduler job)
reports through a `Tracker`: `tracker(fraction, message)` — the `on_progress`
callback the label's services already take — or `tracker.step(name, detail)`
for work made of named steps (a world build). The tracker keeps only the latest
`JobProgress` (reports are cheap, so work may report as often as it likes) and
the web layer shows it:

- work started by a page's background event: `state.progress.run_with_progress`
  runs the work with a tracker and copies the latest progress into the page a
  few times a second (bursts coalesce; a finished run is shown at once);
- work running elsewhere (a scheduler job, another worker): a `Publisher` is a
  tracker that also announces the latest progress on the `live` topic
  `progress` for one person (throttled), and `state.progress.on_progress(key,
  State, apply)` shows it in every tab that person has open.

Pages show a `JobProgress` with `components.progress.job_progress`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from services import live

TOPIC = "progress"
Report = Callable[[float, str], None]  # what long work calls: on_progress(fraction 0..1, message)


@dataclass(frozen=True, slots=True)
class JobProgress:
    """Where a piece of long work is, as a page shows it."""

    active: bool = False
    percent: int = 0  # 0-100
    message: str = ""
    step: str = ""  # the named step running now ("" for work that reports fractions)
    done_steps: tuple[str, ...] = ()
    error: str = ""  # why it stopped, when it failed

    def to_data(self) -> dict[str, Any]:
        """Plain values for a `live.Change`."""
        return {"active": self.active, "percent": self.percent, "message": self.message, "step": self.step,
                "done_steps": list(self.done_steps), "error": self.error}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> JobProgress:
        return cls(active=bool(data.get("active")), percent=int(data.get("percent") or 0),
                   message=str(data.get("message") or ""), step=str(data.get("step") or ""),
                   done_steps=tuple(str(s) for s in data.get("done_steps") or ()), error=str(data.get("error") or ""))


IDLE = JobProgress()


def _percent(fraction: float) -> int:
    return int(round(100 * max(0.0, min(1.0, fraction))))


class Tracker:
    """Collects a work's reports from any thread; `take()` hands the latest one over once.

    `steps` (the names of the work's steps, in order) lets `step()` say how far
    along the work is: a step's start counts the steps before it as done.
    """

    def __init__(self, steps: Sequence[str] = (), message: str = "Starting") -> None:
        self._steps = tuple(steps)
        self._lock = threading.Lock()
        self._current = JobProgress(active=True, message=message)
        self._fresh = True

    def _set(self, progress: JobProgress) -> None:
        with self._lock:
            self._current, self._fresh = progress, True
        self._changed(progress)

    def _changed(self, progress: JobProgress) -> None:
        """Called after each report (a publisher announces it)."""

    def __call__(self, fraction: float, message: str) -> None:
        """Report a fraction (0..1) done and what runs now."""
        with self._lock:
            base = self._current
        self._set(replace(base, active=True, percent=_percent(fraction), message=message))

    def step(self, name: str, detail: str = "") -> None:
        """Report that step `name` started (the steps before it are done)."""
        with self._lock:
            base = self._current
        done = base.done_steps
        if base.step and base.step != name and base.step not in done:
            done = (*done, base.step)
        if name in self._steps:
            index = self._steps.index(name)
            done = tuple(dict.fromkeys((*done, *self._steps[:index])))
            percent = _percent(index / len(self._steps))
        else:
            percent = base.percent
        self._set(replace(base, active=True, step=name, message=detail, done_steps=done, percent=percent))

    def finish(self, message: str = "") -> JobProgress:
        """The work is done: every step done, 100%, no longer active."""
        with self._lock:
            base = self._current
        done = tuple(dict.fromkeys((*base.done_steps, *([base.step] if base.step else []), *self._steps)))
        final = replace(base, active=False, percent=100, step="", done_steps=done, message=message or base.message)
        self._set(final)
        return final

    def fail(self, error: str) -> JobProgress:
        """The work stopped: no longer active, with the reason."""
        with self._lock:
            base = self._current
        final = replace(base, active=False, error=error)
        self._set(final)
        return final

    @property
    def current(self) -> JobProgress:
        with self._lock:
            return self._current

    def take(self) -> JobProgress | None:
        """The latest progress if it changed since the last `take`, else None."""
        with self._lock:
            if not self._fresh:
                return None
            self._fresh = False
            return self._current


class Publisher(Tracker):
    """A tracker whose progress reaches the person's open pages through `live` (topic `progress`).

    `key` names the work for the pages (e.g. "releases.scan"). At most one
    announcement per `every` seconds: the latest report inside that time is sent
    when it ends, and the end (finish, fail) goes out at once. Announcements carry
    a rising `seq`, so a page never goes back to an older one.
    """

    def __init__(self, user_id: int, key: str, steps: Sequence[str] = (), *, every: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.user_id, self.key, self._every, self._clock = user_id, key, every, clock
        self._last_sent: float | None = None
        self._pending: threading.Timer | None = None
        self._send_lock = threading.Lock()
        self._seq = 0
        super().__init__(steps)

    def _changed(self, progress: JobProgress) -> None:
        with self._send_lock:
            now = self._clock()
            wait = 0.0 if self._last_sent is None or not progress.active else self._every - (now - self._last_sent)
            if wait > 0:
                if self._pending is None:  # the latest report goes out when the window ends
                    self._pending = threading.Timer(wait, self._flush)
                    self._pending.daemon = True
                    self._pending.start()
                return
            if self._pending is not None:
                self._pending.cancel()
                self._pending = None
            self._announce(now, self.current)

    def _flush(self) -> None:
        with self._send_lock:
            if self._pending is None:  # an end was announced meanwhile
                return
            self._pending = None
            self._announce(self._clock(), self.current)

    def _announce(self, now: float, progress: JobProgress) -> None:
        """Publish (under the send lock, so `seq` orders the announcements)."""
        self._last_sent = now
        self._seq += 1
        data = {"key": self.key, "seq": self._seq, **progress.to_data()}
        live.publish_soon(live.Change(TOPIC, user_id=self.user_id, data=data))

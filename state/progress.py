"""Progress of long work on the page that waits for it: the web side of `services.progress`.

Work started by a page (its background event):

    @rx.event(background=True)
    async def build(self):
        ...
        result = await run_with_progress(self, lambda track: services.x.build(..., on_progress=track),
                                         lambda state, p: setattr(state, "build_progress", p))

Work running elsewhere (a scheduler job with a `services.progress.Publisher`):

    on_progress("releases.scan", ReleasesState, lambda state, p: setattr(state, "scan_progress", p))

Either way the state holds one `JobProgress` var and the page shows it with
`components.progress.job_progress`.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import reflex as rx

from services import live
from services.progress import TOPIC, JobProgress, Tracker
from state.live import push_to_user

T = TypeVar("T")
S = TypeVar("S", bound=rx.State)
Show = Callable[[Any, JobProgress], "Awaitable[None] | None"]

SHOW_EVERY = 0.25  # seconds between two progress updates of one page (reports in between coalesce)


async def _apply(show: Show, state: Any, progress: JobProgress) -> None:
    result = show(state, progress)
    if inspect.isawaitable(result):
        await result


async def run_with_progress(state: rx.State, work: Callable[[Tracker], T], show: Show, *,
                            tracker: Tracker | None = None, every: float = SHOW_EVERY) -> T:
    """Run `work(tracker)` in a worker thread and show its progress on the page as it goes.

    Call it from a background event (`@rx.event(background=True)`), outside
    `async with self`: each update is written inside its own `async with state`.
    At most one update per `every` seconds reaches the page (the latest report);
    the last report is shown when the work ends. Returns the work's result, or
    raises its exception (the page then shows what went wrong).
    """
    tracker = tracker or Tracker()
    task = asyncio.ensure_future(asyncio.to_thread(work, tracker))
    while True:
        await asyncio.wait({task}, timeout=every)
        progress = tracker.take()
        if progress is not None:
            async with state:
                await _apply(show, state, progress)
        if task.done():
            return task.result()


_order: dict[tuple[int, str], int] = {}
_locks: dict[tuple[int, str], asyncio.Lock] = {}


def on_progress(key: str, state_cls: type[S], show: Show) -> None:
    """Show the progress of work `key` announced by a `Publisher` in every tab of its person.

    Announcements of one work are shown in order, and one older than what was
    shown is dropped (pushes to a person's tabs can take different times).
    """

    async def deliver(change: live.Change) -> None:
        if change.user_id is None or change.data.get("key") != key:
            return
        ident, seq = (change.user_id, key), int(change.data.get("seq") or 0)
        async with _locks.setdefault(ident, asyncio.Lock()):
            if seq < _order.get(ident, 0):
                return
            _order[ident] = seq
            progress = JobProgress.from_data(change.data)
            await push_to_user(change.user_id, state_cls, lambda state: _apply(show, state, progress))
        if not progress.active:  # the work ended: nothing more to order
            _order.pop(ident, None)
            _locks.pop(ident, None)

    deliver.__qualname__ = f"progress[{key}->{state_cls.__name__}]"
    live.subscribe(TOPIC, deliver)

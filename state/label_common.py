"""What every label stage state shares: who is signed in, and running long work in a
worker thread while its progress reaches the page."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx

from services.label import BeatError, LabelError, MasterError
from services.media.probe import MediaError
from state.auth import current_user

log = logging.getLogger(__name__)
# Refusals whose message is meant for the person (the rest is logged, and a plain
# sentence shown).
EXPECTED = (LabelError, BeatError, MasterError, MediaError)

Report = Callable[[float, str], None]


async def signed_in_id(state: rx.State) -> int | None:
    """The signed-in person's id, resolved on the server (never from the page)."""
    user = await current_user(state)
    return user.id if user else None


async def run_with_progress(state: Any, work: Callable[[Report], Any], fraction_var: str = "progress",
                            message_var: str = "progress_message") -> Any:
    """Run `work(on_progress)` in a thread from a background event; each step lands in
    the two vars (a percentage and a sentence) as it happens, bursts coalesced."""
    loop = asyncio.get_running_loop()
    steps: asyncio.Queue[tuple[float, str]] = asyncio.Queue()

    def on_progress(fraction: float, message: str) -> None:
        loop.call_soon_threadsafe(steps.put_nowait, (fraction, message))

    task = asyncio.ensure_future(asyncio.to_thread(work, on_progress))
    while not task.done():
        try:
            fraction, message = await asyncio.wait_for(steps.get(), timeout=0.5)
        except TimeoutError:
            continue
        while not steps.empty():
            fraction, message = steps.get_nowait()
        async with state:
            setattr(state, fraction_var, int(round(100 * max(0.0, min(1.0, fraction)))))
            setattr(state, message_var, message)
    return await task


def after_work(cue: str, *others: Any) -> list[Any]:
    """Events once a stage's work is kept: the frame refreshes its ticks and storage
    meter, the stage's voice speaks (`cue`, or none), and `others` re-read the project."""
    from state.label import LabelState  # the frame imports every stage state

    return [LabelState.refresh, *([LabelState.play_cue(cue)] if cue else []), *others]


class ProjectStage(rx.State, mixin=True):
    """A stage of the open project: `open_project` (sent by the frame) remembers which
    project and fills the vars with `_fill(user_id)`; a project of anyone else shows
    nothing but its refusal."""

    project_id: int = 0
    error: str = ""
    _form_of: int = 0  # the project whose saved form the page shows

    def _fill(self, user_id: int) -> None:
        raise NotImplementedError

    def _form_is_stale(self) -> bool:
        """Whether the form must be read from the project: only when another project is
        opened, so a refresh after other work never drops what the person is typing."""
        stale = self._form_of != self.project_id
        self._form_of = self.project_id
        return stale

    def _clear_messages(self) -> None:
        self.error = ""

    @rx.event
    async def open_project(self, project_id: int):
        user_id = await signed_in_id(self)
        if user_id is None:
            return
        self.project_id = int(project_id)
        self._clear_messages()
        try:
            await asyncio.to_thread(self._fill, user_id)
        except LabelError as exc:
            self.project_id, self.error = 0, str(exc)


async def run_stage_work(state: Any, work: Callable[[Report], Any], user_id: int, project_id: int, *,
                         done: str, failed: str) -> bool:
    """A stage's long work from its background event: progress on the page, a refusal's
    own message (or `failed`, with the error logged) in `state.error`, the stage's vars
    refilled on success while the same project is open. Returns whether it worked."""
    try:
        await run_with_progress(state, work)
    except EXPECTED as err:
        async with state:
            state.busy, state.error = False, str(err)
        return False
    except Exception:
        log.exception("%s failed for user %s project %s", type(state).__name__, user_id, project_id)
        async with state:
            state.busy, state.error = False, failed
        return False
    async with state:
        state.busy, state.progress, state.progress_message = False, 100, done
        if state.project_id == project_id:
            await asyncio.to_thread(state._fill, user_id)
    return True

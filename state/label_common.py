"""What every label stage state shares: who is signed in, and running long work in a
worker thread while its progress reaches the page."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from state.auth import current_user

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

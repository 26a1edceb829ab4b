"""Progress of long work reaches the person's open pages."""

from __future__ import annotations

import asyncio

from services import live
from services.label.progress import TOPIC, progress_publisher


async def test_progress_from_a_worker_thread_reaches_subscribers() -> None:
    got: list[live.Change] = []

    async def listener(change: live.Change) -> None:
        got.append(change)

    live.subscribe(TOPIC, listener)
    live.bind_loop(asyncio.get_running_loop())
    try:
        report = progress_publisher(7, 3, "mix")
        await asyncio.to_thread(report, 1.7, "Mixing beat and vocals")
        for _ in range(50):
            if got:
                break
            await asyncio.sleep(0.01)
    finally:
        live._listeners[TOPIC].remove(listener)
        live._loop = None
    (change,) = got
    assert change.user_id == 7
    assert change.data == {"project_id": 3, "task": "mix", "fraction": 1.0, "message": "Mixing beat and vocals"}

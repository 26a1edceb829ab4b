"""The web side of long work's progress: a page's own work shows its progress while it
runs (coalesced, the last report always), and a job's announced progress reaches the
person's tabs in order."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
import reflex as rx

from services import live
from services.progress import TOPIC, JobProgress, Tracker
from state import progress as progress_web
from tests.state.tabs import Tab


class WorkPageState(rx.State):
    """A page with one piece of long work (test only)."""

    work: JobProgress = JobProgress()


def show(state: WorkPageState, progress: JobProgress) -> None:
    state.work = progress


async def test_the_page_sees_the_work_go_and_gets_its_result() -> None:
    state = Tab().state(WorkPageState)
    seen: list[JobProgress] = []

    def record(target: WorkPageState, progress: JobProgress) -> None:
        seen.append(progress)
        show(target, progress)

    def work(track: Tracker) -> str:
        for i in range(1, 41):
            track(i / 40, f"part {i}")
            time.sleep(0.005)
        return "mastered.wav"

    result = await progress_web.run_with_progress(state, work, record, every=0.05)
    assert result == "mastered.wav"
    assert 2 <= len(seen) < 40  # bursts coalesce
    assert [p.percent for p in seen] == sorted(p.percent for p in seen)
    assert state.work == JobProgress(active=True, percent=100, message="part 40")  # the last report is shown


async def test_a_failing_work_raises_after_showing_how_far_it_got() -> None:
    state = Tab().state(WorkPageState)

    def work(track: Tracker) -> None:
        track(0.5, "half way")
        raise ValueError("bad file")

    with pytest.raises(ValueError, match="bad file"):
        await progress_web.run_with_progress(state, work, show, every=0.01)
    assert state.work.percent == 50 and state.work.message == "half way"


async def test_a_jobs_progress_reaches_the_persons_tabs_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    tab = Tab()
    pushed: list[int] = []

    async def push_to_user(user_id: int, state_cls: type, apply: Any) -> int:
        pushed.append(user_id)
        await apply(tab.state(state_cls))
        return 1

    monkeypatch.setattr(progress_web, "push_to_user", push_to_user)
    progress_web.on_progress("test.work", WorkPageState, show)

    def change(seq: int, **data: Any) -> live.Change:
        return live.Change(TOPIC, user_id=5, data={"key": "test.work", "seq": seq, **JobProgress(**data).to_data()})

    await live.publish(change(2, active=True, percent=40, message="scanning"))
    await live.publish(change(1, active=True, percent=10, message="older"))  # arrives late: dropped
    await live.publish(live.Change(TOPIC, user_id=5, data={"key": "other.work", "seq": 9, "percent": 99}))
    assert tab.state(WorkPageState).work == JobProgress(active=True, percent=40, message="scanning")
    await live.publish(change(3, active=False, percent=100, message="done"))
    assert tab.state(WorkPageState).work.message == "done" and pushed == [5, 5]
    await live.publish(change(1, active=True, percent=5, message="the next run"))  # a new run starts over
    assert tab.state(WorkPageState).work.message == "the next run"
    await asyncio.sleep(0)


def test_the_page_shows_a_progress_var_while_active_and_its_error_after() -> None:
    from components.progress import job_progress

    rendered = str(job_progress(WorkPageState.work, testid="work-progress").render())
    assert "work-progress" in rendered and "work-progress-error" in rendered
    assert '["active"]' in rendered and '["percent"]' in rendered and '["error"]' in rendered

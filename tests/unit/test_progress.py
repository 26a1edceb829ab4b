"""Progress of long work: what a page is shown as the work reports fractions or named
steps, and how a job's progress is announced (throttled, in order, the end always)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from services import live
from services.progress import IDLE, JobProgress, Publisher, Tracker


def test_fractions_and_messages_are_clamped_and_handed_over_once() -> None:
    tracker = Tracker()
    assert tracker.take() == JobProgress(active=True, message="Starting")
    assert tracker.take() is None  # nothing new
    tracker(0.426, "Mixing")
    tracker(1.7, "Mastering")  # a work that over-reports is still 100 %
    assert tracker.take() == JobProgress(active=True, percent=100, message="Mastering")
    tracker(-1, "Back")
    assert tracker.current.percent == 0
    assert tracker.finish("Done") == JobProgress(active=False, percent=100, message="Done")
    assert IDLE == JobProgress() and not IDLE.active


def test_named_steps_count_the_steps_before_them_as_done() -> None:
    tracker = Tracker(steps=("seeds", "profile", "scoring", "covers"))
    tracker.step("seeds", "3 seeds")
    tracker.step("scoring", "5,000 candidates")  # a step the work skipped still counts as done
    now = tracker.take()
    assert now is not None and (now.step, now.message, now.percent) == ("scoring", "5,000 candidates", 50)
    assert now.done_steps == ("seeds", "profile")
    tracker.step("covers")
    final = tracker.finish()
    assert final.done_steps == ("seeds", "profile", "scoring", "covers") and final.percent == 100 and final.step == ""


def test_a_failed_work_says_why_and_is_no_longer_active() -> None:
    tracker = Tracker()
    tracker(0.3, "Uploading")
    failed = tracker.fail("The file is not audio.")
    assert (failed.active, failed.error, failed.percent) == (False, "The file is not audio.", 30)


def test_reports_from_many_threads_end_on_the_last_state() -> None:
    tracker = Tracker()

    def work(n: int) -> None:
        for i in range(200):
            tracker(i / 200, f"worker {n}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tracker.finish("all done")
    assert tracker.take() == JobProgress(active=False, percent=100, message="all done")


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[live.Change]]:
    """The changes a publisher announces (publish_soon needs no running server here)."""
    seen: list[live.Change] = []
    monkeypatch.setattr(live, "publish_soon", seen.append)
    yield seen


def test_a_publisher_announces_at_most_once_per_window_then_the_latest(announced: list[live.Change]) -> None:
    clock = [100.0]
    publisher = Publisher(7, "releases.scan", every=0.2, clock=lambda: clock[0])
    publisher(0.1, "first")  # the first report goes out at once
    clock[0] += 0.05
    publisher(0.2, "second")
    publisher(0.3, "third")  # still inside the window: the latest is sent when it ends
    assert [c.data["message"] for c in announced] == ["first"]
    deadline = time.monotonic() + 2
    while len(announced) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [c.data["message"] for c in announced] == ["first", "third"]
    publisher.finish("done")  # the end goes out at once, whatever the window
    assert [c.data["message"] for c in announced][-1] == "done"
    assert [c.data["seq"] for c in announced] == [1, 2, 3]
    assert all(c.topic == "progress" and c.user_id == 7 and c.data["key"] == "releases.scan" for c in announced)
    assert JobProgress.from_data(announced[-1].data) == JobProgress(active=False, percent=100, message="done")


def test_an_end_inside_the_window_cancels_the_pending_report(announced: list[live.Change]) -> None:
    clock = [0.0]
    publisher = Publisher(7, "job", every=0.2, clock=lambda: clock[0])
    publisher(0.5, "half")
    publisher(0.6, "more")  # pending
    publisher.fail("stopped")
    time.sleep(0.35)  # the window is over: nothing older follows the end
    assert [(c.data["message"], c.data["error"]) for c in announced] == [("half", ""), ("more", "stopped")]

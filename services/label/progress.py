"""Progress of long label work (beat, mix and master) pushed to open pages.

The page's background event runs the work in a thread with this callback; every
step is published on the `label.progress` topic for the person's tabs.
"""

from __future__ import annotations

from services import live
from services.label.mastering import Progress

TOPIC = "label.progress"


def progress_publisher(user_id: int, project_id: int, task: str) -> Progress:
    """An `on_progress(fraction, message)` that announces each step to the user's tabs."""

    def report(fraction: float, message: str) -> None:
        live.publish_soon(live.Change(TOPIC, user_id=user_id, data={
            "project_id": project_id, "task": task, "fraction": round(max(0.0, min(1.0, fraction)), 3),
            "message": message,
        }))

    return report

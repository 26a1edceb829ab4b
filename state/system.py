"""The System panel on the dashboard: background jobs with their last and next run.

Vars: `jobs` (rows shown), `running` (job ids started from this tab and not yet
finished). A finished run is pushed live to the tabs of this worker that opened
the panel (rows read once per run, not once per tab).
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import reflex as rx

from services import job_results, live, scheduler
from state.auth import current_user
from state.live import Watchers, push_to_tokens


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "—"


def job_rows() -> list[dict[str, str]]:
    """Every job with its last and next run, as the System panel and /status show it;
    `problems` says how many items of the last run failed and why ("" when none)."""
    return [
        {
            "id": s.id,
            "title": s.title,
            "status": s.last_status,
            "last_run": _when(s.last_finished_at or s.last_started_at),
            "next_run": _when(s.next_run_at),
            "detail": s.last_detail[:200],
            "problems": job_results.problems_text(s.items_done, s.items_failed, s.reasons)[:300],
        }
        for s in scheduler.job_statuses()
    ]


class SystemState(rx.State):
    """Rows of the System panel; see the module docstring."""

    jobs: list[dict[str, str]] = []
    running: list[str] = []

    def _load(self) -> None:
        self.jobs = job_rows()

    @rx.event
    async def load(self):
        """Fill the panel for a signed-in person (and keep it live)."""
        if await current_user(self) is None:
            self.jobs = []
            return
        await asyncio.to_thread(self._load)
        _watchers.add(self.router.session.client_token)

    @rx.event(background=True)
    async def run_now(self, job_id: str):
        """Run one job at once, in the background; the panel updates when it ends."""
        async with self:
            if await current_user(self) is None or job_id not in scheduler.load_jobs():
                return
            if job_id in self.running:
                return
            self.running = [*self.running, job_id]
        run = await scheduler.run_job(job_id, trigger="manual")
        async with self:
            self.running = [j for j in self.running if j != job_id]
        if run.status == "error":
            yield rx.toast.error(f"{job_id} failed: {run.error.splitlines()[0]}")
        elif run.status in ("partial", "failed"):
            yield rx.toast.warning(f"{job_id}: {run.items_failed} item(s) failed. {run.detail}")
        else:
            yield rx.toast.success(f"{job_id}: {run.detail or 'done'}")


_watchers = Watchers()


async def _jobs_changed(_change: live.Change) -> None:
    """A job ran: read the rows once and show them in the tabs that show the panel."""
    tokens = _watchers.connected()
    if not tokens:
        return
    rows = await asyncio.to_thread(job_rows)

    def show(state: SystemState) -> None:
        state.jobs = rows

    await push_to_tokens(tokens, SystemState, show)


live.subscribe("jobs", _jobs_changed)

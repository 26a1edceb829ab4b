"""The public status page: readiness, each outside service's mode and reachability,
and the last run of every background job. No login; nothing secret.

Vars: `ready`, `checks` (name, result rows), `services` (label, mode, reachable,
detail rows), `jobs` (id, title, status, last_run, detail rows), `checked_at`,
`loading`. The page refreshes itself every 30 seconds while open.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import reflex as rx

from services import health, scheduler
from services.db import utcnow


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def collect(refresh: bool = False) -> dict:
    """Everything the page shows, as plain values."""
    r = health.readiness()
    return {
        "ready": r.ready,
        "checks": [{"name": k, "result": v} for k, v in r.checks.items()],
        "services": [
            {"label": s.label, "mode": s.mode, "reachable": s.reachable, "detail": s.detail}
            for s in health.service_statuses(refresh)
        ],
        "jobs": [
            {"id": j.id, "title": j.title, "status": j.last_status,
             "last_run": _when(j.last_finished_at or j.last_started_at), "next_run": _when(j.next_run_at),
             "detail": j.last_detail[:200]}
            for j in scheduler.job_statuses()
        ],
        "checked_at": utcnow().strftime("%H:%M:%S UTC"),
    }


class StatusState(rx.State):
    ready: bool = False
    checks: list[dict[str, str]] = []
    services: list[dict[str, str]] = []
    jobs: list[dict[str, str]] = []
    checked_at: str = ""
    loading: bool = False

    def _apply(self, data: dict) -> None:
        self.ready, self.checks, self.services = data["ready"], data["checks"], data["services"]
        self.jobs, self.checked_at = data["jobs"], data["checked_at"]

    @rx.event(background=True)
    async def load(self):
        """Check everything off the event loop (service probes may take a few seconds)."""
        async with self:
            if self.loading:
                return
            self.loading = True
        try:
            data = await asyncio.to_thread(collect)
            async with self:
                self._apply(data)
        finally:
            async with self:
                self.loading = False

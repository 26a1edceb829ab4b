"""The public status page: readiness, each outside service's mode and reachability,
and the last run of every background job. No login; nothing secret.

Vars: `ready`, `checks` (name, result rows), `services` (label, mode, reachable,
detail rows), `jobs` (id, title, status, last_run, detail rows), `checked_at`,
`loading`. The page refreshes itself every 30 seconds while open.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services import health
from services.db import utcnow
from state.system import job_rows


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
        "jobs": job_rows(),
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

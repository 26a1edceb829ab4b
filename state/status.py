"""The public status page: readiness, each outside service's mode and reachability,
and the last run of every background job. No login; nothing secret.

Vars: `ready`, `checks` (`CheckLine`s), `services` (`ServiceLine`s), `jobs`
(`JobLine`s), `checked_at`, `loading`. The page refreshes itself every 30 seconds
while open.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services.status_report import CheckLine, JobLine, ServiceLine, StatusReport, status_report


class StatusState(rx.State):
    """See the module docstring for the vars."""

    ready: bool = False
    checks: list[CheckLine] = []
    services: list[ServiceLine] = []
    jobs: list[JobLine] = []
    checked_at: str = ""
    loading: bool = False

    def _show(self, report: StatusReport) -> None:
        self.ready, self.checks, self.services = report.ready, report.checks, report.services
        self.jobs, self.checked_at = report.jobs, report.checked_at

    @rx.event(background=True)
    async def load(self):
        """Check everything off the event loop (service probes may take a few seconds)."""
        async with self:
            if self.loading:
                return
            self.loading = True
        try:
            report = await asyncio.to_thread(status_report)
            async with self:
                self._show(report)
        finally:
            async with self:
                self.loading = False

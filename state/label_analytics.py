"""The analytics stage: stages over time, releases, content, AI use and loudness of
one project or the whole account, with a CSV export.

LabelAnalyticsState vars: `scope`, the chart series, `totals`.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from services.label import analytics
from services.label.projects import LabelError
from state.auth import current_user
from state.label_common import ProjectStage


class LabelAnalyticsState(ProjectStage, rx.State):
    """The analytics stage; see the module docstring."""

    scope: str = "project"
    title: str = ""
    stages: list[dict[str, Any]] = []
    releases: list[dict[str, Any]] = []
    posts: list[dict[str, Any]] = []
    ai: list[dict[str, Any]] = []
    loudness: list[dict[str, Any]] = []
    totals: dict[str, str] = {}

    def _fill(self, user_id: int) -> None:
        a = analytics.collect(user_id, self.project_id if self.scope == "project" and self.project_id else None)
        self.title, self.stages, self.releases, self.posts = a.title, a.stages_over_time, a.releases, a.content
        self.ai, self.loudness = a.ai_usage, a.loudness
        self.totals = {k: str(v) for k, v in a.totals.items()}

    @rx.event
    async def set_scope(self, scope: str | list[str]):
        user = await current_user(self)
        if user is None:
            return
        self.scope = "account" if scope in ("account", ["account"]) else "project"
        await asyncio.to_thread(self._fill, user.id)

    @rx.event
    async def export_csv(self):
        """The charts' numbers as a CSV download."""
        user = await current_user(self)
        if user is None:
            return
        pid = self.project_id if self.scope == "project" and self.project_id else None
        try:
            data = await asyncio.to_thread(lambda: analytics.to_csv(analytics.collect(user.id, pid)))
        except LabelError as exc:
            self.error = str(exc)
            return
        return rx.download(data=data, filename=f"label-analytics-{self.scope}.csv")

"""One badge for a background job's status, wherever runs are shown (System panel,
status page, the release page's scan history): partial runs in orange, failed and
crashed ones in red."""

from __future__ import annotations

import reflex as rx

JOB_STATUS_COLORS = (
    ("ok", "green"), ("partial", "orange"), ("failed", "red"), ("error", "red"),
    ("running", "blue"), ("interrupted", "orange"),
)


def job_status_color(status: rx.Var[str]) -> rx.Var:
    return rx.match(status, *JOB_STATUS_COLORS, "gray")


def job_status_badge(status: rx.Var[str], **props: object) -> rx.Component:
    return rx.badge(status, color_scheme=job_status_color(status), **props)

"""The progress bar, in its three uses: a known share (`progress_bar`: a quota, storage),
long work reported by the server (`job_progress`: a `services.progress.JobProgress`
var), and something playing on a clock (`clock_bar`: drawn in the browser from the
server's clock, so nothing is pushed per second)."""

from __future__ import annotations

from typing import Any

import reflex as rx

_CLOCK_JS = rx.asset("clock_progress.js", shared=True)


def progress_bar(percent: rx.Var[int] | int, *, size: str = "2", label: str | rx.Var[str] = "Progress", **props: Any) -> rx.Component:
    """A bar filled to `percent` (0-100), named `label` for screen readers."""
    return rx.progress(value=percent, max=100, size=size, width="100%", aria_label=label, **props)


def job_progress(progress: rx.Var, *, testid: str) -> rx.Component:
    """Long work as it runs (what runs now, how far, the bar) and why it stopped, if it failed.

    `progress` is a `JobProgress` var (`active`, `percent`, `message`, `error`);
    nothing shows while the work is idle.
    """
    return rx.fragment(
        rx.cond(
            progress.active,
            rx.vstack(
                rx.hstack(
                    rx.spinner(size="2"),
                    rx.text(progress.message, size="2"),
                    rx.spacer(),
                    rx.text(progress.percent.to(str) + "%", size="2"),
                    width="100%",
                    align="center",
                ),
                progress_bar(progress.percent),
                width="100%",
                spacing="2",
                data_testid=testid,
            ),
            rx.fragment(),
        ),
        rx.cond(
            progress.error != "",
            rx.callout(progress.error, icon="circle-alert", color_scheme="red", width="100%", data_testid=f"{testid}-error"),
            rx.fragment(),
        ),
    )


class ClockProgress(rx.Component):
    """The clock bar's browser side (`clock_progress.js`): a timer redraws it once a
    second from the clock, with no per-second pushes and no per-frame work."""

    library = _CLOCK_JS.importable_path
    tag = "ClockProgress"
    started_ms: rx.Var[int]
    duration_ms: rx.Var[int]
    paused: rx.Var[bool]
    position_ms: rx.Var[int]
    fill: rx.Var[str]
    track: rx.Var[str]
    testid: rx.Var[str]


def clock_bar(*, started_ms: rx.Var[int], duration_ms: rx.Var[int], paused: rx.Var[bool],
              position_ms: rx.Var[int], testid: str) -> rx.Component:
    """How far something playing has got: from `started_ms` (epoch ms it (re)started), or
    stopped at `position_ms` while `paused`, out of `duration_ms`."""
    return ClockProgress.create(
        started_ms=started_ms,
        duration_ms=duration_ms,
        paused=paused,
        position_ms=position_ms,
        fill="var(--accent-9)",
        track="var(--gray-4)",
        testid=testid,
    )

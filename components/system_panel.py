"""The System panel (operators only): each background job with its last and next run,
"Run now", and the audit trail of manual runs."""

from __future__ import annotations

import reflex as rx

from components.job_status import job_status_badge
from state.sandbox_clock import SandboxClockState
from state.system import SystemState


def _status_badge(status: rx.Var[str]) -> rx.Component:
    return job_status_badge(status, data_testid="job-status")


def _row(job: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.vstack(rx.text(job["title"], weight="medium"), rx.code(job["id"], size="1"), spacing="1")),
        rx.table.cell(_status_badge(job["status"])),
        rx.table.cell(rx.text(job["last_run"], size="2", white_space="nowrap", data_testid="job-last-run")),
        rx.table.cell(rx.text(job["next_run"], size="2", white_space="nowrap")),
        rx.table.cell(rx.vstack(
            rx.text(job["detail"], size="2", color_scheme="gray", data_testid="job-detail"),
            rx.cond(job["problems"] != "", rx.text(job["problems"], size="2", color="orange", data_testid="job-problems")),
            spacing="1",
        )),
        rx.table.cell(
            rx.button(
                "Run now",
                size="1",
                variant="soft",
                white_space="nowrap",
                loading=SystemState.running.contains(job["id"]),
                on_click=SystemState.run_now(job["id"]),
                data_testid=f"run-{job['id']}",
            )
        ),
        data_testid="job-row",
    )


def _audit_row(entry: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(entry["at"], size="1", white_space="nowrap")),
        rx.table.cell(rx.text(entry["actor"], size="1")),
        rx.table.cell(rx.code(entry["target"], size="1")),
        rx.table.cell(rx.badge(entry["outcome"], color_scheme=rx.cond(entry["outcome"] == "refused", "red", "green"))),
        rx.table.cell(rx.text(entry["detail"], size="1", color_scheme="gray")),
        data_testid="audit-row",
    )


def _audit() -> rx.Component:
    return rx.cond(
        SystemState.audit.length() > 0,
        rx.vstack(
            rx.text("Manual runs (who ran what)", size="2", weight="medium"),
            rx.box(rx.table.root(rx.table.body(rx.foreach(SystemState.audit, _audit_row)), size="1", width="100%"),
                   width="100%", overflow_x="auto"),
            width="100%",
            spacing="1",
        ),
        rx.fragment(),
    )


def test_clock() -> rx.Component:
    """Test-mode payments: move the test clock ahead to see renewals, failures and period ends."""
    return rx.cond(
        SandboxClockState.shown,
        rx.vstack(
            rx.hstack(rx.text("Test clock (test-mode payments)", size="2", weight="medium"),
                      rx.text(SandboxClockState.now, " · ", SandboxClockState.ahead, size="2", color_scheme="gray",
                              data_testid="test-clock-now"), spacing="2", wrap="wrap"),
            rx.hstack(*(rx.button(f"+{step}", size="1", variant="soft", on_click=SandboxClockState.advance(step),
                                  data_testid=f"clock-{step.replace(' ', '-')}") for step in ("1 day", "7 days", "1 month")),
                      spacing="2"),
            rx.cond(SandboxClockState.last != "", rx.text(SandboxClockState.last, size="2", data_testid="test-clock-last")),
            spacing="2",
            width="100%",
            data_testid="test-clock",
        ),
    )


def system_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("cpu"), rx.heading("System", size="4"), align="center"),
            rx.text("Background jobs run in the app's own scheduler; this list updates live. Operators only: "
                    "each job runs once at a time, and every manual run is recorded with who started it.",
                    size="2", color_scheme="gray"),
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *(rx.table.column_header_cell(h) for h in ("Job", "Status", "Last run", "Next run", "Result", ""))
                        )
                    ),
                    rx.table.body(rx.foreach(SystemState.jobs, _row)),
                    width="100%",
                    size="1",
                ),
                width="100%",
                overflow_x="auto",
            ),
            _audit(),
            test_clock(),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="system-panel",
    )

"""The System panel: each background job with its last and next run, and "Run now"."""

from __future__ import annotations

import reflex as rx

from components.job_status import job_status_badge
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


def system_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("cpu"), rx.heading("System", size="4"), align="center"),
            rx.text("Background jobs run in the app's own scheduler; this list updates live.", size="2", color_scheme="gray"),
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
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="system-panel",
    )

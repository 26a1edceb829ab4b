"""Status: is the instance ready, which outside services run live and can be reached,
and how every background job last went. Public (no login), no secrets."""

from __future__ import annotations

import reflex as rx

from components.job_status import job_status_color
from components.layout import shell
from state.auth import AuthState
from state.status import StatusState

_REACH_COLOR = {"yes": "green", "no": "red", "built-in": "gray"}


def _badge_color(value: rx.Var, colors: dict[str, str], default: str = "gray") -> rx.Var:
    return rx.match(value, *[(k, v) for k, v in colors.items()], default)


def _summary() -> rx.Component:
    return rx.callout(
        rx.cond(StatusState.ready, "All systems ready.", "Not ready: see the checks below."),
        icon=rx.cond(StatusState.ready, "circle-check", "triangle-alert"),
        color_scheme=rx.cond(StatusState.ready, "green", "red"),
        width="100%",
        data_testid="status-summary",
    )


def _checks() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Readiness", size="4"),
            rx.foreach(
                StatusState.checks,
                lambda c: rx.hstack(
                    rx.text(c.name, size="2", weight="medium", min_width="110px"),
                    rx.badge(c.result, color_scheme=rx.cond(c.result == "ok", "green", "red")),
                    align="center",
                    data_testid="ready-check",
                ),
            ),
            spacing="2",
        ),
        width="100%",
    )


def _services() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Outside services", size="4"),
            rx.table.root(
                rx.table.header(rx.table.row(*(rx.table.column_header_cell(h) for h in ("Service", "Mode", "Reachable", "Checked")))),
                rx.table.body(
                    rx.foreach(
                        StatusState.services,
                        lambda s: rx.table.row(
                            rx.table.cell(s.label),
                            rx.table.cell(rx.badge(rx.cond(s.mode == "live", "Live", "Demo data"),
                                                   color_scheme=rx.cond(s.mode == "live", "green", "amber"))),
                            rx.table.cell(rx.badge(s.reachable, color_scheme=_badge_color(s.reachable, _REACH_COLOR))),
                            rx.table.cell(rx.text(s.detail, size="1", color_scheme="gray")),
                            data_testid="service-row",
                        ),
                    )
                ),
                width="100%",
                size="1",
            ),
            spacing="2",
            width="100%",
            overflow_x="auto",
        ),
        width="100%",
    )


def _jobs() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Background jobs", size="4"),
            rx.table.root(
                rx.table.header(rx.table.row(*(rx.table.column_header_cell(h) for h in ("Job", "Last run", "Result", "Next run")))),
                rx.table.body(
                    rx.foreach(
                        StatusState.jobs,
                        lambda j: rx.table.row(
                            rx.table.cell(rx.vstack(rx.text(j.title, size="2"), rx.code(j.id, size="1"), spacing="1")),
                            rx.table.cell(rx.text(j.last_run, size="1", white_space="nowrap")),
                            rx.table.cell(rx.vstack(
                                rx.badge(j.status, color_scheme=job_status_color(j.status)),
                                rx.text(j.detail, size="1", color_scheme="gray"),
                                rx.cond(j.problems != "", rx.text(j.problems, size="1", color="orange")),
                                spacing="1",
                            )),
                            rx.table.cell(rx.text(j.next_run, size="1", white_space="nowrap")),
                            data_testid="status-job",
                        ),
                    )
                ),
                width="100%",
                size="1",
            ),
            spacing="2",
            width="100%",
            overflow_x="auto",
        ),
        width="100%",
    )


@rx.page(route="/status", title="Status · Simple Balance Music", on_load=[AuthState.check_session, StatusState.load])
def status_page() -> rx.Component:
    return shell(
        rx.hstack(
            rx.text("Checked at ", StatusState.checked_at, size="2", color_scheme="gray"),
            rx.spacer(),
            rx.button(rx.icon("refresh-cw", size=14), "Check again", variant="soft", size="2",
                      loading=StatusState.loading, on_click=StatusState.load, data_testid="status-refresh"),
            width="100%",
            align="center",
        ),
        rx.cond(StatusState.checked_at == "", rx.center(rx.spinner(size="3"), width="100%", padding="24px"),
                rx.fragment(_summary(), _checks(), _services(), _jobs())),
        rx.moment(interval=30_000, on_change=StatusState.load, display="none"),
        title="Status",
    )

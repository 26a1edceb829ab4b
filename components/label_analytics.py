"""The analytics stage panel: charts of the project (or the whole account) and a CSV export."""

from __future__ import annotations

import reflex as rx

from state.label_analytics import LabelAnalyticsState as S


def _chart_card(title: str, data: rx.Var, chart: rx.Component, empty: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(title, weight="medium"),
            rx.cond(data.length() > 0, chart, rx.center(rx.text(empty, size="2", color_scheme="gray"), height="180px", width="100%")),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _total(label: str, key: str) -> rx.Component:
    return rx.card(rx.vstack(rx.text(label, size="1", color_scheme="gray"), rx.heading(S.totals[key], size="6"), spacing="0"))


def label_analytics_panel() -> rx.Component:
    grid = rx.recharts.cartesian_grid(stroke_dasharray="3 3")
    return rx.vstack(
        rx.hstack(
            rx.segmented_control.root(
                rx.segmented_control.item("This project", value="project"),
                rx.segmented_control.item("All projects", value="account"),
                value=S.scope,
                on_change=S.set_scope,
            ),
            rx.spacer(),
            rx.button(rx.icon("download", size=14), "Export CSV", variant="soft", on_click=S.export_csv, data_testid="analytics-csv"),
            width="100%",
            align="center",
        ),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%"), rx.fragment()),
        rx.grid(
            _total("Stages done", "stages_completed"), _total("Release packs", "release_packs"),
            _total("Posts scheduled", "posts_scheduled"), _total("AI calls", "ai_calls"),
            columns=rx.breakpoints(initial="2", md="4"), spacing="3", width="100%",
        ),
        rx.grid(
            _chart_card("Stages completed over time", S.stages, rx.recharts.line_chart(
                grid, rx.recharts.line(data_key="completed", type_="stepAfter"), rx.recharts.x_axis(data_key="date"),
                rx.recharts.y_axis(allow_decimals=False), rx.recharts.graphing_tooltip(), data=S.stages, height=200, width="100%"),
                "No stage completed yet."),
            _chart_card("Release packs made", S.releases, rx.recharts.bar_chart(
                grid, rx.recharts.bar(data_key="packs"), rx.recharts.x_axis(data_key="date"), rx.recharts.y_axis(allow_decimals=False),
                rx.recharts.graphing_tooltip(), data=S.releases, height=200, width="100%"), "No release pack yet."),
            _chart_card("Content scheduled", S.posts, rx.recharts.bar_chart(
                grid, rx.recharts.bar(data_key="tiktok", stack_id="p", name="TikTok"), rx.recharts.bar(data_key="shorts", stack_id="p", name="Shorts", fill="#e5484d"),
                rx.recharts.bar(data_key="reels", stack_id="p", name="Reels", fill="#8e4ec6"), rx.recharts.x_axis(data_key="date"),
                rx.recharts.y_axis(allow_decimals=False), rx.recharts.legend(), rx.recharts.graphing_tooltip(), data=S.posts, height=200, width="100%"),
                "No posts scheduled."),
            _chart_card("AI usage (account)", S.ai, rx.recharts.bar_chart(
                grid, rx.recharts.bar(data_key="calls"), rx.recharts.x_axis(data_key="date"), rx.recharts.y_axis(allow_decimals=False),
                rx.recharts.graphing_tooltip(), data=S.ai, height=200, width="100%"), "No live AI calls (the offline composer is free)."),
            _chart_card("Loudness of each master", S.loudness, rx.recharts.line_chart(
                grid, rx.recharts.line(data_key="lufs", name="Integrated LUFS", stroke_width=2),
                rx.recharts.line(data_key="target_lufs", name="Target LUFS", stroke="#e5484d", stroke_dasharray="4 4"),
                rx.recharts.line(data_key="true_peak", name="True peak dBTP", stroke="#f76b15"),
                rx.recharts.x_axis(data_key="name"), rx.recharts.y_axis(domain=[-30, 0]), rx.recharts.legend(), rx.recharts.graphing_tooltip(),
                data=S.loudness, height=220, width="100%"), "No master yet."),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
        data_testid="analytics-panel",
    )

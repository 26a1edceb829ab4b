"""The label timeline: seven stages in order, a tick on each completed one, the open
stage highlighted, progress in percent. Knows no service: the page passes vars."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

STAGE_ICONS: dict[str, str] = {
    "beat": "drum", "lyrics": "notebook-pen", "upload": "mic-vocal", "mix": "sliders-horizontal",
    "release": "disc-3", "content": "clapperboard", "analytics": "chart-line",
}


def _stage(index: int, stage: str, label: str, done: rx.Var, is_open: rx.Var, on_click: Callable[[str], rx.EventSpec]) -> rx.Component:
    marker = rx.center(
        rx.cond(done, rx.icon("check", size=16), rx.icon(STAGE_ICONS.get(stage, "circle"), size=16)),
        width="32px",
        height="32px",
        min_width="32px",
        border_radius="9999px",
        background=rx.cond(done, rx.color("grass", 9), rx.cond(is_open, rx.color("accent", 9), rx.color("gray", 4))),
        color=rx.cond(done | is_open, "white", rx.color("gray", 11)),
    )
    return rx.box(
        rx.vstack(
            marker,
            rx.text(f"{index}. {label}", size="2", weight=rx.cond(is_open, "bold", "regular"), white_space="nowrap"),
            align="center",
            spacing="1",
        ),
        on_click=on_click(stage),
        cursor="pointer",
        padding="8px 10px",
        border_radius="var(--radius-3)",
        border=rx.cond(is_open, f"2px solid {rx.color('accent', 8)}", "2px solid transparent"),
        background=rx.cond(is_open, rx.color("accent", 3), "transparent"),
        _hover={"background": rx.color("gray", 3)},
        role="button",
        aria_pressed=is_open,
        data_testid=f"stage-{stage}",
        data_done=rx.cond(done, "true", "false"),
        flex="1 0 auto",
    )


def timeline(stages: list[tuple[str, str]], done: rx.Var, open_stage: rx.Var, progress: rx.Var,
             on_click: Callable[[str], rx.EventSpec]) -> rx.Component:
    """`stages` are (key, label) in order; `done` a list var of keys; `on_click(stage)` opens one."""
    return rx.vstack(
        rx.hstack(
            rx.text("Progress", size="2", color_scheme="gray"),
            rx.progress(value=progress, max=100, width="100%", aria_label="Progress"),
            rx.text(progress.to(str) + "%", size="2", weight="bold", data_testid="progress-percent", min_width="5ch", white_space="nowrap"),
            width="100%",
            align="center",
            spacing="3",
        ),
        rx.hstack(
            *(
                _stage(i + 1, key, label, done.contains(key), open_stage == key, on_click)
                for i, (key, label) in enumerate(stages)
            ),
            spacing="1",
            width="100%",
            overflow_x="auto",
            padding_bottom="4px",
        ),
        spacing="3",
        width="100%",
        data_testid="timeline",
    )

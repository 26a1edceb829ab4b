"""A waveform drawn as SVG from server-computed peaks (`services.label.waveform.svg_path`)."""

from __future__ import annotations

import reflex as rx

# The box `services.label.waveform.svg_path` draws into (a unit test keeps them equal).
WIDTH, HEIGHT = 200, 60


def waveform(path: rx.Var | str, *, color: str = "accent", height: str = "64px", test_id: str = "") -> rx.Component:
    """The peaks as vertical strokes across the full width; stretches to its box."""
    return rx.box(
        rx.el.svg(
            rx.el.svg.path(d=path, stroke=rx.color(color, 9), stroke_width="1.4", stroke_linecap="round",
                           vector_effect="non-scaling-stroke", fill="none"),
            view_box=f"0 0 {WIDTH} {HEIGHT}",
            preserve_aspect_ratio="none",
            width="100%",
            height=height,
            role="img",
            aria_label="Waveform",
        ),
        width="100%",
        background=rx.color("gray", 2),
        border_radius="var(--radius-2)",
        padding_y="4px",
        data_testid=test_id or None,
    )

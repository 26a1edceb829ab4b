"""The "Demo data" / "Live" badge that tells which adapter a page runs on."""

from __future__ import annotations

import reflex as rx

from state.service_modes import LABELS, ServiceModesState


def mode_badge(service: str) -> rx.Component:
    """A badge for one external service, decided by its keys at start-up."""
    live = ServiceModesState.live[service]
    label = LABELS[service]
    return rx.tooltip(
        rx.badge(
            rx.cond(live, f"{label}: Live", f"{label}: Demo data"),
            color_scheme=rx.cond(live, "green", "amber"),
            variant="soft",
            high_contrast=True,  # amber/green text on its soft tint misses 4.5:1 without it
            data_testid=f"mode-{service}",
        ),
        content=rx.cond(
            live,
            f"{label} is connected with your keys.",
            f"{label} keys are not set: this runs on the built-in offline default.",
        ),
    )


def mode_badges(*services: str) -> rx.Component:
    """Badges for several services, wrapped on small screens."""
    return rx.flex(*(mode_badge(s) for s in services), wrap="wrap", gap="2")

"""The "Demo data" / "Live" badge that tells which adapter a page runs on."""

from __future__ import annotations

import reflex as rx

from services.config import SERVICE_LABELS, get_settings


def mode_badge(service: str) -> rx.Component:
    """A badge for one external service, decided by its keys at start-up."""
    live = get_settings().mode(service) == "live"
    label = SERVICE_LABELS[service]
    return rx.tooltip(
        rx.badge(
            f"{label}: {'Live' if live else 'Demo data'}",
            color_scheme="green" if live else "amber",
            variant="soft",
            data_testid=f"mode-{service}",
        ),
        content=(
            f"{label} is connected with your keys."
            if live
            else f"{label} keys are not set: this runs on the built-in offline default."
        ),
    )


def mode_badges(*services: str) -> rx.Component:
    """Badges for several services, wrapped on small screens."""
    return rx.flex(*(mode_badge(s) for s in services), wrap="wrap", gap="2")

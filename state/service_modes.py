"""Which outside services run live and which on their offline default, for the
"Demo data" / "Live" badges (components read it here: they import no services).

Modes follow the keys in the environment, read once when the app starts.
"""

from __future__ import annotations

import reflex as rx

from services.config import SERVICE_LABELS, get_settings

LABELS: dict[str, str] = dict(SERVICE_LABELS)  # service -> the name on its badge


def _live_services() -> dict[str, bool]:
    return {name: mode == "live" for name, mode in get_settings().modes().items()}


class ServiceModesState(rx.State):
    """`live[service]`: whether that service's keys are set (Spotify, OpenAI, SMTP…)."""

    live: dict[str, bool] = _live_services()

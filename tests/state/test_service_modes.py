"""The "Demo data" / "Live" badges: what the state says about each outside service,
and the badge and the digest panel reading it (components import no services)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from services.config import SERVICE_KEYS
from state.service_modes import LABELS, ServiceModesState, _live_services


@pytest.fixture
def openai_keyed(env: Callable[..., None]) -> None:
    env(OPENAI_API_KEY="sk-test")


def test_without_keys_every_service_runs_on_its_offline_default() -> None:
    state = ServiceModesState(_reflex_internal_init=True)  # type: ignore[call-arg]
    assert state.live == {name: False for name in SERVICE_KEYS}
    assert set(LABELS) == set(SERVICE_KEYS) and LABELS["smtp"] == "Email (SMTP)"


def test_a_service_with_its_keys_is_live(openai_keyed: None) -> None:
    live = _live_services()
    assert live["openai"] and not live["spotify"] and not live["smtp"]


def test_the_badge_and_the_digest_panel_read_the_state() -> None:
    from components.badges import mode_badge
    from components.digest_panel import digest_panel

    badge = str(mode_badge("spotify"))
    assert "service_modes_state" in badge and "Spotify: Live" in badge and "Spotify: Demo data" in badge
    panel = str(digest_panel())
    assert "service_modes_state" in panel and "email runs offline here" in panel

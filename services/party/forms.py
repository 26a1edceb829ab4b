"""The host's settings as typed in a form (the lobby's "Host a party", the room's
"Room settings"): read into `RoomSettings`, with a clear message for what cannot be
read. Ranges are checked again where the settings are applied (`rooms.check_settings`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.party.errors import InvalidInput
from services.party.types import RoomSettings


def _number(form: Mapping[str, Any], key: str, default: float, message: str, whole: bool = True) -> float:
    raw = str(form.get(key) if form.get(key) not in (None, "") else default).strip()
    try:
        return int(raw) if whole else float(raw)
    except ValueError:
        raise InvalidInput(message) from None


def read_settings(form: Mapping[str, Any], fallback_playlist_id: str | None = None) -> RoomSettings:
    """Who may add, per-person limit, skip share (`skip_threshold` 0-1, or `skip_percent`), how long a
    removal lasts and the wait between adds."""
    if form.get("skip_percent") not in (None, ""):  # the room's dialog: a percentage of the people here
        threshold = _number(form, "skip_percent", 50, "The skip share must be a number from 1 to 100.", whole=False) / 100
    else:
        threshold = _number(form, "skip_threshold", 0.5, "Choose how many votes a skip needs.", whole=False)
    return RoomSettings(
        add_policy=str(form.get("add_policy") or "everyone"),  # type: ignore[arg-type]
        queue_limit=int(_number(form, "queue_limit", 5, "The per-person limit must be a whole number.")),
        skip_threshold=threshold,
        fallback_playlist_id=fallback_playlist_id,
        ban_minutes=int(_number(form, "ban_minutes", 60, "How long a removal lasts must be a whole number of minutes.")),
        add_cooldown_s=int(_number(form, "add_cooldown_s", 0, "The wait between adds must be a whole number of seconds.")),
        passcode=str(form.get("passcode") or "").strip().upper(),
    )

"""What the room tells everyone about the host's player.

With the demo source the room's own clock is the player. With live Spotify the
driver (`player`) plays the room on the host's active device and keeps its state
in the room's `device_*` columns; this module turns those columns into the line
every page shows, so the host and the listeners read the same honest words.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.party.models import PartyRoom

# `party_room.device_status` values
NOT_DRIVEN = ""  # demo source, or the host has no working Spotify connection
READY = "ready"  # Spotify connected, nothing to play yet
PLAYING = "playing"
PAUSED = "paused"
NO_DEVICE = "no_device"
PREMIUM = "premium"
RATE_LIMITED = "rate_limited"
ERROR = "error"

# States where the host can do something about it (press Retry after fixing it).
RETRYABLE = frozenset({NO_DEVICE, PREMIUM, RATE_LIMITED, ERROR})


@dataclass(frozen=True)
class PlayerStatus:
    """The host's player as the room shows it.

    `mode` is "demo" (the room's clock plays) or "spotify" (the host's device
    plays); `state` one of the `device_status` values; `can_retry` says whether a
    Retry button helps (the page offers it to the host and co-hosts only).
    """

    mode: str
    state: str
    device_name: str
    message: str
    can_retry: bool


def player_status(room: PartyRoom) -> PlayerStatus:
    """The status line of this room's player, from the driver's stored state."""
    state = room.device_status
    if state == NOT_DRIVEN:
        return PlayerStatus("demo", state, "", "Demo player: the room's own clock plays the tracks.", False)
    name = room.device_name or "the host's Spotify"
    detail = room.device_detail.strip()
    messages = {
        READY: "Spotify is connected: the next track plays on the host's active device.",
        PLAYING: f"Playing on {name}",
        PAUSED: f"Paused on {name}",
        NO_DEVICE: "No active Spotify device — open Spotify on a phone or computer, then press Retry",
        PREMIUM: "Spotify Premium is needed to control playback — the room keeps its own clock",
        RATE_LIMITED: "Spotify asked us to slow down — trying again shortly; the room keeps its own clock",
    }
    message = messages.get(state) or (
        f"Spotify could not play this ({detail.rstrip('.')}) — the room keeps its own clock"
        if detail
        else "Spotify could not play this — the room keeps its own clock"
    )
    return PlayerStatus("spotify", state, room.device_name if state in (PLAYING, PAUSED) else "", message, state in RETRYABLE)

"""Disconnect forgets everything this app derived from a person's Spotify account.

Spotify's developer policy: data obtained from Spotify is deleted when the user
disconnects. The connection itself (tokens), the cached answers (library and
catalog) and pending authorizations live here; what other areas built from Spotify
(the release feed's followed-artist snapshot, watch and feed entries, playlist and
export links) is removed by the forgetters those areas register. Every deletion runs
in one unit of work, so a failure leaves everything as it was.

An area that keeps Spotify-derived rows adds a module to `FORGET_MODULES` that calls

    register_forgetter("my area", lambda db, user_id: {"things from Spotify": count})
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session, col, delete

from services.db import session_scope
from services.spotify.models import SpotifyAuthRequest, SpotifyCacheItem, SpotifyConnection

Forgetter = Callable[[Session, int], dict[str, int]]

# Modules whose import registers a forgetter (like the scheduler's JOB_MODULES).
FORGET_MODULES: list[str] = ["services.releases.forget", "services.worlds.spotify_links", "services.party.forget"]
_FORGETTERS: dict[str, Forgetter] = {}


def register_forgetter(name: str, forgetter: Forgetter) -> None:
    """Run `forgetter(db, user_id)` on every Disconnect; it returns {what: how many removed}."""
    _FORGETTERS[name] = forgetter


def forgetters() -> dict[str, Forgetter]:
    """Every registered forgetter (importing the modules that register them)."""
    for name in FORGET_MODULES:
        importlib.import_module(name)
    return dict(_FORGETTERS)


@dataclass(frozen=True)
class DisconnectReport:
    """What Disconnect deleted: {what: how many}, in the order it was removed."""

    removed: dict[str, int] = field(default_factory=dict)

    @property
    def connected(self) -> bool:
        """Whether there was a connection to forget."""
        return self.removed.get("Spotify tokens", 0) > 0

    @property
    def message(self) -> str:
        """The sentence the account page shows."""
        parts = [f"{what} ({n})" for what, n in self.removed.items() if n]
        if not parts:
            return "Spotify disconnected. There was nothing from Spotify left to delete."
        return "Spotify disconnected. Deleted from this app: " + ", ".join(parts) + "."


def _count(db: Session, statement) -> int:  # type: ignore[no-untyped-def]
    return int(db.exec(statement).rowcount or 0)  # type: ignore[call-overload]


def forget_everything(user_id: int) -> DisconnectReport:
    """Delete the connection and everything derived from it, in one transaction."""
    registered = forgetters()
    removed: dict[str, int] = {}
    with session_scope() as db:
        removed["Spotify tokens"] = _count(db, delete(SpotifyConnection).where(col(SpotifyConnection.user_id) == user_id))
        removed["cached Spotify answers"] = _count(db, delete(SpotifyCacheItem).where(col(SpotifyCacheItem.user_id) == user_id))
        removed["pending Spotify authorizations"] = _count(
            db, delete(SpotifyAuthRequest).where(col(SpotifyAuthRequest.user_id) == user_id))
        for forgetter in registered.values():
            for what, n in forgetter(db, user_id).items():
                removed[what] = removed.get(what, 0) + n
    return DisconnectReport(removed)

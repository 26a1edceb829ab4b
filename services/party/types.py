"""Plain values the party service takes: who is acting, room settings, a track to queue."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

AddPolicy = Literal["everyone", "signed_in", "hosts"]
Role = Literal["host", "cohost", "listener"]
ADD_POLICIES: tuple[str, ...] = ("everyone", "signed_in", "hosts")
ROLES: tuple[str, ...] = ("host", "cohost", "listener")


@dataclass(frozen=True)
class Identity:
    """Who is acting, as the server knows it: a signed-in user or a guest key.

    The guest key is made by the server (`new_guest`) and kept server-side by the
    web layer (a backend-only var or an HTTP-only cookie), never typed by a person.
    """

    user_id: int | None = None
    guest_key: str | None = None

    def __post_init__(self) -> None:
        if (self.user_id is None) == (self.guest_key is None):
            raise ValueError("an Identity is either a user or a guest, exactly one of them")

    @classmethod
    def user(cls, user_id: int) -> Identity:
        return cls(user_id=user_id)

    @classmethod
    def guest(cls, guest_key: str) -> Identity:
        return cls(guest_key=guest_key)

    @property
    def is_guest(self) -> bool:
        return self.guest_key is not None


def new_guest() -> Identity:
    """A fresh guest identity with an unguessable server-generated key."""
    return Identity(guest_key=secrets.token_urlsafe(24))


@dataclass(frozen=True)
class RoomSettings:
    """What the host chooses: who may add, per-person limit, skip threshold, fallback playlist.

    `queue_limit` counts a person's tracks still waiting in the queue (0 = no limit);
    a skip needs votes from more than `skip_threshold` of the people present (a share,
    so the number of votes needed grows with the room); a removed person stays out for
    `ban_minutes` (0: until the party ends); a listener waits `add_cooldown_s` seconds
    between two adds (0: no wait); a `passcode` keeps out newcomers who do not know it.
    """

    add_policy: AddPolicy = "everyone"
    queue_limit: int = 5
    skip_threshold: float = 0.5
    fallback_playlist_id: str | None = None
    ban_minutes: int = 60
    add_cooldown_s: int = 0
    passcode: str = ""  # "" = anyone with the code may join; else newcomers must type it


class TrackLike(Protocol):
    """The shape of `services.catalog.Track`, without importing the catalog."""

    id: str
    name: str
    artist_names: Sequence[str]
    duration_ms: int
    image_url: str


@dataclass(frozen=True)
class TrackRef:
    """A track as the room stores it: id plus the details a queue row shows."""

    track_id: str
    title: str
    artists: str = ""
    image_url: str = ""
    duration_ms: int = 0

    @classmethod
    def of(cls, track: TrackLike) -> TrackRef:
        """From a catalog track (any object with its attributes)."""
        return cls(
            track_id=track.id,
            title=track.name,
            artists=", ".join(track.artist_names),
            image_url=track.image_url or "",
            duration_ms=int(track.duration_ms or 0),
        )

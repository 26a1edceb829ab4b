"""Shared set-up for the party tests: people, a room, tracks, a fixed clock."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from services import party
from services.accounts.models import User
from services.db import session_scope
from services.party import Identity, TrackRef

T0 = datetime(2026, 6, 1, 20, 0, tzinfo=timezone.utc)
_serial = itertools.count(1)


def make_user(name: str) -> Identity:
    """A signed-in person (no password needed for these tests)."""
    with session_scope() as db:
        user = User(email=f"{name.lower()}{next(_serial)}@example.com", display_name=name, password_hash="x")
        db.add(user)
        db.flush()
        assert user.id is not None
        return Identity.user(user.id)


def track(n: int, minutes: float = 3.0) -> TrackRef:
    return TrackRef(track_id=f"t{n}", title=f"Song {n}", artists=f"Artist {n}", duration_ms=int(minutes * 60_000))


@dataclass
class Room:
    code: str
    host: Identity

    def guest(self, name: str, now: datetime = T0) -> Identity:
        who = party.new_guest()
        party.join_room(self.code, who, name, now=now)
        return who

    def user(self, name: str, now: datetime = T0) -> Identity:
        who = make_user(name)
        party.join_room(self.code, who, now=now)
        return who

    def member_id(self, who: Identity) -> int:
        return party.room_view(self.code, who, now=T0).me.member_id


@pytest.fixture
def room(db: None) -> Room:
    host = make_user("Hana")
    made = party.create_room(host.user_id or 0, "Friday Night", now=T0)
    return Room(made.code, host)


@pytest.fixture
def room_with(db: None) -> Callable[..., Room]:
    """A room with chosen settings and fallback tracks."""

    def build(settings: party.RoomSettings | None = None, fallback: list[TrackRef] | None = None) -> Room:
        host = make_user("Hana")
        made = party.create_room(host.user_id or 0, "Custom", settings=settings, fallback_tracks=fallback or [], now=T0)
        return Room(made.code, host)

    return build


def later(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)

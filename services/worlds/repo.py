"""Saved worlds of one person: save, list, open, rename, delete, refresh plan and history.

Every function is scoped by `user_id` and does its writes in one `session_scope()`.
Values in and out are small dataclasses, never table rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, select

from services.db import as_utc, session_scope, utcnow
from services.worlds.entries import PlaylistEntry, TrackEntry, WorldDraft
from services.worlds.models import CADENCES, World, WorldPlaylist, WorldRefresh, WorldTrack

CADENCE_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14, "monthly": 30}
MAX_NAME = 80


class WorldError(ValueError):
    """A request the person can fix (a name too long, an unknown cadence)."""


@dataclass(frozen=True, slots=True)
class WorldSummary:
    """What the grid of saved worlds shows."""

    id: int
    name: str
    description: str
    palette: list[str]
    cadence: str
    playlist_names: list[str]
    track_count: int
    updated_at: datetime
    last_refreshed_at: datetime | None


@dataclass(frozen=True, slots=True)
class WorldView:
    """One saved world, opened."""

    id: int
    name: str
    description: str
    source: str
    definition: dict[str, Any]
    palette: list[str]
    profile: dict[str, Any]
    weights: dict[str, float]
    cadence: str
    next_refresh_at: datetime | None
    last_refreshed_at: datetime | None
    playlists: list[PlaylistEntry]


@dataclass(frozen=True, slots=True)
class RefreshEntry:
    ran_at: datetime
    ok: bool
    added: int
    removed: int
    details: list[dict[str, Any]]  # per playlist: name, kept/added/removed ids, titles, continuity
    error: str
    trigger: str = "scheduled"


def _clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise WorldError("A world needs a name.")
    if len(name) > MAX_NAME:
        raise WorldError(f"Keep the name under {MAX_NAME} characters.")
    return name


def _next_refresh(cadence: str, after: datetime) -> datetime | None:
    days = CADENCE_DAYS.get(cadence)
    return None if days is None else after + timedelta(days=days)


def _check_cadence(cadence: str) -> str:
    if cadence not in CADENCES:
        raise WorldError(f"Refresh can be {', '.join(CADENCES)}.")
    return cadence


def _owned(db: Session, user_id: int, world_id: int) -> World | None:
    world = db.get(World, world_id)
    return world if world is not None and world.user_id == user_id else None


def _write_playlists(db: Session, world_id: int, playlists: Sequence[PlaylistEntry]) -> None:
    """Replace a world's playlists, keeping the saved (external) id of a playlist with the same name."""
    old = db.exec(select(WorldPlaylist).where(WorldPlaylist.world_id == world_id)).all()
    external = {p.name.lower(): (p.external_id, p.saved_at) for p in old}
    old_ids = [p.id for p in old]
    if old_ids:
        db.exec(delete(WorldTrack).where(col(WorldTrack.playlist_id).in_(old_ids)))
        db.exec(delete(WorldPlaylist).where(col(WorldPlaylist.id).in_(old_ids)))
        db.flush()
    now = utcnow()
    for pos, entry in enumerate(playlists):
        ext, saved_at = external.get(entry.name.lower(), (entry.external_id, None))
        row = WorldPlaylist(
            world_id=world_id,
            position=pos,
            name=entry.name[:MAX_NAME],
            description=entry.description[:1000],
            intersection=entry.intersection,
            external_id=entry.external_id or ext,
            saved_at=saved_at,
            updated_at=now,
        )
        db.add(row)
        db.flush()
        assert row.id is not None
        for tpos, t in enumerate(dict((t.track_id, t) for t in entry.tracks).values()):
            db.add(
                WorldTrack(
                    playlist_id=row.id,
                    position=tpos,
                    track_id=t.track_id,
                    title=t.title[:300],
                    artist_name=t.artist_name[:300],
                    score=t.score,
                    breakdown=t.breakdown,
                    why=t.why[:500],
                )
            )


def save_world(user_id: int, draft: WorldDraft, guard: Callable[[Session], None] | None = None) -> int:
    """Store a new world with its playlists; returns its id. `guard(db)` runs first in
    the same transaction (the plan limit's `billing.claim`), so it can refuse."""
    name = _clean_name(draft.name)
    cadence = _check_cadence(draft.cadence)
    now = utcnow()
    with session_scope() as db:
        if guard is not None:
            guard(db)
        world = World(
            user_id=user_id,
            name=name,
            description=draft.description[:2000],
            source=draft.source,
            definition=draft.definition,
            palette=list(draft.palette),
            profile=draft.profile,
            weights=draft.weights,
            cadence=cadence,
            next_refresh_at=_next_refresh(cadence, now),
            created_at=now,
            updated_at=now,
        )
        db.add(world)
        db.flush()
        assert world.id is not None
        _write_playlists(db, world.id, draft.playlists)
        return world.id


def _entries(db: Session, world_id: int) -> list[PlaylistEntry]:
    rows = db.exec(
        select(WorldPlaylist).where(WorldPlaylist.world_id == world_id).order_by(col(WorldPlaylist.position))
    ).all()
    out = []
    for p in rows:
        tracks = db.exec(
            select(WorldTrack).where(WorldTrack.playlist_id == p.id).order_by(col(WorldTrack.position))
        ).all()
        out.append(
            PlaylistEntry(
                name=p.name,
                description=p.description,
                intersection=dict(p.intersection or {}),
                tracks=[TrackEntry(t.track_id, t.title, t.artist_name, t.score, dict(t.breakdown or {}), t.why) for t in tracks],
                id=p.id,
                external_id=p.external_id,
            )
        )
    return out


def list_worlds(user_id: int) -> list[WorldSummary]:
    """The person's worlds, most recently changed first."""
    with session_scope() as db:
        worlds = db.exec(
            select(World).where(World.user_id == user_id).order_by(col(World.updated_at).desc(), col(World.id).desc())
        ).all()
        out = []
        for w in worlds:
            assert w.id is not None
            entries = _entries(db, w.id)
            out.append(
                WorldSummary(
                    id=w.id,
                    name=w.name,
                    description=w.description,
                    palette=list(w.palette or []),
                    cadence=w.cadence,
                    playlist_names=[e.name for e in entries],
                    track_count=sum(len(e.tracks) for e in entries),
                    updated_at=as_utc(w.updated_at) or w.updated_at,
                    last_refreshed_at=as_utc(w.last_refreshed_at),
                )
            )
        return out


def load_world(user_id: int, world_id: int) -> WorldView | None:
    """One of the person's worlds with its playlists and tracks; None if it is not theirs."""
    with session_scope() as db:
        w = _owned(db, user_id, world_id)
        if w is None:
            return None
        return WorldView(
            id=world_id,
            name=w.name,
            description=w.description,
            source=w.source,
            definition=dict(w.definition or {}),
            palette=list(w.palette or []),
            profile=dict(w.profile or {}),
            weights=dict(w.weights or {}),
            cadence=w.cadence,
            next_refresh_at=as_utc(w.next_refresh_at),
            last_refreshed_at=as_utc(w.last_refreshed_at),
            playlists=_entries(db, world_id),
        )


def rename_world(user_id: int, world_id: int, name: str) -> bool:
    clean = _clean_name(name)
    with session_scope() as db:
        w = _owned(db, user_id, world_id)
        if w is None:
            return False
        w.name, w.updated_at = clean, utcnow()
        db.add(w)
        return True


def delete_world(user_id: int, world_id: int) -> bool:
    """Delete a world with its playlists, tracks and refresh history (its exported playlists are
    unfollowed first by `export.delete_world_everywhere` when the person asks)."""
    with session_scope() as db:
        w = _owned(db, user_id, world_id)
        if w is None:
            return False
        ids = db.exec(select(WorldPlaylist.id).where(WorldPlaylist.world_id == world_id)).all()
        if ids:
            db.exec(delete(WorldTrack).where(col(WorldTrack.playlist_id).in_(ids)))
        db.exec(delete(WorldPlaylist).where(WorldPlaylist.world_id == world_id))
        db.exec(delete(WorldRefresh).where(WorldRefresh.world_id == world_id))
        db.delete(w)
        return True


def replace_playlists(user_id: int, world_id: int, playlists: Sequence[PlaylistEntry]) -> bool:
    """Store edited playlists (removed, replaced, regenerated tracks); saved ids are kept by name."""
    with session_scope() as db:
        w = _owned(db, user_id, world_id)
        if w is None:
            return False
        _write_playlists(db, world_id, playlists)
        w.updated_at = utcnow()
        db.add(w)
        return True


def set_external_id(user_id: int, world_id: int, playlist_name: str, external_id: str) -> bool:
    """Remember the Spotify (or demo library) playlist a world playlist was saved as."""
    with session_scope() as db:
        if _owned(db, user_id, world_id) is None:
            return False
        row = db.exec(
            select(WorldPlaylist).where(WorldPlaylist.world_id == world_id, WorldPlaylist.name == playlist_name)
        ).first()
        if row is None:
            return False
        row.external_id, row.saved_at = external_id, utcnow()
        db.add(row)
        return True


def set_cadence(user_id: int, world_id: int, cadence: str, guard: Callable[[Session], None] | None = None) -> bool:
    """Change a world's refresh plan; `guard(db)` runs first in the same transaction."""
    cadence = _check_cadence(cadence)
    with session_scope() as db:
        if guard is not None:
            guard(db)
        w = _owned(db, user_id, world_id)
        if w is None:
            return False
        base = as_utc(w.last_refreshed_at) or utcnow()
        w.cadence = cadence
        w.next_refresh_at = _next_refresh(cadence, max(base, utcnow()) if cadence != "off" else base)
        db.add(w)
        return True


def due_worlds(now: datetime | None = None) -> list[tuple[int, int]]:
    """(user_id, world_id) of every world whose refresh is due, oldest due first."""
    now = now or utcnow()
    with session_scope() as db:
        rows = db.exec(
            select(World.user_id, World.id, World.next_refresh_at)
            .where(World.cadence != "off", col(World.next_refresh_at).is_not(None))
            .order_by(col(World.next_refresh_at))
        ).all()
        return [(u, i) for u, i, at in rows if i is not None and (as_utc(at) or now) <= now]


def record_refresh(user_id: int, world_id: int, refresh_id: int | None, entries: Sequence[PlaylistEntry],
                   details: list[dict[str, Any]], added: int, removed: int,
                   profile: dict[str, Any] | None = None) -> bool:
    """Store a finished refresh: new playlists, the profile, the history line (with the diff), the next date."""
    now = utcnow()
    with session_scope() as db:
        w = _owned(db, user_id, world_id)
        if w is None:
            return False
        _write_playlists(db, world_id, entries)
        if profile is not None:
            w.profile = profile
        w.last_refreshed_at = w.updated_at = now
        w.next_refresh_at = _next_refresh(w.cadence, now)
        db.add(w)
        row = db.get(WorldRefresh, refresh_id) if refresh_id else None
        if row is None or row.world_id != world_id:
            row = WorldRefresh(world_id=world_id, ran_at=now)
        row.ok, row.status, row.added, row.removed, row.details, row.error = True, "done", added, removed, details, ""
        db.add(row)
        return True


def record_refresh_failure(user_id: int, world_id: int, error: str, refresh_id: int | None = None) -> bool:
    """A refresh that failed: kept in the history (not counted against a plan's week), retried at the next date."""
    now = utcnow()
    with session_scope() as db:
        w = _owned(db, user_id, world_id)
        if w is None:
            return False
        w.next_refresh_at = _next_refresh(w.cadence, now)
        db.add(w)
        row = db.get(WorldRefresh, refresh_id) if refresh_id else None
        if row is None or row.world_id != world_id:
            row = WorldRefresh(world_id=world_id, ran_at=now)
        row.ok, row.status, row.error = False, "failed", error[:500]
        db.add(row)
        return True


def refresh_history(user_id: int, world_id: int, limit: int | None = 20) -> list[RefreshEntry]:
    """Finished refreshes, newest first (`limit` None: all of them)."""
    with session_scope() as db:
        if _owned(db, user_id, world_id) is None:
            return []
        query = (select(WorldRefresh).where(WorldRefresh.world_id == world_id, WorldRefresh.status != "running")
                 .order_by(col(WorldRefresh.ran_at).desc(), col(WorldRefresh.id).desc()))
        if limit is not None:
            query = query.limit(limit)
        return [
            RefreshEntry(as_utc(r.ran_at) or r.ran_at, r.ok, r.added, r.removed, list(r.details or []), r.error,
                         r.trigger)
            for r in db.exec(query).all()
        ]

"""The world refresh job: every world whose cadence date has come is rebuilt (80/20 toward
recent listening, 30% of tracks kept), its history recorded, its saved playlists updated,
and any page the owner has open told at once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from services import live
from services.catalog.source import MusicSource, SourceError
from services.job_results import JobResult
from services.scheduler import every, job
from services.worlds import repo
from services.worlds.adapters import candidates_from_tracks
from services.worlds.candidates import harvest
from services.worlds.intersections import intersection_from_dict
from services.worlds.library import refresh_allowed
from services.worlds.profile import TasteProfile
from services.worlds.refresh import refresh_world
from services.worlds.scoring import Weights

log = logging.getLogger(__name__)

TOPIC = "worlds"


def _source(user_id: int) -> MusicSource:
    from services.catalog import get_source

    return get_source(user_id)


def refresh_one(user_id: int, world_id: int, *, source_for: Callable[[int], MusicSource] = _source) -> str:
    """Refresh one world now; returns a one-line summary (also recorded in its history)."""
    from services.worlds.builder import embed_tracks
    from services.worlds.export import export_world

    view = repo.load_world(user_id, world_id)
    if view is None:
        return "gone"
    if not refresh_allowed(user_id):
        repo.set_cadence(user_id, world_id, "off")
        return "refresh needs Pro: turned off"
    try:
        source = source_for(user_id)
        recent_tracks = list({p.track.id: p.track for p in source.recently_played(50)}.values())
        previous = {p.name: p.track_ids for p in view.playlists}
        current_ids = [t for ids in previous.values() for t in ids]
        keywords = list(view.definition.get("keywords") or [])
        harvested = harvest(source, recent_tracks, keywords=keywords, extra_ids=current_ids)
        tracks = harvested.tracks
        features = source.audio_features([t.id for t in [*tracks, *recent_tracks]])
        candidates = candidates_from_tracks(tracks, embed_tracks(tracks, user_id), features)
        recent = candidates_from_tracks(recent_tracks, embed_tracks(recent_tracks, user_id), features) if recent_tracks else []
        profile = TasteProfile.from_dict(view.profile)
        intersections = [intersection_from_dict(p.intersection or {"name": p.name}) for p in view.playlists]
        weights = Weights(**view.weights) if view.weights else None
        result = refresh_world(profile, recent, candidates, intersections, previous, weights=weights)
    except (SourceError, ValueError, KeyError) as exc:
        message = getattr(exc, "message", None) or str(exc)
        repo.record_refresh_failure(user_id, world_id, message)
        live.publish_soon(live.Change(TOPIC, user_id=user_id, data={"world_id": world_id}))
        return f"failed: {message}"
    repo.record_refresh(user_id, world_id, result)
    summary = result.summary()
    if any(p.external_id for p in view.playlists):
        export = export_world(user_id, world_id, source=source)
        if not export.ok:
            summary += f" Saving to {export.target} stopped: {export.error}"
    live.publish_soon(live.Change(TOPIC, user_id=user_id, data={"world_id": world_id, "summary": summary}))
    return summary


def refresh_due() -> JobResult:
    """Every due world, one after the other; one failure never stops the others, and each
    is counted for its owner (the world's page shows its own refresh history)."""
    result = JobResult()
    for user_id, world_id in repo.due_worlds():
        try:
            summary = refresh_one(user_id, world_id)
        except Exception:
            log.exception("refresh of world %s failed", world_id)
            repo.record_refresh_failure(user_id, world_id, "Unexpected error; it will be retried.")
            summary = "failed: an unexpected error"
        if summary.startswith("failed"):
            reason = summary.removeprefix("failed: ") or "unknown"
            result.fail(reason)
            result.person(user_id).fail(reason)
        else:
            result.ok()
            result.person(user_id).ok()
    result.summary = f"{result.done} worlds refreshed, {result.failed} failed"
    return result


@job("worlds.refresh", "Refresh worlds that are due", every(hours=1))
async def refresh_worlds() -> JobResult:
    """Cadence is per world (weekly, biweekly, monthly); hourly checks catch each on its day."""
    return await asyncio.to_thread(refresh_due)

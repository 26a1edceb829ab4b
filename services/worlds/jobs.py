"""Refreshing worlds: by hand (every plan, Free once a week per world) and on schedule (Pro).

A refresh leans the world 80/20 toward recent listening, keeps 30% of each playlist,
records the diff in the history, updates the exported playlists and tells any page
the owner has open at once. The hourly job runs the worlds whose date has come.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services import live, webhooks
from services.catalog.source import MusicSource, SourceError
from services.job_results import JobResult
from services.scheduler import every, job
from services.worlds import repo
from services.worlds.adapters import candidates_from_tracks
from services.worlds.candidates import harvest
from services.worlds.entries import playlist_entries
from services.worlds.identity import Identity
from services.worlds.intent import WorldIntent
from services.billing import UpgradeRequired
from services.worlds.library import check_editable, refresh_allowed
from services.worlds.profile import TasteProfile
from services.worlds.refresh import RefreshResult, refresh_world
from services.worlds.refresh_plan import RefreshLimited, claim_refresh
from services.worlds.scoring import Weights
from services.worlds.spotify_extras import with_artist_genres

log = logging.getLogger(__name__)

TOPIC = "worlds"


def _source(user_id: int) -> MusicSource:
    from services.catalog import get_source

    return get_source(user_id)


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    """What a refresh did, for the page and the job's record."""

    ok: bool
    summary: str
    details: list[dict[str, Any]] = field(default_factory=list)
    limited: bool = False


def diff_details(result: RefreshResult, titles: dict[str, str], before: dict[str, str]) -> list[dict[str, Any]]:
    """Per playlist: what was kept, added and removed (ids and "Title — Artist"), and the continuity."""
    out = []
    for c in result.changes:
        out.append({
            "name": c.name, "kept": c.kept, "added": c.added, "removed": c.removed,
            "continuity": round(c.continuity, 3), "new_share": round(c.new_share, 3),
            "titles": {t: titles.get(t) or before.get(t, t) for t in [*c.added, *c.removed]},
        })
    return out


def refresh_one(user_id: int, world_id: int, *, trigger: str = "scheduled",
                source_for: Callable[[int], MusicSource] = _source) -> RefreshOutcome:
    """Refresh one world now; the outcome is also recorded in its history."""
    from services.worlds.builder import embed_tracks
    from services.worlds.export import export_world

    view = repo.load_world(user_id, world_id)
    if view is None:
        return RefreshOutcome(False, "That world no longer exists.")
    if trigger == "scheduled" and not refresh_allowed(user_id):
        repo.set_cadence(user_id, world_id, "off")
        return RefreshOutcome(False, "Scheduled refresh is part of Pro: turned off.", limited=True)
    try:
        check_editable(user_id, world_id)  # kept beyond the plan's saved worlds: read-only
        refresh_id = claim_refresh(user_id, world_id, trigger)
    except (RefreshLimited, UpgradeRequired) as err:
        return RefreshOutcome(False, err.message, limited=True)
    except LookupError as err:
        return RefreshOutcome(False, str(err))
    try:
        source = source_for(user_id)
        recent_tracks = with_artist_genres(source, list({p.track.id: p.track for p in source.recently_played(50)}.values()))
        previous = [p.track_ids for p in view.playlists]
        before = {t.track_id: f"{t.title} — {t.artist_name}" for p in view.playlists for t in p.tracks}
        intent = WorldIntent.from_dict(view.profile.get("intent") or {})
        harvested = harvest(source, recent_tracks, intent=intent, extra_ids=[t for ids in previous for t in ids])
        tracks = with_artist_genres(source, harvested.tracks)
        features = source.audio_features([t.id for t in [*tracks, *recent_tracks]])
        candidates = candidates_from_tracks(tracks, embed_tracks(tracks, user_id), features)
        recent = candidates_from_tracks(recent_tracks, embed_tracks(recent_tracks, user_id), features) if recent_tracks else []
        profile = TasteProfile.from_dict(view.profile)
        identities = [Identity.from_dict({**(p.intersection or {}), "name": p.name, "description": p.description})
                      for p in view.playlists]
        weights = Weights(**view.weights) if view.weights else None
        widen = max((float((p.intersection or {}).get("widened", 0) or 0) for p in view.playlists), default=0.0)
        result = refresh_world(profile, recent, candidates, identities, previous, intent=intent, weights=weights,
                               widen=widen)
    except Exception as exc:  # one bad world never stops the job; its history says what happened
        if not isinstance(exc, SourceError):
            log.exception("refresh of world %s failed", world_id)
        message = exc.message if isinstance(exc, SourceError) else "Something went wrong on our side."
        repo.record_refresh_failure(user_id, world_id, message, refresh_id)
        live.publish_soon(live.Change(TOPIC, user_id=user_id, data={"world_id": world_id}))
        return RefreshOutcome(False, f"The refresh failed: {message} Your playlists are as they were.")
    titles = {c.track_id: f"{c.title} — {c.artist_name}" for c in result.build.pool.candidates}
    details = diff_details(result, titles, before)
    stored = {**view.profile, **result.profile.to_dict()}
    repo.record_refresh(user_id, world_id, refresh_id, playlist_entries(result.build), details,
                        result.added, result.removed, stored)
    summary = result.summary()
    if any(p.external_id for p in view.playlists):
        export = export_world(user_id, world_id, source=source)
        if not export.ok:
            summary += f" Saving to {export.target} stopped: {export.error}"
    live.publish_soon(live.Change(TOPIC, user_id=user_id, data={"world_id": world_id, "summary": summary}))
    webhooks.emit(user_id, "world.refreshed", {"world_id": world_id, "name": view.name, "summary": summary,
                                               "added": result.added, "removed": result.removed, "trigger": trigger})
    return RefreshOutcome(True, summary, details)


def refresh_due() -> JobResult:
    """Every due world, one after the other; one failure never stops the others, and each
    is counted for its owner (the world's page shows its own refresh history)."""
    result = JobResult()
    for user_id, world_id in repo.due_worlds():
        try:
            outcome = refresh_one(user_id, world_id)
        except Exception:
            log.exception("refresh of world %s failed", world_id)
            repo.record_refresh_failure(user_id, world_id, "Unexpected error; it will be retried.")
            result.fail("an unexpected error")
            result.person(user_id).fail("an unexpected error")
            continue
        if outcome.ok:
            result.ok()
            result.person(user_id).ok()
        elif outcome.limited:  # a plan limit, not a failure (refreshed by hand this week; Pro lapsed)
            result.ok()
        else:
            result.fail(outcome.summary)
            result.person(user_id).fail(outcome.summary)
    result.summary = f"{result.done} worlds refreshed, {result.failed} failed"
    return result


@job("worlds.refresh", "Refresh worlds that are due", every(hours=1))
async def refresh_worlds() -> JobResult:
    """Cadence is per world (weekly, biweekly, monthly); hourly checks catch each on its day."""
    return await asyncio.to_thread(refresh_due)

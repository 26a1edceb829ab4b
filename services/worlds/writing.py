"""Writing a world's texts: ask the Composer, check the answer, regenerate or repair what fails.

The offline writer and a language model get the same brief (the built playlists'
facts) and their answers pass the same checks (`text_checks`). A live answer that
fails is asked for once more with its problems listed; whatever still fails is
replaced, field by field, by the offline writer's text, and the label says so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from services.ai.composer import LocalComposer
from services.ai.schemas import FALLBACK_SOURCE, LOCAL_SOURCE, PlaylistText, WorldBrief, WorldDefinition
from services.worlds.claims import TrackView
from services.worlds.text_checks import TextReport, check_world

log = logging.getLogger(__name__)
MAX_PROBLEMS = 12


def _ask(composer: Any, brief: WorldBrief, user_id: int | None) -> WorldDefinition:
    try:
        return composer.world_definition(brief, user_id=user_id)
    except Exception as exc:  # a live composer that raises instead of falling back itself
        log.warning("composer failed, using the offline writer: %s", exc)
        texts = LocalComposer().world_definition(brief, user_id=user_id)
        texts.source, texts.fallback_reason = FALLBACK_SOURCE, f"{type(exc).__name__}: {str(exc)[:200]}"
        return texts


def _fit_count(texts: WorldDefinition, offline: WorldDefinition) -> WorldDefinition:
    """One text per playlist: missing ones come from the offline writer, extra ones go."""
    n = len(offline.playlists)
    playlists = list(texts.playlists[:n]) + list(offline.playlists[len(texts.playlists):n])
    return texts.model_copy(update={"playlists": playlists})


def repair(texts: WorldDefinition, report: TextReport, offline: WorldDefinition) -> WorldDefinition:
    """Failing fields replaced by the offline writer's (which are built to pass)."""
    data = texts.model_copy(deep=True)
    failing = report.fields_failing
    if "world_name" in failing:
        data.world_name = offline.world_name
    if "description" in failing:
        data.description = offline.description
    playlists: list[PlaylistText] = []
    for i, pl in enumerate(data.playlists):
        title = offline.playlists[i].title if f"playlist {i + 1} title" in failing or "titles" in failing else pl.title
        desc = offline.playlists[i].description if f"playlist {i + 1} description" in failing else pl.description
        playlists.append(PlaylistText(title=title, description=desc))
    data.playlists = playlists
    return data


def write_texts(composer: Any, brief: WorldBrief, playlist_tracks: Sequence[Sequence[TrackView]],
                typed: Sequence[str] = (), user_id: int | None = None) -> tuple[WorldDefinition, TextReport]:
    """The world's texts, checked; (texts, the report of the texts returned)."""
    offline = LocalComposer().world_definition(brief, user_id=user_id)
    texts = _fit_count(_ask(composer, brief, user_id), offline)
    report = check_world(texts, playlist_tracks, typed)
    if report.ok:
        return texts, report
    if texts.source not in (LOCAL_SOURCE, FALLBACK_SOURCE):
        problems = report.problems()[:MAX_PROBLEMS]
        log.info("world texts failed checks (%s); asking again", "; ".join(problems))
        again = _fit_count(_ask(composer, brief.model_copy(update={"problems": problems}), user_id), offline)
        second = check_world(again, playlist_tracks, typed)
        if second.ok:
            return again, second
        texts, report = again, second
    fixed = repair(texts, report, offline)
    final = check_world(fixed, playlist_tracks, typed)
    if texts.source != LOCAL_SOURCE:
        fixed.source = f"{texts.source} (repaired)" if "repaired" not in texts.source else texts.source
        fixed.fallback_reason = "; ".join(report.problems()[:3]) or texts.fallback_reason
    if not final.ok:  # even the repaired mix fails (two fields clash): the offline texts as a whole
        log.warning("world texts still fail after repair: %s", final.problems())
        offline.source = fixed.source
        return offline, check_world(offline, playlist_tracks, typed)
    return fixed, final

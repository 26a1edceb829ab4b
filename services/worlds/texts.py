"""Naming a built world: facts of its playlists -> the Composer's checked texts -> playlist names.

The texts are written after the playlists exist, from what they hold, so a name or
description can never promise music that is not there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services.ai.schemas import WorldDefinition
from services.worlds.engine import WorldBuild
from services.worlds.facts import track_views, world_brief
from services.worlds.text_checks import TextReport
from services.worlds.tracks import Candidate
from services.worlds.why import SeedNeighbours
from services.worlds.writing import write_texts


def playlist_rows(build: WorldBuild) -> list[list[int]]:
    index = build.pool.index
    return [[index[t] for t in pl.track_ids if t in index] for pl in build.playlists.playlists]


def name_world(composer: Any, build: WorldBuild, seeds: Sequence[Candidate], *, typed: Sequence[str] = (),
               seed_genres: Sequence[str] = (), user_id: int | None = None) -> tuple[WorldDefinition, TextReport]:
    """Write and check the world's texts, and give its playlists their names."""
    assert build.signals is not None
    rows = playlist_rows(build)
    intent = build.intent
    relaxed = set(build.filtered.relaxed) if build.filtered else set()
    avoided = [label for label in intent.rule_labels() if label not in relaxed]  # never claim what was let back in
    brief = world_brief(build.playlists.identities, rows, build.pool.candidates, build.signals,
                        asked=intent.labels, setting=intent.setting, avoided=avoided,
                        seed_genres=list(dict.fromkeys(seed_genres)))
    views = [track_views(r, build.pool.candidates, build.signals) for r in rows]
    texts, report = write_texts(composer, brief, views, typed, user_id)
    build.playlists.rename([(p.title, p.description) for p in texts.playlists])
    build.neighbours = SeedNeighbours(seeds)
    return texts, report

"""The whole world build for one person: seeds -> profile -> candidates -> scoring -> playlists -> covers.

This is the service the page's background event calls (in a worker thread); it
does the remote work (music source, Composer, Embedder) around the pure engine and
reports each step through `progress(step, detail)`. The finished `BuiltWorld` keeps
the engine's `PlaylistSet`, so the page can remove, replace and regenerate tracks
without building again.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from services.ai import FALLBACK_SOURCE, WORLD_QUESTIONS, WorldBrief, WorldDefinition, get_composer, get_embedder
from services.ai.composer import LocalComposer
from services.catalog.source import MusicSource, SourceError
from services.catalog.types import Track
from services.worlds.adapters import avoid_text, candidates_from_tracks, intersections_from_world, world_text
from services.worlds.candidates import harvest
from services.worlds.engine import WorldBuild, build_world
from services.worlds.repo import PlaylistEntry, WorldDraft, playlist_entries, weights_dict
from services.worlds.scoring import Weights
from services.worlds.tracks import Blocklist, Candidate

log = logging.getLogger(__name__)

STEPS: tuple[str, ...] = ("seeds", "profile", "candidates", "scoring", "playlists", "covers")
STEP_TITLES: dict[str, str] = {
    "seeds": "Reading your seeds",
    "profile": "Composing the world and your taste profile",
    "candidates": "Gathering candidate tracks",
    "scoring": "Scoring every candidate",
    "playlists": "Drafting themed playlists",
    "covers": "Drawing covers",
}
HISTORY_RANGES: dict[str, str] = {
    "recent": "Recent 50 plays",
    "short_term": "About 4 weeks",
    "medium_term": "About 6 months",
    "long_term": "All time",
}
MIN_SEED_TRACKS, MAX_SEED_TRACKS = 3, 10
MIN_SEED_PLAYLISTS, MAX_SEED_PLAYLISTS = 1, 5
MAX_SEEDS_USED = 50  # seeds read from history or playlists that feed the profile
HEAVY_PLAYS = 5  # plays in the recent history that make a track "heavily played"
PALETTES: tuple[tuple[str, ...], ...] = (
    ("#3d2c2e", "#a4785a", "#e8d5b5", "#6b705c"),
    ("#1b263b", "#415a77", "#778da9", "#e0e1dd"),
    ("#2d1e2f", "#5e3c58", "#c38d9e", "#f3d9dc"),
    ("#132a13", "#31572c", "#90a955", "#ecf39e"),
    ("#231942", "#5e548e", "#9f86c0", "#e0b1cb"),
    ("#0b2027", "#40798c", "#70a9a1", "#cfd7c7"),
    ("#3a0ca3", "#7209b7", "#f72585", "#4cc9f0"),
    ("#582f0e", "#936639", "#c2c5aa", "#414833"),
)

Progress = Callable[[str, str], None]


class BuildError(ValueError):
    """Something the person can fix (no seeds, too many, no answers); `str()` says how."""


@dataclass(frozen=True, slots=True)
class SeedChoice:
    """How the person picked seeds: `kind` is "history", "playlists" or "tracks"."""

    kind: str
    history_range: str = ""
    playlist_ids: tuple[str, ...] = ()
    track_ids: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SeedChoice:
        return cls(
            kind=str(data.get("kind") or ""),
            history_range=str(data.get("history_range") or ""),
            playlist_ids=tuple(str(x) for x in data.get("playlist_ids") or ()),
            track_ids=tuple(str(x) for x in data.get("track_ids") or ()),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "history_range": self.history_range,
                "playlist_ids": list(self.playlist_ids), "track_ids": list(self.track_ids)}


def seed_problem(choice: SeedChoice) -> str:
    """Why these seeds cannot be used, in words; "" when they can."""
    if choice.kind == "history":
        return "" if choice.history_range in HISTORY_RANGES else "Choose a listening-history range."
    if choice.kind == "playlists":
        n = len(set(choice.playlist_ids))
        if n < MIN_SEED_PLAYLISTS:
            return "Choose at least one playlist."
        if n > MAX_SEED_PLAYLISTS:
            return f"Choose at most {MAX_SEED_PLAYLISTS} playlists (you chose {n})."
        return ""
    if choice.kind == "tracks":
        n = len(set(choice.track_ids))
        if n < MIN_SEED_TRACKS:
            return f"Pick at least {MIN_SEED_TRACKS} tracks (you have {n})."
        if n > MAX_SEED_TRACKS:
            return f"Pick at most {MAX_SEED_TRACKS} tracks (you have {n})."
        return ""
    return "Choose where your seeds come from: listening history, playlists or tracks."


def answers_problem(answers: Mapping[str, Sequence[str]], free_text: Mapping[str, str]) -> str:
    """Empty answers cannot steer a world: at least one question besides "avoid" needs an answer."""
    wanted = [q for q in WORLD_QUESTIONS if q != "avoid"]
    if any(answers.get(q) or (free_text.get(q) or "").strip() for q in wanted):
        return ""
    return "Answer at least one of the first four questions (pick an option or write a few words)."


def resolve_seeds(source: MusicSource, choice: SeedChoice) -> list[Track]:
    """The seed tracks the choice names, read from the source (at most 50)."""
    problem = seed_problem(choice)
    if problem:
        raise BuildError(problem)
    tracks: list[Track] = []
    try:
        if choice.kind == "history":
            if choice.history_range == "recent":
                tracks = [p.track for p in source.recently_played(50)]
            else:
                tracks = source.top_tracks(choice.history_range, limit=50).items  # type: ignore[arg-type]
        elif choice.kind == "playlists":
            for pid in dict.fromkeys(choice.playlist_ids):
                tracks += source.playlist_items(pid, limit=50).items
        else:
            tracks = _tracks_by_id(source, list(dict.fromkeys(choice.track_ids)))
    except SourceError as exc:
        raise BuildError(f"Could not read your seeds: {exc.message}") from exc
    unique = list({t.id: t for t in tracks}.values())[:MAX_SEEDS_USED]
    if not unique and choice.kind == "tracks":
        raise BuildError("The tracks you picked could not be found any more. Search for them again and pick them anew.")
    if not unique:
        raise BuildError("Those seeds have no tracks yet. Pick another range, other playlists or some tracks.")
    return unique


def _tracks_by_id(source: MusicSource, ids: list[str]) -> list[Track]:
    """The picked tracks, read by id from the source (Spotify: one by one in development mode)."""
    return source.tracks(ids)


def palette_for(name: str) -> list[str]:
    """A stable palette per world name (the Composer does not choose colours)."""
    digest = int(hashlib.sha256(name.lower().encode()).hexdigest(), 16)
    return list(PALETTES[digest % len(PALETTES)])


def cover_url(playlist: str, world: str, palette: Sequence[str]) -> str:
    """The page's cover image: drawn by `/api/worlds/cover.png` from these inputs (no stored files)."""
    from urllib.parse import urlencode

    return "/api/worlds/cover.png?" + urlencode({"name": playlist, "world": world, "palette": ",".join(palette)})


@dataclass(slots=True)
class BuiltWorld:
    """A finished build, held while the person edits it."""

    definition: WorldDefinition
    build: WorldBuild
    palette: list[str]
    source_kind: str
    tracks: dict[str, Track]  # every candidate and seed by id (artwork, previews)
    seeds: list[Track]
    routes: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.definition.world_name

    @property
    def composer_label(self) -> str:
        return self.definition.source

    def entries(self) -> list[PlaylistEntry]:
        return playlist_entries(self.build.playlists)

    def draft(self, cadence: str = "weekly") -> WorldDraft:
        return WorldDraft(
            name=self.name,
            description=self.definition.description,
            playlists=self.entries(),
            definition=self.definition.model_dump(),
            palette=self.palette,
            profile=self.build.profile.to_dict(),
            weights=weights_dict(self.build.table.weights),
            source=self.source_kind,
            cadence=cadence,
        )


def _brief(seeds: Sequence[Track], answers: Mapping[str, Sequence[str]], free_text: Mapping[str, str],
           features: Mapping[str, Any]) -> WorldBrief:
    genres = list(dict.fromkeys(g for t in seeds for g in t.genres))[:12]
    tags = list(dict.fromkeys(g for t in seeds for g in t.tags))[:12]
    taste: dict[str, float] = {}
    feats = [f for f in features.values() if f is not None]
    if feats:
        for key in ("valence", "energy", "acousticness", "tempo"):
            taste[key] = round(float(np.mean([getattr(f, key) for f in feats])), 3)
    return WorldBrief(
        answers={q: list(answers.get(q) or []) for q in WORLD_QUESTIONS},
        free_text={q: (free_text.get(q) or "").strip() for q in WORLD_QUESTIONS},
        seed_genres=genres,
        seed_tags=tags,
        seed_tracks=[f"{t.artist_name} - {t.name}" for t in seeds[:20]],
        taste=taste,
    )


def compose(brief: WorldBrief, user_id: int) -> WorldDefinition:
    """The Composer's world; if it fails outright the offline composer answers (and says so)."""
    try:
        return get_composer().world_definition(brief, user_id=user_id)
    except Exception as exc:  # a live composer that raises instead of falling back
        log.warning("composer failed, using the offline composer: %s", exc)
        world = LocalComposer().world_definition(brief, user_id=user_id)
        world.source, world.fallback_reason = FALLBACK_SOURCE, f"{type(exc).__name__}: {str(exc)[:200]}"
        return world


def _blocklist(source: MusicSource) -> tuple[Blocklist, dict[str, int]]:
    """Saved tracks and heavily played ones (recent history) are never recommended."""
    saved: list[str] = []
    plays: dict[str, int] = {}
    try:
        offset: int | None = 0
        while offset is not None and offset < 200:
            page = source.saved_tracks(limit=50, offset=offset)
            saved += [t.id for t in page.items]
            offset = page.next_offset
        for p in source.recently_played(50):
            plays[p.track.id] = plays.get(p.track.id, 0) + 1
    except SourceError as exc:
        log.info("blocklist reads stopped: %s", exc)
    return Blocklist.of(saved=saved, heavy_play_count=HEAVY_PLAYS), plays


def embed_tracks(tracks: Sequence[Track], user_id: int) -> np.ndarray:
    return get_embedder().embed([t.description() for t in tracks], user_id=user_id)


def build_for_user(
    user_id: int,
    choice: SeedChoice,
    answers: Mapping[str, Sequence[str]],
    free_text: Mapping[str, str],
    *,
    weights: Weights | None = None,
    source: MusicSource | None = None,
    progress: Progress | None = None,
) -> BuiltWorld:
    """Build a world for `user_id`; raises BuildError with a message to show."""
    from services.catalog import get_source

    report = progress or (lambda step, detail: None)
    problem = seed_problem(choice) or answers_problem(answers, free_text)
    if problem:
        raise BuildError(problem)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - clock
        clock = now

    report("seeds", "")
    source = source or get_source(user_id)
    seeds = resolve_seeds(source, choice)
    seed_features = source.audio_features([t.id for t in seeds])
    block, plays = _blocklist(source)
    lap("seeds")
    report("seeds", f"{len(seeds)} seed tracks")

    report("profile", "")
    world = compose(_brief(seeds, answers, free_text, seed_features), user_id)
    embedder = get_embedder()
    seed_vectors = embed_tracks(seeds, user_id)
    words = embedder.embed([world_text(world.model_dump()), avoid_text(world.model_dump()) or "nothing"], user_id=user_id)
    intersections = intersections_from_world(world, lambda texts: embedder.embed(list(texts), user_id=user_id))
    lap("profile")
    report("profile", world.world_name)

    report("candidates", "")
    harvested = harvest(source, seeds, keywords=world.keywords, seed_playlist_ids=choice.playlist_ids)
    if len(harvested) == 0:
        raise BuildError("The music source returned no candidate tracks. Try other seeds.")
    cand_features = source.audio_features([t.id for t in harvested.tracks])
    cand_vectors = embed_tracks(harvested.tracks, user_id)
    candidates = candidates_from_tracks(harvested.tracks, cand_vectors, cand_features, plays)
    seed_cands: list[Candidate] = candidates_from_tracks(seeds, seed_vectors, seed_features, plays)
    lap("candidates")
    report("candidates", f"{len(candidates)} candidates")

    def engine_step(step: str) -> None:
        if step in ("scoring", "playlists"):
            report(step, "")

    built = build_world(
        seed_cands, candidates, intersections, weights=weights, blocklist=block,
        known_artist_ids=[a for t in seeds for a in t.artist_ids],
        world_embedding=words[0], avoid_embedding=words[1] if avoid_text(world.model_dump()) else None,
        progress=engine_step,
    )
    timings.update({k: v for k, v in built.timings.items() if k in ("scoring", "playlists")})
    clock = time.perf_counter()

    report("covers", "")
    palette = palette_for(world.world_name)
    for pl in built.playlists.playlists:  # drawn once here so the page's first look is instant (cached)
        cached_cover_png(pl.name, world.world_name, tuple(palette))
    lap("covers")
    report("covers", "done")
    return BuiltWorld(
        definition=world, build=built, palette=palette, source_kind=source.kind,
        tracks={t.id: t for t in [*harvested.tracks, *seeds]}, seeds=seeds,
        routes=dict(harvested.routes), timings=timings,
    )


_COVER_CACHE: dict[tuple[str, str, tuple[str, ...], int], bytes] = {}


def cached_cover_png(name: str, world: str, palette: tuple[str, ...], size: int = 320) -> bytes:
    """Page covers drawn once per (name, world, palette) in this process."""
    from services.worlds.cover import cover_png

    key = (name, world, palette, size)
    png = _COVER_CACHE.get(key)
    if png is None:
        if len(_COVER_CACHE) > 500:
            _COVER_CACHE.clear()
        png = _COVER_CACHE[key] = cover_png(name, list(palette), world, size)
    return png

"""The whole world build for one person: seeds -> answers -> candidates -> playlists -> texts -> covers.

This is the service the page's background event calls (in a worker thread); it does
the remote work (music source, Embedder, Composer) around the pure engine and reports
each step through `progress(step, detail)`. The finished `BuiltWorld` keeps the
engine's `PlaylistSet`, so the page can remove, replace and regenerate tracks without
building again.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from services.ai import get_composer, get_embedder
from services.ai.schemas import WorldDefinition
from services.catalog.source import MusicSource, SourceError
from services.catalog.types import Track
from services.worlds.adapters import candidates_from_tracks
from services.worlds.candidates import harvest
from services.worlds.engine import WorldBuild, build_world
from services.worlds.entries import PlaylistEntry, WorldDraft, playlist_entries, weights_dict
from services.worlds.intent import WorldIntent, read_answers
from services.worlds.questions import answers_problem
from services.worlds.scoring import Weights
from services.worlds.seeds import BuildError, SeedChoice, resolve_seeds, seed_problem
from services.worlds.spotify_extras import with_artist_genres
from services.worlds.text_checks import TextReport
from services.worlds.texts import name_world
from services.worlds.tracks import Blocklist

log = logging.getLogger(__name__)

STEPS: tuple[str, ...] = ("seeds", "profile", "candidates", "scoring", "playlists", "covers")
STEP_TITLES: dict[str, str] = {
    "seeds": "Reading your seeds",
    "profile": "Reading your answers and your taste",
    "candidates": "Gathering candidate tracks",
    "scoring": "Scoring every candidate",
    "playlists": "Shaping the playlists and writing their names",
    "covers": "Drawing covers",
}
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


def palette_for(name: str) -> list[str]:
    """A stable palette per world name (the Composer does not choose colours)."""
    digest = int(hashlib.sha256(name.lower().encode()).hexdigest(), 16)
    return list(PALETTES[digest % len(PALETTES)])


@dataclass(slots=True)
class BuiltWorld:
    """A finished build, held while the person edits it."""

    definition: WorldDefinition
    build: WorldBuild
    palette: list[str]
    source_kind: str
    tracks: dict[str, Track]  # every candidate and seed by id (artwork, links)
    seeds: list[Track]
    text_report: TextReport = field(default_factory=TextReport)
    routes: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.definition.world_name

    @property
    def composer_label(self) -> str:
        return self.definition.source

    @property
    def intent(self) -> WorldIntent:
        return self.build.intent

    @property
    def notes(self) -> list[str]:
        return list(self.build.notes)

    def entries(self) -> list[PlaylistEntry]:
        return playlist_entries(self.build)

    def draft(self, cadence: str = "off") -> WorldDraft:
        profile = self.build.profile.to_dict()
        profile["intent"] = self.intent.to_dict()
        profile["signals"] = self.build.report.to_dict() if self.build.report else {}
        profile["notes"] = self.notes
        return WorldDraft(
            name=self.name, description=self.definition.description, playlists=self.entries(),
            definition=self.definition.model_dump(), palette=self.palette, profile=profile,
            weights=weights_dict(self.build.table.weights), source=self.source_kind, cadence=cadence,
        )


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


def embed_intent(intent: WorldIntent, user_id: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The answers' words and the unmatched avoid words, embedded (None when there are none)."""
    texts = [intent.wanted_text or "", intent.avoid_text or ""]
    if not any(texts):
        return None, None
    vectors = get_embedder().embed([t or "music" for t in texts], user_id=user_id)
    return (vectors[0] if texts[0] else None), (vectors[1] if texts[1] else None)


def resolve_artist_rules(source: MusicSource, intent: WorldIntent) -> WorldIntent:
    """Avoided artists looked up on the source by name, so they are kept out even when no
    candidate of theirs is in sight to match against."""
    from dataclasses import replace

    from services.worlds.rules import fold_name

    rules = []
    for r in intent.rules:
        if r.kind == "artist" and not r.artist_ids:
            try:
                found = source.search(r.artist, ("artist",), limit=5).artists.items
            except (SourceError, ValueError):
                found = []
            ids = tuple(a.id for a in found if fold_name(a.name) == fold_name(r.artist))
            r = replace(r, artist_ids=ids) if ids else r
        rules.append(r)
    intent.rules = rules
    return intent


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
    seeds = with_artist_genres(source, resolve_seeds(source, choice))
    seed_features = source.audio_features([t.id for t in seeds])
    block, plays = _blocklist(source)
    lap("seeds")
    report("seeds", f"{len(seeds)} seed tracks")

    report("profile", "")
    intent = resolve_artist_rules(source, read_answers(answers, free_text))
    seed_vectors = embed_tracks(seeds, user_id)
    wanted_vec, avoid_vec = embed_intent(intent, user_id)
    lap("profile")
    report("profile", ", ".join(intent.labels[:4]))

    report("candidates", "")
    harvested = harvest(source, seeds, intent=intent, seed_playlist_ids=choice.playlist_ids)
    if len(harvested) == 0:
        raise BuildError("The music source returned no candidate tracks. Try other seeds.")
    tracks = with_artist_genres(source, harvested.tracks)
    cand_features = source.audio_features([t.id for t in tracks])
    candidates = candidates_from_tracks(tracks, embed_tracks(tracks, user_id), cand_features, plays)
    seed_cands = candidates_from_tracks(seeds, seed_vectors, seed_features, plays)
    lap("candidates")
    report("candidates", f"{len(candidates)} candidates")

    def engine_step(step: str) -> None:
        if step in ("scoring", "playlists"):
            report(step, "")

    built = build_world(
        seed_cands, candidates, intent=intent, weights=weights, blocklist=block,
        known_artist_ids=[a for t in seeds for a in t.artist_ids],
        world_embedding=wanted_vec, avoid_embedding=avoid_vec, progress=engine_step,
    )
    timings.update({k: v for k, v in built.timings.items() if k in ("scoring", "playlists")})
    clock = time.perf_counter()
    typed = [t for q, t in free_text.items() if q != "avoid" and (t or "").strip()]  # a list of exclusions may be named
    definition, text_report = name_world(get_composer(), built, seed_cands, typed=typed,
                                         seed_genres=[g for t in seeds for g in t.genres], user_id=user_id)
    lap("playlists")

    report("covers", "")
    palette = palette_for(definition.world_name)
    for pl in built.playlists.playlists:  # drawn once here so the page's first look is instant (cached)
        cached_cover_png(pl.name, definition.world_name, tuple(palette))
    lap("covers")
    report("covers", "done")
    return BuiltWorld(
        definition=definition, build=built, palette=palette, source_kind=source.kind,
        tracks={t.id: t for t in [*tracks, *seeds]}, seeds=seeds, text_report=text_report,
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

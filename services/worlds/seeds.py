"""Where a world starts: the seed choice (history, playlists or tracks), its checks, its tracks."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from services.catalog.source import MusicSource, SourceError
from services.catalog.types import Track

log = logging.getLogger(__name__)

HISTORY_RANGES: dict[str, str] = {
    "recent": "Recent 50 plays",
    "short_term": "About 4 weeks",
    "medium_term": "About 6 months",
    "long_term": "All time",
}
MIN_SEED_TRACKS, MAX_SEED_TRACKS = 3, 10
MIN_SEED_PLAYLISTS, MAX_SEED_PLAYLISTS = 1, 5
MAX_SEEDS_USED = 50  # seeds read from history or playlists that feed the profile
PER_PLAYLIST = 50  # tracks read from each seed playlist


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


def interleave(lists: list[list[Track]], limit: int) -> list[Track]:
    """Tracks taken in turns from each list (so five playlists all count), unique, at most `limit`."""
    out: dict[str, Track] = {}
    for row in zip_longest(*lists):
        for t in row:
            if t is not None and t.id and t.id not in out:
                out[t.id] = t
                if len(out) >= limit:
                    return list(out.values())
    return list(out.values())


def resolve_seeds(source: MusicSource, choice: SeedChoice) -> list[Track]:
    """The seed tracks the choice names, read from the source (at most 50, spread over every playlist)."""
    problem = seed_problem(choice)
    if problem:
        raise BuildError(problem)
    lists: list[list[Track]] = []
    try:
        if choice.kind == "history":
            if choice.history_range == "recent":
                lists = [[p.track for p in source.recently_played(50)]]
            else:
                lists = [source.top_tracks(choice.history_range, limit=50).items]  # type: ignore[arg-type]
        elif choice.kind == "playlists":
            lists = [source.playlist_items(pid, limit=PER_PLAYLIST).items for pid in dict.fromkeys(choice.playlist_ids)]
        else:
            lists = [tracks_by_id(source, list(dict.fromkeys(choice.track_ids)))]
    except SourceError as exc:
        raise BuildError(f"Could not read your seeds: {exc.message}") from exc
    unique = interleave(lists, MAX_SEEDS_USED)
    if not unique and choice.kind == "tracks":
        raise BuildError("The tracks you picked could not be found any more. Search for them again and pick them anew.")
    if not unique:
        raise BuildError("Those seeds have no tracks yet. Pick another range, other playlists or some tracks.")
    return unique


def tracks_by_id(source: MusicSource, ids: list[str]) -> list[Track]:
    """Tracks by id, in order, unknown ones left out (the source reads them as its rules allow:
    the demo in one query, Spotify one by one in development mode)."""
    return list(source.tracks(ids))

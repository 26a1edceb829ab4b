"""The diversity rules of a world's playlists, and a checker that lists every breach.

At most one track per artist (featured artists count) and per album in a playlist,
at most eight tracks of one primary genre, at most fifty tracks, and no track in
two playlists of the same world. Tracks with no genre are not counted against any genre.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from services.worlds.tracks import Blocklist, Candidate

MAX_PLAYLIST_TRACKS = 50


@dataclass(frozen=True, slots=True)
class DiversityRules:
    max_per_artist: int = 1
    max_per_album: int = 1
    max_per_genre: int = 8
    max_tracks: int = MAX_PLAYLIST_TRACKS


@dataclass(slots=True)
class PlaylistDiversity:
    """Running counts for one playlist: answers "may this track join?" in O(1)."""

    rules: DiversityRules = field(default_factory=DiversityRules)
    artists: Counter[str] = field(default_factory=Counter)
    albums: Counter[str] = field(default_factory=Counter)
    genres: Counter[str] = field(default_factory=Counter)
    size: int = 0

    @classmethod
    def of(cls, tracks: Iterable[Candidate], rules: DiversityRules | None = None) -> PlaylistDiversity:
        state = cls(rules or DiversityRules())
        for t in tracks:
            state.add(t)
        return state

    @property
    def full(self) -> bool:
        return self.size >= self.rules.max_tracks

    def allows(self, c: Candidate) -> bool:
        r = self.rules
        if self.size >= r.max_tracks:
            return False
        if any(self.artists[a] >= r.max_per_artist for a in c.artist_ids):
            return False
        if self.albums[c.album_id] >= r.max_per_album:
            return False
        g = c.primary_genre
        return not (g and self.genres[g] >= r.max_per_genre)

    def add(self, c: Candidate) -> None:
        for a in set(c.artist_ids):
            self.artists[a] += 1
        self.albums[c.album_id] += 1
        if c.primary_genre:
            self.genres[c.primary_genre] += 1
        self.size += 1


def enforce_diversity(ranked: Iterable[Candidate], rules: DiversityRules | None = None) -> list[Candidate]:
    """Walk tracks best first and keep those the rules allow, up to the playlist size."""
    state = PlaylistDiversity(rules or DiversityRules())
    kept: list[Candidate] = []
    for c in ranked:
        if state.full:
            break
        if state.allows(c):
            state.add(c)
            kept.append(c)
    return kept


def rule_violations(
    playlists: Sequence[Sequence[Candidate]],
    rules: DiversityRules | None = None,
    blocklist: Blocklist | None = None,
) -> list[str]:
    """Every breach of the rules, in words (empty when the world is clean)."""
    rules = rules or DiversityRules()
    problems: list[str] = []
    owner: dict[str, int] = {}
    for p, tracks in enumerate(playlists):
        if len(tracks) > rules.max_tracks:
            problems.append(f"playlist {p}: {len(tracks)} tracks (max {rules.max_tracks})")
        artists: Counter[str] = Counter()
        albums: Counter[str] = Counter()
        genres: Counter[str] = Counter()
        for t in tracks:
            artists.update(set(t.artist_ids))
            albums[t.album_id] += 1
            if t.primary_genre:
                genres[t.primary_genre] += 1
            if t.track_id in owner:
                problems.append(f"track {t.track_id} in playlists {owner[t.track_id]} and {p}")
            owner.setdefault(t.track_id, p)
            if blocklist is not None and blocklist.blocks(t):
                problems.append(f"playlist {p}: blocked track {t.track_id}")
        problems += [f"playlist {p}: artist {a} x{n}" for a, n in artists.items() if n > rules.max_per_artist]
        problems += [f"playlist {p}: album {a} x{n}" for a, n in albums.items() if n > rules.max_per_album]
        problems += [f"playlist {p}: genre {g} x{n}" for g, n in genres.items() if n > rules.max_per_genre]
    return problems

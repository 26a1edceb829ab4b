"""The facts of a built world, measured on its tracks: what the writer may say and the checker tests.

`playlist_facts` summarises one playlist (its leading genres, the tempo range of most
tracks when measured, the feel words that are true of most tracks, instruments most
tracks carry, a few artists); `track_views` gives the per-track values the claim
checker needs. Both read the same signals the engine matched on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from services.ai.schemas import GenreShare, PlaylistFacts, WorldBrief
from services.worlds.claims import FEEL_WORDS, TEXTURE_WORDS, TrackView, word_true, level_word
from services.worlds.identity import Identity
from services.worlds.signals import SIGNAL_INDEX, SIGNALS, TrackSignals
from services.worlds.taxonomy import family_label, normalize
from services.worlds.tracks import Candidate

TAG_MIN_SHARE = 0.3  # an instrument is named when this share of the tracks carry it


def track_views(rows: Sequence[int], candidates: Sequence[Candidate], signals: TrackSignals) -> list[TrackView]:
    out = []
    for r in rows:
        c = candidates[r]
        values = {s: float(signals.values[r, SIGNAL_INDEX[s]]) for s in SIGNALS}
        out.append(TrackView(genres=tuple(c.genres), artists=tuple(c.artist_names or (c.artist_name,)), year=c.year,
                             tags=tuple(c.tags), signals=values,
                             tempo_measured=bool(signals.measured[r, SIGNAL_INDEX["tempo"]])))
    return out


def _tags(views: Sequence[TrackView]) -> list[str]:
    from services.catalog.genres import GENRES

    instruments = {normalize(i) for g in GENRES for i in g.instruments} | set(TEXTURE_WORDS)
    counts: Counter[str] = Counter()
    for v in views:
        counts.update({normalize(t) for t in v.tags if normalize(t) in instruments})
    n = max(len(views), 1)
    return [t for t, c in counts.most_common(3) if c / n >= TAG_MIN_SHARE]


def playlist_facts(identity: Identity, rows: Sequence[int], candidates: Sequence[Candidate],
                   signals: TrackSignals) -> PlaylistFacts:
    views = track_views(rows, candidates, signals)
    n = len(views)
    genres = Counter(candidates[r].primary_genre for r in rows if candidates[r].primary_genre)
    shares = [GenreShare(name=g, share=round(c / max(n, 1), 3)) for g, c in genres.most_common(4)]
    col = {s: np.array([v.signals[s] for v in views], dtype=float) for s in SIGNALS}
    tempos = np.array([v.signals["tempo"] for v in views if v.tempo_measured], dtype=float)
    tempo_range: list[int] = []
    if len(tempos) >= 3:
        lo, hi = np.percentile(tempos, [10, 90])
        tempo_range = [int(5 * np.floor(lo / 5)), int(5 * np.ceil(hi / 5))]
    years = [v.year for v in views if v.year]
    decades = [f"{d}s" for d, c in Counter(10 * (y // 10) for y in years).most_common(2) if c / max(len(years), 1) >= 0.3]
    artists = list(dict.fromkeys(candidates[r].artist_names[0] if candidates[r].artist_names else
                                 candidates[r].artist_name for r in rows))[:3]
    return PlaylistFacts(
        family=family_label(identity.family) if identity.family else "mixed genres",
        genres=shares, count=n, tempo_range=tempo_range,
        energy_word=level_word("energy", col["energy"]), mood_word=level_word("valence", col["valence"]),
        sound_word=level_word("acousticness", col["acousticness"]),
        vocals_word=level_word("instrumentalness", col["instrumentalness"]) if _measured(signals, rows, "instrumentalness") else "",
        tags=_tags(views), artists=[a for a in artists if a], slice_word=_true_slice(identity.slice_word, col),
        decades=decades,
    )


def _true_slice(word: str, col: dict[str, np.ndarray]) -> str:
    """A slice word ("darker") is relative to its sibling; it is only said when it is also true outright."""
    if not word or word not in FEEL_WORDS:
        return ""
    return word if word_true(word, col.get(FEEL_WORDS[word][0], np.array([]))) else ""


def _measured(signals: TrackSignals, rows: Sequence[int], signal: str) -> bool:
    """Vocals are only worth saying when measured (a genre's estimate is too rough for it)."""
    return bool(len(rows)) and bool(signals.measured[list(rows), SIGNAL_INDEX[signal]].mean() >= 0.5)


def world_brief(identities: Sequence[Identity], playlist_rows: Sequence[Sequence[int]], candidates: Sequence[Candidate],
                signals: TrackSignals, *, asked: Sequence[str] = (), setting: str = "", avoided: Sequence[str] = (),
                seed_genres: Sequence[str] = ()) -> WorldBrief:
    return WorldBrief(
        asked=list(asked), setting=setting, avoided=list(avoided), seed_genres=list(seed_genres)[:8],
        playlists=[playlist_facts(i, rows, candidates, signals) for i, rows in zip(identities, playlist_rows, strict=True)],
    )

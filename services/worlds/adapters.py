"""Turn the catalog's tracks into the engine's plain inputs.

Duck-typed on purpose (attributes, not imports), so the engine stays independent of
how `services.catalog` evolves: a `Track` needs `id`, `name`, `artist_ids`,
`artist_names`, `album_id`, `genres`, `popularity`; `explicit`, `release_date` and
`tags` are read when present; an `AudioFeatures` has the Spotify feature names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from services.worlds.tracks import Candidate, features_vector


def candidate_from_track(
    track: Any, embedding: np.ndarray, features: Any | None = None, play_count: int = 0
) -> Candidate:
    """One catalog `Track` (+ its embedding and audio features, if any) as an engine candidate."""
    artist_ids = tuple(getattr(track, "artist_ids", ()) or ())
    names = tuple(getattr(track, "artist_names", ()) or ())
    artist_id = artist_ids[0] if artist_ids else f"name:{(names[0] if names else '').lower()}"
    released = getattr(track, "release_date", None)
    return Candidate(
        track_id=str(track.id),
        artist_id=artist_id,
        album_id=str(getattr(track, "album_id", "") or f"single:{track.id}"),
        embedding=np.asarray(embedding, dtype=np.float32),
        genres=tuple(getattr(track, "genres", ()) or ()),
        popularity=float(getattr(track, "popularity", 50) or 0),
        features=features_vector(features),
        play_count=int(play_count),
        title=str(getattr(track, "name", "")),
        artist_name=", ".join(names),
        featured_artist_ids=artist_ids[1:],
        artist_names=names,
        explicit=bool(getattr(track, "explicit", False)),
        year=int(getattr(released, "year", 0) or 0),
        tags=tuple(getattr(track, "tags", ()) or ()),
    )


def candidates_from_tracks(
    tracks: Sequence[Any],
    embeddings: np.ndarray,
    features: Mapping[str, Any] | None = None,
    play_counts: Mapping[str, int] | None = None,
) -> list[Candidate]:
    """Tracks with row-aligned embeddings; `features` and `play_counts` keyed by track id."""
    if len(tracks) != len(embeddings):
        raise ValueError("one embedding per track is needed")
    features = features or {}
    play_counts = play_counts or {}
    return [
        candidate_from_track(t, embeddings[i], features.get(t.id), play_counts.get(t.id, 0))
        for i, t in enumerate(tracks)
    ]

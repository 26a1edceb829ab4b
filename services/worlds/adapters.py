"""Turn the catalog's and the Composer's objects into the engine's plain inputs.

Duck-typed on purpose (attributes, not imports), so the engine stays independent of
how `services.catalog` and `services.ai` evolve: a `Track` needs `id`, `name`,
`artist_ids`, `artist_names`, `album_id`, `genres`, `popularity`, `description()`;
an `AudioFeatures` the Spotify feature names; a world intersection `name`,
`description`, `bias` and `filter` (pydantic models or mappings).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from services.worlds.intersections import Intersection
from services.worlds.tracks import FEATURE_INDEX, Candidate, features_vector

# The Composer's biases are gentle (about +-0.3); the engine's run -1..1.
COMPOSER_BIAS_GAIN = 3.0
# A tempo bias above 1 in size is a shift in BPM; this many BPM count as a full lean.
TEMPO_FULL_BPM = 30.0

Embed = Callable[[Sequence[str]], np.ndarray]


def candidate_from_track(
    track: Any, embedding: np.ndarray, features: Any | None = None, play_count: int = 0
) -> Candidate:
    """One catalog `Track` (+ its embedding and audio features, if any) as an engine candidate."""
    artist_ids = tuple(getattr(track, "artist_ids", ()) or ())
    names = tuple(getattr(track, "artist_names", ()) or ())
    artist_id = artist_ids[0] if artist_ids else f"name:{(names[0] if names else '').lower()}"
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


def _as_dict(obj: Any) -> dict[str, Any]:
    if obj is None:
        return {}
    if isinstance(obj, Mapping):
        return dict(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump()
    return dict(vars(obj))


def intersection_from_composer(item: Any, embedding: np.ndarray | None = None) -> Intersection:
    """A Composer intersection (name, description, bias, filter) as an engine `Intersection`."""
    data = _as_dict(item)
    raw_bias = data.get("bias")
    if isinstance(raw_bias, str):
        return Intersection.from_definition(data, embedding)
    bias: dict[str, float] = {}
    for key, value in _as_dict(raw_bias).items():
        if key not in FEATURE_INDEX or value is None:
            continue
        v = float(value)
        v = v / TEMPO_FULL_BPM if key == "tempo" and abs(v) > 1 else v * COMPOSER_BIAS_GAIN
        bias[key] = float(np.clip(v, -1.0, 1.0))
    return Intersection.from_definition(
        {"name": data.get("name"), "description": data.get("description", ""), "bias": bias, "filter": _as_dict(data.get("filter"))},
        embedding,
    )


def intersections_from_world(world: Any, embed: Embed | None = None) -> list[Intersection]:
    """A world definition's intersections; with `embed`, each also leans toward its own words."""
    items = list(getattr(world, "intersections", None) or _as_dict(world).get("intersections", []))
    vectors = None
    if embed is not None and items:
        texts = [f"{_as_dict(i).get('name', '')}. {_as_dict(i).get('description', '')}" for i in items]
        vectors = np.asarray(embed(texts), dtype=np.float32)
    return [intersection_from_composer(i, None if vectors is None else vectors[n]) for n, i in enumerate(items)]


def world_text(world: Any) -> str:
    """The words of a world to embed for the profile's `world_embedding`."""
    data = _as_dict(world)
    keywords = ", ".join(data.get("keywords") or [])
    parts = [data.get("world_name", ""), data.get("description", ""), data.get("texture", ""), data.get("space", ""), keywords]
    return ". ".join(p for p in parts if p)


def avoid_text(world: Any) -> str:
    """The words a world should steer away from (its exclude keywords), for `avoid_embedding`."""
    return ", ".join(_as_dict(world).get("exclude_keywords") or [])

"""Embeddings as the world builder relies on them: unit rows, a cache that never
embeds a text twice, and a local model that puts near-synonyms closer than
unrelated phrases."""

from __future__ import annotations

import numpy as np
import pytest
from sqlmodel import func, select

from services.ai.embedder import LOCAL_MODEL_NAME, LocalEmbedder, get_embedder, text_hash
from services.ai.models import EmbeddingCache
from services.db import session_scope

pytestmark = pytest.mark.usefixtures("db")

# (anchor, near, far): the anchor must be closer to `near` than to `far`.
TRIPLES: list[tuple[str, str, str]] = [
    ("dusty warm analog", "grainy vintage tape", "bright polished radio pop"),
    ("slow melancholic piano ballad", "sad gentle piano song", "fast aggressive metal riff"),
    ("acoustic folk guitar", "fingerpicked acoustic guitar folk song", "heavy techno club beat"),
    ("dark ambient drone", "bleak atmospheric drone soundscape", "happy upbeat summer pop"),
    ("energetic dance music", "upbeat club dance track", "quiet lullaby for sleeping"),
    ("hip hop beat with heavy bass", "rap instrumental with deep 808s", "string quartet in a concert hall"),
    ("spacious reverberant cathedral choir", "choir singing in a big church", "dry close-miked spoken word"),
    ("smooth jazz saxophone", "mellow jazz sax solo", "distorted punk guitar"),
    ("calm meditation music", "peaceful relaxing ambient music", "loud aggressive hardcore"),
    ("romantic love song", "tender song about being in love", "angry protest anthem"),
    ("rainy night lo-fi beats", "chill lofi hip hop for studying", "marching brass band parade"),
    ("electronic synthesizer arpeggio", "analog synth sequence", "unaccompanied acoustic folk singer"),
    ("country song about trucks and dirt roads", "country music about pickup trucks", "minimal techno loop"),
    ("orchestral film score", "cinematic orchestral soundtrack", "bedroom lo-fi pop demo"),
    ("breakup song full of heartbreak", "sad song about losing someone", "party anthem about dancing all night"),
    ("reggae rhythm with offbeat guitar", "roots reggae skank", "baroque harpsichord concerto"),
    ("heavy metal with screaming vocals", "extreme metal growls and distortion", "soft acoustic lullaby"),
    ("summer beach party", "sunny holiday dance tune", "winter funeral dirge"),
    ("classical violin concerto", "orchestra with solo violin", "trap beat with rap vocals"),
    ("gospel choir singing praise", "church choir hymn", "industrial noise experiment"),
    ("whispered intimate vocals", "soft breathy close vocals", "stadium rock shouting crowd"),
    ("blues guitar in a smoky bar", "old delta blues slide guitar", "k-pop idol dance single"),
    ("nostalgic 80s synthwave", "retro eighties synth pop", "medieval lute ballad"),
    ("deep house groove", "soulful house music at the club", "solo cello sonata"),
]


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def cache_rows() -> int:
    with session_scope() as db:
        return db.exec(select(func.count()).select_from(EmbeddingCache)).one()


def test_rows_are_unit_norm_float32_in_input_order() -> None:
    emb = LocalEmbedder()
    texts = ["warm tape hiss", "cold digital glitch", "warm tape hiss"]
    out = emb.embed(texts)
    assert out.dtype == np.float32 and out.shape == (3, 256)
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(out[0], out[2]) and not np.allclose(out[0], out[1])
    assert emb.computed == 2  # the repeated text is embedded once


def test_second_call_embeds_nothing_and_returns_the_same_vectors() -> None:
    texts = [f"Artist {i} - Song {i}. Genres: indie folk. Style: warm {i % 7}" for i in range(300)]
    first = LocalEmbedder()
    a = first.embed(texts)
    assert first.computed == 300 and cache_rows() == 300
    second = LocalEmbedder()  # a new instance (a new process, say) reads the persistent cache
    b = second.embed(texts)
    assert second.computed == 0
    assert np.array_equal(a, b)
    third = LocalEmbedder()
    third.embed([*texts[:10], "one new description"])
    assert third.computed == 1 and cache_rows() == 301


def test_cache_is_keyed_by_model_and_text_hash() -> None:
    LocalEmbedder().embed(["velvet dirt cathedral"])
    with session_scope() as db:
        row = db.exec(select(EmbeddingCache)).one()
    assert row.model == LOCAL_MODEL_NAME and row.text_hash == text_hash("velvet dirt cathedral")
    assert row.dim == 256 and len(row.vector) == 256 * 4


def test_empty_input_gives_an_empty_matrix() -> None:
    assert LocalEmbedder().embed([]).shape == (0, 256)


def test_local_model_places_near_synonyms_closer_than_unrelated_phrases() -> None:
    emb = LocalEmbedder()
    held = 0
    for anchor, near, far in TRIPLES:
        a, n, f = emb.encode([anchor, near, far])
        held += cos(a, n) > cos(a, f)
    assert len(TRIPLES) >= 20
    assert held / len(TRIPLES) >= 0.9, f"only {held}/{len(TRIPLES)} triples held"


def test_factory_is_offline_without_a_key() -> None:
    assert isinstance(get_embedder(), LocalEmbedder)

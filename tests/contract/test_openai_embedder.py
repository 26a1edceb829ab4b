"""OpenAIEmbedder with the real `openai` client against a local fake server:
batches of at most 2,048, unit rows in input order, the cache in front, usage recorded."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from sqlmodel import select

from services.ai import EmbeddingUnavailable, OpenAIEmbedder
from services.ai.models import AIUsage, EmbeddingCache
from services.db import session_scope
from tests.contract.fake_openai import EMBED_DIM, FakeOpenAI, fake_vector
from tests.fakeapi import Response

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as api:
        yield api


@pytest.fixture
def fake(_server: FakeOpenAI) -> FakeOpenAI:
    """One server per module (starting and stopping costs ~0.5 s), reset for each test."""
    _server.reset()
    return _server


def embedder(fake: FakeOpenAI, **kw) -> OpenAIEmbedder:
    return OpenAIEmbedder("sk-test", fake.base_url, timeout=5.0, max_retries=0, **kw)


def test_large_inputs_go_in_batches_of_at_most_2048(fake: FakeOpenAI) -> None:
    texts = [f"Artist {i} - Song {i}. Genres: dream pop" for i in range(2500)]
    out = embedder(fake).embed(texts)
    assert [len(b) for b in fake.embed_batches] == [2048, 452]
    assert out.shape == (2500, EMBED_DIM) and out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    expected = np.array(fake_vector(texts[1234]), dtype=np.float32)
    assert np.allclose(out[1234], expected / np.linalg.norm(expected), atol=1e-6)  # rows stay in input order
    request = fake.calls("POST", "/embeddings")[0].json()
    assert request["model"] == "text-embedding-3-small"
    with session_scope() as db:
        rows = db.exec(select(AIUsage)).all()
    assert [r.task for r in rows] == ["embed", "embed"] and sum(r.tokens_in for r in rows) == sum(len(t.split()) for t in texts)


def test_known_texts_are_never_sent_again(fake: FakeOpenAI) -> None:
    texts = ["warm tape", "cold glitch", "warm tape"]
    first = embedder(fake)
    a = first.embed(texts)
    assert fake.embed_batches == [["warm tape", "cold glitch"]]  # duplicates sent once
    second = embedder(fake)
    b = second.embed(["cold glitch", "warm tape", "velvet dirt"])
    assert fake.embed_batches[1:] == [["velvet dirt"]] and second.computed == 1
    assert np.array_equal(a[1], b[0]) and np.array_equal(a[0], b[1])


def test_a_small_batch_size_is_respected(fake: FakeOpenAI) -> None:
    embedder(fake, batch_size=3).embed([f"t{i}" for i in range(7)])
    assert [len(b) for b in fake.embed_batches] == [3, 3, 1]


def test_a_failing_service_raises_and_caches_nothing() -> None:
    with FakeOpenAI() as down:
        down.route("POST", r"/v1/embeddings")(lambda _req: Response.json({"error": {"message": "down"}}, 500))
        emb = embedder(down)
        with pytest.raises(EmbeddingUnavailable):
            emb.embed(["anything"])
        assert emb.computed == 0
    with session_scope() as db:
        assert db.exec(select(EmbeddingCache)).all() == []

"""Text embeddings: `embed(texts) -> unit-norm float32 matrix`, on OpenAI or a local
static model, behind one persistent cache so no text is ever embedded twice.

The cache is keyed by (model, sha256(text)); lookups and inserts are batched so a
5,000-text call costs a handful of queries. Vectors of different models live in
different spaces: keep `embedder.model` next to any vector you store.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from services.ai.models import EmbeddingCache
from services.ai.openai_client import openai_client
from services.ai.usage import quota_left, record_usage
from services.db import get_engine, session_scope, utcnow
from services.registry import registry

log = logging.getLogger(__name__)

LOCAL_MODEL_NAME = "minilm-static-256"
LOCAL_MODEL_PATH = Path(__file__).resolve().parent / "weights" / LOCAL_MODEL_NAME
OPENAI_EMBED_MODEL = "text-embedding-3-small"
OPENAI_DIMS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072}
OPENAI_BATCH = 2048  # the embeddings endpoint's limit on inputs per request
_LOOKUP_CHUNK = 500  # hashes per SELECT ... IN (...), well under every driver's limit


class EmbeddingUnavailable(RuntimeError):
    """The live embedding service failed after its retries; nothing was cached."""


@runtime_checkable
class Embedder(Protocol):
    model: str

    def embed(self, texts: Sequence[str], *, user_id: int | None = None) -> np.ndarray:
        """One unit-norm float32 row per text, in order."""
        ...


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    """Float32 rows of length 1 (an all-zero row stays zero)."""
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix[None, :]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class CachedEmbedder:
    """Cache in front of a concrete embedder; subclasses implement `_compute`.

    `computed` counts texts actually sent to the model (cache misses), for tests
    and the benchmark; `lookups` counts texts asked for.
    """

    model: str = ""
    dim: int = 0  # width of a row, when known before the first call

    def __init__(self) -> None:
        self.computed = 0
        self.lookups = 0

    def _compute(self, texts: list[str], user_id: int | None) -> np.ndarray:
        raise NotImplementedError

    def embed(self, texts: Sequence[str], *, user_id: int | None = None) -> np.ndarray:
        """Embed `texts`, reading known ones from the cache and storing the new ones."""
        texts = list(texts)
        self.lookups += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        hashes = [text_hash(t) for t in texts]
        unique: dict[str, str] = dict(zip(hashes, texts))
        vectors = self._load(list(unique))
        missing = [h for h in unique if h not in vectors]
        if missing:
            fresh = normalize_rows(self._compute([unique[h] for h in missing], user_id))
            self.computed += len(missing)
            new = dict(zip(missing, fresh))
            self._store(new)
            vectors.update(new)
        return np.stack([vectors[h] for h in hashes]).astype(np.float32, copy=False)

    def _load(self, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with session_scope() as db:
            for i in range(0, len(hashes), _LOOKUP_CHUNK):
                chunk = hashes[i : i + _LOOKUP_CHUNK]
                rows = db.exec(
                    select(EmbeddingCache.text_hash, EmbeddingCache.vector)
                    .where(EmbeddingCache.model == self.model)
                    .where(col(EmbeddingCache.text_hash).in_(chunk))
                ).all()
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def _store(self, vectors: dict[str, np.ndarray]) -> None:
        """Insert new rows; a row another process stored meanwhile is left as it is."""
        now = utcnow()
        rows: list[dict[str, Any]] = [
            {"model": self.model, "text_hash": h, "dim": int(v.shape[0]), "vector": v.astype(np.float32).tobytes(), "created_at": now}
            for h, v in vectors.items()
        ]
        dialect = get_engine().dialect.name
        table = EmbeddingCache.__table__
        if dialect == "sqlite":
            stmt = sqlite.insert(table).on_conflict_do_nothing()
        elif dialect == "postgresql":
            stmt = postgresql.insert(table).on_conflict_do_nothing()
        else:  # pragma: no cover - other databases are not deployed
            stmt = table.insert()
        try:
            with session_scope() as db:
                for i in range(0, len(rows), 1000):
                    db.execute(stmt, rows[i : i + 1000])
        except Exception:
            log.exception("could not store %d embeddings in the cache", len(rows))


# --- local ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_local_model(path: str = str(LOCAL_MODEL_PATH)) -> Any:
    """The shipped static model (no torch, no network), loaded once per process."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec import StaticModel

    return StaticModel.from_pretrained(path)


class LocalEmbedder(CachedEmbedder):
    """all-MiniLM-L6-v2 distilled to a 256-dimension static model (see weights/PROVENANCE.md)."""

    model = LOCAL_MODEL_NAME

    def __init__(self, path: Path = LOCAL_MODEL_PATH) -> None:
        super().__init__()
        self._model = load_local_model(str(path))
        self.dim = int(self._model.embedding.shape[1])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed without the cache (the benchmark measures raw throughput with it)."""
        raw = self._model.encode(list(texts), use_multiprocessing=False, show_progress_bar=False)
        return normalize_rows(raw)

    def _compute(self, texts: list[str], user_id: int | None) -> np.ndarray:
        return self.encode(texts)


# --- OpenAI --------------------------------------------------------------------------


class OpenAIEmbedder(CachedEmbedder):
    """`text-embedding-3-small` in batches of at most 2,048 inputs; every batch's tokens are recorded."""

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        model: str = OPENAI_EMBED_MODEL,
        timeout: float = 30.0,
        max_retries: int = 2,
        batch_size: int = OPENAI_BATCH,
    ) -> None:
        super().__init__()
        self.model = model
        self.dim = OPENAI_DIMS.get(model, 0)
        self.batch_size = min(batch_size, OPENAI_BATCH)
        self._client = openai_client(api_key, base_url, timeout=timeout, max_retries=max_retries)

    def _compute(self, texts: list[str], user_id: int | None) -> np.ndarray:
        refused = quota_left(user_id)
        if refused:
            raise EmbeddingUnavailable(refused)
        parts: list[np.ndarray] = []
        for i in range(0, len(texts), self.batch_size):
            batch = texts[i : i + self.batch_size]
            try:
                resp = self._client.embeddings.create(model=self.model, input=batch, encoding_format="float")
            except Exception as exc:
                log.warning("OpenAI embeddings failed for %d texts: %s", len(batch), exc)
                raise EmbeddingUnavailable(f"embedding service failed: {exc}") from exc
            rows = sorted(resp.data, key=lambda d: d.index)
            if len(rows) != len(batch):
                raise EmbeddingUnavailable(f"embedding service answered {len(rows)} vectors for {len(batch)} texts")
            parts.append(np.array([r.embedding for r in rows], dtype=np.float32))
            tokens = resp.usage.prompt_tokens if resp.usage else 0
            record_usage("embed", resp.model or self.model, tokens, 0, user_id)
        return np.concatenate(parts)


def get_embedder() -> Embedder:
    """The registry's embedder: OpenAI when `OPENAI_API_KEY` is set, else the shipped local model."""
    embedder: Embedder = registry.get("embedder")
    return embedder

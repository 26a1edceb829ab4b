"""Tables of the AI layer: the embedding cache and the record of live AI calls."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from services.db import utcnow


class EmbeddingCache(SQLModel, table=True):
    """One embedded text per model: the float32 vector's bytes, keyed by the text's SHA-256,
    so no text is ever embedded (or paid for) twice."""

    __tablename__ = "embedding_cache"

    model: str = Field(primary_key=True, max_length=100)
    text_hash: str = Field(primary_key=True, max_length=64)
    dim: int
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class AIUsage(SQLModel, table=True):
    """One live AI call: who it was for, what for, which model, tokens and estimated cost."""

    __tablename__ = "ai_usage"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    task: str = Field(max_length=50, index=True)
    model: str = Field(max_length=100)
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    at: datetime = Field(default_factory=utcnow, index=True)

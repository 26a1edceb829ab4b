"""The one OpenAI client of the process (per key and server).

Every OpenAI adapter (composer, embeddings, images, speech, transcription) takes its
client from here and sets its own timeout and retries with `with_options`, which
shares the connection pool; so the client is built once, not once per adapter.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openai import OpenAI


@lru_cache(maxsize=8)
def _base_client(api_key: str, base_url: str) -> OpenAI:
    from openai import OpenAI  # imported only when a live adapter is chosen

    return OpenAI(api_key=api_key, base_url=base_url or None)


def openai_client(api_key: str, base_url: str | None = None, *, timeout: float = 30.0, max_retries: int = 2) -> OpenAI:
    """A view of the shared client for `api_key` on `base_url` (any OpenAI-compatible
    server) with this caller's timeout and retries."""
    return _base_client(api_key, base_url or "").with_options(timeout=timeout, max_retries=max_retries)

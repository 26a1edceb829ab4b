"""A local fake of the OpenAI-compatible endpoints the app uses, on `tests/fakeapi.py`.

`POST /v1/chat/completions` answers from a script: each call pops the next
`Reply` (good JSON, malformed JSON, a refusal, a 429, a slow answer); when the
script is empty it repeats the last one. `POST /v1/embeddings` answers a
deterministic vector per input (not unit length, so normalisation is tested),
with token usage, and records every batch it was sent.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from typing import Any

from tests.fakeapi import FakeAPI, Request, Response

EMBED_DIM = 16


@dataclass
class Reply:
    """One scripted answer of the chat endpoint."""

    content: str | None = None  # the message content (JSON text) for a 200
    status: int = 200
    refusal: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    prompt_tokens: int = 120
    completion_tokens: int = 80


def good(data: dict[str, Any], **kw: Any) -> Reply:
    return Reply(content=json.dumps(data), **kw)


def rate_limited(retry_after_ms: int = 20) -> Reply:
    return Reply(status=429, headers={"retry-after-ms": str(retry_after_ms)})


def fake_vector(text: str) -> list[float]:
    digest = hashlib.sha256(text.encode()).digest()
    return [(b - 128) / 16.0 for b in digest[:EMBED_DIM]]


class FakeOpenAI(FakeAPI):
    """The fake server; `base_url` is what `OPENAI_BASE_URL` would hold."""

    def __init__(self) -> None:
        super().__init__()
        self.script: list[Reply] = []
        self.embed_batches: list[list[str]] = []
        self.route("POST", r"/v1/chat/completions")(self._chat)
        self.route("POST", r"/v1/embeddings")(self._embeddings)

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    def reset(self) -> None:
        """Forget the script and everything recorded (between tests sharing one server)."""
        self.script, self.embed_batches = [], []
        with self._lock:
            self.requests.clear()

    def answer(self, *replies: Reply) -> None:
        self.script = list(replies)

    def _chat(self, req: Request) -> Response:
        reply = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        body = req.json()
        if reply.status != 200:
            return Response.json({"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit_exceeded"}},
                                 reply.status, delay=reply.delay, **reply.headers)
        message: dict[str, Any] = {"role": "assistant", "content": reply.content, "refusal": reply.refusal}
        return Response.json(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "gpt-4o-mini"),
                "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
                "usage": {
                    "prompt_tokens": reply.prompt_tokens,
                    "completion_tokens": reply.completion_tokens,
                    "total_tokens": reply.prompt_tokens + reply.completion_tokens,
                },
            },
            delay=reply.delay,
            **reply.headers,
        )

    def _embeddings(self, req: Request) -> Response:
        body = req.json()
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        if len(inputs) > 2048:
            return Response.json({"error": {"message": "too many inputs", "type": "invalid_request_error"}}, 400)
        self.embed_batches.append(list(inputs))
        tokens = sum(len(t.split()) for t in inputs)
        return Response.json(
            {
                "object": "list",
                "data": [{"object": "embedding", "index": i, "embedding": fake_vector(t)} for i, t in enumerate(inputs)],
                "model": body.get("model"),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

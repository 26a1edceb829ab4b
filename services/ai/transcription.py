"""Transcription: the words of an audio file, on OpenAI (Whisper) or honestly none offline.

There is no offline speech recogniser small enough to ship, so without a key the
answer is the status `needs_key` and no words: a transcript is never invented. A
live call counts against the `ai_media` quota and its cost is recorded per minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from services import quotas
from services.ai.audio import audio_seconds
from services.ai.openai_client import openai_client
from services.ai.usage import billed_units, record_usage
from services.registry import registry

WHISPER_MODEL = "whisper-1"
NEEDS_KEY = "needs_key"


@dataclass(frozen=True)
class Transcript:
    status: str  # done | needs_key | failed
    text: str = ""
    source: str = ""
    message: str = ""


@runtime_checkable
class Transcriber(Protocol):
    source: str

    def transcribe(self, audio: Path, user_id: int | None = None) -> Transcript: ...


class NoTranscriber:
    """Offline: say so plainly; never invent words."""

    source = "none"

    def transcribe(self, audio: Path, user_id: int | None = None) -> Transcript:
        return Transcript(NEEDS_KEY, "", self.source,
                          "Transcription needs an OpenAI key (OPENAI_API_KEY). The video and its sound are kept; "
                          "transcribe again once a key is set.")


class WhisperTranscriber:
    """OpenAI Whisper through the openai client (`OPENAI_BASE_URL` honoured)."""

    def __init__(self, api_key: str, base_url: str | None = None, model: str = WHISPER_MODEL,
                 timeout: float = 120.0, max_retries: int = 2) -> None:
        self.model = model
        self.source = f"OpenAI {model}"
        self.client = openai_client(api_key, base_url, timeout=timeout, max_retries=max_retries)

    def transcribe(self, audio: Path, user_id: int | None = None) -> Transcript:
        import openai

        try:
            with quotas.spend(user_id, "ai_media"), audio.open("rb") as fh:
                result = self.client.audio.transcriptions.create(model=self.model, file=fh)
        except quotas.QuotaExceeded as exc:
            return Transcript("failed", "", self.source, exc.message)
        except openai.RateLimitError:
            return Transcript("failed", "", self.source, "OpenAI's transcription quota is used up; try again later.")
        except openai.AuthenticationError:
            return Transcript("failed", "", self.source, "OpenAI refused the key; check OPENAI_API_KEY.")
        except openai.OpenAIError as exc:
            return Transcript("failed", "", self.source, f"Transcription failed ({type(exc).__name__}); try again.")
        seconds = _reported_seconds(result) or audio_seconds(audio)
        record_usage("transcription", self.model, *_reported_tokens(result), user_id,
                     units=billed_units(self.model, seconds=seconds), media=True)
        return Transcript("done", (getattr(result, "text", "") or "").strip(), self.source)


def _reported_seconds(result: Any) -> float:
    """Whisper reports `usage: {type: "duration", seconds}`; older servers report nothing."""
    usage = getattr(result, "usage", None)
    return float(getattr(usage, "seconds", 0) or 0) if getattr(usage, "type", "") == "duration" else 0.0


def _reported_tokens(result: Any) -> tuple[int, int]:
    """Token-billed transcription models report `usage: {type: "tokens", ...}`."""
    usage = getattr(result, "usage", None)
    if getattr(usage, "type", "") != "tokens":
        return 0, 0
    return int(getattr(usage, "input_tokens", 0) or 0), int(getattr(usage, "output_tokens", 0) or 0)


def get_transcriber() -> Transcriber:
    """The registry's transcriber: Whisper when `OPENAI_API_KEY` is set, else the honest "needs a key"."""
    transcriber: Transcriber = registry.get("transcription")
    return transcriber

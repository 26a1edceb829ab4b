"""Speech: text to an audio file, on OpenAI text-to-speech or offline on espeak-ng.

A live call counts against the `ai_media` quota (refused with the quota's message
when it is used up) and its cost is recorded by the length of the audio made.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Protocol, runtime_checkable

from services import quotas
from services.ai.audio import audio_seconds
from services.ai.openai_client import openai_client
from services.ai.usage import billed_units, record_usage
from services.registry import registry

SPEECH_MODEL = "gpt-4o-mini-tts"


class SpeechError(RuntimeError):
    """Speech could not be made; the message says why."""


@runtime_checkable
class Speaker(Protocol):
    """Turns text into an audio file at `out` in one of the engine's voices."""

    engine: str  # "espeak" | "openai": which voice names apply
    extension: str

    def synthesize(self, text: str, voice: str, out: Path, *, user_id: int | None = None) -> None: ...


class EspeakSpeaker:
    """espeak-ng, installed from apt; fast and offline."""

    engine, extension = "espeak", "wav"

    def synthesize(self, text: str, voice: str, out: Path, *, user_id: int | None = None) -> None:
        exe = shutil.which("espeak-ng") or shutil.which("espeak")
        if exe is None:
            raise SpeechError("Local speech needs espeak-ng (apt install espeak-ng).")
        proc = subprocess.run([exe, "-v", voice, "-s", "165", "-w", str(out), "--", text],
                              capture_output=True, text=True, timeout=30, check=False)
        if proc.returncode != 0 or not out.exists() or out.stat().st_size < 100:
            out.unlink(missing_ok=True)
            raise SpeechError(f"espeak-ng could not speak: {proc.stderr.strip()[:200]}")


class OpenAISpeaker:
    """OpenAI text-to-speech (MP3)."""

    engine, extension = "openai", "mp3"

    def __init__(self, api_key: str, base_url: str | None = None, model: str = SPEECH_MODEL,
                 timeout: float = 30.0, max_retries: int = 2) -> None:
        self.client = openai_client(api_key, base_url, timeout=timeout, max_retries=max_retries)
        self.model = model

    def synthesize(self, text: str, voice: str, out: Path, *, user_id: int | None = None) -> None:
        try:
            with quotas.spend(user_id, "ai_media"):
                response = self.client.audio.speech.create(model=self.model, voice=voice, input=text, response_format="mp3")
                out.write_bytes(response.read())
        except quotas.QuotaExceeded as exc:
            raise SpeechError(exc.message) from exc
        except Exception as exc:  # any API failure becomes one clear message
            out.unlink(missing_ok=True)
            raise SpeechError(f"OpenAI speech failed: {exc}") from exc
        units = billed_units(self.model, seconds=audio_seconds(out), characters=len(text))
        record_usage("speech", self.model, 0, 0, user_id, units=units, media=True)


def get_speaker() -> Speaker:
    """The registry's speaker: OpenAI text-to-speech when `OPENAI_API_KEY` is set, else espeak-ng."""
    speaker: Speaker = registry.get("speech")
    return speaker

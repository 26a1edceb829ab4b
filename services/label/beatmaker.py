"""The `BeatMaker` interface: Beatoven.ai or Replicate's MusicGen when their keys are
set (`BEAT_GENERATOR` picks), the local numpy synth otherwise. Each writes one audio
file for one request and says what it made and under which licence; a song-length
beat is assembled from requests by `beat_stage` (segments joined on bar lines).
Tempo and key are then measured from the audio itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import httpx

from services.label.audio_io import write_wav
from services.label.beat_synth import BeatSpec, render_beat
from services.config import get_settings
from services.label.structure import MAX_SECONDS, Section
from services.registry import registry

MUSICGEN_MODEL = "meta/musicgen"
MUSICGEN_VERSIONS = ("stereo-melody-large", "stereo-large", "melody-large", "large")
OUTPUT_FORMATS = ("wav", "mp3")
Progress = Callable[[float, str], None]


class BeatError(RuntimeError):
    """Beat generation failed; the message is meant for the person."""


@dataclass(frozen=True)
class Licence:
    """Under which terms a generator's output may be used."""

    name: str
    commercial: bool
    note: str


LOCAL_LICENCE = Licence("Simple Balance Music local synth (our own code)", True,
                        "Made by our own code: yours to release commercially.")
MUSICGEN_LICENCE = Licence("MusicGen weights, CC-BY-NC 4.0", False,
                           "MusicGen's published weights are licensed for non-commercial use only (CC-BY-NC 4.0).")
BEATOVEN_LICENCE = Licence("Beatoven.ai licence", True,
                           "Beatoven.ai licenses its tracks for commercial use under your Beatoven plan's terms.")


@dataclass(frozen=True)
class BeatRequest:
    """What the beat page asks for. The local synth uses bpm/key/mood/genre; MusicGen
    gets them folded into the prompt plus its own knobs."""

    prompt: str = ""
    genre: str = "hip hop"
    mood: str = "chill"
    bpm: float = 90.0
    key: str = "A minor"
    duration_s: float = 30.0
    sections: tuple[Section, ...] = ()  # the song's structure (the local synth plays it)
    model_version: str = "stereo-melody-large"
    temperature: float = 1.0
    top_k: int = 250
    top_p: float = 0.0
    classifier_free_guidance: float = 3.0
    output_format: str = "wav"
    seed: int | None = None
    melody_path: Path | None = None  # optional melody to follow (input_audio)


@dataclass(frozen=True)
class BeatResult:
    """The file written and how it was made."""

    path: Path
    source: str  # "replicate" | "beatoven" | "local"
    mime: str
    seconds: float
    details: dict[str, Any] = field(default_factory=dict)


class BeatMaker(Protocol):
    """Makes one beat file in `out_dir` (file name chosen by the caller). `max_seconds`
    is the longest audio one request can return (longer beats are joined segments)."""

    source: str
    label: str
    licence: Licence
    max_seconds: float

    def make(self, request: BeatRequest, out_path_stem: Path, on_progress: Progress | None = None) -> BeatResult: ...


def musicgen_prompt(request: BeatRequest) -> str:
    """The text MusicGen sees: the person's prompt plus the musical facts."""
    facts = f"{request.mood} {request.genre} instrumental beat, {round(request.bpm)} BPM, in {request.key}"
    return f"{request.prompt.strip()}. {facts}" if request.prompt.strip() else facts


def musicgen_input(request: BeatRequest) -> dict[str, Any]:
    """The prediction input, with every value clamped to what the model accepts."""
    version = request.model_version if request.model_version in MUSICGEN_VERSIONS else "stereo-melody-large"
    data: dict[str, Any] = {
        "prompt": musicgen_prompt(request),
        "model_version": version,
        "duration": int(min(30, max(1, round(request.duration_s)))),
        "temperature": float(min(2.0, max(0.05, request.temperature))),
        "top_k": int(min(1000, max(0, request.top_k))),
        "top_p": float(min(1.0, max(0.0, request.top_p))),
        "classifier_free_guidance": float(min(10.0, max(0.0, request.classifier_free_guidance))),
        "output_format": request.output_format if request.output_format in OUTPUT_FORMATS else "wav",
        "normalization_strategy": "peak",
    }
    if request.seed is not None:
        data["seed"] = int(request.seed)
    return data


def _friendly(status: int | None, detail: str) -> str:
    """Replicate's error answers as a sentence a person can act on."""
    text = (detail or "").strip()
    low = text.lower()
    if status == 401 or (status is None and "unauthenticated" in low):
        return "Replicate rejected the API token. Check REPLICATE_API_TOKEN."
    if status == 429 or (status is None and ("rate limit" in low or "throttled" in low)):
        return "Replicate's rate limit or quota was reached. Wait a minute and try again, or use the local beat maker."
    if status == 402 or (status is None and ("billing" in low or "insufficient credit" in low)):
        return "Replicate says the account has no credit left. Add billing on replicate.com, or use the local beat maker."
    if status == 404:
        return "Replicate does not know this MusicGen version. Check MUSICGEN_VERSION."
    if status == 422:
        return f"Replicate refused the settings: {text or 'invalid input'}."
    return f"Replicate could not make the beat ({status or 'error'}): {text or 'no details'}."


class ReplicateMusicGen:
    """`meta/musicgen` on Replicate through the official client."""

    source = "replicate"
    label = "MusicGen on Replicate"
    licence = MUSICGEN_LICENCE
    max_seconds = 30.0

    def __init__(self, api_token: str, version: str, base_url: str = "", poll_interval: float = 1.0,
                 timeout_s: float = 600.0) -> None:
        import replicate  # the client is only needed when this adapter is chosen

        self._replicate = replicate
        self.client = replicate.Client(api_token=api_token, base_url=base_url or None)
        self.client.poll_interval = poll_interval
        self.version = version
        self.timeout_s = timeout_s

    def make(self, request: BeatRequest, out_path_stem: Path, on_progress: Progress | None = None) -> BeatResult:
        from replicate.exceptions import ReplicateError
        from replicate.helpers import FileOutput, transform_output

        say = on_progress or (lambda _f, _m: None)
        started = time.perf_counter()
        data = musicgen_input(request)
        try:
            if request.melody_path is not None:
                say(0.05, "Uploading the melody")
                with open(request.melody_path, "rb") as melody:
                    data["input_audio"] = self.client.files.create(melody).urls["get"]
            say(0.1, "Asking MusicGen for a beat")
            prediction = self.client.predictions.create(version=self.version, input=data)
            while prediction.status not in ("succeeded", "failed", "canceled"):
                if time.perf_counter() - started > self.timeout_s:
                    raise BeatError("MusicGen took too long; try a shorter beat or try again later.")
                say(0.2 + 0.6 * min(1.0, (time.perf_counter() - started) / 60.0), f"MusicGen is {prediction.status}")
                time.sleep(self.client.poll_interval)
                prediction.reload()
        except ReplicateError as exc:
            raise BeatError(_friendly(exc.status, exc.detail or exc.title or "")) from exc
        except httpx.HTTPError as exc:
            raise BeatError(f"Could not reach Replicate: {exc}") from exc
        if prediction.status != "succeeded":
            raise BeatError(f"MusicGen failed: {prediction.error or prediction.status}.")
        output = transform_output(prediction.output, self.client)
        if isinstance(output, list):
            output = output[0] if output else None
        say(0.85, "Downloading the beat")
        ext = data["output_format"]
        path = out_path_stem.with_suffix(f".{ext}")
        try:
            if isinstance(output, FileOutput):
                path.write_bytes(output.read())
            elif isinstance(output, str) and output:
                with httpx.Client(timeout=120, follow_redirects=True) as http, http.stream("GET", output) as resp:
                    resp.raise_for_status()
                    with open(path, "wb") as fh:
                        for chunk in resp.iter_bytes():
                            fh.write(chunk)
            else:
                raise BeatError("MusicGen finished without an audio file.")
        except httpx.HTTPError as exc:
            path.unlink(missing_ok=True)
            raise BeatError(f"Could not download the beat from Replicate: {exc}") from exc
        say(1.0, "Beat ready")
        return BeatResult(path=path, source=self.source, mime="audio/wav" if ext == "wav" else "audio/mpeg",
                          seconds=round(time.perf_counter() - started, 3),
                          details={"prediction_id": prediction.id, "input": {k: v for k, v in data.items() if k != "input_audio"}})


class LocalBeatSynth:
    """Drums, bass and chords rendered locally (see `beat_synth`), section by section."""

    source = "local"
    label = "Local synth"
    licence = LOCAL_LICENCE
    max_seconds = MAX_SECONDS

    def make(self, request: BeatRequest, out_path_stem: Path, on_progress: Progress | None = None) -> BeatResult:
        say = on_progress or (lambda _f, _m: None)
        started = time.perf_counter()
        say(0.1, "Rendering drums, bass and chords")
        seed = request.seed if request.seed is not None else int(time.time()) % 100000
        spec = BeatSpec(bpm=request.bpm, key=request.key, mood=request.mood, genre=request.genre,
                        duration_s=min(MAX_SECONDS, max(1.0, request.duration_s)), seed=seed,
                        sections=request.sections)
        path = write_wav(out_path_stem.with_suffix(".wav"), render_beat(spec))
        say(1.0, "Beat ready")
        return BeatResult(path=path, source=self.source, mime="audio/wav", seconds=round(time.perf_counter() - started, 3),
                          details={"seed": seed, "genre": spec.genre, "mood": spec.mood})


def make_beat_maker(choice: str | None = None) -> BeatMaker:
    """The registry's beat generator: the one `BEAT_GENERATOR` names (`auto`: Beatoven.ai
    when its key is set, else MusicGen when a Replicate token is set, else the local synth),
    or the artist's `choice` among the configured ones; a generator without its key falls
    back to the local synth."""
    if choice:
        maker: BeatMaker | None = registry.named("music_generation", choice)
        return maker if maker is not None else registry.offline("music_generation")
    chosen: BeatMaker = registry.get("music_generation")
    return chosen


def available_generators() -> list[tuple[str, str, Licence]]:
    """(choice, label, licence) of every generator this instance can use now."""
    settings = get_settings()
    out = [("local", LocalBeatSynth.label, LOCAL_LICENCE)]
    if settings.mode("beatoven") == "live":
        out.append(("beatoven", "Beatoven.ai", BEATOVEN_LICENCE))
    if settings.mode("replicate") == "live":
        out.append(("musicgen", ReplicateMusicGen.label, MUSICGEN_LICENCE))
    return out


LICENCES: dict[str, Licence] = {"local": LOCAL_LICENCE, "replicate": MUSICGEN_LICENCE, "beatoven": BEATOVEN_LICENCE}

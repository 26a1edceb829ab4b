"""Short spoken cues per stage, one persona per department (seed §2.7).

Local speech comes from espeak-ng; OpenAI TTS is used when a key is set. Every cue
is cached under the media root by a hash of engine, voice and text, so a cue is
synthesised once and then served as a file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from services.ai.speech import Speaker, get_speaker
from services.ai.speech import SpeechError as VoiceError
from services.config import get_settings

# stage -> (persona, the cue's text; {mood} is filled in when known)
CUES: dict[str, tuple[str, str]] = {
    "beat": ("Echo", "Creating a {mood} beat for you."),
    "lyrics": ("Lyrica", "Here are your lyrics."),
    "upload": ("Nova", "Upload complete."),
    "mix": ("Tone", "Mixing and mastering your track. One moment."),
    "release": ("Aria", "Generating cover art."),
    "content": ("Vee", "Generating video idea."),
    "analytics": ("Pulse", "Here is how your project is doing."),
}
# persona -> (espeak-ng voice, OpenAI voice)
PERSONA_VOICES: dict[str, tuple[str, str]] = {
    "Echo": ("en-us+m3", "echo"),
    "Lyrica": ("en-gb+f3", "shimmer"),
    "Nova": ("en-us+f2", "nova"),
    "Tone": ("en-gb+m1", "onyx"),
    "Aria": ("en-us+f4", "alloy"),
    "Vee": ("en-us+f1", "fable"),
    "Pulse": ("en-gb+m4", "alloy"),
}
MAX_TEXT = 300


@dataclass(frozen=True)
class SpokenCue:
    """A cached cue file (served from the media root) and how it was made."""

    path: Path
    mime: str
    persona: str
    text: str
    cached: bool


def voice_for(speaker: Speaker, persona: str) -> str:
    """The persona's voice in the speaker's engine."""
    espeak, openai = PERSONA_VOICES.get(persona, ("en-us", "alloy"))
    return openai if speaker.engine == "openai" else espeak


def cache_dir() -> Path:
    path = get_settings().media_dir / "voices"
    path.mkdir(parents=True, exist_ok=True)
    return path


def speak(text: str, persona: str = "Echo", speaker: Speaker | None = None) -> SpokenCue:
    """The cue as a cached audio file (made on first use)."""
    clean = " ".join((text or "").split())[:MAX_TEXT]
    if not clean:
        raise VoiceError("Nothing to say.")
    engine = speaker or get_speaker()
    voice = voice_for(engine, persona)
    digest = hashlib.sha256(f"{engine.engine}:{voice}:{clean}".encode()).hexdigest()
    path = cache_dir() / f"{digest}.{engine.extension}"
    if path.exists() and path.stat().st_size > 0:
        return SpokenCue(path, _mime(engine.extension), persona, clean, True)
    partial = path.with_suffix(f".part.{engine.extension}")
    engine.synthesize(clean, voice, partial)
    partial.replace(path)
    return SpokenCue(path, _mime(engine.extension), persona, clean, False)


def stage_cue(stage: str, mood: str = "", speaker: Speaker | None = None) -> SpokenCue:
    """The spoken cue of a timeline stage, in its department's voice."""
    persona, template = CUES.get(stage, ("Echo", "Ready."))
    return speak(template.format(mood=(mood or "fresh").strip()[:30]).replace("  ", " "), persona, speaker)


def _mime(extension: str) -> str:
    return "audio/mpeg" if extension == "mp3" else "audio/wav"


def cue_path(file_name: str) -> Path | None:
    """A cached cue by its file name (hash), for the media route; None if unknown."""
    name = Path(file_name).name
    path = cache_dir() / name
    return path if path.is_file() and len(name.split(".")[0]) == 64 else None

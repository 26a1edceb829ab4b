"""Typed inputs (briefs) and outputs of every composer task.

Outputs are what the OpenAI adapter asks for as structured output (the JSON
schema of the model) and what the offline composer builds, so both adapters are
checked against the same contract. `source` and `fallback_reason` are not part of
the schema sent to the model: the adapter fills them in to say who wrote it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

LOCAL_SOURCE = "offline composer"
FALLBACK_SOURCE = "offline composer (fallback)"

Axis = Field(ge=-1.0, le=1.0)
Unit = Field(ge=0.0, le=1.0)


class Composed(BaseModel):
    """Base of every output: who composed it (shown in the UI), and why a fallback happened."""

    model_config = ConfigDict(extra="ignore")

    source: SkipJsonSchema[str] = LOCAL_SOURCE
    fallback_reason: SkipJsonSchema[str | None] = None

    def content(self) -> dict:
        """The composed fields only (no provenance), e.g. to compare two answers."""
        return self.model_dump(exclude={"source", "fallback_reason"})


# --- briefs (inputs) -----------------------------------------------------------------


class LyricsBrief(BaseModel):
    """A song to write: genre, mood, theme; optional title, tempo and beat notes."""

    genre: str
    mood: str
    theme: str = ""
    title: str = ""
    bpm: int | None = None
    beat_context: str = ""


class TrackBrief(BaseModel):
    """A finished (or nearly) track, for release copy, content packs and video ideas."""

    title: str
    artist: str = ""
    genre: str = ""
    mood: str = ""
    lyrics: str = ""
    transcript: str = ""


class EventBrief(BaseModel):
    """A concert to recommend, and the listener's world keywords to tie it to."""

    name: str
    artists: list[str] = Field(default_factory=list)
    venue: str = ""
    city: str = ""
    date: str = ""
    genres: list[str] = Field(default_factory=list)
    listener_keywords: list[str] = Field(default_factory=list)
    distance_km: float | None = None


# --- world texts ------------------------------------------------------------------------
# The engine builds a world's playlists first; these are the facts the writer gets about
# them, and what it writes. Everything written must be true of the facts (checked in
# `services.worlds.text_checks`, for the offline writer and a language model alike).


class GenreShare(BaseModel):
    name: str
    share: float = Unit  # of the playlist's tracks


class PlaylistFacts(BaseModel):
    """What one built playlist is, measured on its tracks."""

    family: str  # "jazz", "R&B and soul"
    genres: list[GenreShare] = Field(default_factory=list)
    count: int = Field(ge=0)
    tempo_range: list[int] = Field(default_factory=list, max_length=2)  # BPM of most tracks, when measured
    energy_word: str = ""  # true of most tracks: "hushed", "lively"...
    mood_word: str = ""  # "bittersweet", "bright"...
    sound_word: str = ""  # "acoustic" or "electronic"
    vocals_word: str = ""  # "instrumental" or "sung"
    tags: list[str] = Field(default_factory=list)  # instruments or textures most tracks carry
    artists: list[str] = Field(default_factory=list)  # a few of its artists
    slice_word: str = ""  # how it differs from a sibling playlist of the same family ("softer")
    decades: list[str] = Field(default_factory=list)


class WorldBrief(BaseModel):
    """The writer's brief: what the person asked (as understood), and the playlists built for it."""

    asked: list[str] = Field(default_factory=list)  # understood wishes: "late-night", "calm", "piano"
    setting: str = ""
    avoided: list[str] = Field(default_factory=list)  # kept out: "country", "explicit lyrics"
    playlists: list[PlaylistFacts] = Field(default_factory=list)
    seed_genres: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)  # what was wrong with a previous answer


class PlaylistText(BaseModel):
    title: str = Field(min_length=1, max_length=60)
    description: str = Field(min_length=1, max_length=300)


class WorldDefinition(Composed):
    """A world's name, its description, and one title and description per playlist (in order)."""

    world_name: str = Field(min_length=1, max_length=60)
    description: str = Field(min_length=1, max_length=400)
    playlists: list[PlaylistText] = Field(min_length=1, max_length=5)


# --- label outputs ---------------------------------------------------------------------

SectionKind = Literal["intro", "verse", "pre-chorus", "chorus", "bridge", "outro"]


class LyricSection(BaseModel):
    kind: SectionKind
    lines: list[str] = Field(min_length=1)


class Lyrics(Composed):
    """A song as sections (verse / chorus / bridge ...)."""

    title: str = Field(min_length=1)
    sections: list[LyricSection] = Field(min_length=1)

    @property
    def text(self) -> str:
        """Plain text with section headers, as saved to lyrics.txt."""
        blocks, counts = [], {}
        for section in self.sections:
            counts[section.kind] = counts.get(section.kind, 0) + 1
            label = section.kind.capitalize()
            if section.kind == "verse":
                label = f"Verse {counts['verse']}"
            blocks.append(f"[{label}]\n" + "\n".join(section.lines))
        return f"{self.title}\n\n" + "\n\n".join(blocks)


class ReleaseCopy(Composed):
    description: str = Field(min_length=1)
    press_pitch: str = Field(min_length=1)
    tagline: str = Field(min_length=1, max_length=140)


class ContentPack(Composed):
    captions: list[str] = Field(min_length=3, max_length=3)
    hashtags: list[str] = Field(min_length=5, max_length=10)
    hooks: list[str] = Field(min_length=3, max_length=3)
    posting_strategy: str = Field(min_length=1)
    ideas: list[str] = Field(min_length=3, max_length=3)


class VideoIdea(Composed):
    idea: str = Field(min_length=1)
    hook: str = Field(min_length=1)
    script: str = Field(min_length=1)
    visual: str = Field(min_length=1)


class EventBlurb(Composed):
    headline: str = Field(min_length=1, max_length=120)
    blurb: str = Field(min_length=1)

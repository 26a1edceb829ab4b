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

# Question ids of the world-builder onboarding (seed 002); answers under "avoid"
# become exclude keywords, every other answer describes what the person wants.
WORLD_QUESTIONS: tuple[str, ...] = ("texture", "emotion", "movement", "palette", "avoid")

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


class WorldBrief(BaseModel):
    """What the world builder knows: chosen options per question, free text per
    question, and the seed tracks' genres, tags and (optional) feature centroid."""

    answers: dict[str, list[str]] = Field(default_factory=dict)
    free_text: dict[str, str] = Field(default_factory=dict)
    seed_genres: list[str] = Field(default_factory=list)
    seed_tags: list[str] = Field(default_factory=list)
    seed_tracks: list[str] = Field(default_factory=list)  # "Artist - Title" lines
    taste: dict[str, float] = Field(default_factory=dict)  # e.g. valence, energy, acousticness, tempo


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


# --- world definition (seed 002) ------------------------------------------------------


class EmotionalGeometry(BaseModel):
    """Three axes in [-1, 1]; each runs from its first word (-1) to its second (+1)."""

    darkness_warmth: float = Axis
    intimate_expansive: float = Axis
    acoustic_electronic: float = Axis


class IntersectionBias(BaseModel):
    """Score nudges for one intersection, each in [-1, 1]: negative means less of the
    feature (tempo -0.3 is "somewhat slower"); the worlds engine scales them."""

    valence: float = Axis
    energy: float = Axis
    acousticness: float = Axis
    tempo: float = Axis


class FeatureFilter(BaseModel):
    """Which tracks may enter an intersection: inclusive ranges of audio features."""

    valence_min: float = Unit
    valence_max: float = Unit
    energy_min: float = Unit
    energy_max: float = Unit
    acousticness_min: float = Unit
    acousticness_max: float = Unit
    tempo_min: float = Field(ge=40.0, le=220.0)
    tempo_max: float = Field(ge=40.0, le=220.0)

    @model_validator(mode="after")
    def _ranges_are_ordered(self) -> FeatureFilter:
        for name in ("valence", "energy", "acousticness", "tempo"):
            if getattr(self, f"{name}_min") > getattr(self, f"{name}_max"):
                raise ValueError(f"{name}_min is above {name}_max")
        return self

    def accepts(self, features: dict[str, float]) -> bool:
        """True when every feature present in `features` lies in its range."""
        for name in ("valence", "energy", "acousticness", "tempo"):
            value = features.get(name)
            if value is not None and not getattr(self, f"{name}_min") <= value <= getattr(self, f"{name}_max"):
                return False
        return True


class Intersection(BaseModel):
    """One themed playlist of a world: a name, its lean in words and numbers, a filter."""

    name: str = Field(min_length=1, max_length=60)
    description: str = Field(min_length=1)
    bias: IntersectionBias
    filter: FeatureFilter


class WorldDefinition(Composed):
    """The structured world of seed 002, with 3-5 intersections."""

    world_name: str = Field(min_length=1, max_length=60)
    description: str = Field(min_length=1)
    texture: str = Field(min_length=1)
    space: str = Field(min_length=1)
    tempo_preference: str = Field(min_length=1)
    emotional_geometry: EmotionalGeometry
    keywords: list[str] = Field(min_length=1, max_length=12)
    exclude_keywords: list[str] = Field(max_length=12)
    intersections: list[Intersection] = Field(min_length=3, max_length=5)


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

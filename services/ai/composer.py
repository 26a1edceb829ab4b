"""The Composer: every piece of writing the app asks for, as typed, validated output.

`OpenAIComposer` asks an OpenAI-compatible server for structured output (the
pydantic model is the response format); `LocalComposer` writes the same models
offline from the brief's own words. A live answer that is malformed, refused or
late falls back to the local composer for that one call: the fallback is logged
and the result says so (`result.source == FALLBACK_SOURCE`, with `fallback_reason`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

from services.ai import local_label, local_world
from services.ai.schemas import (
    FALLBACK_SOURCE,
    LOCAL_SOURCE,
    Composed,
    ContentPack,
    EventBlurb,
    EventBrief,
    Lyrics,
    LyricsBrief,
    ReleaseCopy,
    TrackBrief,
    VideoIdea,
    WorldBrief,
    WorldDefinition,
)
from services.ai.openai_client import openai_client
from services.ai.usage import quota_left, record_usage
from services.registry import registry

log = logging.getLogger(__name__)

T = TypeVar("T", bound=Composed)


@runtime_checkable
class Composer(Protocol):
    """Every writing task of the app; `user_id` attributes a live call's cost."""

    source: str

    def world_definition(self, brief: WorldBrief, *, user_id: int | None = None) -> WorldDefinition: ...

    def lyrics(self, brief: LyricsBrief, *, user_id: int | None = None) -> Lyrics: ...

    def refine_lyrics(
        self,
        lyrics: Lyrics,
        instruction: str,
        history: Sequence[str] = (),
        *,
        brief: LyricsBrief | None = None,
        user_id: int | None = None,
    ) -> Lyrics: ...

    def release_copy(self, brief: TrackBrief, *, user_id: int | None = None) -> ReleaseCopy: ...

    def content_pack(self, brief: TrackBrief, *, user_id: int | None = None) -> ContentPack: ...

    def video_idea(self, brief: TrackBrief, *, user_id: int | None = None) -> VideoIdea: ...

    def event_blurb(self, brief: EventBrief, *, user_id: int | None = None) -> EventBlurb: ...


class LocalComposer:
    """Offline, deterministic, grounded in the brief; labelled "offline composer"."""

    source = LOCAL_SOURCE

    def world_definition(self, brief: WorldBrief, *, user_id: int | None = None) -> WorldDefinition:
        return local_world.compose_world(brief)

    def lyrics(self, brief: LyricsBrief, *, user_id: int | None = None) -> Lyrics:
        return local_label.compose_lyrics(brief)

    def refine_lyrics(
        self,
        lyrics: Lyrics,
        instruction: str,
        history: Sequence[str] = (),
        *,
        brief: LyricsBrief | None = None,
        user_id: int | None = None,
    ) -> Lyrics:
        return local_label.refine_lyrics(lyrics, instruction, history, brief)

    def release_copy(self, brief: TrackBrief, *, user_id: int | None = None) -> ReleaseCopy:
        return local_label.compose_release_copy(brief)

    def content_pack(self, brief: TrackBrief, *, user_id: int | None = None) -> ContentPack:
        return local_label.compose_content_pack(brief)

    def video_idea(self, brief: TrackBrief, *, user_id: int | None = None) -> VideoIdea:
        return local_label.compose_video_idea(brief)

    def event_blurb(self, brief: EventBrief, *, user_id: int | None = None) -> EventBlurb:
        return local_label.compose_event_blurb(brief)


# --- OpenAI --------------------------------------------------------------------------

_HOUSE = (
    "You write for Simple Balance Music, an app for independent musicians and listeners. "
    "Ground every sentence in the JSON input: reuse its words, names, genres and moods; "
    "never write generic filler. Answer only with the requested structure."
)
PROMPTS: dict[str, str] = {
    "world_definition": (
        "Name a listener's musical world and write its playlists' titles and descriptions from the facts given: "
        "one title (at most 60 characters) and one description (one or two sentences) per playlist, in the order "
        "given, plus a world_name and a two-sentence world description. Use only what the facts say: the genres, "
        "tempo range, feel words, instruments and artists listed; never claim anything else about the music. "
        "Do not quote or copy the listener's words; plain language, no technical terms (no 'valence', "
        "'acousticness', 'embedding'). Titles of one world must differ. If 'problems' lists issues with an "
        "earlier answer, fix every one."
    ),
    "lyrics": (
        "Write original song lyrics for the given genre, mood and theme, as sections (verse, chorus, bridge). "
        "Keep lines singable at the given BPM; repeat the chorus where a song would."
    ),
    "refine_lyrics": (
        "Rewrite the given lyrics following the instruction; earlier instructions are in history and still apply. "
        "Keep what the instruction does not ask to change."
    ),
    "release_copy": "Write release copy for the track: a description, a press pitch for curators and a tagline (max 140 chars).",
    "content_pack": (
        "Write a social content pack for the track: exactly 3 captions, 5-10 hashtags, exactly 3 hooks, "
        "a one-sentence posting strategy and exactly 3 more content ideas."
    ),
    "video_idea": "Propose one short-form video for the track: the idea, the opening hook, a timed script and the visual style.",
    "event_blurb": "Write a short curation blurb for this concert, tied to the listener's world keywords where they fit.",
}


class OpenAIComposer:
    """Structured outputs from any OpenAI-compatible server (`OPENAI_BASE_URL`).

    The client retries 429s, 5xx and timeouts `max_retries` times with backoff;
    whatever still fails, or answers something that does not validate, is written
    by the local composer instead. Every answered call's tokens are recorded.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        model: str = "gpt-4o-mini",
        timeout: float = 30.0,
        max_retries: int = 2,
        fallback: LocalComposer | None = None,
    ) -> None:
        self.model = model
        self.source = f"OpenAI {model}"
        self._client = openai_client(api_key, base_url, timeout=timeout, max_retries=max_retries)
        self._local = fallback or LocalComposer()

    def _ask(self, task: str, payload: dict[str, Any], schema: type[T], offline: Callable[[], T], user_id: int | None) -> T:
        messages = [
            {"role": "system", "content": f"{_HOUSE}\n\n{PROMPTS[task]}"},
            {"role": "user", "content": json.dumps(payload, ensure_ascii=False)},
        ]
        raw = None
        refused = quota_left(user_id)
        if refused:  # the daily AI quota is used up: write offline instead
            return self._fallback(task, offline, refused)
        try:
            raw = self._client.chat.completions.with_raw_response.parse(
                model=self.model, messages=messages, response_format=schema
            )
            completion = raw.parse()
            self._record(task, completion.model or self.model, completion.usage, user_id)
            message = completion.choices[0].message
            if message.refusal:
                return self._fallback(task, offline, f"the model refused: {message.refusal[:200]}")
            if message.parsed is None:
                return self._fallback(task, offline, "the model returned no structured answer")
            result = message.parsed
            result.source, result.fallback_reason = self.source, None
            return result
        except Exception as exc:  # malformed JSON, schema mismatch, HTTP errors after retries, timeouts
            if raw is not None:
                self._record_raw(task, raw, user_id)
            return self._fallback(task, offline, f"{type(exc).__name__}: {str(exc)[:200]}")

    def _record(self, task: str, model: str, usage: Any, user_id: int | None) -> None:
        if usage is not None:
            record_usage(task, model, usage.prompt_tokens or 0, usage.completion_tokens or 0, user_id)

    def _record_raw(self, task: str, raw: Any, user_id: int | None) -> None:
        """An answer that failed to parse still cost tokens: read them from the raw body."""
        try:
            body = raw.http_response.json()
            usage = body.get("usage") or {}
            record_usage(task, body.get("model") or self.model, usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0), user_id)
        except Exception:
            log.debug("no usage in an unparseable answer for %s", task)

    def _fallback(self, task: str, offline: Callable[[], T], reason: str) -> T:
        log.warning("OpenAI composer fell back to the offline composer for %s: %s", task, reason)
        result = offline()
        result.source, result.fallback_reason = FALLBACK_SOURCE, reason
        return result

    def world_definition(self, brief: WorldBrief, *, user_id: int | None = None) -> WorldDefinition:
        return self._ask("world_definition", brief.model_dump(), WorldDefinition, lambda: self._local.world_definition(brief), user_id)

    def lyrics(self, brief: LyricsBrief, *, user_id: int | None = None) -> Lyrics:
        return self._ask("lyrics", brief.model_dump(), Lyrics, lambda: self._local.lyrics(brief), user_id)

    def refine_lyrics(
        self,
        lyrics: Lyrics,
        instruction: str,
        history: Sequence[str] = (),
        *,
        brief: LyricsBrief | None = None,
        user_id: int | None = None,
    ) -> Lyrics:
        payload = {
            "lyrics": lyrics.content(),
            "instruction": instruction,
            "history": list(history),
            "brief": brief.model_dump() if brief else None,
        }
        return self._ask(
            "refine_lyrics", payload, Lyrics,
            lambda: self._local.refine_lyrics(lyrics, instruction, history, brief=brief), user_id,
        )

    def release_copy(self, brief: TrackBrief, *, user_id: int | None = None) -> ReleaseCopy:
        return self._ask("release_copy", brief.model_dump(), ReleaseCopy, lambda: self._local.release_copy(brief), user_id)

    def content_pack(self, brief: TrackBrief, *, user_id: int | None = None) -> ContentPack:
        return self._ask("content_pack", brief.model_dump(), ContentPack, lambda: self._local.content_pack(brief), user_id)

    def video_idea(self, brief: TrackBrief, *, user_id: int | None = None) -> VideoIdea:
        return self._ask("video_idea", brief.model_dump(), VideoIdea, lambda: self._local.video_idea(brief), user_id)

    def event_blurb(self, brief: EventBrief, *, user_id: int | None = None) -> EventBlurb:
        return self._ask("event_blurb", brief.model_dump(), EventBlurb, lambda: self._local.event_blurb(brief), user_id)


def get_composer() -> Composer:
    """The registry's composer: OpenAI (`OPENAI_MODEL` on `OPENAI_BASE_URL`) when
    `OPENAI_API_KEY` is set, else offline."""
    composer: Composer = registry.get("composer")
    return composer

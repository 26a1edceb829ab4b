"""The lyrics stage for a project: write from genre, mood and theme (with the beat's
tempo), or free from a theme; refine with an instruction; undo; edit by hand.

The current lyrics and up to `MAX_HISTORY` earlier versions live in the project's
`data` (autosaved with the project), so undo survives a reload.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from services.ai.composer import Composer, get_composer
from services.ai.schemas import LyricSection, Lyrics, LyricsBrief
from services.label import projects

MAX_HISTORY = 20
_KINDS = ("intro", "verse", "pre-chorus", "chorus", "bridge", "outro")
_HEADER = re.compile(r"^\[(?P<label>[^\]]{1,40})\]\s*$")


@dataclass(frozen=True)
class LyricsSectionView:
    kind: str
    label: str  # "Verse 1", "Chorus" ...
    text: str


@dataclass(frozen=True)
class LyricsState:
    """What the lyrics page shows: sections with copy buttons, the full text, undo."""

    title: str
    sections: tuple[LyricsSectionView, ...]
    text: str
    source: str
    can_undo: bool
    instructions: tuple[str, ...]


def _view(lyrics: Lyrics, history: list[dict[str, Any]], instructions: list[str]) -> LyricsState:
    counts: dict[str, int] = {}
    views = []
    for section in lyrics.sections:
        counts[section.kind] = counts.get(section.kind, 0) + 1
        label = f"Verse {counts['verse']}" if section.kind == "verse" else section.kind.capitalize()
        views.append(LyricsSectionView(section.kind, label, "\n".join(section.lines)))
    return LyricsState(lyrics.title, tuple(views), lyrics.text, lyrics.source, bool(history), tuple(instructions))


def _load(data: dict[str, Any]) -> tuple[Lyrics | None, list[dict[str, Any]], list[str], dict[str, Any]]:
    saved = data.get("lyrics")
    block = dict(saved) if isinstance(saved, dict) else {}  # plain text from before the stage kept versions
    current = Lyrics.model_validate(block["current"]) if block.get("current") else None
    return current, list(block.get("history") or []), list(block.get("instructions") or []), dict(block.get("brief") or {})


def _save(user_id: int, project_id: int, current: Lyrics, history: list[dict[str, Any]], instructions: list[str],
          brief: dict[str, Any]) -> LyricsState:
    projects.update_project_data(user_id, project_id, lyrics={
        "current": current.model_dump(), "history": history[-MAX_HISTORY:],
        "instructions": instructions[-MAX_HISTORY:], "brief": brief,
    }, lyrics_text=current.text)
    projects.mark_stage_done(user_id, project_id, "lyrics")
    return _view(current, history[-MAX_HISTORY:], instructions[-MAX_HISTORY:])


def current_lyrics(user_id: int, project_id: int) -> LyricsState | None:
    current, history, instructions, _ = _load(projects.get_project(user_id, project_id).data)
    return _view(current, history, instructions) if current else None


def write_lyrics(user_id: int, project_id: int, genre: str, mood: str, theme: str = "", title: str = "", *,
                 free: bool = False, composer: Composer | None = None) -> LyricsState:
    """New lyrics (the old ones go to the history). With `free`, only the theme counts
    and the beat's tempo is not used."""
    project = projects.get_project(user_id, project_id)
    current, history, _, _ = _load(project.data)
    bpm = project.data.get("bpm")
    brief = LyricsBrief(genre=(genre or project.data.get("genre") or "pop")[:60],
                        mood=(mood or project.data.get("mood") or "chill")[:60], theme=(theme or "")[:300],
                        title=(title or "")[:120], bpm=None if free or not bpm else int(round(float(bpm))))
    lyrics = (composer or get_composer()).lyrics(brief, user_id=user_id)
    if current is not None:
        history.append(current.model_dump())
    return _save(user_id, project_id, lyrics, history, [], brief.model_dump())


def refine_lyrics(user_id: int, project_id: int, instruction: str, *, composer: Composer | None = None) -> LyricsState:
    """Rewrite the current lyrics following an instruction; the previous version can be undone."""
    text = " ".join((instruction or "").split())[:300]
    if not text:
        raise projects.LabelError("Say how the lyrics should change.")
    current, history, instructions, brief = _load(projects.get_project(user_id, project_id).data)
    if current is None:
        raise projects.LabelError("Write lyrics first, then refine them.")
    refined = (composer or get_composer()).refine_lyrics(
        current, text, instructions, brief=LyricsBrief.model_validate(brief) if brief else None, user_id=user_id)
    history.append(current.model_dump())
    return _save(user_id, project_id, refined, history, [*instructions, text], brief)


def undo_lyrics(user_id: int, project_id: int) -> LyricsState:
    """Back to the previous version."""
    current, history, instructions, brief = _load(projects.get_project(user_id, project_id).data)
    if current is None or not history:
        raise projects.LabelError("There is nothing to undo.")
    previous = Lyrics.model_validate(history.pop())
    return _save(user_id, project_id, previous, history, instructions[:-1], brief)


def parse_lyrics_text(text: str, title: str = "") -> Lyrics:
    """Hand-edited text (`[Verse 1]`, `[Chorus]` ... headers) back into sections."""
    lines = [ln.rstrip() for ln in (text or "").replace("\r\n", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and not _HEADER.match(lines[0]) and not title:
        title = lines.pop(0).strip()
    sections: list[LyricSection] = []
    kind, body = "verse", []  # text before any header is a verse

    def flush() -> None:
        kept = [ln for ln in body if ln.strip()]
        if kept:
            sections.append(LyricSection(kind=kind, lines=kept))  # type: ignore[arg-type]

    for line in lines:
        m = _HEADER.match(line.strip())
        if m:
            flush()
            label = re.sub(r"[\d\s]+$", "", m["label"].strip().lower()).replace(" ", "-")
            kind, body = (label if label in _KINDS else "verse"), []
        else:
            body.append(line)
    flush()
    if not sections:
        raise projects.LabelError("The lyrics are empty.")
    return Lyrics(title=(title or "Untitled")[:120], sections=sections, source="edited")


def edit_lyrics(user_id: int, project_id: int, text: str) -> LyricsState:
    """Save a hand edit (undoable like any other change)."""
    edited = parse_lyrics_text(text)
    current, history, instructions, brief = _load(projects.get_project(user_id, project_id).data)
    if current is not None:
        history.append(current.model_dump())
    return _save(user_id, project_id, edited, history, [*instructions, "edited by hand"], brief)

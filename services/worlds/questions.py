"""The wizard's five questions and the check that the answers can steer a world.

Every option is a phrase the lexicon understands (a unit test keeps it so); typed
answers go through the same reading (`services.worlds.intent`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    title: str
    options: tuple[str, ...]
    placeholder: str


QUESTIONS: tuple[Question, ...] = (
    Question("mood", "What mood should it hold?",
             ("calm", "melancholy", "hopeful", "euphoric", "dark", "tender", "dreamy", "tense"),
             "Or in your own words…"),
    Question("movement", "How much energy?",
             ("still", "slow drift", "steady pulse", "driving", "danceable", "full power"),
             "Or a tempo, e.g. “around 90 bpm”"),
    Question("setting", "Where will you play it?",
             ("late night", "morning", "focus", "workout", "dinner with friends", "road trip", "rainy day",
              "falling asleep"),
             "Or describe the moment…"),
    Question("sound", "What should you hear?",
             ("acoustic", "electronic", "piano", "guitars", "strings", "voices", "instrumental only", "dusty"),
             "Or genres, instruments, textures…"),
    Question("avoid", "What should it avoid?",
             ("country", "metal", "rap", "vocals", "explicit lyrics", "fast tempos", "loud and harsh",
              "overplayed hits"),
             "Artists, genres or anything else, separated by commas"),
)
QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS)
MAX_TYPED = 300  # characters kept per typed answer


def empty_answers() -> dict[str, list[str]]:
    return {q.id: [] for q in QUESTIONS}


def empty_text() -> dict[str, str]:
    return {q.id: "" for q in QUESTIONS}


def toggle(answers: Mapping[str, Sequence[str]], question: str, option: str) -> dict[str, list[str]]:
    """The answers with `option` switched on or off (an unknown question or option changes nothing)."""
    q = next((q for q in QUESTIONS if q.id == question), None)
    out = {k: list(v) for k, v in answers.items()}
    if q is None or option not in q.options:
        return out
    current = out.get(question, [])
    out[question] = [o for o in current if o != option] if option in current else [*current, option]
    return out


def answers_problem(answers: Mapping[str, Sequence[str]], free_text: Mapping[str, str]) -> str:
    """Empty answers cannot steer a world: at least one question besides "avoid" needs an answer."""
    wanted = [q.id for q in QUESTIONS if q.id != "avoid"]
    if any(answers.get(q) or (free_text.get(q) or "").strip() for q in wanted):
        return ""
    return "Answer at least one of the first four questions (pick an option or write a few words)."

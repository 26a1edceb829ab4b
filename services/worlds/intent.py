"""A person's answers as rules and targets: what must be left out, what the music should be.

`read_answers(answers, free_text)` turns the wizard's options and typed words into a
`WorldIntent`:

* **rules** (hard): genres with everything they cover, artists, vocals or
  instrumentals, explicit lyrics, tempo ranges, overplayed hits; from the "avoid"
  answer and from any "no ..." clause elsewhere;
* **bands** (targets): one range per signal (energy, mood, tempo, acoustic feel,
  vocals, groove), the intersection of what every answer asks; when two answers
  pull apart, the more specific question wins and a note says so;
* **wanted families and tags**, the words to embed for meaning, and **notes** for
  the page about anything read loosely (emoji, very long text, unknown words).

Pure and deterministic; no source or model is asked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from services.worlds.avoid_words import TEMPO_RANGE, Rule, avoid_phrase, known_phrase
from services.worlds.lexicon import CONCEPTS, EMOJI_WORDS, NEGATIONS, SIGNAL_WORDS, Concept
from services.worlds.taxonomy import GenreMatch, family_label, match_genre

MAX_TEXT = 300
# Which answer decides a signal when two disagree (typed words beat a clicked option of the same question).
PRIORITY: dict[str, int] = {"movement": 40, "energy": 40, "mood": 30, "emotion": 30, "setting": 20,
                            "sound": 10, "palette": 10, "texture": 10}
_PHRASE_MAX = 4
_SPLIT_AVOID = re.compile(r"[,;/\n+]|\band\b|\bor\b|\bnor\b")
_SPLIT_LIST = re.compile(r"[,;/\n+]")
_CLAUSE = re.compile(r"[,;.!?\n]|\bbut\b")
_TEMPO_AROUND = re.compile(r"\b(?:around|about|~)?\s*(\d{2,3})\s*bpm")


@dataclass(frozen=True, slots=True)
class Target:
    """One answer's wish for one signal."""

    signal: str
    lo: float
    hi: float
    label: str
    priority: int


@dataclass(slots=True)
class WorldIntent:
    """Everything the answers ask, ready for the engine and the page."""

    rules: list[Rule] = field(default_factory=list)
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)
    band_labels: dict[str, list[str]] = field(default_factory=dict)  # signal -> the answers that set it
    concepts: list[Concept] = field(default_factory=list)
    families: list[str] = field(default_factory=list)  # wanted families, strongest first
    genres: list[GenreMatch] = field(default_factory=list)  # wanted genres named by the person
    tags: list[str] = field(default_factory=list)
    wanted_text: str = ""  # what to embed for meaning (understood words only, no negations)
    avoid_text: str = ""  # avoid words no rule could express, to steer away by meaning
    notes: list[str] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        """Concept labels in the order they were understood, once each ("late-night", "calm")."""
        return list(dict.fromkeys(c.label for c in self.concepts))

    @property
    def setting(self) -> str:
        return next((c.label for c in self.concepts if c.kind == "setting"), "")

    @property
    def mood(self) -> str:
        return next((c.label for c in self.concepts if c.kind == "mood"), "")

    def rule_labels(self) -> list[str]:
        return list(dict.fromkeys(r.label for r in self.rules))

    def to_dict(self) -> dict:
        """JSON-ready (stored with a world, read by its refresh)."""
        return {
            "rules": [{"kind": r.kind, "label": r.label, "genre": r.genre.text if r.genre else "", "signal": r.signal,
                       "lo": r.lo, "hi": r.hi, "outside": r.outside, "relax_order": r.relax_order, "artist": r.artist}
                      for r in self.rules],
            "bands": {k: list(v) for k, v in self.bands.items()},
            "band_labels": dict(self.band_labels),
            "concepts": [c.label for c in self.concepts],
            "families": list(self.families),
            "genres": [g.text for g in self.genres],
            "tags": list(self.tags),
            "wanted_text": self.wanted_text,
            "avoid_text": self.avoid_text,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> WorldIntent:
        rules = []
        for r in data.get("rules") or []:
            genre = match_genre(r["genre"]) if r.get("genre") else None
            if r.get("kind") == "genre" and genre is None:
                continue
            rules.append(Rule(kind=r["kind"], label=r["label"], genre=genre, signal=r.get("signal", ""),
                              lo=float(r.get("lo", 0)), hi=float(r.get("hi", 0)), outside=bool(r.get("outside")),
                              relax_order=int(r.get("relax_order", 5)), artist=r.get("artist", "")))
        by_label = {c.label: c for c in CONCEPTS.values()}
        return cls(
            rules=rules,
            bands={k: (float(v[0]), float(v[1])) for k, v in (data.get("bands") or {}).items()},
            band_labels={k: list(v) for k, v in (data.get("band_labels") or {}).items()},
            concepts=[by_label[label] for label in data.get("concepts") or [] if label in by_label],
            families=list(data.get("families") or []),
            genres=[g for g in (match_genre(t) for t in data.get("genres") or []) if g is not None],
            tags=list(data.get("tags") or []),
            wanted_text=str(data.get("wanted_text") or ""),
            avoid_text=str(data.get("avoid_text") or ""),
            notes=list(data.get("notes") or []),
        )


# -- cleaning -------------------------------------------------------------------------------------
def clean_text(text: str, notes: list[str] | None = None) -> str:
    """Typed words made readable: known emoji become words, other symbols go, long text is cut."""
    text = text or ""
    dropped = False
    out: list[str] = []
    for ch in text:
        base = ch if ch not in "\ufe0f\u200d" else ""
        if not base:
            continue
        if base in EMOJI_WORDS:
            out.append(f" {EMOJI_WORDS[base]} ")
        elif unicodedata.category(base)[0] in "LNZ" or base in "-'&,.;:!?/()\n":
            out.append(base)
        else:
            dropped = True
            out.append(" ")
    cleaned = " ".join("".join(out).split())
    if notes is not None and dropped:
        _note(notes, "Emoji and symbols we could not read as words were left out.")
    if len(cleaned) > MAX_TEXT:
        cut = cleaned[:MAX_TEXT].rsplit(" ", 1)[0]
        if notes is not None:
            _note(notes, f"Long answers are read up to {MAX_TEXT} characters; the rest was left out.")
        cleaned = cut
    return cleaned


def _note(notes: list[str], text: str) -> None:
    if text not in notes:
        notes.append(text)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9&]+(?:[-'][a-z0-9&]+)*", text.lower())


# -- reading what is wanted ---------------------------------------------------------------------
def _phrases(words: list[str]) -> list[str]:
    """Understood phrases of a clause, longest match first, left to right."""
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_PHRASE_MAX, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + n])
            if phrase in CONCEPTS or match_genre(phrase) is not None:
                found.append(phrase)
                i += n
                break
        else:
            i += 1
    return found


def _tempo_target(clause: str) -> tuple[float, float] | None:
    m = TEMPO_RANGE.search(clause)
    if m:
        lo, hi = sorted((float(m.group(1)), float(m.group(2))))
        return lo, hi
    m = _TEMPO_AROUND.search(clause)
    if m:
        v = float(m.group(1))
        return v - 10, v + 10
    return None


def _read_wanted(text: str, priority: int, intent: WorldIntent, targets: list[Target],
                 avoid_parts: list[str], kept: list[str] | None = None) -> list[str]:
    """Concepts and genres in one answer; clauses that start with "no"/"not" go to `avoid_parts`,
    the others to `kept`. Returns the understood phrases."""
    understood: list[str] = []
    for clause in _CLAUSE.split(text.lower()):
        words = _words(clause)
        if not words:
            continue
        neg = next((i for i, w in enumerate(words[:3]) if w in NEGATIONS or w in ("don't", "dont")), None)
        if neg is not None:
            avoid_parts.append(" ".join(words[neg + 1:]))
            continue
        if kept is not None:
            kept.append(" ".join(words))
        tempo = _tempo_target(clause)
        if tempo is not None:
            targets.append(Target("tempo", tempo[0], tempo[1], f"{int(tempo[0])}-{int(tempo[1])} BPM", priority))
        for phrase in _phrases(words):
            concept = CONCEPTS.get(phrase)
            if concept is not None:
                intent.concepts.append(concept)
                intent.tags.extend(t for t in concept.tags if t not in intent.tags)
                intent.families.extend(f for f in concept.families if f not in intent.families)
                for signal, (lo, hi) in concept.bands.items():
                    targets.append(Target(signal, lo, hi, concept.label, priority))
                understood.append(phrase)
                continue
            genre = match_genre(phrase)
            if genre is not None:
                intent.genres.append(genre)
                if genre.family and genre.family not in intent.families:
                    intent.families.append(genre.family)
                understood.append(phrase)
    return understood


def _combine(targets: list[Target], intent: WorldIntent) -> None:
    """One band per signal: the intersection of every wish, the stronger answer winning a conflict."""
    for signal in dict.fromkeys(t.signal for t in targets):
        wishes = sorted((t for t in targets if t.signal == signal), key=lambda t: -t.priority)
        lo, hi = wishes[0].lo, wishes[0].hi
        labels = [wishes[0].label]
        for w in wishes[1:]:
            new_lo, new_hi = max(lo, w.lo), min(hi, w.hi)
            if new_lo > new_hi:
                _note(intent.notes, f"“{labels[0]}” and “{w.label}” pull the {SIGNAL_WORDS[signal]} in opposite "
                                    f"directions, so we followed “{labels[0]}” for it.")
                continue
            lo, hi = new_lo, new_hi
            if w.label not in labels:
                labels.append(w.label)
        intent.bands[signal] = (lo, hi)
        intent.band_labels[signal] = labels


def read_answers(answers: Mapping[str, Sequence[str]], free_text: Mapping[str, str]) -> WorldIntent:
    """The rules and targets of one set of answers (see the module docstring)."""
    intent = WorldIntent()
    targets: list[Target] = []
    avoid_parts: list[str] = []
    understood: list[str] = []
    questions = list(dict.fromkeys([*answers.keys(), *free_text.keys()]))
    for q in questions:
        options = [clean_text(o) for o in answers.get(q) or [] if o]
        typed = clean_text(free_text.get(q) or "", intent.notes)
        if q == "avoid":
            avoid_parts += options
            if typed:
                avoid_parts.append(typed)
            continue
        base = PRIORITY.get(q, 15)
        for option in options:
            understood += _read_wanted(option, base, intent, targets, avoid_parts)
        if typed:
            kept: list[str] = []
            got = _read_wanted(typed, base + 5, intent, targets, avoid_parts, kept)
            understood += got
            if not got and kept:
                short = typed if len(typed) <= 60 else typed[:57].rsplit(" ", 1)[0] + "…"
                _note(intent.notes, f"We did not recognise the words in “{short}”, so they only steer the music "
                                    "by meaning.")
            understood += kept  # typed words also steer by meaning
    unknown: list[str] = []
    for part in avoid_parts:
        for chunk in _SPLIT_LIST.split(part):
            # "drum and bass", "loud and harsh", "r&b" stay whole; other chunks split on and / or
            pieces = [chunk] if known_phrase(chunk) else _SPLIT_AVOID.split(chunk)
            for piece in pieces:
                avoid_phrase(piece, intent.rules, unknown)
    intent.rules = _dedupe_rules(intent.rules)
    _combine(targets, intent)
    _drop_avoided_wishes(intent)
    intent.wanted_text = ". ".join(dict.fromkeys(u for u in understood if u))
    intent.avoid_text = ", ".join(dict.fromkeys([*unknown, *(r.label for r in intent.rules if r.kind == "genre")]))
    return intent


def _dedupe_rules(rules: list[Rule]) -> list[Rule]:
    seen: dict[tuple, Rule] = {}
    for r in rules:
        key = (r.kind, r.label.lower())
        seen.setdefault(key, r)
    return list(seen.values())


def _drop_avoided_wishes(intent: WorldIntent) -> None:
    """A family both wanted and avoided is avoided (the hard rule wins), and the page is told."""
    avoided = {r.genre.family for r in intent.rules if r.genre is not None and r.genre.family}
    clash = [f for f in intent.families if f in avoided]
    if clash:
        intent.families = [f for f in intent.families if f not in avoided]
        intent.genres = [g for g in intent.genres if g.family not in avoided]
        for f in clash:
            _note(intent.notes, f"You asked for {family_label(f)} and to avoid it: we left it out.")


__all__ = ["Rule", "Target", "WorldIntent", "clean_text", "read_answers"]

"""Reading what to avoid: each phrase of an "avoid" answer (or a "no ..." clause) as a hard rule.

Tempo limits ("nothing above 140 bpm", "100-110 bpm"), eras ("music from before 1990"),
avoid concepts ("vocals", "fast tempos", "overplayed hits"), genres with what they cover
("country"), and anything else as an artist's name, matched against the candidates
(or the source) later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from services.worlds.lexicon import AVOID_CONCEPTS, FILLER, NEGATIONS, AvoidConcept
from services.worlds.taxonomy import GenreMatch, match_genre

TEMPO_RANGE = re.compile(r"\b(\d{2,3})\s*(?:-|–|to)\s*(\d{2,3})\s*bpm")
_TEMPO_ABOVE = re.compile(r"\b(?:above|over|faster than|more than|beyond|>)\s*(\d{2,3})\s*(?:bpm)?")
_TEMPO_BELOW = re.compile(r"\b(?:below|under|slower than|less than|<)\s*(\d{2,3})\s*(?:bpm)?")
_YEAR_BEFORE = re.compile(r"\b(?:before|older than|earlier than|pre)[- ]?((?:19|20)\d\d)")
_YEAR_AFTER = re.compile(r"\b(?:after|newer than|later than|post)[- ]?((?:19|20)\d\d)")
_WORDS = re.compile(r"[a-z0-9&]+(?:[-'][a-z0-9&]+)*")


@dataclass(frozen=True, slots=True)
class Rule:
    """One hard rule. `kind`: genre | artist | signal | explicit | popularity | year.

    For signal-like kinds, a track is kept when its value lies in [lo, hi]
    (`outside` flips it: kept when outside the range).
    """

    kind: str
    label: str  # what the page says it avoids ("country", "fast tempos", "Artist 003 Lumen")
    genre: GenreMatch | None = None
    signal: str = ""
    lo: float = 0.0
    hi: float = 0.0
    outside: bool = False
    relax_order: int = 5  # relaxed first when lower (artists and genres last)
    artist: str = ""  # the name as typed, for artist rules (matched against the pool later)
    artist_ids: tuple[str, ...] = ()  # the source's ids for that name, when the source was asked



def _words(text: str) -> list[str]:
    return _WORDS.findall(text.lower())


def strip_filler(phrase: str) -> str:
    """Filler and negation words off both ends ("no sad songs please" -> "sad"); inner words stay."""
    words = _words(phrase)
    while words and (words[0] in FILLER or words[0] in NEGATIONS):
        words.pop(0)
    while words and (words[-1] in FILLER or words[-1] in NEGATIONS):
        words.pop()
    return " ".join(words)


def _signal_rule(concept: AvoidConcept) -> Rule:
    if concept.signal == "explicit":
        return Rule("explicit", concept.label, relax_order=concept.relax_order)
    if concept.signal == "popularity":
        return Rule("popularity", concept.label, signal="popularity", lo=concept.lo, hi=concept.hi,
                    relax_order=concept.relax_order)
    return Rule("signal", concept.label, signal=concept.signal, lo=concept.lo, hi=concept.hi,
                relax_order=concept.relax_order)


def avoid_phrase(raw: str, rules: list[Rule], unknown: list[str]) -> None:
    """Add the rule(s) one avoid phrase names to `rules`; names nothing else knows go to `unknown`."""
    text = raw.strip().lower()
    if not text:
        return
    for pattern, make in ((_TEMPO_ABOVE, lambda v: Rule("signal", f"tempos above {v} BPM", signal="tempo", lo=40, hi=v, relax_order=2)),
                          (_TEMPO_BELOW, lambda v: Rule("signal", f"tempos below {v} BPM", signal="tempo", lo=v, hi=220, relax_order=2))):
        m = pattern.search(text)
        if m:
            rules.append(make(int(m.group(1))))
            return
    m = TEMPO_RANGE.search(text)
    if m:
        lo, hi = sorted((int(m.group(1)), int(m.group(2))))
        rules.append(Rule("signal", f"{lo}-{hi} BPM", signal="tempo", lo=lo, hi=hi, outside=True, relax_order=2))
        return
    for pattern, make in ((_YEAR_BEFORE, lambda y: Rule("year", f"music from before {y}", lo=y, hi=9999, relax_order=2)),
                          (_YEAR_AFTER, lambda y: Rule("year", f"music from after {y}", lo=0, hi=y, relax_order=2))):
        m = pattern.search(text)
        if m:
            rules.append(make(int(m.group(1))))
            return
    phrase = strip_filler(text)
    if not phrase:
        return
    if phrase in AVOID_CONCEPTS:
        rules.append(_signal_rule(AVOID_CONCEPTS[phrase]))
        return
    genre = match_genre(phrase)
    if genre is not None:
        label = genre.text.strip().lower()
        rules.append(Rule("genre", label, genre=genre, relax_order=8))
        return
    # Several known words in one phrase ("sad country") each count.
    words = phrase.split()
    known = [w for w in words if w in AVOID_CONCEPTS or match_genre(w) is not None]
    if known and len(known) == len(words):
        for w in known:
            avoid_phrase(w, rules, unknown)
        return
    # Anything else is probably an artist's name: matched against the candidates' artists later.
    original = " ".join(raw.split())
    if 0 < len(original) <= 60 and len(words) <= 6:
        rules.append(Rule("artist", original, artist=original, relax_order=9))
        unknown.append(original)


def known_phrase(chunk: str) -> bool:
    """A whole chunk that names one thing ("drum and bass", "loud and harsh") is not split on "and"."""
    phrase = strip_filler(chunk)
    return bool(phrase) and (phrase in AVOID_CONCEPTS or match_genre(phrase) is not None)

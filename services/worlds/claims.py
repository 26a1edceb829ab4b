"""What a playlist's words claim about its tracks, and whether each claim is true.

One table says what a describing word means ("hushed": half the tracks or more have
energy of at most 0.35); the offline writer picks its words from the same table
(`level_word`), and the checker reads any text (ours or a language model's) for
claims — counts, BPM ranges, decades, genres, feel words, tags, artists after
"like" — and tests each against the tracks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from services.catalog.genres import GENRES
from services.worlds.taxonomy import FAMILIES, match_genre, normalize

SHARE = 0.6  # a feel word is true when at least this share of the tracks (with the signal) fit it
GENRE_SHARE = 0.15  # a named genre must cover at least this share of the tracks
TAG_SHARE = 0.2
RANGE_SHARE = 0.8  # a BPM range must hold at least this share of the measured tempos
RANGE_SLACK = 3.0

# word -> (signal, "le" | "ge", threshold)
FEEL_WORDS: dict[str, tuple[str, str, float]] = {
    "hushed": ("energy", "le", 0.35), "still": ("energy", "le", 0.3), "quiet": ("energy", "le", 0.4),
    "calm": ("energy", "le", 0.5), "gentle": ("energy", "le", 0.5), "soft": ("energy", "le", 0.45),
    "mellow": ("energy", "le", 0.5), "easy": ("energy", "le", 0.6), "unhurried": ("energy", "le", 0.5),
    "steady": ("energy", "ge", 0.4), "lively": ("energy", "ge", 0.55), "energetic": ("energy", "ge", 0.65),
    "driving": ("energy", "ge", 0.65), "high-energy": ("energy", "ge", 0.75), "intense": ("energy", "ge", 0.75),
    "loud": ("energy", "ge", 0.75), "upbeat": ("valence", "ge", 0.55),
    "dark": ("valence", "le", 0.35), "melancholy": ("valence", "le", 0.4), "moody": ("valence", "le", 0.45),
    "bittersweet": ("valence", "le", 0.5), "sad": ("valence", "le", 0.35), "warm": ("valence", "ge", 0.5),
    "bright": ("valence", "ge", 0.6), "sunny": ("valence", "ge", 0.65), "joyful": ("valence", "ge", 0.7),
    "acoustic": ("acousticness", "ge", 0.5), "electronic": ("acousticness", "le", 0.4),
    "instrumental": ("instrumentalness", "ge", 0.5), "wordless": ("instrumentalness", "ge", 0.6),
    "sung": ("instrumentalness", "le", 0.5), "danceable": ("danceability", "ge", 0.6),
    "grooving": ("danceability", "ge", 0.6), "slow": ("tempo", "le", 100.0), "fast": ("tempo", "ge", 125.0),
    "softer": ("energy", "le", 0.6), "livelier": ("energy", "ge", 0.4), "darker": ("valence", "le", 0.6),
    "brighter": ("valence", "ge", 0.35), "slower": ("tempo", "le", 125.0), "quicker": ("tempo", "ge", 90.0),
    "drifting": ("danceability", "le", 0.7),
}
# Words the offline writer uses for a level, strongest claim it can make first.
LEVELS: dict[str, tuple[str, ...]] = {
    "energy": ("hushed", "calm", "easy", "steady", "lively", "high-energy"),
    "valence": ("dark", "melancholy", "bittersweet", "warm", "bright"),
    "acousticness": ("acoustic", "electronic"),
    "instrumentalness": ("instrumental", "sung"),
}


def word_true(word: str, values: np.ndarray) -> bool | None:
    """Whether a feel word holds for most of the values; None when no track has the signal."""
    signal, op, threshold = FEEL_WORDS[word]
    known = values[~np.isnan(values)]
    if len(known) == 0:
        return None
    ok = known <= threshold if op == "le" else known >= threshold
    return float(ok.mean()) >= SHARE


def level_word(signal: str, values: np.ndarray) -> str:
    """The most telling true word for a signal's values ("" when none is true)."""
    words = LEVELS.get(signal, ())
    known = values[~np.isnan(values)]
    if len(known) == 0:
        return ""
    median = float(np.median(known))
    # For energy/valence pick the word whose threshold sits closest to the median on its side.
    ranked = sorted(words, key=lambda w: abs(FEEL_WORDS[w][2] - median))
    return next((w for w in ranked if word_true(w, values)), "")


@dataclass(frozen=True, slots=True)
class TrackView:
    """The facts about one track that claims are checked against."""

    genres: tuple[str, ...]
    artists: tuple[str, ...]
    year: int
    tags: tuple[str, ...]
    signals: dict[str, float]  # NaN where unknown
    tempo_measured: bool


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    true: bool


_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_COUNT = re.compile(r"\b(\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?:[a-z&'-]+\s+){0,4}?(tracks|songs|pieces|playlists)\b", re.I)
_BPM_RANGE = re.compile(r"(\d{2,3})\s*(?:-|–|to|and)\s*(\d{2,3})\s*BPM", re.I)
_BPM_AROUND = re.compile(r"(?:around|about|near)\s+(\d{2,3})\s*BPM", re.I)
_DECADE = re.compile(r"\b((?:19|20)\d0)s\b|\b'?(\d0)s\b")
_LIKE = re.compile(r"\b(?:like|featuring|such as)\s+((?:[A-Z0-9][\w'&.-]*)(?:\s+(?:[A-Z0-9][\w'&.-]*|and|&|of|the|de|la))*)")
_NEGATED = re.compile(r"\b(no|without|not|never|nothing)\s+(?:[a-z-]+\s+){0,2}$", re.I)
# A sentence that opens like this denies everything it names ("Kept out: country and vocals.").
_DENIAL = re.compile(r"(?:^|[.!?]\s+)(?:kept out|left out|nothing with|no|without|free of|never)\b[^.!?]*$", re.I)


def _words_of(number: str) -> int | None:
    if number.isdigit():
        return int(number)
    parts = number.lower().split("-")
    if all(p in _NUMBER_WORDS or p in ("thirty", "forty", "fifty") for p in parts):
        tens = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
        return sum(tens.get(p, _NUMBER_WORDS.get(p, 0)) for p in parts)
    return None


def _genre_vocabulary() -> list[str]:
    names = {normalize(g.name) for g in GENRES}
    for fam in FAMILIES:
        names.add(normalize(fam.key))
        names.add(normalize(fam.label))
        names.update(normalize(m) for m in fam.markers)
    return sorted((n for n in names if n), key=lambda n: -len(n))


_GENRE_WORDS = _genre_vocabulary()
# Instruments (and a few unmistakable textures) a text may name: checked against the tracks' tags.
TEXTURE_WORDS = ("dusty", "hazy", "glassy", "shimmering", "swirling", "smoky", "tape-saturated")
_TAG_WORDS = sorted({normalize(w) for g in GENRES for w in g.instruments} | set(TEXTURE_WORDS),
                    key=lambda n: -len(n))


def check_claims(text: str, tracks: Sequence[TrackView], *, playlists: int | None = None) -> list[Claim]:
    """Every claim found in `text`, each marked true or false for `tracks`."""
    claims: list[Claim] = []
    lower = text.lower()
    n = len(tracks)
    for m in _COUNT.finditer(text):
        value = _words_of(m.group(1))
        if value is None:
            continue
        expected = playlists if m.group(2).lower() == "playlists" else n
        if expected is not None:
            claims.append(Claim(m.group(0), value == expected))
    tempos = np.array([t.signals.get("tempo", np.nan) for t in tracks if t.tempo_measured], dtype=float)
    for m in _BPM_RANGE.finditer(text):
        lo, hi = sorted((float(m.group(1)), float(m.group(2))))
        ok = len(tempos) > 0 and float(((tempos >= lo - RANGE_SLACK) & (tempos <= hi + RANGE_SLACK)).mean()) >= RANGE_SHARE
        claims.append(Claim(m.group(0), bool(ok)))
    for m in _BPM_AROUND.finditer(text):
        v = float(m.group(1))
        ok = len(tempos) > 0 and abs(float(np.median(tempos)) - v) <= 12
        claims.append(Claim(m.group(0), bool(ok)))
    years = [t.year for t in tracks if t.year]
    for m in _DECADE.finditer(text):
        decade = int(m.group(1)) if m.group(1) else (1900 + int(m.group(2)) if int(m.group(2)) >= 30 else 2000 + int(m.group(2)))
        share = sum(decade <= y < decade + 10 for y in years) / max(len(years), 1)
        claims.append(Claim(m.group(0), bool(years) and share >= 0.3))
    taken: list[tuple[int, int]] = []
    claims += _artist_claims(text, tracks, taken)
    claims += _tag_claims(lower, tracks, taken)  # before genres: "jazz guitar" is an instrument
    claims += _genre_claims(lower, tracks, taken)
    claims += _feel_claims(lower, tracks, taken)
    return claims


def _artist_claims(text: str, tracks: Sequence[TrackView], taken: list[tuple[int, int]]) -> list[Claim]:
    """Names after "like"/"by": each must be one of the tracks' artists. Every artist name found in
    the text is set aside, so words inside names ("Warm Star") are not read as claims."""
    names = sorted({a for t in tracks for a in t.artists if a}, key=lambda a: -len(a))
    lower = text.lower()
    for name in names:
        for start in _spans(lower, name.lower()):
            taken.append((start, start + len(name)))
    out: list[Claim] = []
    for m in _LIKE.finditer(text):
        rest = m.group(1)
        while rest:
            hit = next((n for n in names if rest.lower().startswith(n.lower())), None)
            if hit is not None:
                out.append(Claim(f"like {hit}", True))
                rest = rest[len(hit):]
            else:
                unknown = re.split(r",\s*|\s+(?:and|&)\s+", rest, maxsplit=1)[0]
                if unknown and unknown[0].isupper():
                    out.append(Claim(f"like {unknown}", False))
                rest = rest[len(unknown):]
            rest = re.sub(r"^(?:,\s*|\s+(?:and|&)\s+|\s+)", "", rest)
            if rest and not rest[0].isupper() and not rest[0].isdigit():
                break
    return out


def _spans(lower: str, phrase: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", lower)]


def _inside(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _genre_claims(lower: str, tracks: Sequence[TrackView], taken: list[tuple[int, int]]) -> list[Claim]:
    """Genre names (longest first; a word inside a longer genre name is not claimed twice)."""
    out: list[Claim] = []
    for phrase in _GENRE_WORDS:
        for start in _spans(lower, phrase):
            end = start + len(phrase)
            if _inside(start, end, taken):
                continue
            taken.append((start, end))
            match = match_genre(phrase)
            if match is None:
                continue
            share = sum(any(match.covers(g) for g in t.genres) for t in tracks) / max(len(tracks), 1)
            negated = bool(_NEGATED.search(lower[:start]) or _DENIAL.search(lower[:start]))
            true = share == 0 if negated else share >= GENRE_SHARE
            if not true and not negated and phrase in FEEL_WORDS:  # "electronic" is a sound as well as a genre
                values = np.array([t.signals.get(FEEL_WORDS[phrase][0], np.nan) for t in tracks], dtype=float)
                true = bool(word_true(phrase, values))
            out.append(Claim(("no " if negated else "") + phrase, true))
    return out


def _feel_claims(lower: str, tracks: Sequence[TrackView], taken: list[tuple[int, int]]) -> list[Claim]:
    out: list[Claim] = []
    for word, (signal, _, _) in FEEL_WORDS.items():
        for start in _spans(lower, word):
            if _inside(start, start + len(word), taken):
                continue  # part of a genre's name ("art electronic")
            if _NEGATED.search(lower[:start]) or _DENIAL.search(lower[:start]):
                continue
            values = np.array([t.signals.get(signal, np.nan) for t in tracks], dtype=float)
            verdict = word_true(word, values)
            out.append(Claim(word, bool(verdict)))
            break
    return out


def _tag_claims(lower: str, tracks: Sequence[TrackView], taken: list[tuple[int, int]]) -> list[Claim]:
    out: list[Claim] = []
    for tag in _TAG_WORDS:
        spans = [s for s in _spans(lower, tag) if not _inside(s, s + len(tag), taken)]
        if spans:
            share = sum(any(tag in normalize(x) for x in t.tags) for t in tracks) / max(len(tracks), 1)
            out.append(Claim(tag, share >= TAG_SHARE))
            taken.extend((s, s + len(tag)) for s in spans)
    return out

"""Small text tools of the offline composer: content words, stable seeds, casing."""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable
from typing import Any

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just like me more
    most my myself no nor not now of off on once only or other our ours out over own same she should so
    some such than that the their theirs them then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your yours yourself
    want wants feel feels feeling make makes made song songs music track tracks sound sounds something
    really kind sort lot lots bit get gets got thing things way ways one ones also much many every
    last first next left still even ever never always""".split()
)

_WORD = re.compile(r"[a-zA-Z][a-zA-Z'\-]*[a-zA-Z]|[a-zA-Z]")


def words(text: str) -> list[str]:
    """Lower-case words of `text`, in order."""
    return [w.lower().strip("'-") for w in _WORD.findall(text or "")]


def content_words(text: str, min_len: int = 3) -> list[str]:
    """Words that carry meaning (no stopwords), in order, without repeats."""
    seen: dict[str, None] = {}
    for w in words(text):
        if len(w) >= min_len and w not in STOPWORDS:
            seen.setdefault(w, None)
    return list(seen)


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order, case-insensitively unique, blanks dropped."""
    out: dict[str, str] = {}
    for item in items:
        item = (item or "").strip()
        if item and item.lower() not in out:
            out[item.lower()] = item
    return list(out.values())


def stable_rng(*parts: Any) -> random.Random:
    """A random generator seeded by the input itself, so the same input gives the same output."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return random.Random(int(hashlib.sha256(blob.encode()).hexdigest()[:16], 16))


def title_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def hashtag(text: str) -> str:
    """`#IndieFolk` from "indie folk" (letters and digits only)."""
    parts = re.findall(r"[A-Za-z0-9]+", text)
    return "#" + "".join(p[:1].upper() + p[1:] for p in parts) if parts else ""


def sentence(text: str) -> str:
    """Capitalised first letter and a closing full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def join_words(items: list[str], conj: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


# Words spelled with a vowel but said with a consonant (and the reverse).
_SOUNDS_CONSONANT = re.compile(r"^(uni|use|usu|uti|ure|eu|ewe|one|once|ubiq|uk\b|us\b)", re.IGNORECASE)
_SOUNDS_VOWEL = re.compile(r"^(hour|honest|honou?r|heir|mv\b|mc\b|fm\b|lp\b|r&b|rnb|x\b)", re.IGNORECASE)


def article(word: str) -> str:
    """`a` or `an` for the word that follows, by how it sounds ("an energetic", "a unique", "an hour")."""
    w = word.strip().lstrip("\u201c\"'(")
    if not w:
        return "a"
    if _SOUNDS_VOWEL.match(w):
        return "an"
    if _SOUNDS_CONSONANT.match(w):
        return "a"
    return "an" if w[0].lower() in "aeiou" else "a"


_ARTICLE = re.compile(r"\b(a|an|A|An)\s+([\u201c\"'(]?[A-Za-z&][\w&'-]*)")


def fix_articles(text: str) -> str:
    """Every "a"/"an" agreeing with the word after it (copy from any composer, live or offline)."""
    def fix(m: re.Match[str]) -> str:
        wanted = article(m.group(2))
        if m.group(1)[0].isupper():
            wanted = wanted.capitalize()
        return f"{wanted} {m.group(2)}"

    return _ARTICLE.sub(fix, text)

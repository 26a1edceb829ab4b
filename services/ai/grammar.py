"""English for generated text: articles, plurals, lists, small numbers — through `inflect`.

`inflect` knows "an hour", "a European", "an FM station", "a unicorn" and irregular
plurals, which hand rules get wrong. It takes about a second to import (its type
checks), so it is loaded on first use and kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _engine() -> Any:
    import inflect

    return inflect.engine()


@lru_cache(maxsize=8192)
def article(phrase: str) -> str:
    """"a" or "an" for the phrase that follows ("an upbeat mix", "a unicorn", "an 80s feel")."""
    word = phrase.strip()
    if not word:
        return "a"
    return str(_engine().a(word)).split(" ", 1)[0].lower()


def with_article(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


@lru_cache(maxsize=4096)
def plural(noun: str) -> str:
    return str(_engine().plural_noun(noun))


def count(n: int, noun: str, words_up_to: int = 10) -> str:
    """"one track", "24 tracks", "nine playlists": small numbers in words, the noun agreeing."""
    number = str(_engine().number_to_words(n)) if 0 <= n <= words_up_to else str(n)
    return f"{number} {noun if n == 1 else plural(noun)}"


def join(items: Sequence[str], conj: str = "and") -> str:
    """"a", "a and b", "a, b and c" (no serial comma, the house style)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


@lru_cache(maxsize=4096)
def is_plural(noun: str) -> bool:
    """True for a plural noun ("tracks", "children"); False for singular or unknown words."""
    word = noun.strip().lower()
    if len(word) < 3 or not word.isalpha():
        return False
    singular = _engine().singular_noun(word)
    return bool(singular) and singular != word


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text

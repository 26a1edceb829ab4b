"""Recognising one release in its many editions, and what kind of release it is.

Spotify lists the same record several times: once per market, explicit and clean,
"(Deluxe)", "(Remastered 2011)", "- Expanded Edition". A feed that shows each of
them is noise, so every album gets an *edition key* (normalized title + main
artists) and albums sharing a key are merged into one `MergedRelease`. Remixes
are *not* editions (they are new music) but are flagged so people can hide them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from services.catalog.types import Album

VARIOUS_ARTISTS_ID = "0LyfQWJT6nXafLPZqxe9Of"  # Spotify's "Various Artists"
_VARIOUS_NAMES = {"various artists", "various", "va", "artistes divers", "verschiedene interpreten"}

# Words that mark a bracketed or dashed suffix as an edition label rather than part of the title.
_EDITION_WORDS = (
    r"deluxe|remaster(?:ed)?|expanded|anniversary|edition|explicit|clean|edited|"
    r"bonus(?: tracks?)?|reissue|mono|stereo"
)
# Deliberately absent: "version" ("Taylor's Version" and "Acoustic Version" are new
# recordings), "live", "remix", place names ("Live in Japan").
_EDITION_SUFFIX = re.compile(
    rf"\s*(?:[\(\[][^\)\]]*\b(?:{_EDITION_WORDS})\b[^\)\]]*[\)\]]|\s-\s[^-]*\b(?:{_EDITION_WORDS})\b[^-]*)\s*$",
    re.IGNORECASE,
)
_STORE_SUFFIX = re.compile(r"\s+-\s+(?:single|ep)\s*$", re.IGNORECASE)
_REMIX = re.compile(
    r"\b(?:remix(?:es|ed)?|rmx|re-?mix|re-?works?|re-?worked|bootleg|vip mix|club mix|dub mix|mixed by)\b",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def _fold(text: str) -> str:
    """Lower case, accents removed, '&' spelled out, punctuation collapsed to spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("&", " and ")
    return _NON_WORD.sub(" ", text).strip()


def base_title(title: str) -> str:
    """The title with edition labels removed: "Abbey Road (Remastered 2019)" -> "Abbey Road".

    Suffixes are stripped repeatedly ("X (Deluxe) [Explicit]"), but never down to nothing.
    """
    current = (title or "").strip()
    while True:
        stripped = _STORE_SUFFIX.sub("", current)
        stripped = _EDITION_SUFFIX.sub("", stripped).strip()
        if not stripped or stripped == current:
            return current
        current = stripped


def is_remix(title: str) -> bool:
    """Whether the title names a remix, remix EP or rework."""
    return bool(_REMIX.search(title or ""))


def is_various_artists(artist_ids: Sequence[str], artist_names: Sequence[str]) -> bool:
    """A compilation credited to "Various Artists" rather than to a performer."""
    return VARIOUS_ARTISTS_ID in artist_ids or any(_fold(n) in _VARIOUS_NAMES for n in artist_names)


def edition_key(title: str, artist_names: Sequence[str]) -> str:
    """Same key for every edition of one release: folded base title + sorted main artists."""
    artists = sorted({_fold(n) for n in artist_names if n.strip()})
    return f"{_fold(base_title(title))}|{','.join(artists)}"[:600]


def release_kind(album_type: str, total_tracks: int, title: str) -> str:
    """The badge: album, single, ep or compilation (Spotify files EPs as singles)."""
    if album_type == "compilation":
        return "compilation"
    if album_type == "single":
        if re.search(r"\bEP\b", title or "") or 4 <= total_tracks <= 7:
            return "ep"
        return "single"
    return "album"


@dataclass(frozen=True)
class MergedRelease:
    """One release with all its editions folded in."""

    key: str
    album_id: str  # the edition shown
    edition_ids: tuple[str, ...]
    title: str
    artist_ids: tuple[str, ...]
    artist_names: tuple[str, ...]
    kind: str
    album_group: str
    release_date: dt.date
    date_precision: str
    total_tracks: int
    image_url: str
    is_remix: bool
    is_various_artists: bool


_GROUP_RANK = {"album": 0, "single": 1, "compilation": 2, "appears_on": 3}


def merge_editions(albums: Iterable[Album]) -> list[MergedRelease]:
    """Fold albums sharing an edition key into one release each, newest first.

    The shown edition is the earliest released (the original), preferring the one
    whose title has no edition label; the track count is the largest edition's.
    Albums without a release date are skipped: they cannot be placed in a feed.
    """
    groups: dict[str, list[Album]] = {}
    for album in albums:
        if album.release_date is None:
            continue
        groups.setdefault(edition_key(album.name, album.artist_names), []).append(album)
    merged: list[MergedRelease] = []
    for key, editions in groups.items():
        shown = min(
            editions,
            key=lambda a: (a.release_date, base_title(a.name) != a.name.strip(), len(a.name), a.id),
        )
        group = min((a.album_group or "album" for a in editions), key=lambda g: _GROUP_RANK.get(g, 9))
        ids = tuple(dict.fromkeys(a.id for a in sorted(editions, key=lambda a: (a.release_date, a.id))))
        tracks = max(a.total_tracks for a in editions)
        merged.append(
            MergedRelease(
                key=key,
                album_id=shown.id,
                edition_ids=ids,
                title=base_title(shown.name) if _only_market_label(shown.name) else shown.name,
                artist_ids=shown.artist_ids,
                artist_names=shown.artist_names,
                kind=release_kind(shown.album_type, tracks, shown.name),
                album_group=group,
                release_date=shown.release_date,  # type: ignore[arg-type]
                date_precision=shown.release_date_precision or "day",
                total_tracks=tracks,
                image_url=next((a.image_url for a in editions if a.image_url), ""),
                is_remix=is_remix(shown.name),
                is_various_artists=is_various_artists(shown.artist_ids, shown.artist_names),
            )
        )
    merged.sort(key=lambda r: (r.release_date, r.title), reverse=True)
    return merged


def _only_market_label(title: str) -> bool:
    """A title whose suffix is a pure market/explicit label ("[Explicit]", "(Clean)"): show it bare."""
    suffix = title[len(base_title(title)):].lower()
    return bool(suffix) and bool(re.fullmatch(r"[\s\(\[\)\]\-]*(explicit|clean|edited)[\s\(\[\)\]]*", suffix))

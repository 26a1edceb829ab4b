"""Is this show really by an artist the person follows?

Matching by name finds tribute acts ("ABBA Tribute Night") and namesakes (two bands called
"Nova"). So a show is matched, strongest first:
1. **by id**: a performer's source id is the artist's own (the demo source uses catalog ids),
   or one already tied to the artist (`source_ids`, learned from 2 within a search);
2. **by Spotify id**: Ticketmaster attractions link their Spotify page (`externalLinks`),
   Bandsintown artists may list it in `links`; equal ids match, different ids mean a
   namesake, and the performer's source id is then known to be someone else;
3. **by normalised name** only where the source gives no id to compare, and never when the
   show's title or the billed name says tribute, cover or "the music of".
`FollowedArtist.spotify_id` is set only when the person's catalog is Spotify (a demo
catalog id is never compared with a Spotify id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from services.events.merge import artist_key
from services.events.types import Event

_SPOTIFY_ID = re.compile(r"^[0-9A-Za-z]{22}$")
TRIBUTE_WORDS = re.compile(
    r"\b(tribute|tributo|hommage|homage|cover band|covers? show|covers|plays the music of|performs the music of"
    r"|the music of|music of|salute to|celebrating|a celebration of|in the style of|revival|legacy of|vs\.?)\b",
    re.IGNORECASE,
)


@dataclass
class FollowedArtist:
    """One of the person's artists, with every id known for them."""

    name: str
    id: str  # catalog id: a Spotify id once Spotify is connected, a demo id otherwise
    spotify_id: str = ""
    source_ids: set[str] = field(default_factory=set)  # "tm:K8vZ…", "bit:510" tied to this artist
    foreign_ids: set[str] = field(default_factory=set)  # same name, someone else (namesakes)

    @classmethod
    def of(cls, name: str, catalog_id: str) -> FollowedArtist:
        return cls(name=name, id=catalog_id, spotify_id=catalog_id if _SPOTIFY_ID.match(catalog_id or "") else "")


@dataclass(frozen=True, slots=True)
class Verdict:
    """`matched` with `how` ("id" | "spotify" | "name"), or why not (`reason`)."""

    matched: bool
    how: str = ""
    reason: str = ""  # "tribute" | "namesake" | "not billed"


def is_tribute(text: str, artist_name: str) -> bool:
    """The text bills a tribute or cover of the artist rather than the artist."""
    if artist_key(text) == artist_key(artist_name):
        return False  # the artist's own name ("The Music of Nova" as a band name stays theirs)
    return bool(TRIBUTE_WORDS.search(text))


def match(artist: FollowedArtist, event: Event) -> Verdict:
    """See the module docstring."""
    own = {artist.id, *artist.source_ids} - {""}
    if own & set(event.artist_ids):
        return Verdict(True, "id")
    key = artist_key(artist.name)
    named = False
    for p in event.performers:
        if p.source_id and p.source_id in own:
            return Verdict(True, "id")
        if artist.spotify_id and p.spotify_id == artist.spotify_id:
            return Verdict(True, "spotify")
        named = named or artist_key(p.name) == key
    names = [p.name for p in event.performers] or event.lineup
    if not named and not any(artist_key(n) == key for n in names):
        tribute = any(key and key in artist_key(n) and is_tribute(n, artist.name) for n in names + [event.name])
        return Verdict(False, reason="tribute" if tribute else "not billed")
    for p in event.performers:
        if artist_key(p.name) != key:
            continue
        if p.source_id and p.source_id in artist.foreign_ids:
            return Verdict(False, reason="namesake")
        if artist.spotify_id and p.spotify_id and p.spotify_id != artist.spotify_id:
            return Verdict(False, reason="namesake")
    if is_tribute(event.name, artist.name):
        return Verdict(False, reason="tribute")
    return Verdict(True, "name")


def learn(artists: Sequence[FollowedArtist], events: Iterable[Event]) -> None:
    """Tie source ids to artists where a Spotify link proves who they are, and mark the
    source ids of same-named performers with another Spotify id as namesakes."""
    by_spotify = {a.spotify_id: a for a in artists if a.spotify_id}
    by_name = {artist_key(a.name): a for a in artists}
    for event in events:
        for p in event.performers:
            if not p.source_id or not p.spotify_id:
                continue
            if p.spotify_id in by_spotify:
                by_spotify[p.spotify_id].source_ids.add(p.source_id)
            same_name = by_name.get(artist_key(p.name))
            if same_name is not None and same_name.spotify_id and same_name.spotify_id != p.spotify_id:
                same_name.foreign_ids.add(p.source_id)


def split(artists: Sequence[FollowedArtist], events: Iterable[Event]) -> tuple[list[tuple[Event, FollowedArtist, str]], dict[str, int]]:
    """(matched events with their artist and how, counts of what was left out by reason)."""
    items = list(events)
    learn(artists, items)
    kept: list[tuple[Event, FollowedArtist, str]] = []
    left_out: dict[str, int] = {}
    for event in items:
        verdicts = [(a, match(a, event)) for a in artists]
        hit = next(((a, v) for a, v in verdicts if v.matched), None)
        if hit is not None:
            kept.append((event, hit[0], hit[1].how))
            continue
        reasons = {v.reason for _, v in verdicts} - {"not billed"}
        for reason in reasons:
            left_out[reason] = left_out.get(reason, 0) + 1
    return kept, left_out

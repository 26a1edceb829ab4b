"""What the worlds page shows, as typed view models built from the services' values.

The states hold these and nothing else; components read their fields. Formatting
(counts, dates, percentages, links to Spotify, the demo sound's address) lives here
so it is tested once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from services.ai.grammar import count
from services.worlds.demo_clip import clip_url
from services.worlds.entries import PlaylistEntry
from services.worlds.repo import RefreshEntry, WorldSummary
from services.worlds.taxonomy import family_label

CADENCE_LABELS = {"weekly": "Weekly", "biweekly": "Every two weeks", "monthly": "Monthly", "off": "Off"}
SPOTIFY_WEB = "https://open.spotify.com"


def cover_url(playlist: str, world: str, palette: Sequence[str]) -> str:
    """The page's cover image: drawn by `/api/worlds/cover.png` from these inputs (no stored files)."""
    return "/api/worlds/cover.png?" + urlencode({"name": playlist, "world": world, "palette": ",".join(palette)})


def spotify_link(kind: str, spotify_id: str) -> str:
    return f"{SPOTIFY_WEB}/{kind}/{spotify_id}" if spotify_id else ""


def spotify_embed(kind: str, spotify_id: str) -> str:
    return f"{SPOTIFY_WEB}/embed/{kind}/{spotify_id}?utm_source=generator" if spotify_id else ""


@dataclass
class TrackRow:
    id: str = ""
    title: str = ""
    artist: str = ""
    image: str = ""
    why: str = ""
    score: str = ""
    demo_sound: str = ""  # the demo clip's address (demo catalog)
    open_url: str = ""  # "Open in Spotify"
    embed_url: str = ""  # Spotify's embed player for this track


@dataclass
class PlaylistCard:
    index: int = 0
    name: str = ""
    description: str = ""
    cover: str = ""
    count: str = ""
    family: str = ""
    coherence: str = ""  # "Coherence 96%: every track is jazz and inside your mood range"
    open_url: str = ""
    embed_url: str = ""
    tracks: list[TrackRow] = field(default_factory=list)


@dataclass
class WorldCard:
    id: str = ""
    name: str = ""
    description: str = ""
    cover: str = ""
    summary: str = ""  # "3 playlists · 74 tracks · refresh: Off"


@dataclass
class DiffRow:
    name: str = ""
    summary: str = ""  # "+21 new · 9 kept · −21 gone · 30% continuity"
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class HistoryRow:
    when: str = ""
    text: str = ""
    ok: bool = True
    diff: list[DiffRow] = field(default_factory=list)


def when(at: datetime | None) -> str:
    return at.strftime("%d %b %Y, %H:%M UTC") if at else "never"


def coherence_text(entry: PlaylistEntry) -> str:
    ident = entry.intersection or {}
    share = entry.coherence
    if not ident.get("family") and not ident.get("bands"):
        return ""
    what = family_label(ident["family"]) if ident.get("family") else "its genres"
    inside = " and inside your mood and energy range" if ident.get("bands") else ""
    return f"Coherence {round(100 * share)}%: tracks that are {what}{inside}"


def track_rows(entry: PlaylistEntry, tracks: Mapping[str, Any], source: str) -> list[TrackRow]:
    rows = []
    for t in entry.tracks:
        track = tracks.get(t.track_id)
        spotify = source == "spotify"
        rows.append(TrackRow(
            id=t.track_id, title=t.title, artist=t.artist_name, image=getattr(track, "image_url", "") or "",
            why=t.why, score=f"{t.score:.2f}",
            demo_sound="" if spotify else clip_url(t.track_id),
            open_url=spotify_link("track", t.track_id) if spotify else "",
            embed_url=spotify_embed("track", t.track_id) if spotify else "",
        ))
    return rows


def playlist_cards(world: str, palette: Sequence[str], entries: Sequence[PlaylistEntry],
                   tracks: Mapping[str, Any], source: str) -> list[PlaylistCard]:
    out = []
    spotify = source == "spotify"
    for i, e in enumerate(entries):
        rows = track_rows(e, tracks, source)
        family = (e.intersection or {}).get("family", "")
        out.append(PlaylistCard(
            index=i, name=e.name, description=e.description, cover=cover_url(e.name, world, palette),
            count=count(len(rows), "track", words_up_to=0) if rows else "No tracks yet: a refresh fills it",
            family=family_label(family) if family else "",
            coherence=coherence_text(e),
            open_url=spotify_link("playlist", e.external_id) if spotify and e.external_id else "",
            embed_url=spotify_embed("playlist", e.external_id) if spotify and e.external_id else "",
            tracks=rows,
        ))
    return out


def world_cards(worlds: Sequence[WorldSummary], palette_for: Any) -> list[WorldCard]:
    return [
        WorldCard(
            id=str(w.id), name=w.name, description=w.description[:140],
            cover=cover_url(w.playlist_names[0] if w.playlist_names else w.name, w.name, w.palette or palette_for(w.name)),
            summary=f"{count(len(w.playlist_names), 'playlist', 0)} · {count(w.track_count, 'track', 0)} · "
                    f"refresh: {CADENCE_LABELS.get(w.cadence, w.cadence)}",
        )
        for w in worlds
    ]


def diff_rows(details: Sequence[Mapping[str, Any]]) -> list[DiffRow]:
    out = []
    for d in details:
        kept, added, removed = len(d.get("kept") or []), list(d.get("added") or []), list(d.get("removed") or [])
        before = kept + len(removed)
        continuity = d.get("continuity", kept / before if before else 1.0)
        titles = d.get("titles") or {}
        out.append(DiffRow(
            name=str(d.get("name", "")),
            summary=f"+{len(added)} new · {kept} kept · −{len(removed)} gone · {round(100 * continuity)}% continuity",
            added=[titles.get(t, t) for t in added], removed=[titles.get(t, t) for t in removed],
        ))
    return out


def history_rows(entries: Sequence[RefreshEntry]) -> list[HistoryRow]:
    out = []
    for h in entries:
        who = "you" if h.trigger == "manual" else "the schedule"
        text = (f"Refreshed by {who}: +{h.added} new, −{h.removed} gone" if h.ok else f"Refresh failed: {h.error}")
        out.append(HistoryRow(when=when(h.ran_at), text=text, ok=h.ok, diff=diff_rows(h.details) if h.ok else []))
    return out

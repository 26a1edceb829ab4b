"""Spotify JSON -> the catalog's plain types, tolerant of the 2026 shapes and of bad records.

Playlist entries wrap their track in `item` (the old `track` key may be absent);
playlists report their size under `items` or the older `tracks`; episodes and
removed tracks (null) are skipped. In lists, an entry that cannot be read (null,
no id, no name, the wrong shape) is skipped and counted in `Page.skipped`; gaps
that can be lived with are filled (no images: no artwork; an unknown `album_type`:
an album; a date Spotify could not give: None, which the release scan skips).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from services.catalog.types import (
    Album,
    Artist,
    Device,
    Page,
    Playback,
    PlayedTrack,
    Playlist,
    Profile,
    Track,
)

T = TypeVar("T")
Json = dict[str, Any]


def image_url(images: list[Json] | None) -> str:
    """The first (largest) image Spotify lists, or ""."""
    for image in images or []:
        if image and image.get("url"):
            return str(image["url"])
    return ""


def release_date(value: str | None) -> dt.date | None:
    """'2021', '2021-05' or '2021-05-17' -> a date (missing parts become 1); None when unreadable."""
    if not value or not isinstance(value, str):
        return None
    parts = [int(p) for p in value.split("-")[:3] if p.isdigit()]
    if not parts or parts[0] == 0:
        return None
    parts += [1] * (3 - len(parts))
    try:
        return dt.date(parts[0], parts[1] or 1, parts[2] or 1)
    except ValueError:
        return None


def _precision(data: Json) -> str:
    """`release_date_precision`, or what the date's shape says when it is missing or unknown."""
    given = str(data.get("release_date_precision") or "").lower()
    if given in ("day", "month", "year"):
        return given
    return {1: "year", 2: "month"}.get(len(str(data.get("release_date") or "").split("-")), "day")


def played_at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc)


def _names(artists: list[Json] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    artists = [a for a in artists or [] if a]
    return tuple(str(a.get("id") or "") for a in artists), tuple(str(a.get("name") or "") for a in artists)


def artist(data: Json) -> Artist | None:
    """An artist, or None when the record has no id (it cannot be followed or fetched)."""
    if not isinstance(data, dict) or not data.get("id"):
        return None
    followers = data.get("followers") or {}
    return Artist(
        id=str(data["id"]),
        name=str(data.get("name") or ""),
        genres=tuple(data.get("genres") or ()),
        popularity=int(data.get("popularity") or 0),
        followers=int(followers.get("total") or 0) if isinstance(followers, dict) else 0,
        image_url=image_url(data.get("images")),
    )


def album(data: Json) -> Album | None:
    """An album, or None when the record has no id or no name (it cannot be shown)."""
    if not isinstance(data, dict) or not data.get("id") or not str(data.get("name") or "").strip():
        return None
    ids, names = _names(data.get("artists") if isinstance(data.get("artists"), list) else None)
    kind = str(data.get("album_type") or "album").lower()
    if kind not in ("album", "single", "compilation"):
        kind = "album"
    return Album(
        id=str(data["id"]),
        name=str(data["name"]).strip(),
        album_type=kind,  # type: ignore[arg-type]
        album_group=str(data.get("album_group") or kind).lower(),
        artist_ids=ids,
        artist_names=names,
        release_date=release_date(data.get("release_date")),
        release_date_precision=_precision(data),
        total_tracks=int(data.get("total_tracks") or 0),
        image_url=image_url(data.get("images") if isinstance(data.get("images"), list) else None),
        label=str(data.get("label") or ""),
        markets=tuple(data.get("available_markets") or ()),
    )


def track(data: Json, on_album: Json | None = None) -> Track:
    """A track; `on_album` supplies album context for simplified tracks (album listings)."""
    alb = data.get("album") or on_album or {}
    ids, names = _names(data.get("artists"))
    track_id = str(data.get("id") or "")
    return Track(
        id=track_id,
        name=str(data.get("name") or ""),
        artist_ids=ids,
        artist_names=names,
        album_id=str(alb.get("id") or ""),
        album_name=str(alb.get("name") or ""),
        album_type=str(alb.get("album_type") or "album").lower(),
        duration_ms=int(data.get("duration_ms") or 0),
        release_date=release_date(alb.get("release_date")),
        popularity=int(data.get("popularity") or 0),
        explicit=bool(data.get("explicit")),
        image_url=image_url(alb.get("images")),
        preview_url=data.get("preview_url") or None,
        uri=str(data.get("uri") or (f"spotify:track:{track_id}" if track_id else "")),
    )


def is_track(data: Json | None) -> bool:
    return bool(data) and data.get("type", "track") == "track" and bool(data.get("id"))  # type: ignore[union-attr]


def entry_track(entry: Json | None) -> Json | None:
    """The track inside a playlist or library entry (`item` in 2026, `track` before)."""
    if not entry:
        return None
    inner = entry.get("item") or entry.get("track")
    return inner if isinstance(inner, dict) and is_track(inner) else None


def playlist(data: Json, my_id: str) -> Playlist:
    owner = str((data.get("owner") or {}).get("id") or "")
    size = data.get("items") or data.get("tracks") or {}
    return Playlist(
        id=str(data["id"]),
        name=str(data.get("name") or ""),
        description=str(data.get("description") or ""),
        owner_id=owner,
        image_url=image_url(data.get("images")),
        track_count=int(size.get("total") or 0) if isinstance(size, dict) else 0,
        public=bool(data.get("public")),
        owned_by_me=owner == my_id or bool(data.get("collaborative")),
    )


def profile(data: Json) -> Profile:
    return Profile(
        id=str(data.get("id") or ""),
        display_name=str(data.get("display_name") or data.get("id") or ""),
        email=str(data.get("email") or ""),
        country=str(data.get("country") or ""),
        product=str(data.get("product") or ""),
        image_url=image_url(data.get("images")),
    )


def device(data: Json) -> Device:
    return Device(id=str(data.get("id") or ""), name=str(data.get("name") or ""),
                  type=str(data.get("type") or "Computer"), is_active=bool(data.get("is_active")))


def playback(data: Json | None, now: dt.datetime) -> Playback | None:
    if not data:
        return None
    item = data.get("item")
    progress = int(data.get("progress_ms") or 0)
    return Playback(
        track=track(item) if is_track(item) else None,
        progress_ms=progress,
        is_playing=bool(data.get("is_playing")),
        device=device(data["device"]) if data.get("device") else None,
        started_at=now - dt.timedelta(milliseconds=progress),
    )


def played(entry: Json) -> PlayedTrack | None:
    inner = entry_track(entry)
    if inner is None or not entry.get("played_at"):
        return None
    return PlayedTrack(track=track(inner), played_at=played_at(str(entry["played_at"])))


def _convert_all(raw: list[Any], convert: Callable[[Json], T | None]) -> tuple[list[T], int]:
    """The entries that convert, and how many did not (bad records are skipped, never fatal)."""
    items: list[T] = []
    skipped = 0
    for entry in raw:
        try:
            item = convert(entry) if isinstance(entry, dict) else None
        except (KeyError, TypeError, ValueError, AttributeError):
            item = None
        if item is None:
            skipped += 1
        else:
            items.append(item)
    return items, skipped


def offset_page(data: Json | None, convert: Callable[[Json], T | None], offset: int) -> Page[T]:
    """A Spotify paging object -> `Page` (next offset only when Spotify has a `next`)."""
    data = data or {}
    raw = list(data.get("items") or [])
    items, skipped = _convert_all(raw, convert)
    limit = int(data.get("limit") or len(raw) or 0)
    start = int(data.get("offset") if data.get("offset") is not None else offset)
    return Page(items=items, total=int(data.get("total") or len(items)),
                next_offset=start + limit if data.get("next") and limit else None, skipped=skipped)


def cursor_page(data: Json | None, convert: Callable[[Json], T | None]) -> Page[T]:
    """A cursor paging object (followed artists) -> `Page` with `next_cursor`."""
    data = data or {}
    items, skipped = _convert_all(list(data.get("items") or []), convert)
    after = (data.get("cursors") or {}).get("after")
    return Page(items=items, total=int(data.get("total") or len(items)),
                next_cursor=str(after) if after and data.get("next") else None, skipped=skipped)

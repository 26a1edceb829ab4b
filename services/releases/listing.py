"""Reading one artist's releases from a music source, as few requests as possible.

The source pages the listing as it likes (`limit=None`: 10 entries a request on a
development-mode Spotify app, 50 with extended quota). Spotify lists group by group
(albums, singles, compilations, appears-on), newest first within each, so when a
page ends on an entry older than the window (`window.beyond`), the rest of that group
is old and so is every group before it: the listing is asked again for the later
groups only, and reading stops once no group is left. A typical artist costs one
request (a short discography) or two (albums, then singles).

Which groups: albums and singles for everyone; compilations and appearances on
other artists' records for people who ask for them (`include_appearances`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from services.catalog.source import MusicSource
from services.catalog.types import Album
from services.releases.fetching import ArtistAlbums, RequestPool
from services.releases.window import Window, beyond, in_window

LISTING_ORDER = ("album", "single", "compilation", "appears_on")
OWN_GROUPS = frozenset({"album", "single"})
APPEARANCE_GROUPS = frozenset({"compilation", "appears_on"})
MAX_PAGES = 60  # 600 entries at 10 a page: a listing read that deep is old by construction


def groups_for(include_appearances: bool) -> frozenset[str]:
    """The listing groups a person's scan reads."""
    return OWN_GROUPS | APPEARANCE_GROUPS if include_appearances else OWN_GROUPS


async def read_artist_albums(pool: RequestPool, source: MusicSource, artist_id: str, since: dt.date,
                             groups: frozenset[str], clock: Callable[[], float] = time.time) -> ArtistAlbums:
    """The artist's releases that may be new since `since` (any later date: each person's
    window is applied when linking), reading only the pages that can hold them."""
    found: dict[str, Album] = {}
    skipped = 0
    remaining = [g for g in LISTING_ORDER if g in groups]
    open_ended = Window(since, dt.date.max)
    offset: int | None = 0
    pages = 0
    while remaining and offset is not None and pages < MAX_PAGES:
        page = await pool.call(source.artist_albums, artist_id, tuple(remaining), None, offset)
        pages += 1
        skipped += page.skipped
        dated = []
        for album in page.items:
            if album.release_date is None:
                skipped += 1  # an entry without a readable date cannot be placed in anyone's feed
                continue
            dated.append(album)
            if album.album_group in remaining and in_window(album.release_date, album.release_date_precision, open_ended):
                found.setdefault(album.id, album)
        if not page.items or page.next_offset is None:
            break
        last = dated[-1] if dated else None
        if last is not None and beyond(last.release_date, since) and last.album_group in remaining:
            remaining = remaining[remaining.index(last.album_group) + 1:]
            offset = 0
        else:
            offset = page.next_offset
    return ArtistAlbums(since=since, albums=tuple(found.values()), groups=groups, skipped=skipped, fetched_at=clock())

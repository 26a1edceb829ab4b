"""Demo release days: which albums of a listener's followed artists are new on a given day.

The demo catalog is fixed, yet the release feed looks at the last four weeks. So the latest
album of each followed artist takes its turn as a new release on a rolling schedule anchored
to an epoch: one release every `RELEASE_EVERY_DAYS` days, the albums in a per-listener order.

Guarantee, on any day and for any listener who follows at least one artist with an album:
a release came out within the last `RELEASE_EVERY_DAYS` days (so every week holds at least
three), and the last four weeks hold `WINDOW_DAYS / RELEASE_EVERY_DAYS` releases, distinct
albums while the listener follows that many artists. An album keeps its date until its next
turn comes, `len(pool) * RELEASE_EVERY_DAYS` days later.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlmodel import Session, col, select

from services.catalog.models import CatalogAlbum, DemoFollow

EPOCH = dt.date(2024, 1, 1)
RELEASE_EVERY_DAYS = 2
WINDOW_DAYS = 28


def release_order(album_ids: Sequence[str], user_id: int) -> list[str]:
    """The listener's own, stable order of the albums taking turns."""
    pool = sorted(set(album_ids))
    random.Random(f"fresh:{user_id}").shuffle(pool)
    return pool


def fresh_release_dates(pool: Sequence[str], today: dt.date, window_days: int = WINDOW_DAYS) -> dict[str, dt.date]:
    """Album id -> its latest release day in the `window_days` up to `today` (inclusive)."""
    if not pool:
        return {}
    out: dict[str, dt.date] = {}
    slot = (today - EPOCH).days // RELEASE_EVERY_DAYS
    while True:
        day = EPOCH + dt.timedelta(days=slot * RELEASE_EVERY_DAYS)
        if (today - day).days >= window_days:
            return out
        out.setdefault(pool[slot % len(pool)], day)
        slot -= 1


def listener_release_dates(db: Session, user_id: int, today: dt.date) -> dict[str, dt.date]:
    """This listener's new releases on `today`: their followed artists' latest albums
    (compilations aside) taking turns."""
    followed = select(DemoFollow.artist_id).where(DemoFollow.user_id == user_id)
    rows = db.exec(select(CatalogAlbum.artist_id, CatalogAlbum.id, CatalogAlbum.release_date)
                   .where(col(CatalogAlbum.artist_id).in_(followed), CatalogAlbum.album_type != "compilation")).all()
    latest: dict[str, tuple[dt.date, str]] = {}
    for artist_id, album_id, released in rows:
        if artist_id not in latest or (released, album_id) > latest[artist_id]:
            latest[artist_id] = (released, album_id)
    return fresh_release_dates(release_order([album for _, album in latest.values()], user_id), today)

"""Writing what a scan found: releases (shared by everyone who follows the artist) and
each person's feed entries and artist snapshot, each batch in one unit of work.

A release found again (another edition, another scan) updates its row and never
makes a second one; its date stays the earliest edition's, so a card never moves to
a later week. Only artists checked successfully move their `checked_at`: a failed
check leaves the window open for the next scan, and nothing stored is ever removed
by a scan (a person's feed only grows; they hide what they do not want).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, delete, select, update

from services.db import session_scope
from services.releases.editions import MergedRelease
from services.releases.models import DigestSent, FollowedArtist, Release, ReleaseWatch, UserRelease
from services.releases.people import Person, chunks
from services.releases.window import in_window


@dataclass(frozen=True)
class ArtistReleases:
    """The merged releases read for one fetch key (one artist, or one artist for one demo listener)."""

    key: str
    artist_id: str
    artist_name: str
    source_kind: str  # "spotify" or "demo"
    releases: list[MergedRelease]
    owner: int | None = None  # the demo listener these rows belong to (the demo re-dates per listener)


def _url(source_kind: str, album_id: str) -> str:
    return f"https://open.spotify.com/album/{album_id}" if source_kind == "spotify" else ""


def _edition_key(batch: ArtistReleases, m: MergedRelease) -> str:
    return m.key if batch.owner is None else f"{m.key}#{batch.owner}"[:600]


def _apply(row: Release, batch: ArtistReleases, m: MergedRelease) -> None:
    """Fold this read into the row: every edition id, the fullest track count, and the
    earliest edition as the one shown (its title, date and link)."""
    ids = list(dict.fromkeys([*(row.edition_ids.split(",") if row.edition_ids else []), *m.edition_ids]))
    row.edition_ids = ",".join(ids)[:4000]
    earlier = row.id is None or m.release_date < row.release_date
    if earlier:
        row.album_id, row.title, row.release_date = m.album_id, m.title[:500], m.release_date
        row.date_precision, row.url = m.date_precision, _url(batch.source_kind, m.album_id)
        row.kind, row.is_remix = m.kind, m.is_remix
    row.artist_name = batch.artist_name or row.artist_name or (m.artist_names[0] if m.artist_names else "")
    row.artists = ", ".join(m.artist_names)[:1000] or row.artists
    row.album_group = m.album_group if row.id is None else min(row.album_group, m.album_group, key=_group_rank)
    row.total_tracks = max(row.total_tracks or 0, m.total_tracks)
    row.image_url = row.image_url or m.image_url
    row.thumb_url = row.thumb_url or m.image_url  # sources give one image size
    row.is_various_artists, row.source = m.is_various_artists, batch.source_kind


def _group_rank(group: str) -> int:
    return {"album": 0, "single": 1, "compilation": 2, "appears_on": 3}.get(group, 9)


# fetch key -> [(release id, the merged release)]
Saved = dict[str, list[tuple[int, MergedRelease]]]


def save_releases(batch: Sequence[ArtistReleases]) -> Saved:
    """Upsert the merged releases of many artists in one unit of work."""
    out: Saved = {}
    with session_scope() as db:
        existing: dict[tuple[str, str], Release] = {}
        for chunk in chunks(sorted({b.artist_id for b in batch})):
            for row in db.exec(select(Release).where(col(Release.artist_id).in_(chunk))).all():
                existing[(row.artist_id, row.edition_key)] = row
        rows: list[tuple[str, Release, MergedRelease]] = []
        for item in batch:
            for m in item.releases:
                key = (item.artist_id, _edition_key(item, m))
                row = existing.get(key)
                if row is None:
                    row = Release(artist_id=item.artist_id, edition_key=key[1], album_id=m.album_id, title=m.title,
                                  release_date=m.release_date)
                    existing[key] = row
                _apply(row, item, m)
                db.add(row)
                rows.append((item.key, row, m))
        db.flush()
        for key, row, m in rows:
            assert row.id is not None
            out.setdefault(key, []).append((row.id, m))
    return out


@dataclass(frozen=True)
class PersonLinks:
    """What one person's scan produced: the release ids new to them in their window, and
    which of their artists were checked successfully."""

    person: Person
    wanted: set[int]
    checked: set[str]


def links_for(person: Person, found: dict[str, list[tuple[int, MergedRelease]]], checked: set[str],
              now: dt.datetime) -> PersonLinks:
    """The releases of `person`'s checked artists in their window and groups."""
    wanted: set[int] = set()
    for artist_id in checked:
        window = person.window_for(artist_id, now)
        for release_id, m in found.get(artist_id, []):
            if m.album_group in person.state.groups and in_window(m.release_date, m.date_precision, window):
                wanted.add(release_id)
    return PersonLinks(person, wanted, checked)


def save_people(batch: Sequence[PersonLinks], now: dt.datetime) -> dict[int, int]:
    """Add each person's new feed entries and refresh their snapshot, in one unit of work;
    returns how many entries were new per person."""
    ids = [b.person.user_id for b in batch]
    new_by_user: dict[int, int] = {}
    with session_scope() as db:
        have: dict[int, set[int]] = {}
        snapshot: dict[int, set[str]] = {}
        for chunk in chunks(ids):
            for uid, rid in db.exec(select(UserRelease.user_id, UserRelease.release_id).where(col(UserRelease.user_id).in_(chunk))).all():
                have.setdefault(uid, set()).add(rid)
            for uid, artist_id in db.exec(select(FollowedArtist.user_id, FollowedArtist.artist_id).where(col(FollowedArtist.user_id).in_(chunk))).all():
                snapshot.setdefault(uid, set()).add(artist_id)
        new_links: list[dict[str, Any]] = []
        new_follows: list[dict[str, Any]] = []
        for item in batch:
            person, uid = item.person, item.person.user_id
            new = sorted(item.wanted - have.get(uid, set()))
            new_by_user[uid] = len(new)
            new_links += [{"user_id": uid, "release_id": rid, "found_at": now, "seen_at": None, "hidden": False} for rid in new]
            before, after = snapshot.get(uid, set()), set(person.artists)
            for chunk in chunks(sorted(before - after)):
                db.exec(delete(FollowedArtist).where(  # type: ignore[call-overload]
                    col(FollowedArtist.user_id) == uid, col(FollowedArtist.artist_id).in_(chunk)))
            for chunk in chunks(sorted((before & after) & item.checked)):
                db.exec(update(FollowedArtist).where(  # type: ignore[call-overload]
                    col(FollowedArtist.user_id) == uid, col(FollowedArtist.artist_id).in_(chunk)).values(checked_at=now))
            new_follows += [{"user_id": uid, "artist_id": a, "artist_name": person.artists[a][:300],
                             "origin": "saved" if a in person.saved else "followed", "updated_at": now,
                             "checked_at": now if a in item.checked else None}
                            for a in sorted(after - before)]
        if new_links:
            db.connection().execute(UserRelease.__table__.insert(), new_links)  # type: ignore[attr-defined]
        if new_follows:
            db.connection().execute(FollowedArtist.__table__.insert(), new_follows)  # type: ignore[attr-defined]
        by_id = {b.person.user_id: b.person for b in batch}
        for chunk in chunks(ids):
            for watch in db.exec(select(ReleaseWatch).where(col(ReleaseWatch.user_id).in_(chunk))).all():
                watch.last_scan_at, watch.artists_count = now, len(by_id[watch.user_id].artists)
                db.add(watch)
    return new_by_user


ORPHAN_AFTER = dt.timedelta(days=1)


def delete_orphan_releases(now: dt.datetime) -> int:
    """Releases no feed and no digest record links to any more (their followers left or
    disconnected Spotify), older than a day so a scan still linking them is left alone."""
    linked = select(UserRelease.release_id)
    sent = select(DigestSent.release_id)
    with session_scope() as db:
        result = db.exec(delete(Release).where(  # type: ignore[call-overload]
            col(Release.id).not_in(linked), col(Release.id).not_in(sent), col(Release.first_seen_at) < now - ORPHAN_AFTER))
        return int(result.rowcount or 0)

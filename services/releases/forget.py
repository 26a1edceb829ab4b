"""What Disconnect removes from the release feed: everything built from Spotify for the
person (their artist snapshot, their watch, the feed entries and digest records of
Spotify releases, pins and blocks of Spotify artists, a Spotify playlist choice, and
how their Spotify scans went). Their digest subscription and preferences stay; the
next visit starts a fresh watch on whatever source they use then.

Shared `Release` rows are the catalog as Spotify lists it for everyone who follows
the artist; the hourly clean-up removes the ones no feed links to any more.
"""

from __future__ import annotations

from sqlmodel import Session, col, delete, select, update

from services import job_results
from services.releases.models import ArtistMark, DigestSent, FollowedArtist, Release, ReleasePrefs, ReleaseWatch, UserRelease
from services.releases.status import SCAN_JOBS
from services.spotify.forget import register_forgetter

SPOTIFY = "spotify"


def _rows(db: Session, statement) -> int:  # type: ignore[no-untyped-def]
    return int(db.exec(statement).rowcount or 0)  # type: ignore[call-overload]


def forget_spotify(db: Session, user_id: int) -> dict[str, int]:
    """Delete the person's Spotify-derived release data; returns {what: rows}."""
    spotify_releases = select(Release.id).where(Release.source == SPOTIFY)
    spotify_artists = select(Release.artist_id).where(Release.source == SPOTIFY)
    return {
        "release-feed entries": _rows(db, delete(UserRelease).where(
            col(UserRelease.user_id) == user_id, col(UserRelease.release_id).in_(spotify_releases))),
        "digest records": _rows(db, delete(DigestSent).where(
            col(DigestSent.user_id) == user_id, col(DigestSent.release_id).in_(spotify_releases))),
        "followed artists": _rows(db, delete(FollowedArtist).where(col(FollowedArtist.user_id) == user_id)),
        "pinned and blocked artists": _rows(db, delete(ArtistMark).where(
            col(ArtistMark.user_id) == user_id, col(ArtistMark.artist_id).in_(spotify_artists))),
        "release watch": _rows(db, delete(ReleaseWatch).where(col(ReleaseWatch.user_id) == user_id)),
        "playlist links": _rows(db, update(ReleasePrefs).where(
            col(ReleasePrefs.user_id) == user_id, col(ReleasePrefs.playlist_source) == SPOTIFY,
        ).values(playlist_id="", playlist_name="", playlist_source="")),
        "scan results": job_results.forget_person(db, user_id, SCAN_JOBS),
    }


register_forgetter("release feed", forget_spotify)

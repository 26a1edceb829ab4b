"""Disconnect deletes everything derived from Spotify (Spotify's developer policy), and
the page says what: every table referring to the account is counted before and after;
the Spotify-derived rows go to 0, everything else (the account, the digest
subscription, another person's data) stays as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, col, select

import services.models  # noqa: F401  (every table registered)
from services import releases, spotify
from services.db import session_scope
from services.releases import digests, feed
from services.releases.fetching import RetryPolicy, TTLCache
from services.mail import OutboxMailer
from services.releases.models import ReleasePrefs
from services.releases.scan import scan_one
from services.releases.tokens import make_token
from services.spotify.source import SpotifySource
from services.catalog.models import CatalogTrack
from services.party.models import PartyQueueItem, PartyRoom
from services.worlds.drafts import save_draft
from services.worlds.models import World, WorldPlaylist, WorldRefresh, WorldTrack
from tests.contract.fake_spotify import FakeSpotify, _spotify_server, connect, fake_spotify, make_user  # noqa: F401

pytestmark = pytest.mark.usefixtures("db")

NOW = dt.datetime(2026, 1, 20, 12, tzinfo=dt.timezone.utc)
BUILT_IN = "demo00000000000000000000000001"  # a track of the built-in catalog
SPOTIFY_DERIVED = {"spotifyconnection", "spotifycacheitem", "spotifyauthrequest", "followedartist", "releasewatch",
                   "userrelease", "digestsent", "artistmark", "job_person_result", "worldwizarddraft"}


def _rows_per_table(user_id: int) -> dict[str, int]:
    """Rows of every table with a foreign key to the account, plus the Spotify links kept in
    columns (the release playlist, exported world playlists)."""
    counts: dict[str, int] = {}
    with session_scope() as db:
        for table in SQLModel.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.target_fullname == "user.id":
                    n = db.execute(sa_select(func.count()).select_from(table).where(fk.parent == user_id)).scalar_one()
                    counts[table.name] = counts.get(table.name, 0) + int(n)
        counts["release playlist link"] = len(db.exec(select(ReleasePrefs).where(
            ReleasePrefs.user_id == user_id, ReleasePrefs.playlist_source == "spotify")).all())
        counts["world export link"] = len(db.exec(select(WorldPlaylist).join(World, col(World.id) == WorldPlaylist.world_id).where(
            World.user_id == user_id, WorldPlaylist.external_id != "")).all())
        counts["world track link"] = len(db.exec(select(WorldTrack).join(WorldPlaylist).join(World).where(
            World.user_id == user_id)).all())
        counts["world refresh link"] = len(db.exec(select(WorldRefresh).join(World).where(World.user_id == user_id)).all())
    return counts


async def _use_everything(fake: FakeSpotify, user: int) -> None:
    """What a person does with Spotify connected: a scan, a digest, pins, a playlist, a world."""
    releases.watch(user)
    await scan_one(user, cache=TTLCache(600), policy=RetryPolicy(attempts=2, base=0.01), now=NOW)
    items = [i for week in feed.weekly_feed(user) for i in week.items]
    feed.pin_artist(user, items[0].artist_id, items[0].artist_name)
    feed.block_artist(user, items[1].artist_id, items[1].artist_name)
    feed.update_prefs(user, feed.Prefs(hide_remixes=True))
    releases.add_release_to_playlist(user, items[2].release_id)
    digests.subscribe(user, f"u{user}@example.com", mailer=OutboxMailer(), now=NOW)
    digests.confirm(make_token("confirm", user, f"u{user}@example.com", NOW), NOW)
    assert digests.send_digest(user, mailer=OutboxMailer(), now=NOW).sent
    SpotifySource(user).top_artists()
    with session_scope() as db:
        world = World(user_id=user, name="Night Drive", source="spotify")
        db.add(world)
        db.flush()
        playlist = WorldPlaylist(world_id=world.id, name="Neon", external_id="pl0042abc")  # type: ignore[arg-type]
        db.add(playlist)
        db.flush()
        db.add(WorldTrack(playlist_id=playlist.id, position=0, track_id="sp:4uLU6hMCjMI75M1A2tKUQC",  # type: ignore[arg-type]
                          title="Never Gonna Give You Up", artist_name="Rick Astley"))
        db.add(WorldRefresh(world_id=world.id, details=[{"added": ["Never Gonna Give You Up"]}]))  # type: ignore[arg-type]
    save_draft(user, 2, {"seeds": ["sp:4uLU6hMCjMI75M1A2tKUQC"]})
    with session_scope() as db:  # a party room this person hosts: one Spotify track, one built-in
        room = PartyRoom(code=f"DISC{user}", name="Friday", host_user_id=user, current_track_id="sp:0VjIjW4GlUZAMYd2vXMi3b",
                         current_title="Blinding Lights", current_source="queue")
        db.add(room)
        db.flush()
        db.add(PartyQueueItem(room_id=room.id, track_id="sp:7qiZfU4dY1lWllzX7mPBI3", title="Shape of You"))  # type: ignore[arg-type]
        db.add(PartyQueueItem(room_id=room.id, track_id=BUILT_IN, title="Built-in song"))  # type: ignore[arg-type]


def _party_tracks(user_id: int) -> list[str]:
    with session_scope() as db:
        rooms = db.exec(select(PartyRoom).where(PartyRoom.host_user_id == user_id)).all()
        items = db.exec(select(PartyQueueItem.track_id).where(col(PartyQueueItem.room_id).in_([r.id for r in rooms]))).all()
        return sorted([*items, *(r.current_track_id for r in rooms if r.current_track_id)])


async def test_disconnect_leaves_no_row_derived_from_spotify(fake_spotify: FakeSpotify) -> None:
    with session_scope() as db:
        db.add(CatalogTrack(id=BUILT_IN, seq=10**9, name="Built-in song", artist_id="a1", album_id="b1",
                            release_date=dt.date(2026, 1, 1)))
    user, other = make_user("me@example.com"), make_user("other@example.com")
    for who in (user, other):
        connect(fake_spotify, who)
        await _use_everything(fake_spotify, who)
    before, others_before = _rows_per_table(user), _rows_per_table(other)
    assert all(before[t] > 0 for t in SPOTIFY_DERIVED - {"spotifyauthrequest"}), before

    report = spotify.disconnect(user)

    after = _rows_per_table(user)
    assert {t: n for t, n in after.items() if t in SPOTIFY_DERIVED and n} == {}
    assert after["release playlist link"] == after["world export link"] == 0
    assert after["world track link"] == after["world refresh link"] == 0  # Spotify's catalog, gone
    assert _party_tracks(user) == [BUILT_IN]  # the room stays, with only what the built-in catalog has
    unchanged = {t for t in before if t not in SPOTIFY_DERIVED and "link" not in t}
    assert {t: after[t] for t in unchanged} == {t: before[t] for t in unchanged}  # the account, digest subscription, ...
    assert after["digestsubscription"] == 1 and after["releaseprefs"] == 1
    assert _rows_per_table(other) == others_before
    # The page says what was deleted.
    assert report.connected and report.removed["release-feed entries"] == before["userrelease"]
    assert report.removed["followed artists"] == before["followedartist"]
    assert report.removed["cached Spotify answers"] == before["spotifycacheitem"]
    assert report.removed["links to exported Spotify playlists"] == 1 and report.removed["playlist links"] == 1
    assert report.removed["Spotify tracks in worlds"] == 1 and report.removed["world in progress"] == 1
    with session_scope() as db:  # the world stays, refilled from the built-in catalog at its next refresh
        (world,) = db.exec(select(World).where(World.user_id == user)).all()
        assert world.name == "Night Drive" and world.source == "demo" and world.next_refresh_at is not None
    assert report.message.startswith("Spotify disconnected. Deleted from this app: Spotify tokens (1), cached Spotify answers (")
    # Connecting again starts afresh.
    assert spotify.disconnect(user).message == "Spotify disconnected. There was nothing from Spotify left to delete."

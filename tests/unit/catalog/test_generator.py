"""The demo catalog: deterministic, big enough, and sounding like its genres."""

from __future__ import annotations

import statistics
from collections import defaultdict

import pytest
from sqlalchemy import func
from sqlmodel import select

from services.catalog.generator import FULL_ARTISTS, SEED, generate_catalog, make_id, seed_catalog
from services.catalog.genres import GENRE_BY_NAME
from services.catalog.models import CatalogAlbum, CatalogArtist, CatalogTrack
from services.db import session_scope

FEATURES = ("danceability", "energy", "valence", "acousticness", "instrumentalness", "speechiness", "liveness")


@pytest.fixture(scope="module")
def full():  # type: ignore[no-untyped-def]
    """The full-size catalog, generated in memory once for this module."""
    return generate_catalog()


def test_full_catalog_has_the_promised_size(full) -> None:  # type: ignore[no-untyped-def]
    counts = full.counts()
    assert counts["tracks"] >= 20_000
    assert counts["artists"] >= 2_000
    assert counts["albums"] >= 4_000
    assert counts["genres"] >= 30
    assert len({a["name"].lower() for a in full.artists}) == len(full.artists), "artist names are unique"
    assert len({t["id"] for t in full.tracks}) == len(full.tracks)
    album_ids = {a["id"] for a in full.albums}
    assert all(t["album_id"] in album_ids for t in full.tracks)


def test_every_track_is_complete(full) -> None:  # type: ignore[no-untyped-def]
    for t in full.tracks:
        assert 60_000 <= t["duration_ms"] <= 1_600_000
        assert 0 <= t["popularity"] <= 100
        assert all(0.0 <= t[f] <= 1.0 for f in FEATURES)
        assert 50 <= t["tempo"] <= 210 and 0 <= t["key"] <= 11 and t["mode"] in (0, 1)
        assert -35 <= t["loudness"] <= -1
        tags = t["tags"].split("|")
        assert len(tags) >= 4 and f"{t['release_date'].year // 10 * 10}s" in tags
    assert all(a["image_url"].startswith("data:image/svg+xml") for a in full.artists + full.albums)
    assert {a["album_type"] for a in full.albums} == {"album", "single", "compilation"}


def test_same_seed_same_catalog_and_small_is_a_prefix_of_full(full) -> None:  # type: ignore[no-untyped-def]
    small = generate_catalog(artists=40)
    assert small.artists == full.artists[:40]
    assert small.tracks == full.tracks[: len(small.tracks)]
    assert generate_catalog(artists=40).albums == small.albums
    other = generate_catalog(seed=SEED + 1, artists=40)
    assert [a["name"] for a in other.artists] != [a["name"] for a in small.artists]


def test_ids_are_stable_across_machines(full) -> None:  # type: ignore[no-untyped-def]
    # Stored follows, playlists and caches point at these ids: they must not drift.
    assert make_id(SEED, "artist", "0") == full.artists[0]["id"] == "jikiIj48XQWWr3qR8QmvuN"
    assert full.artists[0]["name"] == "Sofia Fairweather"
    assert len(full.artists) == FULL_ARTISTS
    assert all(len(a["id"]) == 22 and a["id"].isalnum() for a in full.artists[:100])


def _mean(full, genre: str, feature: str) -> float:  # type: ignore[no-untyped-def]
    return statistics.mean(t[feature] for t in full.tracks if t["genre"] == genre)


def test_features_follow_their_genre(full) -> None:  # type: ignore[no-untyped-def]
    assert _mean(full, "heavy metal", "energy") > _mean(full, "ambient", "energy") + 0.5
    assert _mean(full, "classical", "acousticness") > _mean(full, "techno", "acousticness") + 0.5
    assert _mean(full, "hip hop", "speechiness") > 3 * _mean(full, "classical", "speechiness")
    assert _mean(full, "drum and bass", "tempo") > _mean(full, "reggae", "tempo") + 60
    assert _mean(full, "metalcore", "loudness") > _mean(full, "classical", "loudness") + 10
    assert _mean(full, "post-rock", "duration_ms") > _mean(full, "punk", "duration_ms") * 2
    explicit = defaultdict(list)
    for t in full.tracks:
        explicit[t["genre"]].append(t["explicit"])
    assert statistics.mean(explicit["trap"]) > 0.4 and not any(explicit["classical"])


def test_release_dates_fall_in_the_genres_era(full) -> None:  # type: ignore[no-untyped-def]
    by_genre = defaultdict(list)
    for t in full.tracks:
        by_genre[t["genre"]].append(t["release_date"].year)
    assert statistics.median(by_genre["bebop"]) < 1975 < statistics.median(by_genre["trap"])
    for genre, years in by_genre.items():
        assert min(years) >= GENRE_BY_NAME[genre].era[0]


def test_seeding_stores_the_catalog_once(small_catalog: dict) -> None:
    with session_scope() as db:
        stored = {
            "artists": db.exec(select(func.count()).select_from(CatalogArtist)).one(),
            "albums": db.exec(select(func.count()).select_from(CatalogAlbum)).one(),
            "tracks": db.exec(select(func.count()).select_from(CatalogTrack)).one(),
        }
    assert stored == {k: small_catalog[k] for k in stored}
    again = seed_catalog(artists=80)
    assert again["seeded"] is False and again["tracks"] == stored["tracks"]

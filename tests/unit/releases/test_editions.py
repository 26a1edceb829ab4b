"""One release in many editions shows once; remixes and various-artists compilations are recognised."""

from __future__ import annotations

import datetime as dt

import pytest

from services.catalog.types import Album
from services.releases.editions import base_title, edition_key, is_remix, merge_editions, release_kind

D = dt.date(2026, 11, 6)


def _album(album_id: str, name: str, day: dt.date = D, *, artists: tuple[str, ...] = ("Lorde",), album_type: str = "album",
           group: str = "album", tracks: int = 10, artist_ids: tuple[str, ...] = ("a1",)) -> Album:
    return Album(id=album_id, name=name, album_type=album_type, album_group=group, artist_ids=artist_ids,  # type: ignore[arg-type]
                 artist_names=artists, release_date=day, total_tracks=tracks, image_url=f"https://i/{album_id}")


@pytest.mark.parametrize(
    ("title", "base"),
    [
        ("Melodrama", "Melodrama"),
        ("Melodrama (Deluxe)", "Melodrama"),
        ("Abbey Road (Remastered 2019)", "Abbey Road"),
        ("Abbey Road - 2019 Remaster", "Abbey Road"),
        ("Rumours [Super Deluxe Edition] (Explicit)", "Rumours"),
        ("Blue (Clean)", "Blue"),
        ("Fearless (Taylor's Version)", "Fearless (Taylor's Version)"),
        ("Unplugged (Live in Japan)", "Unplugged (Live in Japan)"),
        ("Deluxe", "Deluxe"),
    ],
)
def test_base_title_strips_edition_labels_but_not_new_recordings(title: str, base: str) -> None:
    assert base_title(title) == base


def test_editions_across_markets_explicit_clean_and_deluxe_merge_into_one_release() -> None:
    editions = [
        _album("us", "Solar Power", tracks=12),
        _album("eu", "Solar Power", tracks=12),
        _album("clean", "Solar Power (Clean)", tracks=12),
        _album("dlx", "Solar Power (Deluxe Edition)", D + dt.timedelta(days=7), tracks=15),
        _album("other", "Pure Heroine", tracks=10),
    ]
    merged = merge_editions(editions)
    assert len(merged) == 2
    solar = next(m for m in merged if m.title == "Solar Power")
    assert set(solar.edition_ids) == {"us", "eu", "clean", "dlx"}
    assert solar.release_date == D and solar.total_tracks == 15
    assert solar.album_id in {"us", "eu"}  # the original, not the later deluxe or the clean cut


def test_explicit_label_is_dropped_from_the_shown_title_when_it_is_the_only_edition() -> None:
    (only,) = merge_editions([_album("x", "Virgin [Explicit]")])
    assert only.title == "Virgin"


def test_same_title_by_different_artists_stays_separate() -> None:
    merged = merge_editions([_album("a", "Home"), _album("b", "Home", artists=("Other",), artist_ids=("a2",))])
    assert len(merged) == 2
    assert edition_key("Home", ["Lorde"]) != edition_key("Home", ["Other"])


def test_accents_case_and_punctuation_do_not_split_editions() -> None:
    assert edition_key("Café Society!", ["Beyoncé"]) == edition_key("cafe society", ["BEYONCE"])


@pytest.mark.parametrize(
    ("title", "remix"),
    [
        ("Greenlight (Remix)", True),
        ("Solar Power Remixes", True),
        ("Royals - Flume Rework", True),
        ("Mixed by Jamie", True),
        ("Royals", False),
        ("Mixtape Vol. 2", False),
        ("Premix Blues", False),
    ],
)
def test_remix_detection(title: str, remix: bool) -> None:
    assert is_remix(title) is remix


def test_various_artists_compilation_is_flagged() -> None:
    (comp,) = merge_editions([_album("c", "Now 99", album_type="compilation", group="appears_on",
                                     artists=("Various Artists",), artist_ids=("0LyfQWJT6nXafLPZqxe9Of",))])
    assert comp.is_various_artists and comp.kind == "compilation" and comp.album_group == "appears_on"


def test_kind_badges_single_ep_album() -> None:
    assert release_kind("single", 1, "Song") == "single"
    assert release_kind("single", 5, "Five") == "ep"
    assert release_kind("single", 2, "Two Songs EP") == "ep"
    assert release_kind("album", 12, "LP") == "album"


def test_newest_first_and_undated_albums_are_skipped() -> None:
    undated = Album(id="u", name="Unknown", release_date=None)
    merged = merge_editions([_album("old", "Old", D - dt.timedelta(days=30)), _album("new", "New"), undated])
    assert [m.title for m in merged] == ["New", "Old"]

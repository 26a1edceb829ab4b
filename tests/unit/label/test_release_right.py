"""A release pack that is right: the lyrics the artist saved, the song's own title, the
licence of the beat inside the master, the artist's own cover, cover text in any
script (emoji included, nothing drawn as an empty box), copy with correct articles
and hashtags as people use them."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from services.ai.text import article, fix_articles
from services.label import projects
from services.label.cover_art import upload_cover
from services.label.cover_text import PRIMARY, drawable, runs
from services.label.lyrics_stage import edit_lyrics
from services.label.release import get_release, lyrics_text, readiness, save_release
from services.label.schedule import sensible_hashtags

from .conftest import Song


def test_lyrics_come_from_where_the_lyrics_stage_saves_them(song: Song) -> None:
    edit_lyrics(song.user_id, song.project_id, "Rain City\n\n[Verse 1]\nHeadlights on the wet road")
    text = lyrics_text(projects.get_project(song.user_id, song.project_id).data)
    assert "Headlights on the wet road" in text and "[Verse]" in text


def test_the_title_follows_the_song_until_the_artist_types_one(make_user: Callable[[str], int]) -> None:
    uid = make_user("ana@example.com")
    p = projects.create_project(uid, "Untitled project 1")
    save_release(uid, p.id, artist="Ana")  # saving other fields never pins the default title
    projects.rename_project(uid, p.id, "Night Drive")
    assert get_release(uid, p.id).title == "Night Drive"
    edit_lyrics(uid, p.id, "Rain City\n\n[Verse 1]\nOne line")
    assert get_release(uid, p.id).title == "Rain City"  # the lyrics' title is the song's title
    save_release(uid, p.id, title="Rain City (Radio Edit)")
    projects.rename_project(uid, p.id, "Something else")
    assert get_release(uid, p.id).title == "Rain City (Radio Edit)"


def test_a_commercial_release_of_a_non_commercial_beat_asks_first(song: Song) -> None:
    uid, pid = song.user_id, song.project_id
    beat_file = projects.new_file_name("beat", "wav")
    (projects.project_dir(uid, pid) / beat_file).write_bytes(b"RIFF")
    beat = projects.add_asset(uid, pid, "beat", beat_file, meta={"generator": "MusicGen on Replicate",
                                                                 "licence": "MusicGen weights, CC-BY-NC 4.0",
                                                                 "commercial": False, "bpm": 96, "key": "A minor"})
    master = projects.list_assets(uid, pid, "master")[0]
    projects.update_asset_meta(uid, master.id, beat_id=beat.id)
    missing = " ".join(str(m) for m in readiness(uid, pid).missing)
    assert "CC-BY-NC 4.0" in missing and "re-render the beat with the local synth" in missing
    save_release(uid, pid, licence_confirmed=True)
    assert "CC-BY-NC" not in " ".join(str(m) for m in readiness(uid, pid).missing)
    save_release(uid, pid, licence_confirmed=False, commercial=False)  # a personal demo needs no decision
    assert "CC-BY-NC" not in " ".join(str(m) for m in readiness(uid, pid).missing)


def _image(size: tuple[int, int], fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.full((size[1], size[0], 3), 120, np.uint8)).save(buf, format=fmt)
    return buf.getvalue()


def test_the_artist_can_upload_their_own_cover(song: Song) -> None:
    finals = upload_cover(song.user_id, song.project_id, _image((1600, 1200)))
    sizes = sorted((a.meta["width"], a.meta["height"]) for a in finals)
    assert sizes == [(1080, 1920), (1500, 1500), (3000, 3000)]
    assert "a cover" not in " ".join(str(m) for m in readiness(song.user_id, song.project_id).missing)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"not an image at all" * 100, "not an image"),
    (_image((800, 800)), "at least 1000"),
    (_image((1200, 1200), "GIF"), "upload a JPEG, PNG or WebP"),
])
def test_bad_cover_uploads_say_what_is_wrong(song: Song, data: bytes, message: str) -> None:
    with pytest.raises(projects.LabelError, match=message):
        upload_cover(song.user_id, song.project_id, data)
    assert projects.list_assets(song.user_id, song.project_id, "cover_3000") == []


def test_cover_text_draws_emoji_and_other_scripts_or_leaves_them_out() -> None:
    title = "Nuit 🔥 Москва Ελλάδα"
    assert drawable(title) == title  # Latin, emoji, Cyrillic and Greek all have glyphs
    fonts = {Path(f).name for f, _ in runs(title)}
    assert fonts == {PRIMARY.name, "NotoEmoji-Bold.ttf"}
    assert drawable("A\u200d\ufe0fB") == "AB"  # joiners and variation selectors are not drawn as boxes
    assert drawable("\U000e0001") == ""  # nothing any font has


def test_cover_text_draws_chinese_japanese_and_korean_with_bundled_fonts() -> None:
    title = "你好 こんにちは 안녕"
    assert drawable(title) == title
    fonts = {Path(f).name for f, _ in runs(title)}
    assert fonts <= {PRIMARY.name, "DroidSansFallbackFull.ttf", "NanumSquareR.ttf"}  # none from the system
    assert {"DroidSansFallbackFull.ttf", "NanumSquareR.ttf"} <= fonts


def test_articles_and_hashtags_read_as_people_write() -> None:
    assert article("energetic") == "an" and article("unique") == "a" and article("hour") == "an"
    assert fix_articles("It is a energetic track with a upbeat hook. A emotional ride.") == \
        "It is an energetic track with an upbeat hook. An emotional ride."
    assert sensible_hashtags(["#Hip", "#Hop", "#hiphop", "#NightDrive", "#Lo-Fi", "#", "#1"],
                             ["hip hop", "Night Drive"]) == ["#HipHop", "#NightDrive", "#LoFi"]

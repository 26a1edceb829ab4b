"""The release stage: details with ISRC/UPC/date validation, covers, and the release pack."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from services import billing
from services.billing.models import UsageEvent
from services.db import session_scope
from services.label import projects
from services.label.cover_art import check_cover, make_candidates, pick_cover
from services.label.lyrics_pdf import lyrics_pdf
from services.label.projects import LabelError
from services.label.release import (
    format_isrc,
    get_release,
    normalize_isrc,
    normalize_upc,
    readiness,
    save_release,
    upc_check_digit,
)
from services.label.release_pack import LAYOUT, build_release_pack
from tests.unit.label.conftest import Song


# --- details -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["US-S1Z-25-00001", "uss1z2500001", "US S1Z 25 00001", "GB-AB1-99-12345"])
def test_isrc_forms_are_accepted_and_normalised(raw: str) -> None:
    isrc = normalize_isrc(raw)
    assert len(isrc) == 12 and format_isrc(isrc).count("-") == 3


@pytest.mark.parametrize("raw", ["US-S1Z-25-0001", "1S-S1Z-25-00001", "US-S1Z-2A-00001", "US-S1_-25-00001"])
def test_bad_isrc_says_the_format(raw: str) -> None:
    with pytest.raises(LabelError, match="CC-XXX-YY-NNNNN"):
        normalize_isrc(raw)


def test_upc_check_digit() -> None:
    assert upc_check_digit("03600029145") == 2  # the classic example
    assert normalize_upc("036000 291452") == "036000291452"
    with pytest.raises(LabelError, match="last digit should be 2"):
        normalize_upc("036000291453")
    with pytest.raises(LabelError, match="12 digits"):
        normalize_upc("12345")
    assert normalize_upc("") == "" and normalize_isrc("  ") == ""


def test_bad_fields_save_nothing_and_name_each_problem(song: Song) -> None:
    save_release(song.user_id, song.project_id, artist="Ana Lux", release_date="2026-12-04", upc="036000291452")
    with pytest.raises(LabelError) as err:
        save_release(song.user_id, song.project_id, artist="Someone else", release_date="2026-13-40", isrc="nope", upc="036000291453")
    message = str(err.value)
    assert "Release date '2026-13-40'" in message and "ISRC 'nope'" in message and "check digit" in message
    kept = get_release(song.user_id, song.project_id)
    assert (kept.artist, kept.release_date, kept.upc) == ("Ana Lux", "2026-12-04", "036000291452")
    assert kept.title == "Night Drive" and kept.genre == "synthwave"  # defaults from the project


def test_a_release_without_audio_says_what_is_missing(make_user) -> None:  # type: ignore[no-untyped-def]
    uid = make_user("ana@example.com")
    p = projects.create_project(uid, "Demo")
    save_release(uid, p.id, artist="Ana Lux")
    ready = readiness(uid, p.id)
    assert not ready.ready
    assert "mastered audio (mix and master the song in the Mix stage)" in ready.message()
    assert "a cover" in ready.message()
    with pytest.raises(LabelError, match="mastered audio"):
        build_release_pack(uid, p.id)
    assert projects.list_assets(uid, p.id, "release_pack") == []


# --- covers ----------------------------------------------------------------------------------

def _covers(song: Song) -> dict[str, projects.AssetInfo]:
    save_release(song.user_id, song.project_id, artist="Ana Lux", release_date="2026-12-04", isrc="US-S1Z-25-00001")
    candidates = make_candidates(song.user_id, song.project_id)
    assert len(candidates) == 3
    return {a.kind: a for a in pick_cover(song.user_id, song.project_id, candidates[1].id)}


def test_cover_candidates_and_final_sizes_follow_distributor_rules(song: Song) -> None:
    candidates = make_candidates(song.user_id, song.project_id)
    for c in candidates:
        with Image.open(projects.asset_path(song.user_id, c.id)) as img:  # type: ignore[arg-type]
            assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (1000, 1000))
        assert c.meta["text"] == ["Night Drive"]  # no artist yet: only the title is printed
    again = make_candidates(song.user_id, song.project_id)  # new candidates replace the old ones
    assert {a.id for a in projects.list_assets(song.user_id, song.project_id, "cover_candidate")} == {a.id for a in again}
    finals = _covers(song)
    expected = {"cover_3000": (3000, 3000), "cover_1500": (1500, 1500), "cover_vertical": (1080, 1920)}
    for kind, size in expected.items():
        with Image.open(projects.asset_path(song.user_id, finals[kind].id)) as img:  # type: ignore[arg-type]
            assert (img.format, img.mode, img.size) == ("JPEG", "RGB", size)
        assert finals[kind].meta["text"] == ["Night Drive", "Ana Lux"]


def test_cover_check_reports_each_broken_rule(tmp_path: Path) -> None:
    Image.new("RGBA", (800, 600)).save(tmp_path / "bad.png")
    problems = check_cover(tmp_path / "bad.png", ["Night Drive", "FREE DOWNLOAD"], "Night Drive", "Ana").problems
    assert any("not square" in p for p in problems) and any("smaller than 1000" in p for p in problems)
    assert any("RGBA" in p for p in problems) and any("not JPEG" in p for p in problems)
    assert any("FREE DOWNLOAD" in p for p in problems)
    Image.new("RGB", (1200, 1200)).save(tmp_path / "ok.jpg")
    assert check_cover(tmp_path / "ok.jpg", ["Night Drive", "Ana"], "Night Drive", "Ana").ok


# --- the pack ----------------------------------------------------------------------------------

def id3_frames(data: bytes) -> dict[str, bytes]:
    """The frames of an ID3v2.3 tag at the start of an MP3 (a tiny reader, so the test trusts no tool)."""
    assert data[:3] == b"ID3" and data[3] == 3, "expected an ID3v2.3 tag"
    size = (data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]
    pos, frames = 10, {}
    while pos < 10 + size and data[pos:pos + 4].strip(b"\0"):
        fid = data[pos:pos + 4].decode()
        (length,) = struct.unpack(">I", data[pos + 4:pos + 8])
        frames.setdefault(fid, data[pos + 10:pos + 10 + length])
        pos += 10 + length
    return frames


def _text(frame: bytes) -> str:
    enc, body = frame[0], frame[1:]
    return (body.decode("utf-16") if enc == 1 else body.decode("latin-1")).rstrip("\0")


def test_release_pack_zip_has_the_exact_layout_metadata_and_tagged_mp3(song: Song, tmp_path: Path) -> None:
    _covers(song)
    steps: list[float] = []
    result = build_release_pack(song.user_id, song.project_id, on_progress=lambda f, _m: steps.append(f))
    assert steps == sorted(steps) and steps[-1] == 1.0
    path = projects.asset_path(song.user_id, result.asset.id)
    assert path is not None and result.asset.kind == "release_pack" and result.asset.mime == "application/zip"
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == list(LAYOUT)
        assert zf.namelist() == [
            "audio/mixed_mastered.wav", "audio/mixed_mastered.mp3",
            "cover/cover_3000.jpg", "cover/cover_1500.jpg", "cover/cover_vertical.jpg",
            "lyrics/lyrics.pdf", "metadata/metadata.json",
            "copy/release_description.txt", "copy/press_pitch.txt", "copy/tagline.txt",
        ]
        meta = json.loads(zf.read("metadata/metadata.json"))
        mp3 = zf.read("audio/mixed_mastered.mp3")
        pdf = zf.read("lyrics/lyrics.pdf")
        assert all(zf.read(n).strip() for n in ("copy/release_description.txt", "copy/press_pitch.txt", "copy/tagline.txt"))
        zf.extract("audio/mixed_mastered.mp3", tmp_path)
        zf.extract("audio/mixed_mastered.wav", tmp_path)
    assert {k: meta[k] for k in ("title", "artist", "genre", "mood", "explicit", "release_date", "bpm", "key")} == {
        "title": "Night Drive", "artist": "Ana Lux", "genre": "synthwave", "mood": "dreamy", "explicit": False,
        "release_date": "2026-12-04", "bpm": 96.2, "key": "A minor"}
    assert meta["duration_seconds"] == 6.0 and meta["isrc"] == "US-S1Z-25-00001"
    assert meta["loudness"]["integrated_lufs"] == -14.02 and meta["loudness"]["true_peak_dbtp"] == -1.61
    assert meta["loudness"]["target"] == "spotify"
    frames = id3_frames(mp3)
    assert _text(frames["TIT2"]) == "Night Drive" and _text(frames["TPE1"]) == "Ana Lux"
    assert _text(frames["TALB"]) == "Night Drive" and _text(frames["TCON"]) == "synthwave"
    assert _text(frames["TSRC"]) == "USS1Z2500001"
    apic = frames["APIC"]
    assert b"image/jpeg\x00\x03" in apic[:40] and b"\xff\xd8\xff" in apic  # front cover, a JPEG
    probe = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json",
                                       str(tmp_path / "audio/mixed_mastered.mp3")], capture_output=True, text=True).stdout)
    audio = next(s for s in probe["streams"] if s["codec_type"] == "audio")
    assert audio["codec_name"] == "mp3" and int(audio["bit_rate"]) == 320000
    assert any(s.get("disposition", {}).get("attached_pic") for s in probe["streams"])
    wav = json.loads(subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json",
                                     str(tmp_path / "audio/mixed_mastered.wav")], capture_output=True, text=True).stdout)
    assert wav["streams"][0]["codec_name"] == "pcm_s24le"
    _, pdf_text = _pdf_text(pdf)
    assert pdf.startswith(b"%PDF-") and all(t in pdf_text for t in ("Night Drive", "Ana Lux", "Headlights on the wet road"))
    assert "release" in projects.get_project(song.user_id, song.project_id).done_stages


def test_free_plan_allows_one_pack_a_day(song: Song) -> None:
    _covers(song)
    build_release_pack(song.user_id, song.project_id)
    with pytest.raises(billing.UpgradeRequired) as err:
        build_release_pack(song.user_id, song.project_id)
    assert err.value.feature == "release_packs"
    assert len(projects.list_assets(song.user_id, song.project_id, "release_pack")) == 1
    with session_scope() as db:
        assert len(db.exec(UsageEvent.__table__.select()).all()) == 1  # type: ignore[attr-defined]
        billing.set_plan_override(db, song.user_id, "pro")
    build_release_pack(song.user_id, song.project_id)
    assert len(projects.list_assets(song.user_id, song.project_id, "release_pack")) == 2


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_lyrics_pdf_paginates_and_escapes() -> None:
    pages, text = _pdf_text(lyrics_pdf("Song (live)", "Ana", "\n".join(f"line {i} \\ end" for i in range(200))))
    assert pages >= 3 and "Song (live)" in text and "line 199 \\ end" in text


def test_lyrics_pdf_prints_every_script_and_emoji() -> None:
    lines = ["Привет, мир — ёлка", "Καλημέρα κόσμε", "你好，世界", "こんにちは 世界", "안녕하세요", "fire 🔥 night"]
    pdf = lyrics_pdf("Ёлка 🔥", "Ана", "[Куплет]\n" + "\n".join(lines))
    _, text = _pdf_text(pdf)
    for line in ["Ёлка 🔥", "Ана", "Куплет", *lines]:
        assert line in text
    assert "?" not in text
    assert len(pdf) < 80_000  # only the glyphs used are embedded


def test_lyrics_pdf_leaves_out_what_no_font_has() -> None:
    _, text = _pdf_text(lyrics_pdf("A", "B", "ok \U000e0001\u200d\ufe0f\x07 end"))
    assert "ok  end" in text and "?" not in text

"""Vocal uploads: judged by what ffprobe finds, with a clear error for bad files,
and nothing in the project lost when one is refused."""

from __future__ import annotations

import io
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from services.config import get_settings
from services.label import projects
from services.label.audio_io import AudioError, write_wav
from services.label.vocals import MAX_UPLOAD_BYTES, add_vocal_take, check_upload

from .conftest import ffmpeg_convert, vocal_like


@pytest.fixture
def short_take(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "take.wav", vocal_like(1.5))


@pytest.mark.parametrize(("ext", "args", "mime"), [
    ("wav", (), "audio/wav"),
    ("mp3", ("-b:a", "128k"), "audio/mpeg"),
    ("flac", (), "audio/flac"),
    ("aiff", (), "audio/aiff"),
    ("m4a", ("-c:a", "aac", "-b:a", "96k"), "audio/mp4"),
])
def test_each_accepted_format_becomes_a_stem(make_user: Callable[[str], int], short_take: Path, tmp_path: Path,
                                             ext: str, args: tuple[str, ...], mime: str) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    upload = short_take if ext == "wav" else ffmpeg_convert(short_take, tmp_path / f"take.{ext}", *args)
    asset = add_vocal_take(ana, p.id, upload.read_bytes(), original_name=f"../My Take.{ext}")
    assert asset.kind == "vocal" and asset.mime == mime and asset.label == f"My Take.{ext}"
    assert asset.duration_s == pytest.approx(1.5, abs=0.1) and len(asset.meta["peaks"]) == 200
    stored = projects.asset_path(ana, asset.id)
    assert stored is not None and stored.name.startswith("vocal-") and "My Take" not in stored.name
    assert projects.get_project(ana, p.id).done_stages == ("upload",)


def test_several_takes_are_kept(make_user: Callable[[str], int], short_take: Path) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    for _ in range(3):
        with open(short_take, "rb") as fh:
            add_vocal_take(ana, p.id, fh, "take.wav")
    assert len(projects.list_assets(ana, p.id, "vocal")) == 3


def _mp3_with_garbage_inside(src: Path, tmp_path: Path) -> bytes:
    data = bytearray(ffmpeg_convert(src, tmp_path / "c.mp3", "-b:a", "128k").read_bytes())
    rng = random.Random(1)
    for i in range(len(data) // 3, 2 * len(data) // 3):
        data[i] = rng.randrange(256)
    return bytes(data)


@pytest.mark.parametrize("case", ["empty", "text_named_wav", "too_big", "corrupt_mp3", "garbage_mp3", "video"])
def test_bad_uploads_get_a_clear_error_and_nothing_is_lost(
    make_user: Callable[[str], int], short_take: Path, tmp_path: Path, case: str
) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    good = add_vocal_take(ana, p.id, short_take.read_bytes(), "good.wav")
    folder = projects.project_dir(ana, p.id)
    before = sorted(os.listdir(folder))
    payload: bytes | io.BytesIO
    if case == "empty":
        payload, expected = b"", "empty"
    elif case == "text_named_wav":
        payload, expected = b"Verse one, these are my lyrics, not audio at all.\n" * 50, "not an audio file"
    elif case == "too_big":
        payload, expected = io.BytesIO(bytes(MAX_UPLOAD_BYTES + 1024)), "limit is 50 MB"
    elif case == "corrupt_mp3":
        payload, expected = _mp3_with_garbage_inside(short_take, tmp_path), "damaged"
    elif case == "garbage_mp3":
        payload, expected = b"ID3\x03\x00\x00\x00\x00\x00\x00" + random.Random(2).randbytes(20000), "not an audio file"
    else:
        payload = ffmpeg_convert(short_take, tmp_path / "clip.mp4", "-f", "lavfi", "-i", "color=c=red:s=64x64:d=1.5",
                                 "-shortest", "-c:a", "aac").read_bytes()
        expected = "video"
    with pytest.raises(AudioError, match=expected):
        add_vocal_take(ana, p.id, payload, "take.wav")
    assert sorted(os.listdir(folder)) == before
    assert [a.id for a in projects.list_assets(ana, p.id)] == [good.id]
    assert list((get_settings().media_dir / ".incoming").iterdir()) == []


def test_size_is_checked_while_streaming_without_reading_everything() -> None:
    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            b[:] = bytes(len(b))
            return len(b)

    with pytest.raises(AudioError, match="limit is 50 MB"):
        check_upload(io.BufferedReader(Endless()))


def test_a_stranger_cannot_add_takes(make_user: Callable[[str], int], short_take: Path) -> None:
    ana, bo = make_user("ana@example.com"), make_user("bo@example.com")
    p = projects.create_project(ana, "Song")
    with pytest.raises(projects.LabelError):
        add_vocal_take(bo, p.id, short_take.read_bytes(), "x.wav")
    assert projects.list_assets(ana, p.id) == []

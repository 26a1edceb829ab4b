"""Vocal uploads: judged by what ffprobe finds against the vocal caps, with a clear
error for every bad file (zero bytes, renamed non-audio, truncated, huge, too long,
too short, silent, damaged, video, too many channels, too high a sample rate), a
warning for a clipped take, and nothing in the project lost when one is refused."""

from __future__ import annotations

import io
import os
import random
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from services.config import get_settings
from services.label import projects
from services.label.audio_io import AudioError, write_wav
from services.label.vocals import MAX_UPLOAD_BYTES, add_vocal_take, check_upload

from .conftest import ffmpeg_convert, vocal_like


@pytest.fixture
def short_take(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "take.wav", vocal_like(5.5))


@pytest.mark.parametrize(("ext", "args", "mime"), [
    ("wav", (), "audio/wav"),
    ("mp3", ("-b:a", "128k"), "audio/mpeg"),
    ("flac", (), "audio/flac"),
    ("aiff", (), "audio/aiff"),
    ("m4a", ("-c:a", "aac", "-b:a", "96k"), "audio/mp4"),
])
def test_each_accepted_format_becomes_a_take(make_user: Callable[[str], int], short_take: Path, tmp_path: Path,
                                             ext: str, args: tuple[str, ...], mime: str) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    upload = short_take if ext == "wav" else ffmpeg_convert(short_take, tmp_path / f"take.{ext}", *args)
    asset = add_vocal_take(ana, p.id, upload.read_bytes(), original_name=f"../My Take.{ext}")
    assert asset.kind == "vocal" and asset.mime == mime and asset.label == f"My Take.{ext}"
    assert asset.duration_s == pytest.approx(5.5, abs=0.1) and len(asset.meta["peaks"]) == 200
    assert asset.meta["chosen"] is True and asset.meta["offset_s"] == 0.0 and asset.meta["warning"] == ""
    stored = projects.asset_path(ana, asset.id)
    assert stored is not None and stored.name.startswith("vocal-") and "My Take" not in stored.name
    assert projects.get_project(ana, p.id).done_stages == ("upload",)


def test_several_takes_are_kept_and_only_the_first_is_chosen(make_user: Callable[[str], int], short_take: Path) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    for _ in range(3):
        with open(short_take, "rb") as fh:
            add_vocal_take(ana, p.id, fh, "take.wav")
    takes = projects.list_assets(ana, p.id, "vocal")
    assert len(takes) == 3 and [t.meta["chosen"] for t in reversed(takes)] == [True, False, False]


def test_a_clipped_take_is_kept_with_a_warning(make_user: Callable[[str], int], tmp_path: Path) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Song")
    hot = write_wav(tmp_path / "hot.wav", np.clip(vocal_like(6.0) * 8, -1, 1))
    take = add_vocal_take(ana, p.id, hot.read_bytes(), "hot.wav")
    assert "clipped" in take.meta["warning"] and take.meta["clipped_fraction"] > 0.01


def _mp3_with_garbage_inside(src: Path, tmp_path: Path) -> bytes:
    data = bytearray(ffmpeg_convert(src, tmp_path / "c.mp3", "-b:a", "128k").read_bytes())
    rng = random.Random(1)
    for i in range(len(data) // 3, 2 * len(data) // 3):
        data[i] = rng.randrange(256)
    return bytes(data)


def _lavfi(tmp_path: Path, name: str, source: str, *args: str) -> bytes:
    out = tmp_path / name
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, *args, str(out)], check=True)
    return out.read_bytes()


CASES = ["empty", "text_named_wav", "too_big", "truncated_mp3", "corrupt_mp3", "garbage_mp3", "video", "too_long",
         "too_short", "silence", "channels", "sample_rate"]


@pytest.mark.parametrize("case", CASES)
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
        payload, expected = io.BytesIO(bytes(MAX_UPLOAD_BYTES + 1024)), "50 MB at most"
    elif case == "truncated_mp3":
        whole = _lavfi(tmp_path, "song.mp3", "sine=f=330:d=40", "-b:a", "128k")
        payload, expected = whole[: len(whole) // 3], "cut short: its header promises 40 s but only 1[0-9] s"
    elif case == "corrupt_mp3":
        payload, expected = _mp3_with_garbage_inside(write_wav(tmp_path / "l.wav", vocal_like(20)), tmp_path), "damaged"
    elif case == "garbage_mp3":
        payload, expected = b"ID3\x03\x00\x00\x00\x00\x00\x00" + random.Random(2).randbytes(20000), "not an audio file"
    elif case == "video":
        payload = ffmpeg_convert(short_take, tmp_path / "clip.mp4", "-f", "lavfi", "-i", "color=c=red:s=64x64:d=5.5",
                                 "-shortest", "-c:a", "aac").read_bytes()
        expected = "video"
    elif case == "too_long":  # 16 minutes of a quiet tone: a small FLAC, refused from its header
        payload, expected = _lavfi(tmp_path, "long.flac", "sine=f=200:d=960:sample_rate=8000"), "16:00 long.*15:00 at most"
    elif case == "too_short":
        payload, expected = write_wav(tmp_path / "s.wav", vocal_like(2.0)).read_bytes(), "only 2.0 s.*at least 5 s"
    elif case == "silence":
        payload, expected = write_wav(tmp_path / "q.wav", np.zeros((44100 * 8, 2), np.float32)).read_bytes(), "silent"
    elif case == "channels":
        payload = _lavfi(tmp_path, "c.wav", "aevalsrc=" + "|".join(["0.3*sin(2*PI*300*t)"] * 10) + ":d=6")
        expected = "10 channels; up to 8"
    else:
        payload, expected = _lavfi(tmp_path, "hi.wav", "sine=f=300:d=6:sample_rate=384000"), "384 kHz; up to 192 kHz"
    with pytest.raises(AudioError, match=expected):
        add_vocal_take(ana, p.id, payload, "take.wav")
    assert sorted(os.listdir(folder)) == before
    assert [a.id for a in projects.list_assets(ana, p.id)] == [good.id]
    assert list((get_settings().media_dir / ".incoming").iterdir()) == []


def test_size_is_checked_while_streaming_without_reading_everything() -> None:
    read = 0

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            nonlocal read
            b[:] = bytes(len(b))
            read += len(b)
            return len(b)

    with pytest.raises(AudioError, match="50 MB at most"):
        check_upload(io.BufferedReader(Endless()))
    assert read <= MAX_UPLOAD_BYTES + 2 * 1024 * 1024


def test_a_stranger_cannot_add_takes(make_user: Callable[[str], int], short_take: Path) -> None:
    ana, bo = make_user("ana@example.com"), make_user("bo@example.com")
    p = projects.create_project(ana, "Song")
    with pytest.raises(projects.LabelError):
        add_vocal_take(bo, p.id, short_take.read_bytes(), "x.wav")
    assert projects.list_assets(ana, p.id) == []

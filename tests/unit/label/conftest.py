"""Shared fixtures for the label tests: people, short generated signals, files, and a
project with a master (recorded as the mix stage records it) for the release, content
and analytics tests."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from services.accounts.models import User
from services.db import session_scope
from services.label import projects
from services.label.audio_io import SAMPLE_RATE, write_wav


@pytest.fixture
def make_user(db: None) -> Callable[[str], int]:
    """Create a person directly (no password hashing: these tests are about the label)."""

    def create(email: str = "ana@example.com") -> int:
        with session_scope() as s:
            user = User(email=email, display_name=email.split("@")[0], password_hash="x")
            s.add(user)
            s.flush()
            assert user.id is not None
            return user.id

    return create


def vocal_like(seconds: float = 4.0, sr: int = SAMPLE_RATE, seed: int = 1) -> np.ndarray:
    """A sung-ish line: a gliding harmonic tone with vibrato, syllables and 's' hiss."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sr)) / sr
    pitch = 220 * 2 ** (np.round(np.sin(2 * np.pi * 0.5 * t) * 3) / 12) * (1 + 0.006 * np.sin(2 * np.pi * 5.5 * t))
    phase = 2 * np.pi * np.cumsum(pitch) / sr
    tone = sum(np.sin(k * phase) / k for k in range(1, 6))
    syllables = (np.sin(2 * np.pi * 2.0 * t) > -0.3).astype(float)
    hiss = rng.normal(0, 0.15, len(t)) * (np.sin(2 * np.pi * 0.7 * t) > 0.9)
    mono = 0.25 * tone * syllables + hiss
    return np.stack([mono, mono], axis=1).astype(np.float32)


@pytest.fixture
def vocal_wav(tmp_path: Path) -> Path:
    return write_wav(tmp_path / "vocal.wav", vocal_like())


def ffmpeg_convert(src: Path, dst: Path, *args: str) -> Path:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(src), *args, str(dst)], check=True)
    return dst


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", *args], check=True)


LOUDNESS = {"integrated": -14.02, "true_peak": -1.61, "lra": 3.4, "threshold": -24.1}


def add_master(user_id: int, project_id: int, seconds: float = 6.0) -> tuple[projects.AssetInfo, projects.AssetInfo]:
    """A master WAV and its MP3, as `mix_project` would have kept them."""
    folder = projects.project_dir(user_id, project_id)
    wav, mp3 = projects.new_file_name("master", "wav"), projects.new_file_name("master_mp3", "mp3")
    src = f"sine=frequency=440:sample_rate=44100:duration={seconds}"
    ffmpeg("-f", "lavfi", "-i", src, "-ac", "2", "-c:a", "pcm_s24le", str(folder / wav))
    ffmpeg("-i", str(folder / wav), "-c:a", "libmp3lame", "-b:a", "320k", str(folder / mp3))
    meta = {"target": "spotify", "loudness": LOUDNESS}
    a = projects.add_asset(user_id, project_id, "master", wav, label="Master (Spotify)", mime="audio/wav",
                           duration_s=seconds, meta=meta)
    b = projects.add_asset(user_id, project_id, "master_mp3", mp3, label="Master MP3", mime="audio/mpeg",
                           duration_s=seconds, meta={"target": "spotify", "loudness": {**LOUDNESS, "true_peak": -1.2}})
    return a, b


@dataclass
class Song:
    user_id: int
    project_id: int


@pytest.fixture
def song(make_user: Callable[[str], int]) -> Song:
    """A project with release details, lyrics, BPM/key and a master."""
    uid = make_user("ana@example.com")
    p = projects.create_project(uid, "Night Drive")
    projects.update_project_data(uid, p.id, bpm=96.2, key="A minor", genre="synthwave", mood="dreamy",
                                 lyrics="Night Drive\n\n[Verse 1]\nHeadlights on the wet road\n\n[Chorus]\nYou and me, night drive")
    add_master(uid, p.id)
    return Song(uid, p.id)


def make_video(path: Path, seconds: float = 2.0, audio: bool = True, fmt: str = "mp4") -> Path:
    args = ["-f", "lavfi", "-i", f"testsrc=size=320x568:rate=25:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=660:sample_rate=44100:duration={seconds}"]
    if fmt == "webm":
        args += ["-c:v", "libvpx", "-b:v", "200k", "-deadline", "realtime"] + (["-c:a", "libopus"] if audio else [])
    else:
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"] + (["-c:a", "aac"] if audio else [])
    ffmpeg(*args, "-shortest", str(path))
    return path

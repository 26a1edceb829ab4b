"""Shared fixtures for the label tests: people, short generated signals, files."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from services.accounts.models import User
from services.db import session_scope
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

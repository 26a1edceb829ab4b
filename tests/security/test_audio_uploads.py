"""Decode bombs and damaged audio are refused before they cost anything (issue #21 item 3).

A 2-3 MB FLAC holding three hours of silence claims its length in its header: it is
refused from the header in well under 2 s, and the memory of this process (which is
the server here: the upload handler runs the same service call) and of its ffmpeg
children grows by far less than 300 MB. Before the probe, such a file was decoded
whole (hours of float samples, gigabytes). A truncated MP3 that keeps its header's
full length is refused with a message that says so.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from services.label import projects
from services.label.audio_io import AudioError
from services.label.vocals import add_vocal_take
from services.media.probe import VOCAL_CAPS, check_audio_file
from tests.unit.label.conftest import make_user  # noqa: F401  (a fixture)

MB = 1024 * 1024


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three hours of stereo silence as FLAC: about 1.7 MB on disk, 3.8 GB as float samples."""
    path = tmp_path_factory.mktemp("bomb") / "long.flac"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", "10800",
                    "-c:a", "flac", str(path)], check=True)
    return path


class PeakMemory:
    """Samples the resident memory of a process (this one by default) and all its children every 5 ms."""

    def __init__(self, pid: int | None = None) -> None:
        self.me = psutil.Process(pid)
        self.base = self._now()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _now(self) -> int:
        total = self.me.memory_info().rss
        for child in self.me.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._now())
            time.sleep(0.005)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.base) / MB


@pytest.fixture
def project(make_user: Callable[[str], int]) -> Iterator[tuple[int, int]]:  # noqa: F811
    uid = make_user("bomb@example.com")
    yield uid, projects.create_project(uid, "Song").id


def test_hours_of_audio_in_a_small_file_are_refused_fast_and_small(bomb: Path, project: tuple[int, int]) -> None:
    uid, pid = project
    assert 1 * MB <= bomb.stat().st_size <= 3 * MB
    with PeakMemory() as memory:
        started = time.perf_counter()
        with pytest.raises(AudioError, match=r"3:00:00 long; a vocal take may be 15:00 at most"):
            add_vocal_take(uid, pid, bomb.read_bytes(), "long.flac")
        elapsed = time.perf_counter() - started
    assert elapsed < 2.0, elapsed
    assert memory.growth_mb < 300, memory.growth_mb
    assert projects.list_assets(uid, pid) == []


def test_the_shared_check_refuses_it_from_the_header_alone(bomb: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(AudioError, match="15:00 at most"):
        check_audio_file(bomb, VOCAL_CAPS)
    assert time.perf_counter() - started < 2.0


def test_a_truncated_mp3_is_refused_with_what_is_wrong(tmp_path: Path, project: tuple[int, int]) -> None:
    uid, pid = project
    whole = tmp_path / "song.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=f=330:d=60", "-b:a", "192k", str(whole)],
                   check=True)
    data = whole.read_bytes()
    with pytest.raises(AudioError, match=r"cut short: its header promises 1:00 but only 2\d s"):
        add_vocal_take(uid, pid, data[: len(data) * 2 // 5], "song.mp3")
    assert projects.list_assets(uid, pid) == []

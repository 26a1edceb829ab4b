"""One three-minute song through the services as an artist takes it: a vocal take,
lyrics, a beat that follows the vocal, mix and master, cover and release pack.

Loudness is measured independently with ffmpeg's own `ebur128` filter (not the code
under test) on the WAV and on the MP3 as found in the downloaded pack; the lyrics are
read back from the PDF (pypdf) and from the MP3's lyrics frame (mutagen)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
from mutagen.id3 import ID3
from pypdf import PdfReader

from services.label import projects
from services.label.audio_io import read_audio, write_wav
from services.label.beat_stage import make_project_beat
from services.label.beatmaker import BeatRequest
from services.label.cover_art import make_candidates, pick_cover
from services.label.lyrics_stage import edit_lyrics
from services.label.mix_stage import mix_project
from services.label.mixing import MixSettings
from services.label.release import save_release
from services.label.release_pack import build_release_pack
from services.label.vocals import add_vocal_take

from .conftest import vocal_like

LYRIC_LINE = "Headlights drawing lines across the rain"


def ebur128(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) straight from ffmpeg's ebur128 summary."""
    proc = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-af", "ebur128=peak=true",
                           "-f", "null", "-"], capture_output=True, text=True, check=True)
    summary = proc.stderr[proc.stderr.rfind("Summary:"):]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))  # type: ignore[union-attr]
    return integrated, peak


def rms_db(samples: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(samples.astype(np.float64) ** 2)) + 1e-12))


def test_a_three_minute_song_from_vocal_to_release_pack(make_user: Callable[[str], int], tmp_path: Path) -> None:
    ana = make_user("ana@example.com")
    p = projects.create_project(ana, "Untitled project 1")
    vocal = write_wav(tmp_path / "vocal.wav", vocal_like(180.0))
    take = add_vocal_take(ana, p.id, vocal, "lead vocal.wav")
    assert take.duration_s >= 179.9
    edit_lyrics(ana, p.id, f"Rain City\n\n[Verse 1]\n{LYRIC_LINE}\nWe keep the engine running\n\n[Chorus]\nRain city, hold me")

    beat = make_project_beat(ana, p.id, BeatRequest(bpm=96, key="D minor", genre="hip hop", mood="dark", seed=4))
    assert beat.meta["derived_from"] == "vocal" and beat.duration_s >= 180.0
    assert beat.meta["sections"][-1]["kind"] == "outro" and abs(beat.meta["bpm"] - 96) <= 96 * 0.02
    assert beat.meta["key"] == "D minor"

    report, assets = mix_project(ana, p.id, MixSettings(preset="warm"), "spotify")
    master = assets[1]
    assert master.duration_s >= take.duration_s

    # The instrumental bed plays to the end: the last 30 s are within 6 dB of the middle.
    audio = read_audio(projects.asset_path(ana, master.id))  # type: ignore[arg-type]
    sr = 44100
    middle = audio[len(audio) // 2 - 15 * sr: len(audio) // 2 + 15 * sr]
    last = audio[-30 * sr:]
    assert abs(rms_db(last) - rms_db(middle)) <= 6.0, (rms_db(last), rms_db(middle))

    save_release(ana, p.id, artist="Ana Lux", writers="Ana Lux, Bo Kim", producer="Bo Kim", release_date="2026-12-04")
    candidates = make_candidates(ana, p.id)
    pick_cover(ana, p.id, candidates[0].id)
    pack = build_release_pack(ana, p.id)
    zip_path = projects.asset_path(ana, pack.asset.id)
    assert zip_path is not None
    out = tmp_path / "pack"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(out)
        meta = json.loads(zf.read("metadata/metadata.json"))
        pdf_text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(zf.read("lyrics/lyrics.pdf"))).pages)

    for name in ("audio/mixed_mastered.wav", "audio/mixed_mastered.mp3"):
        integrated, peak = ebur128(out / name)
        assert abs(integrated - (-14.0)) <= 0.5, (name, integrated)
        assert peak <= -1.0, (name, peak)
    assert abs(report.master.integrated - ebur128(out / "audio/mixed_mastered.wav")[0]) <= 0.1

    assert LYRIC_LINE in pdf_text and "Instrumental" not in pdf_text
    tags = ID3(out / "audio/mixed_mastered.mp3")
    assert LYRIC_LINE in tags.getall("USLT")[0].text
    assert tags.getall("APIC") and tags["TBPM"].text == [str(round(beat.meta["bpm"]))] and tags["TKEY"].text == ["Dm"]
    assert tags["TIT2"].text == ["Rain City"] and tags["TCOM"].text == ["Ana Lux, Bo Kim"]
    assert meta["title"] == "Rain City"  # the song's title, not the stale project name
    assert (meta["bpm"], meta["key"]) == (round(beat.meta["bpm"], 1), "D minor")
    assert meta["credits"] == {"writers": ["Ana Lux", "Bo Kim"], "producer": ["Bo Kim"], "performer": ["Ana Lux"]}
    assert meta["beat"]["commercial_use"] is True and meta["duration_seconds"] >= 180.0

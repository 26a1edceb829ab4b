"""What the label page shows, formatted in services: the rows states copy into vars."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from components.waveform import HEIGHT as VIEW_HEIGHT
from components.waveform import WIDTH as VIEW_WIDTH
from services.label import projects
from services.label.loudness import Loudness, matched_volumes, platform_rows
from services.label.views import (
    browser_refusals,
    clock,
    master_view,
    number_or_error,
    report_rows,
    section_names,
    take_rows,
)
from services.label.waveform import HEIGHT, WIDTH

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _asset(kind: str, meta: dict, asset_id: int = 1, duration: float = 185.0) -> projects.AssetInfo:
    return projects.AssetInfo(asset_id, 1, kind, f"{kind} v1", "audio/wav", 1000, duration, meta, NOW)


def test_numbers_typed_in_fields_are_answered_when_wrong() -> None:
    assert number_or_error(" 96,5 ", "The tempo") == 96.5
    with pytest.raises(projects.LabelError, match="The tempo must be a number; “fast” is not."):
        number_or_error("fast", "The tempo")
    with pytest.raises(projects.LabelError, match="must be a number"):
        number_or_error("inf", "The length")


def test_files_refused_by_the_browser_are_named_with_the_reason() -> None:
    text = browser_refusals([{"file": {"name": "big.wav", "size": 60 * 2**20}, "errors": [{"code": "file-too-large"}]},
                             {"file": {"name": "notes.txt", "size": 10}, "errors": [{"code": "file-invalid-type"}]}])
    assert "big.wav: the file is 60.0 MB; a vocal take may be 50 MB at most. It was not sent." in text
    assert "notes.txt: not an audio file" in text


def test_sections_and_takes_read_as_the_artist_thinks_of_them() -> None:
    beat = _asset("beat", {"sections": [{"kind": "intro", "start_s": 0, "end_s": 10}, {"kind": "verse", "start_s": 10, "end_s": 50},
                                        {"kind": "chorus", "start_s": 50, "end_s": 70}, {"kind": "verse", "start_s": 70, "end_s": 110}]})
    assert [s["name"] for s in section_names(beat)] == ["Intro · 0:00–0:10", "Verse 1 · 0:10–0:50", "Chorus 1 · 0:50–1:10",
                                                       "Verse 2 · 1:10–1:50"]
    take = _asset("vocal", {"chosen": True, "sections": [1, 3], "offset_s": -0.25, "format": "wav,", "peaks": []}, 2)
    (row,) = take_rows([take], beat)
    assert (row["chosen"], row["sections"], row["offset"], row["format"]) == ("yes", "Verse 1, Verse 2", "−0.25 s", "WAV")
    assert clock(185.4) == "3:05"


def test_the_master_card_and_report_carry_wav_and_mp3_figures() -> None:
    master = _asset("master", {"target": "apple", "loudness": {"integrated": -16.0, "true_peak": -1.6, "lra": 4.2},
                               "mix_loudness": {"integrated": -22.0, "true_peak": -6.0, "lra": 5.0},
                               "mp3_loudness": {"integrated": -16.05, "true_peak": -0.8, "lra": 4.2}}, 5)
    view = master_view(master, _asset("mix", {}, 4), _asset("master_mp3", {}, 6))
    assert (view["target"], view["lufs"], view["mp3_peak"], view["before_lufs"]) == ("Apple Music -16 LUFS", "-16.0", "-0.8", "-22.0")
    assert float(view["mix_volume"]) == 1.0 and float(view["master_volume"]) == pytest.approx(10 ** (-6 / 20), abs=1e-4)
    rows = report_rows(master)
    assert [r["platform"] for r in rows] == ["Spotify", "Apple Music", "YouTube"]
    assert rows[0]["wav"] == "turned up 2.0 dB (if the platform raises quiet tracks)" and rows[1]["wav"] == "plays as is"
    assert rows[1]["mp3"].endswith("true peak over -1 dBTP") and rows[1]["ok"] == ""


def test_loudness_matching_turns_the_louder_one_down() -> None:
    assert matched_volumes(-20.0, -14.0) == (1.0, pytest.approx(0.5012, abs=1e-4))
    assert matched_volumes(-12.0, -14.0) == (pytest.approx(0.7943, abs=1e-4), 1.0)
    loud = platform_rows(Loudness(-9.0, -0.3, 5.0))
    assert loud[0].change_db == -5.0 and not loud[0].peak_ok and "turned down 5.0 dB" in loud[0].verdict


def test_the_waveform_component_draws_in_the_box_the_service_fills() -> None:
    assert (VIEW_WIDTH, VIEW_HEIGHT) == (WIDTH, HEIGHT)

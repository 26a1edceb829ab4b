"""Waveform drawing and the media download lookup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from services.label import projects
from services.label.downloads import asset_for_download, download_name
from services.label.waveform import HEIGHT, asset_peaks, svg_path


def test_svg_path_draws_one_stroke_per_bucket_within_the_box() -> None:
    d = svg_path([(-1.0, 1.0), (0.0, 0.0), (-2.0, 0.5)])
    strokes = d.split("M")[1:]
    assert len(strokes) == 3
    for s in strokes:
        x, rest = s.split(" ")
        top, bottom = (float(v) for v in rest.split("V"))
        assert 0 <= top <= bottom <= HEIGHT
    # silence is a hairline, not nothing
    _, rest = strokes[1].split(" ")
    top, bottom = (float(v) for v in rest.split("V"))
    assert 0 < bottom - top < 1
    assert svg_path([]) == ""


def test_downloads_belong_to_their_owner_only(make_user: Callable[[str], int], vocal_wav: Path) -> None:
    ana, bo = make_user("ana@example.com"), make_user("bo@example.com")
    p = projects.create_project(ana, "Night/drive: final")
    name = projects.new_file_name("mix", "wav")
    (projects.project_dir(ana, p.id) / name).write_bytes(vocal_wav.read_bytes())
    a = projects.add_asset(ana, p.id, "mix", name, mime="audio/wav")
    found = asset_for_download(ana, a.id)
    assert found is not None
    path, mime, shown = found
    assert path.name == name and mime == "audio/wav" and shown == "Nightdrive final - mix.wav"
    assert asset_for_download(bo, a.id) is None
    assert asset_for_download(ana, a.id + 999) is None
    peaks = asset_peaks(ana, a.id)  # no stored peaks: decoded from the file
    assert len(peaks) == 200 and max(hi for _, hi in peaks) > 0.1
    assert asset_peaks(bo, a.id) == []
    path.unlink()
    assert asset_for_download(ana, a.id) is None


def test_download_name_falls_back_for_unusable_names() -> None:
    assert download_name("***", "master_mp3", ".mp3") == "project - master.mp3"

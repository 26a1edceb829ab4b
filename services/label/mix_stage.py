"""The mix stage for a project: the chosen beat and the chosen takes (at their offsets,
each in its sections), mixed, processed and mastered to a target, kept as one new
version (mix, master and master MP3 sharing a `render_id`) that becomes the master
the release pack uses."""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import asdict
from pathlib import Path

from services.label import projects, versions
from services.label.audio_io import to_flac
from services.label.mastering import TARGETS, MasterReport, Progress, mix_and_master
from services.label.mixing import MixSettings
from services.label.takes import current_beat, mix_plan
from services.storage import StorageFull, check_storage, place_within_quota

# What a render keeps per second: the 24-bit master WAV, the mix as FLAC (about half a
# WAV) and a 320 kbps MP3 (measured: 79 MB for 3 minutes). The early check uses it; the
# final word is the files' real sizes, counted under the account's lock as they are placed.
_BYTES_PER_SECOND = int(44100 * 2 * 3 * 1.5) + 40_000


def mix_project(user_id: int, project_id: int, settings: MixSettings, target: str = "spotify", *,
                on_progress: Progress | None = None) -> tuple[MasterReport, list[projects.AssetInfo]]:
    """Mix and master; work happens in a temporary folder, so a failure leaves the
    project as it was. `LabelError` when the beat is missing or shorter than the takes,
    or when storage cannot hold the result (the message says what to delete)."""
    if target not in TARGETS:
        raise projects.LabelError(f"Unknown loudness target {target!r}.")
    projects.get_project(user_id, project_id)
    beat = current_beat(user_id, project_id)
    if beat is None:
        raise projects.LabelError("Make or choose a beat first.")
    beat_path = projects.asset_path(user_id, beat.id)
    if beat_path is None:
        raise projects.LabelError("The beat file is missing; make the beat again.")
    placements = mix_plan(user_id, project_id)
    takes = [t for t in projects.list_assets(user_id, project_id, "vocal")
             if t.meta.get("chosen") or t.meta.get("sections")]
    end = max((max(0.0, float(t.meta.get("offset_s") or 0)) + t.duration_s for t in takes), default=0.0)
    if end > beat.duration_s + 0.5:
        raise projects.LabelError(
            f"The beat ({_clock(beat.duration_s)}) is shorter than the chosen takes ({_clock(end)}). "
            "Make a new beat: it follows the song's length.")
    try:
        check_storage(user_id, int(beat.duration_s * _BYTES_PER_SECOND))
    except StorageFull as exc:
        raise projects.LabelError(versions.full_message(user_id, exc)) from exc
    folder = projects.project_dir(user_id, project_id)
    with tempfile.TemporaryDirectory(dir=folder.parent) as work:
        report = mix_and_master(beat_path, placements, Path(work), settings, target, on_progress=on_progress)
        names = {kind: projects.new_file_name(kind, ext) for kind, ext in
                 (("mix", "flac"), ("master", "wav"), ("master_mp3", "mp3"))}
        to_flac(Path(report.mix_path), Path(work) / "mix.flac")  # the "before" of the A/B: lossless, half the size
        Path(report.mix_path).unlink()
        moves = [(Path(src), folder / names[kind]) for kind, src in
                 (("mix", str(Path(work) / "mix.flac")), ("master", report.wav_path), ("master_mp3", report.mp3_path))]
        try:
            place_within_quota(user_id, moves)
        except StorageFull as exc:
            raise projects.LabelError(versions.full_message(user_id, exc)) from exc
    version = len(projects.list_assets(user_id, project_id, "master")) + 1
    common = {"target": target, "settings": asdict(settings), "beat_id": beat.id, "render_id": uuid.uuid4().hex[:12],
              "vocal_ids": [t.id for t in takes], "version": version,
              "licence": beat.meta.get("licence", ""), "commercial": bool(beat.meta.get("commercial", True)),
              "beat_source": beat.meta.get("source", "local")}
    when = f"v{version} · {report.target}"
    try:
        assets = [
            projects.add_asset(user_id, project_id, "mix", names["mix"], label=f"Mix {when} (before mastering)",
                               mime="audio/flac", duration_s=report.duration_s, meta={**common, "loudness": asdict(report.mix)}),
            projects.add_asset(user_id, project_id, "master", names["master"], label=f"Master {when}", mime="audio/wav",
                               duration_s=report.duration_s,
                               meta={**common, "loudness": asdict(report.master), "mix_loudness": asdict(report.mix),
                                     "mp3_loudness": asdict(report.mp3), "normalization_type": report.normalization_type}),
            projects.add_asset(user_id, project_id, "master_mp3", names["master_mp3"], label=f"Master MP3 {when}",
                               mime="audio/mpeg", duration_s=report.duration_s, meta={**common, "loudness": asdict(report.mp3)}),
        ]
    except BaseException:
        for name in names.values():
            (folder / name).unlink(missing_ok=True)
        raise
    report.mix_path, report.wav_path, report.mp3_path = "", "", ""  # paths never leave the service
    projects.update_project_data(user_id, project_id, mix_settings=asdict(settings), master_target=target,
                                 master_loudness=asdict(report.master), master_asset_id=assets[1].id)
    projects.mark_stage_done(user_id, project_id, "mix")
    return report, assets


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 60}:{s % 60:02d}"

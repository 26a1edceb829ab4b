"""The mix stage for a project: the chosen beat and vocal takes, mixed, processed
and mastered to a target, kept as mix / master / master_mp3 assets."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

from services.label import projects
from services.label.mastering import TARGETS, MasterReport, Progress, mix_and_master
from services.label.mixing import MixSettings


def mix_project(user_id: int, project_id: int, settings: MixSettings, target: str = "spotify", *,
                beat_id: int | None = None, vocal_ids: list[int] | None = None,
                on_progress: Progress | None = None) -> tuple[MasterReport, list[projects.AssetInfo]]:
    """Mix and master; the newest beat and every vocal take are used unless ids are given.
    Work happens in a temporary folder, so a failure leaves the project as it was."""
    if target not in TARGETS:
        raise projects.LabelError(f"Unknown loudness target {target!r}.")
    projects.get_project(user_id, project_id)
    beats = projects.list_assets(user_id, project_id, "beat")
    beat = next((b for b in beats if beat_id is None or b.id == beat_id), None)
    if beat is None:
        raise projects.LabelError("Make or choose a beat first.")
    takes = projects.list_assets(user_id, project_id, "vocal")
    if vocal_ids is not None:
        takes = [t for t in takes if t.id in set(vocal_ids)]
    beat_path = projects.asset_path(user_id, beat.id)
    vocal_paths = [p for p in (projects.asset_path(user_id, t.id) for t in takes) if p is not None]
    if beat_path is None:
        raise projects.LabelError("The beat file is missing; make the beat again.")
    folder = projects.project_dir(user_id, project_id)
    with tempfile.TemporaryDirectory(dir=folder.parent) as work:
        report = mix_and_master(beat_path, vocal_paths, Path(work), settings, target, on_progress=on_progress)
        names = {kind: projects.new_file_name(kind, ext) for kind, ext in
                 (("mix", "wav"), ("master", "wav"), ("master_mp3", "mp3"))}
        for kind, src in (("mix", report.mix_path), ("master", report.wav_path), ("master_mp3", report.mp3_path)):
            shutil.move(src, folder / names[kind])
    common = {"target": target, "settings": asdict(settings), "beat_id": beat.id, "vocal_ids": [t.id for t in takes]}
    assets = [
        projects.add_asset(user_id, project_id, "mix", names["mix"], label="Mix (before mastering)", mime="audio/wav",
                           duration_s=report.duration_s, meta={**common, "loudness": asdict(report.mix)}),
        projects.add_asset(user_id, project_id, "master", names["master"], label=f"Master ({report.target})",
                           mime="audio/wav", duration_s=report.duration_s,
                           meta={**common, "loudness": asdict(report.master), "normalization_type": report.normalization_type}),
        projects.add_asset(user_id, project_id, "master_mp3", names["master_mp3"], label=f"Master MP3 ({report.target})",
                           mime="audio/mpeg", duration_s=report.duration_s, meta={**common, "loudness": asdict(report.mp3)}),
    ]
    report.mix_path, report.wav_path, report.mp3_path = "", "", ""  # paths never leave the service
    projects.update_project_data(user_id, project_id, mix_settings=asdict(settings), master_target=target,
                                 master_loudness=asdict(report.master), master_asset_id=assets[1].id)
    projects.mark_stage_done(user_id, project_id, "mix")
    return report, assets

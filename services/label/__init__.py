"""The label: projects on a timeline of stages, beats, vocal takes, mixing and mastering.

Plain Python (no reflex). The pages call the functions re-exported here.
"""

from services.label.beat_stage import make_project_beat
from services.label.beatmaker import BeatError, BeatRequest, LocalBeatSynth, ReplicateMusicGen, make_beat_maker
from services.label.lyrics_stage import current_lyrics, edit_lyrics, refine_lyrics, undo_lyrics, write_lyrics
from services.label.mastering import TARGETS, MasterError, MasterReport, MasterTarget
from services.label.mix_stage import mix_project
from services.label.mixing import PRESETS, MixSettings
from services.label.projects import (
    STAGE_LABELS,
    STAGES,
    AssetInfo,
    LabelError,
    ProjectInfo,
    asset_path,
    create_project,
    delete_asset,
    delete_project,
    duplicate_project,
    get_project,
    list_assets,
    list_projects,
    mark_stage_done,
    open_stage,
    progress_percent,
    rename_project,
    reopen_stage,
    restart_cycle,
    update_project_data,
)
from services.label.vocals import add_vocal_take
from services.label.voices import stage_cue

__all__ = [
    "PRESETS", "STAGES", "STAGE_LABELS", "TARGETS", "AssetInfo", "BeatError", "BeatRequest", "LabelError",
    "LocalBeatSynth", "MasterError", "MasterReport", "MasterTarget", "MixSettings", "ProjectInfo", "ReplicateMusicGen",
    "add_vocal_take", "current_lyrics", "edit_lyrics", "refine_lyrics", "undo_lyrics", "write_lyrics", "asset_path", "create_project", "delete_asset", "delete_project", "duplicate_project",
    "get_project", "list_assets", "list_projects", "make_beat_maker", "make_project_beat", "mark_stage_done",
    "mix_project", "open_stage", "progress_percent", "rename_project", "reopen_stage", "restart_cycle",
    "stage_cue", "update_project_data",
]

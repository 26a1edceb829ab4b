"""The beat stage for a project: make a beat (MusicGen or local), measure its tempo
and key from the audio, and keep it as the project's beat."""

from __future__ import annotations

from services import quotas, ratelimit
from services.db import session_scope
from services.label import projects
from services.label.analysis import analyze_file
from services.label.audio_io import AudioError, probe
from services.label.beatmaker import BeatError, BeatMaker, BeatRequest, Progress, make_beat_maker
from services.storage import StorageFull, check_storage


def make_project_beat(user_id: int, project_id: int, request: BeatRequest, *, maker: BeatMaker | None = None,
                      on_progress: Progress | None = None) -> projects.AssetInfo:
    """Generate a beat into the project folder and record it with measured BPM, key,
    duration and waveform; ticks the beat stage. Raises `BeatError` with a clear message."""
    say = on_progress or (lambda _f, _m: None)
    projects.get_project(user_id, project_id)
    beat_maker = maker or make_beat_maker()
    live_call = getattr(beat_maker, "source", "") == "replicate"
    try:
        ratelimit.hit("expensive", user_id=user_id)
        check_storage(user_id, 0)
        if live_call:  # a live MusicGen run costs the operator money: daily quota
            quotas.charge_now(user_id, "beats")
    except (ratelimit.RateLimited, StorageFull, quotas.QuotaExceeded) as exc:
        raise BeatError(exc.message) from exc
    try:
        return _make(user_id, project_id, request, beat_maker, say)
    except BaseException:
        if live_call:
            with session_scope() as db:
                quotas.refund(db, user_id, "beats")
        raise


def _make(user_id: int, project_id: int, request: BeatRequest, beat_maker: BeatMaker, say: Progress) -> projects.AssetInfo:
    folder = projects.project_dir(user_id, project_id)
    stem = folder / projects.new_file_name("beat", "tmp")
    result = beat_maker.make(request, stem.with_suffix(""), lambda f, m: say(0.85 * f, m))
    try:
        say(0.9, "Measuring tempo and key")
        info = probe(result.path)
        analysis = analyze_file(result.path)
    except AudioError as exc:
        result.path.unlink(missing_ok=True)
        raise BeatError("The beat came back as a file that is not playable audio.") from exc
    meta = {
        "bpm": analysis.bpm, "key": analysis.key, "key_confidence": analysis.key_confidence,
        "peaks": analysis.peaks, "source": result.source, "seconds": result.seconds,
        "requested": {"bpm": request.bpm, "key": request.key, "genre": request.genre, "mood": request.mood,
                      "prompt": request.prompt[:500]},
        **{k: v for k, v in result.details.items() if k != "input"},
    }
    asset = projects.add_asset(user_id, project_id, "beat", result.path.name, label=f"{request.mood} {request.genre} beat",
                               mime=result.mime, duration_s=info.duration_s, meta=meta)
    projects.update_project_data(user_id, project_id, beat_asset_id=asset.id, bpm=analysis.bpm, key=analysis.key,
                                 genre=request.genre, mood=request.mood)
    projects.mark_stage_done(user_id, project_id, "beat")
    say(1.0, "Beat ready")
    return asset

"""The beat stage for a project: a beat that follows the song.

Its sections come from the artist (“intro 4, verse 16, chorus 8, …”), else from the
chosen vocal takes (their length and where they are loudest), else from the length
asked for. The beat always covers the chosen takes (with their offsets) plus an outro.
The local synth renders the structure in one go; a live generator is asked for
segments that are joined on bar lines with crossfades (`segments`), and stretched by
repeating whole bars if it still falls short. Tempo and key are then measured from
the audio (the requested tempo only settles half/double), and the beat is kept as a
new version with its generator and licence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from services import quotas, ratelimit
from services.db import session_scope
from services.label import projects, versions
from services.label.analysis import analyze_file
from services.label.audio_io import SAMPLE_RATE, AudioError, mime_for, probe, read_audio, to_flac, write_wav
from services.label.beatmaker import LICENCES, BeatError, BeatMaker, BeatRequest, BeatResult, Progress, make_beat_maker
from services.label.segments import extend_to, fade_out, join_on_bars
from services.label.structure import (
    MAX_SECONDS,
    Section,
    StructureError,
    bar_seconds,
    check_bpm,
    default_sections,
    format_sections,
    parse_sections,
    sections_from_vocal,
    total_seconds,
)
from services.storage import StorageFull, check_storage

MIN_SECONDS = 5.0
_FRAME_S = 0.1


@dataclass(frozen=True)
class BeatPlan:
    """What the beat will be: its sections, its length, and why."""

    sections: tuple[Section, ...]
    seconds: float
    derived_from: str  # artist | vocal | length
    vocal_end_s: float
    notes: tuple[str, ...] = field(default_factory=tuple)


def _chosen_takes(user_id: int, project_id: int) -> list[projects.AssetInfo]:
    return [t for t in projects.list_assets(user_id, project_id, "vocal") if t.meta.get("chosen")]


def vocal_end(takes: list[projects.AssetInfo]) -> float:
    """Where the last chosen take ends on the beat's timeline."""
    return max((max(0.0, float(t.meta.get("offset_s") or 0.0)) + t.duration_s for t in takes), default=0.0)


def _vocal_energy(user_id: int, takes: list[projects.AssetInfo], seconds: float) -> np.ndarray:
    """RMS per 100 ms of the chosen takes laid on the timeline (summed)."""
    frames = np.zeros(int(math.ceil(seconds / _FRAME_S)) + 1)
    hop = int(22050 * _FRAME_S)
    for take in takes:
        path = projects.asset_path(user_id, take.id)
        if path is None:
            continue
        mono = read_audio(path, 22050, 1)[:, 0]
        n = len(mono) // hop
        rms = np.sqrt((mono[: n * hop].reshape(n, hop).astype(np.float64) ** 2).mean(axis=1)) if n else np.zeros(0)
        at = int(max(0.0, float(take.meta.get("offset_s") or 0.0)) / _FRAME_S)
        end = min(len(frames), at + len(rms))
        frames[at:end] += rms[: end - at]
    return frames


def plan_beat(user_id: int, project_id: int, bpm: float, length_s: float, sections_text: str = "") -> BeatPlan:
    """The sections of the next beat; `LabelError` for a tempo, length or section list
    that cannot be used (answered, never clamped)."""
    try:
        bpm = check_bpm(bpm)
    except StructureError as exc:
        raise projects.LabelError(str(exc)) from None
    takes = _chosen_takes(user_id, project_id)
    end = vocal_end(takes)
    if end > MAX_SECONDS - bar_seconds(bpm):
        raise projects.LabelError(f"The chosen takes run to {end / 60:.1f} minutes; a beat is 6 minutes at most. "
                                  "Choose a shorter take or move it earlier.")
    notes: list[str] = []
    if sections_text.strip():
        try:
            sections = parse_sections(sections_text, bpm)
        except StructureError as exc:
            raise projects.LabelError(str(exc)) from None
        sections, added = cover(sections, bpm, end)
        if added:
            notes.append(f"Added {added} bars of chorus before the outro so the beat covers the vocal.")
        derived = "artist"
    elif takes:
        sections = sections_from_vocal(_vocal_energy(user_id, takes, end), _FRAME_S, end, bpm)
        derived = "vocal"
    else:
        if not MIN_SECONDS <= length_s <= MAX_SECONDS:
            raise projects.LabelError(f"A beat is {MIN_SECONDS:g} seconds to 6 minutes long; {length_s:g} s was asked.")
        sections, derived = default_sections(length_s, bpm), "length"
    return BeatPlan(tuple(sections), round(total_seconds(sections, bpm), 3), derived, round(end, 3), tuple(notes))


def cover(sections: list[Section], bpm: float, until_s: float) -> tuple[list[Section], int]:
    """Sections long enough to reach `until_s` plus two bars: chorus bars go in before
    the outro (or at the end). Returns the sections and the bars added."""
    need = math.ceil(until_s / bar_seconds(bpm)) + 2 if until_s else 0
    have = sections[-1].end_bar if sections else 0
    if have >= need:
        return sections, 0
    extra = need - have
    kinds = [(s.kind, s.bars) for s in sections]
    at = len(kinds) - 1 if kinds and kinds[-1][0] == "outro" else len(kinds)
    kinds.insert(at, ("chorus", extra))
    out, start = [], 0
    for kind, bars in kinds:
        out.append(Section(kind, start, bars))
        start += bars
    return out, extra


def make_project_beat(user_id: int, project_id: int, request: BeatRequest, *, sections_text: str = "",
                      maker: BeatMaker | None = None, on_progress: Progress | None = None) -> projects.AssetInfo:
    """Make a beat for the song and keep it as a new version (chosen for the mix), with
    measured BPM, key, sections, generator and licence; ticks the beat stage."""
    say = on_progress or (lambda _f, _m: None)
    projects.get_project(user_id, project_id)
    plan = plan_beat(user_id, project_id, request.bpm, request.duration_s, sections_text)
    beat_maker = maker or make_beat_maker()
    segments = 1 if plan.seconds <= beat_maker.max_seconds else math.ceil(plan.seconds / (beat_maker.max_seconds - 4.0))
    live_call = beat_maker.source != "local"
    try:
        ratelimit.hit("expensive", user_id=user_id)
        check_storage(user_id, int(plan.seconds * SAMPLE_RATE * 4))  # a 16-bit stereo WAV of that length
        if live_call:  # a live generation costs the operator money: daily quota, per request
            quotas.charge_now(user_id, "beats", segments)
    except StorageFull as exc:
        raise BeatError(versions.full_message(user_id, exc)) from exc
    except (ratelimit.RateLimited, quotas.QuotaExceeded) as exc:
        raise BeatError(exc.message) from exc
    try:
        return _make(user_id, project_id, request, plan, beat_maker, segments, say)
    except BaseException:
        if live_call:
            with session_scope() as db:
                quotas.refund(db, user_id, "beats", segments)
        raise


def _assemble(request: BeatRequest, plan: BeatPlan, beat_maker: BeatMaker, segments: int, stem: Path,
              say: Progress) -> tuple[Path, BeatResult, float]:
    """One request (the local synth, or a short song) or several joined on bar lines;
    always at least the plan's length. Returns the file, the first result and the bar grid's tempo."""
    whole = BeatRequest(**{**request.__dict__, "duration_s": plan.seconds, "sections": plan.sections})
    if segments == 1:
        result = beat_maker.make(whole, stem, lambda f, m: say(0.8 * f, m))
        if beat_maker.source == "local":
            return result.path, result, whole.bpm
        parts, first = [result.path], result
    else:
        parts, first = [], None
        for i in range(segments):
            part = BeatRequest(**{**whole.__dict__, "duration_s": beat_maker.max_seconds,
                                  "seed": (request.seed or 0) + i})
            res = beat_maker.make(part, stem.with_name(f"{stem.name}-part{i}"),
                                  lambda f, m, i=i: say(0.8 * (i + f) / segments, f"Segment {i + 1} of {segments}: {m}"))
            first = first or res
            parts.append(res.path)
    assert first is not None
    try:
        say(0.82, "Joining segments on bar lines")
        audio = [read_audio(p) for p in parts]
        grid = analyze_file(parts[0], prior_bpm=request.bpm).bpm or request.bpm
        joined = join_on_bars(audio, grid, SAMPLE_RATE) if len(audio) > 1 else audio[0]
        joined = fade_out(extend_to(joined, grid, SAMPLE_RATE, plan.seconds), SAMPLE_RATE)
        out = write_wav(stem.with_suffix(".wav"), joined)
    finally:
        for p in parts:
            if p != stem.with_suffix(".wav"):
                p.unlink(missing_ok=True)
    return out, first, grid


def _make(user_id: int, project_id: int, request: BeatRequest, plan: BeatPlan, beat_maker: BeatMaker, segments: int,
          say: Progress) -> projects.AssetInfo:
    folder = projects.project_dir(user_id, project_id)
    stem = folder / projects.new_file_name("beat", "tmp")
    path, result, grid = _assemble(request, plan, beat_maker, segments, stem.with_suffix(""), say)
    try:
        say(0.9, "Measuring tempo and key")
        info = probe(path)
        analysis = analyze_file(path, prior_bpm=request.bpm)
        if path.suffix == ".wav":  # kept losslessly at about half the size
            flac = to_flac(path, path.with_suffix(".flac"))
            path.unlink(missing_ok=True)
            path = flac
    except AudioError as exc:
        path.unlink(missing_ok=True)
        raise BeatError("The beat came back as a file that is not playable audio.") from exc
    licence = LICENCES.get(result.source, LICENCES["local"])
    version = len(projects.list_assets(user_id, project_id, "beat")) + 1
    bpm_for_grid = grid if result.source != "local" else request.bpm
    meta = {
        "bpm": analysis.bpm, "key": analysis.key, "key_confidence": analysis.key_confidence,
        "peaks": analysis.peaks, "source": result.source, "seconds": result.seconds, "segments": segments,
        "generator": beat_maker.label, "licence": licence.name, "commercial": licence.commercial,
        "licence_note": licence.note, "version": version,
        "sections": [s.as_dict(bpm_for_grid) for s in plan.sections], "sections_text": format_sections(plan.sections),
        "derived_from": plan.derived_from, "vocal_end_s": plan.vocal_end_s, "notes": list(plan.notes),
        "requested": {"bpm": request.bpm, "key": request.key, "genre": request.genre, "mood": request.mood,
                      "prompt": request.prompt[:500], "seconds": plan.seconds},
        **{k: v for k, v in result.details.items() if k != "input"},
    }
    whole = int(round(plan.seconds))
    label = f"Beat v{version} · {request.mood} {request.genre} · {whole // 60}:{whole % 60:02d}"
    try:
        asset = projects.add_asset(user_id, project_id, "beat", path.name, label=label,
                                   mime=mime_for(path.suffix.lstrip(".")), duration_s=info.duration_s, meta=meta)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    projects.update_project_data(user_id, project_id, beat_asset_id=asset.id, bpm=analysis.bpm, key=analysis.key,
                                 genre=request.genre, mood=request.mood)
    projects.mark_stage_done(user_id, project_id, "beat")
    say(1.0, "Beat ready")
    return asset

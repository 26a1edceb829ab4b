"""What the label page shows, formatted: rows of strings built from the services'
results, so states only copy them into vars (and these are unit-tested here)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from services import formatting
from services.label import projects
from services.label.loudness import TARGETS, Loudness, matched_volumes, platform_rows
from services.label.storage_use import StorageUse
from services.label.structure import format_sections, sections_from_meta
from services.label.versions import StorageMeter, Version
from services.label.waveform import svg_path
from services.media.probe import VOCAL_CAPS

Row = dict[str, str]


def media_url(asset_id: int, download: bool = False) -> str:
    return f"/api/media/{int(asset_id)}" + ("?download=1" if download else "")


def clock(seconds: float) -> str:
    s = int(round(seconds or 0))
    return f"{s // 60}:{s % 60:02d}"


def signed(value: float, unit: str = "") -> str:
    return f"{value:+.2f}{unit}".replace("-", "−")


def project_row(p: projects.ProjectInfo) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "progress": p.progress_percent, "stage": p.current_stage,
            "updated": p.updated_at.strftime("%d %b %H:%M")}


def beat_view(b: projects.AssetInfo | None) -> Row:
    """The beat panel's card: measured tempo and key, length, structure, generator and licence."""
    if b is None:
        return {}
    m = b.meta
    sections = m.get("sections") or []
    return {
        "id": str(b.id), "url": media_url(b.id), "label": b.label,
        "bpm": f"{float(m.get('bpm') or 0):.0f}", "key": str(m.get("key") or "—"), "duration": clock(b.duration_s),
        "generator": str(m.get("generator") or ("MusicGen" if m.get("source") == "replicate" else "Local synth")),
        "licence": str(m.get("licence") or "our own code"), "licence_note": str(m.get("licence_note") or ""),
        "commercial": "yes" if m.get("commercial", True) else "",
        "structure": format_sections(sections_from_meta(sections)) if sections else "",
        "derived": {"vocal": "from your takes", "artist": "as you set it", "length": "from the length"}.get(
            str(m.get("derived_from") or ""), ""),
        "notes": " ".join(m.get("notes") or []),
        "requested_bpm": f"{float((m.get('requested') or {}).get('bpm') or 0):.0f}",
    }


def section_names(b: projects.AssetInfo | None) -> list[Row]:
    """The beat's sections as a take can be assigned to them: "Verse 1 · 0:10–0:50"."""
    out: list[Row] = []
    counts: dict[str, int] = {}
    for i, s in enumerate((b.meta.get("sections") if b else None) or []):
        kind = str(s["kind"])
        counts[kind] = counts.get(kind, 0) + 1
        name = kind.capitalize() + (f" {counts[kind]}" if kind in ("verse", "chorus", "pre-chorus") else "")
        out.append({"index": str(i), "name": f"{name} · {clock(s['start_s'])}–{clock(s['end_s'])}"})
    return out


def take_rows(takes: Sequence[projects.AssetInfo], beat: projects.AssetInfo | None) -> list[Row]:
    names = {int(r["index"]): r["name"].split(" · ")[0] for r in section_names(beat)}
    rows = []
    for t in takes:
        sections = [names[i] for i in t.meta.get("sections") or [] if i in names]
        offset = float(t.meta.get("offset_s") or 0.0)
        rows.append({
            "id": str(t.id), "label": t.label or "Vocal take", "url": media_url(t.id), "duration": clock(t.duration_s),
            "format": str(t.meta.get("format") or "").split(",")[0].upper(), "wave": svg_path(t.meta.get("peaks") or []),
            "chosen": "yes" if t.meta.get("chosen") else "", "sections": ", ".join(sections),
            "offset": f"{signed(offset)} s", "offset_value": f"{offset:.3f}", "warning": str(t.meta.get("warning") or ""),
        })
    return rows


def _loud(meta: dict[str, Any], key: str) -> Loudness | None:
    data = meta.get(key) or {}
    try:
        return Loudness(float(data["integrated"]), float(data["true_peak"]), float(data["lra"]))
    except (KeyError, TypeError, ValueError):
        return None


def master_view(master: projects.AssetInfo | None, mix: projects.AssetInfo | None,
                mp3: projects.AssetInfo | None, wave: str = "", before_wave: str = "") -> Row:
    """The master card: figures of the WAV and of the decoded MP3, the mix before, and
    the player volumes of a loudness-matched A/B."""
    if master is None:
        return {}
    loud = _loud(master.meta, "loudness") or Loudness(0.0, 0.0, 0.0)
    before = _loud(master.meta, "mix_loudness") or (_loud(mix.meta, "loudness") if mix else None)
    mp3_loud = _loud(master.meta, "mp3_loudness") or (_loud(mp3.meta, "loudness") if mp3 else None)
    target = TARGETS.get(str(master.meta.get("target")), TARGETS["spotify"])
    mix_volume, master_volume = matched_volumes(before.integrated, loud.integrated) if before else (1.0, 1.0)
    return {
        "id": str(master.id), "url": media_url(master.id), "mp3_url": media_url(mp3.id) if mp3 else "",
        "before_url": media_url(mix.id) if mix else "", "label": master.label,
        "target": f"{target.name} {target.lufs:g} LUFS",
        "lufs": f"{loud.integrated:.1f}", "true_peak": f"{loud.true_peak:.1f}", "lra": f"{loud.lra:.1f}",
        "mp3_lufs": f"{mp3_loud.integrated:.1f}" if mp3_loud else "—",
        "mp3_peak": f"{mp3_loud.true_peak:.1f}" if mp3_loud else "—",
        "before_lufs": f"{before.integrated:.1f}" if before else "—",
        "before_peak": f"{before.true_peak:.1f}" if before else "—",
        "mix_volume": f"{mix_volume:.4f}", "master_volume": f"{master_volume:.4f}",
        "matched_by": f"{abs(loud.integrated - before.integrated):.1f}" if before else "0.0",
        "wave": wave, "before_wave": before_wave, "duration": clock(master.duration_s),
    }


def report_rows(master: projects.AssetInfo | None) -> list[Row]:
    """The mastering report: per platform, what its normalisation does to the WAV and
    to the MP3, and whether the true peak stays under its ceiling."""
    if master is None:
        return []
    wav, mp3 = _loud(master.meta, "loudness"), _loud(master.meta, "mp3_loudness")
    if wav is None:
        return []
    mp3_rows = platform_rows(mp3) if mp3 else []
    rows = []
    for i, w in enumerate(platform_rows(wav)):
        m = mp3_rows[i] if mp3_rows else None
        rows.append({"platform": w.platform, "target": f"{w.target_lufs:g} LUFS", "wav": w.verdict,
                     "mp3": m.verdict if m else "—", "ok": "yes" if w.peak_ok and (m is None or m.peak_ok) else ""})
    return rows


def version_rows(versions: Sequence[Version]) -> list[Row]:
    return [{"id": str(v.id), "kind": v.kind, "label": v.label, "when": v.created_at.strftime("%d %b %H:%M"),
             "size": f"{v.size_bytes / 1048576:.1f} MB", "duration": clock(v.duration_s),
             "kept": "yes" if v.kept else "", "in_use": "yes" if v.in_use else "", "url": media_url(v.play_id),
             "compare_url": media_url(v.compare_id) if v.compare_id else "", "licence": v.licence,
             "commercial": "yes" if v.commercial else ""} for v in versions]


def storage_use_rows(uses: Sequence[StorageUse]) -> list[Row]:
    """The "what uses storage" lines: category, files, this project, all projects, where to free it."""
    return [{"category": u.category, "files": formatting.count(u.files, "file"),
             "here": formatting.size(u.project_bytes, unit="megabyte"),
             "total": formatting.size(u.total_bytes, unit="megabyte"),
             "counted": "yes" if u.counted else "", "hint": u.how_to_free} for u in uses]


def meter_view(m: StorageMeter) -> Row:
    return {"text": m.text, "percent": str(m.percent), "level": m.level}


def browser_refusals(rejected: Sequence[dict[str, Any]]) -> str:
    """The browser refused files before sending them (too big, wrong type): one sentence each."""
    out = []
    for item in rejected:
        file = item.get("file") or {}
        name = str(file.get("name") or "a file")[:120]
        size = float(file.get("size") or 0)
        codes = {str(e.get("code")) for e in item.get("errors") or []}
        if "file-too-large" in codes:
            out.append(f"{name}: the file is {size / 1048576:.1f} MB; a vocal take may be "
                       f"{VOCAL_CAPS.max_bytes // 1048576} MB at most. It was not sent.")
        elif "file-invalid-type" in codes:
            out.append(f"{name}: not an audio file this page takes (WAV, MP3, AIFF, FLAC, OGG or M4A). It was not sent.")
        else:
            out.append(f"{name}: refused by the browser ({', '.join(sorted(codes)) or 'unknown reason'}).")
    return " ".join(out)


def number_or_error(text: str, what: str) -> float:
    """A number typed in a field, or a `LabelError` naming the field (never a silent default)."""
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        raise projects.LabelError(f"{what} must be a number; “{str(text).strip()[:20]}” is not.") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise projects.LabelError(f"{what} must be a number.")
    return value

"""Label figures: beat synthesis time, mix + master wall time and realtime factor for
a 3-minute stereo track (median of --repeats runs, each with the load average beside
it, as the machine is shared), loudness error, side by side with the seed's single-pass
chain, and each step's wall and CPU time (a step is a pipeline of ffmpeg processes
that run at once, so its CPU time can exceed its wall time); then the release pack:
cover candidates, the picked cover's sizes, and the ZIP build time for a 3-minute project.

    .venv/bin/python bench/label.py [--seconds 180] [--target spotify] [--repeats 3] [--pack-only]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import ffmpeg
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The release-pack bench writes a person, a project and files: keep them out of data/.
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="bench-label-")
for _key in ("OPENAI_API_KEY", "DB_URL", "MEDIA_ROOT"):
    os.environ.pop(_key, None)

from services.label.audio_io import SAMPLE_RATE, write_wav  # noqa: E402
from services.label.beat_synth import BeatSpec, render_beat  # noqa: E402
import services.label.mastering as mastering  # noqa: E402
from services.label.mastering import TARGETS, _run, measure_file, mix_and_master  # noqa: E402
from services.label.mixing import MixSettings, build_mix  # noqa: E402


def vocal_like(seconds: float, seed: int = 1) -> np.ndarray:
    """A sung-ish line: gliding harmonic tone with vibrato, syllables and sibilance."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    pitch = 220 * 2 ** (np.round(np.sin(2 * np.pi * 0.5 * t) * 3) / 12) * (1 + 0.006 * np.sin(2 * np.pi * 5.5 * t))
    phase = 2 * np.pi * np.cumsum(pitch) / SAMPLE_RATE
    tone = sum(np.sin(k * phase) / k for k in range(1, 6))
    mono = 0.25 * tone * (np.sin(2 * np.pi * 2.0 * t) > -0.3) + rng.normal(0, 0.15, len(t)) * (np.sin(2 * np.pi * 0.7 * t) > 0.9)
    return np.stack([mono, mono], axis=1).astype(np.float32)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(fn, repeats: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def seed_single_pass(beat: Path, vocal: Path, out_dir: Path, settings: MixSettings, lufs: float) -> float:
    """The seed's chain: mix + DSP + `loudnorm=I:TP=-1:LRA=7,alimiter=limit=0.98` in one run
    (its I is set to our target so the error is comparable), written as WAV and MP3."""
    stream = build_mix(beat, [vocal], settings).filter("loudnorm", I=lufs, TP=-1, LRA=7).filter(
        "alimiter", limit=0.98).filter("aresample", SAMPLE_RATE)
    start = time.perf_counter()
    _run("seed chain", ffmpeg.output(stream, str(out_dir / "seed.wav"), acodec="pcm_s24le", ar=SAMPLE_RATE))
    _run("seed mp3", ffmpeg.output(ffmpeg.input(str(out_dir / "seed.wav")).audio, str(out_dir / "seed.mp3"),
                                   acodec="libmp3lame", audio_bitrate="320k"))
    return time.perf_counter() - start


def release_pack_bench(seconds: float) -> None:
    """Covers and the ZIP build for a project whose master is `seconds` long (24-bit WAV + 320k MP3)."""
    import subprocess

    from services.accounts.models import User
    from services.billing import set_plan_override
    from services.db import get_engine, session_scope
    from services.label import projects
    from services.label.cover_art import make_candidates, pick_cover
    from services.label.release import save_release
    from services.label.release_pack import build_release_pack
    from services.models import metadata

    metadata.create_all(get_engine())
    with session_scope() as db:
        user = User(email="bench@example.com", display_name="bench", password_hash="x")
        db.add(user)
        db.flush()
        uid = int(user.id or 0)
        set_plan_override(db, uid, "pro")
    p = projects.create_project(uid, "Bench Song")
    folder = projects.project_dir(uid, p.id)
    beat = write_wav(folder / "src.wav", render_beat(BeatSpec(bpm=92, duration_s=seconds, genre="hip hop")))
    wav, mp3 = projects.new_file_name("master", "wav"), projects.new_file_name("master_mp3", "mp3")
    for out, codec in ((wav, ["-c:a", "pcm_s24le"]), (mp3, ["-c:a", "libmp3lame", "-b:a", "320k"])):
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(beat), *codec, str(folder / out)], check=True)
    loud = {"integrated": -14.0, "true_peak": -1.6, "lra": 5.0}
    projects.add_asset(uid, p.id, "master", wav, mime="audio/wav", duration_s=seconds, meta={"target": "spotify", "loudness": loud})
    projects.add_asset(uid, p.id, "master_mp3", mp3, mime="audio/mpeg", duration_s=seconds, meta={"target": "spotify", "loudness": loud})
    projects.update_project_data(uid, p.id, lyrics="[Verse 1]\n" + "\n".join(f"line {i}" for i in range(40)))
    save_release(uid, p.id, artist="Bench Artist", genre="hip hop", mood="dark", release_date="2026-12-04")
    t0 = time.perf_counter()
    candidates = make_candidates(uid, p.id)
    t1 = time.perf_counter()
    pick_cover(uid, p.id, candidates[0].id)
    t2 = time.perf_counter()
    marks: list[tuple[float, str]] = []
    start = time.perf_counter()
    result = build_release_pack(uid, p.id, on_progress=lambda _f, m: marks.append((time.perf_counter() - start, m)))
    print(f"\nrelease pack for a {seconds:.0f} s project (master WAV {(folder / wav).stat().st_size / 1e6:.1f} MB)")
    print(f"   3 cover candidates (local art, 1000 px)   {t1 - t0:6.2f} s")
    print(f"   pick: 3000 + 1500 + 1080x1920 JPEGs       {t2 - t1:6.2f} s")
    print(f"   ZIP build (copy, PDF, metadata, tagged MP3, zip)  {result.seconds:6.2f} s, {result.size_bytes / 1e6:.1f} MB")
    for (at, message), nxt in zip(marks[:-1], marks[1:], strict=True):
        print(f"      {message:<42} {nxt[0] - at:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--target", default="spotify", choices=sorted(TARGETS))
    parser.add_argument("--preset", default="warm")
    parser.add_argument("--repeats", type=int, default=3, help="runs of our mix + master (median shown)")
    parser.add_argument("--pack-only", action="store_true", help="only the release-pack figures")
    args = parser.parse_args()
    target = TARGETS[args.target]
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} on {os.cpu_count()} cores")
    if args.pack_only:
        release_pack_bench(args.seconds)
        return

    for secs in (30.0, 180.0):
        t = timed(lambda s=secs: render_beat(BeatSpec(bpm=92, duration_s=s)))
        print(f"beat synthesis {secs:>5.0f} s stereo: {t:.3f} s  ({secs / t:.0f}x realtime)")

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        beat = write_wav(root / "beat.wav", render_beat(BeatSpec(bpm=92, duration_s=args.seconds, genre="hip hop")))
        vocal = write_wav(root / "vocal.wav", vocal_like(args.seconds))
        settings = MixSettings(preset=args.preset)

        steps: list[tuple[str, float, float]] = []
        real_run = mastering._run

        def timed_run(step, *graphs):  # type: ignore[no-untyped-def]
            c0, t0 = child_cpu(), time.perf_counter()
            out = real_run(step, *graphs)
            steps.append((f"{step} ({len(graphs)} proc)", time.perf_counter() - t0, child_cpu() - c0))
            return out

        mastering._run = timed_run
        runs: list[tuple[float, float, float]] = []
        for _ in range(max(1, args.repeats)):
            steps.clear()
            load, cpu0, start = os.getloadavg()[0], child_cpu(), time.perf_counter()
            report = mix_and_master(beat, [vocal], root / "two_pass", settings, args.target)
            runs.append((time.perf_counter() - start, child_cpu() - cpu0, load))
        mastering._run = real_run
        wall, cpu, _ = sorted(runs)[len(runs) // 2]
        wav = measure_file(Path(report.wav_path))
        mp3 = measure_file(Path(report.mp3_path))

        cpu0 = child_cpu()
        seed_wall = seed_single_pass(beat, vocal, root, settings, target.lufs)
        seed_cpu = child_cpu() - cpu0
        seed_wav = measure_file(root / "seed.wav")
        seed_mp3 = measure_file(root / "seed.mp3")

    print(f"\n{args.seconds:.0f} s stereo track, beat + 1 vocal, preset {args.preset}, target {target.name} "
          f"{target.lufs:g} LUFS / {target.true_peak:g} dBTP")
    print(f"{'chain':<28}{'wall s':>8}{'x RT':>8}{'cpu s':>8}{'WAV LUFS':>10}{'err LU':>8}{'WAV dBTP':>10}"
          f"{'MP3 LUFS':>10}{'MP3 dBTP':>10}{'LRA':>6}")
    rows = [
        ("two-pass loudnorm (ours)", wall, cpu, wav, mp3),
        ("seed single-pass", seed_wall, seed_cpu, seed_wav, seed_mp3),
    ]
    for name, w, c, a, b in rows:
        print(f"{name:<28}{w:>8.2f}{args.seconds / w:>8.1f}{c:>8.2f}{a.integrated:>10.2f}{a.integrated - target.lufs:>+8.2f}"
              f"{a.true_peak:>10.1f}{b.integrated:>10.2f}{b.true_peak:>10.1f}{a.lra:>6.1f}")
    print(f"\nours: normalization_type={report.normalization_type}, passes over the audio={report.passes}, "
          f"pre-gain {report.pre_gain_db:+.2f} dB, limited={report.limited}, mp3 trim {report.mp3_trim_db} dB")
    print(f"ours, as reported: master {report.master.integrated:.2f} LUFS {report.master.true_peak:.1f} dBTP, "
          f"MP3 {report.mp3.integrated:.1f} LUFS {report.mp3.true_peak:.1f} dBTP")
    print(f"ours: realtime factor on CPU time {args.seconds / cpu:.1f}x (wall includes waiting for a shared machine)")
    print(f"target: mix + master of a {args.seconds:.0f} s song at >= 25x realtime (median wall): "
          f"{args.seconds / wall:.1f}x {'PASS' if args.seconds / wall >= 25 else 'FAIL'}")
    print("ours, every run: " + ", ".join(f"{w:.2f} s = {args.seconds / w:.1f}x (cpu {c:.2f} s, load {ld:.2f})"
                                          for w, c, ld in runs))
    for note in report.notes:
        print("  ", note)
    print("ours, per step of the last run (its processes run at once, joined by pipes):")
    for step, w, c in steps:
        print(f"   {step:<20} wall {w:6.2f} s  cpu {c:6.2f} s")
    release_pack_bench(args.seconds)
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

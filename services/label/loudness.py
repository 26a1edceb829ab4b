"""Loudness: the targets, EBU R128 measurement with ffmpeg (`ebur128` with true peak,
`loudnorm` in pass-through for 0.01 LU), the pipeline runner that joins ffmpeg
processes with pipes, and the mastering report an engineer would hand back (the
master's figures against each platform's target, for the WAV and the decoded MP3).
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import ffmpeg

from services.label.audio_io import SAMPLE_RATE

@dataclass(frozen=True)
class MasterTarget:
    """A loudness target: integrated LUFS and the true-peak ceiling of the master."""

    name: str
    lufs: float
    true_peak: float = -1.5  # leaves room for MP3's extra true peak
    lossy_ceiling: float = -1.0  # what the decoded MP3 must stay under


TARGETS: dict[str, MasterTarget] = {
    "spotify": MasterTarget("Spotify", -14.0),
    "apple": MasterTarget("Apple Music", -16.0),
    "youtube": MasterTarget("YouTube", -14.0),
    "club": MasterTarget("Club", -9.0),
}


@dataclass(frozen=True)
class Loudness:
    """EBU R128 figures of one signal."""

    integrated: float
    true_peak: float
    lra: float
    threshold: float = -70.0


class MasterError(RuntimeError):
    """ffmpeg failed; the message says at which step."""


_NUM = r"(-?(?:inf|\d+(?:\.\d+)?))"
_TIMEOUT_S = 1800


# Each process filters on one thread. ffmpeg's default gives the biquads (EQ, high-pass)
# one job per channel on every 1024-sample frame, and waking threads that often cost
# more than the filtering: 4x the CPU time (mostly in the kernel) and 3x the wall time
# for the EQ of a 3-minute song. The pipeline's processes already use both cores.
_ONE_THREAD = ("-filter_threads", "1", "-filter_complex_threads", "1")


def _run(step: str, *graphs: Any) -> list[str]:
    """Run ffmpeg-python graphs as one pipeline: each process reads the previous one's
    stdout (`pipe:`), all run at once, so one core renders while the other encodes or
    measures. Returns each process's stderr (where the figures are), in order."""
    procs: list[subprocess.Popen[bytes]] = []
    logs: list[IO[bytes]] = []
    upstream: IO[bytes] | None = None
    try:
        for i, graph in enumerate(graphs):
            logs.append(tempfile.TemporaryFile())  # a file, not a pipe: a chatty stderr never blocks
            args = ["ffmpeg", "-hide_banner", "-nostdin", "-nostats", *_ONE_THREAD, "-y", *graph.get_args()]
            last = i == len(graphs) - 1
            proc = subprocess.Popen(args, stdin=upstream or subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL if last else subprocess.PIPE, stderr=logs[-1])
            procs.append(proc)
            if upstream is not None:
                upstream.close()  # the reader holds it now, so the writer sees a broken pipe if it dies
            upstream = proc.stdout
        deadline = time.monotonic() + _TIMEOUT_S
        for proc in procs:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired as exc:
        raise MasterError(f"{step} took longer than {_TIMEOUT_S // 60} minutes") from exc
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    stderr = []
    for log in logs:
        log.seek(0)
        stderr.append(log.read().decode("utf-8", "replace"))
        log.close()
    failed = [err for proc, err in zip(procs, stderr, strict=True) if proc.returncode != 0]
    if failed:
        # The last failure is the cause: a reader that dies breaks its writer's pipe,
        # a writer that dies leaves its reader a short but valid input.
        tail = " | ".join(failed[-1].strip().splitlines()[-3:])
        raise MasterError(f"{step} failed: {tail}")
    return stderr


# What pipelined processes pass each other: 32-bit float keeps every bit of the
# float graphs, so splitting a chain across processes changes no sample.
_PCM: dict[str, Any] = {"format": "f32le", "ac": 2, "ar": SAMPLE_RATE}


def _to_pipe(stream: Any) -> Any:
    return ffmpeg.output(stream, "pipe:", acodec="pcm_f32le", **_PCM)


def _from_pipe(**fmt: Any) -> Any:
    return ffmpeg.input("pipe:", **(fmt or _PCM)).audio


def loudnorm_json(stderr: str) -> dict[str, str]:
    """The last JSON block loudnorm printed."""
    start = stderr.rfind("[Parsed_loudnorm")
    if start < 0:
        raise MasterError("loudnorm printed no figures")
    body = stderr[stderr.index("{", start): stderr.index("}", start) + 1]
    return json.loads(body)


def ebur128_summary(stderr: str) -> tuple[float, float, float]:
    """(integrated, lra, true peak) from ebur128's summary at the end of stderr."""
    found = _ebur128_fields(stderr)
    return found["i"], found["lra"], found["tp"]


def _ebur128_fields(stderr: str) -> dict[str, float]:
    tail = stderr[stderr.rfind("Summary:"):]
    found: dict[str, float] = {}
    for key, pattern in (("i", rf"I:\s+{_NUM} LUFS"), ("thresh", rf"Threshold:\s+{_NUM} LUFS"),
                         ("lra", rf"LRA:\s+{_NUM} LU"), ("tp", rf"Peak:\s+{_NUM} dBFS")):
        m = re.search(pattern, tail)
        if m:
            found[key] = float(m.group(1))
        elif key != "thresh":
            raise MasterError("ebur128 printed no summary")
    found.setdefault("thresh", found["i"] - 10.0)
    return found


def _check(stream: Any) -> Any:
    """Measure a stream and discard it: ebur128 with true peak (framelog=verbose keeps
    its per-frame lines out of stderr at the default log level)."""
    return ffmpeg.output(stream.filter("ebur128", peak="true", framelog="verbose"), "-", format="null")


def _checked(stderr: str) -> Loudness:
    """The figures `_check` printed (0.1 LU resolution)."""
    found = _ebur128_fields(stderr)
    return Loudness(found["i"], found["tp"], found["lra"], found["thresh"])


def _passthrough_loudnorm(stream: Any, target: MasterTarget) -> Any:
    """loudnorm set up to measure only: linear with the target as the 'measured'
    loudness means zero gain, yet it still reports the input's real figures."""
    return stream.filter(
        "loudnorm", I=target.lufs, TP=target.true_peak, LRA=50, measured_I=target.lufs,
        measured_TP=target.true_peak - 1.0, measured_LRA=1, measured_thresh=target.lufs - 10,
        linear="true", print_format="json",
    )


def measure_file(path: Path, target: MasterTarget | None = None) -> Loudness:
    """Integrated loudness (0.01 LU, from loudnorm), true peak and LRA of any audio file
    (decoded by ffmpeg); the independent check of a finished file."""
    t = target or TARGETS["spotify"]
    stream = _passthrough_loudnorm(ffmpeg.input(str(path)).audio.filter("ebur128", peak="true", framelog="verbose"), t)
    stderr = _run("measuring", ffmpeg.output(stream, "-", format="null"))[0]
    figures = loudnorm_json(stderr)
    _, _, tp = ebur128_summary(stderr)
    return Loudness(integrated=float(figures["input_i"]), true_peak=tp,
                    lra=float(figures["input_lra"]), threshold=float(figures["input_thresh"]))


# --- the mastering report --------------------------------------------------------------

# What each platform does with a track (published normalisation targets): Spotify and
# YouTube play at -14 LUFS, Apple Music (Sound Check) at -16; all ask for true peaks
# at or below -1 dBTP so the lossy encode does not clip.
PLATFORMS: tuple[tuple[str, float], ...] = (("Spotify", -14.0), ("Apple Music", -16.0), ("YouTube", -14.0))
PLATFORM_CEILING_DBTP = -1.0


@dataclass(frozen=True)
class PlatformRow:
    """How one platform will play the master (from the WAV's or the MP3's figures)."""

    platform: str
    target_lufs: float
    change_db: float  # what the platform's normalisation will do (negative: turned down)
    peak_ok: bool

    @property
    def verdict(self) -> str:
        if abs(self.change_db) < 0.5:
            action = "plays as is"
        elif self.change_db < 0:
            action = f"turned down {-self.change_db:.1f} dB"
        else:
            action = f"turned up {self.change_db:.1f} dB (if the platform raises quiet tracks)"
        return action + ("" if self.peak_ok else f"; true peak over {PLATFORM_CEILING_DBTP:g} dBTP")


def platform_rows(measured: Loudness) -> list[PlatformRow]:
    """The report's per-platform lines for one measured file."""
    return [PlatformRow(name, lufs, round(lufs - measured.integrated, 1),
                        measured.true_peak <= PLATFORM_CEILING_DBTP + 0.05) for name, lufs in PLATFORMS]


def matched_volumes(mix_lufs: float, master_lufs: float) -> tuple[float, float]:
    """Loudness-matched A/B: player volumes (0..1) for the mix and the master so both
    play equally loud and the ear judges the processing, not the level. The louder
    one is turned down to the quieter one."""
    diff = master_lufs - mix_lufs
    if diff >= 0:
        return 1.0, round(10 ** (-diff / 20), 4)
    return round(10 ** (diff / 20), 4), 1.0

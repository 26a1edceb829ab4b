"""The content studio: a video idea, an uploaded video with its audio extracted and
transcribed, the viral-score checklist, and the text pack.

Videos (MP4, MOV or WebM, at most 200 MB) are judged by ffprobe, never by their name,
in a temporary file; only a video that passed reaches the project. Transcription uses
OpenAI Whisper when a key is set; without one the video is marked "transcription
needs a key" and no transcript is ever invented.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from services import quotas
from services.ai import ContentPack, VideoIdea, get_composer
from services.ai.transcription import Transcriber, get_transcriber
from services.db import session_scope
from services.label import projects
from services.label.projects import LabelError
from services.label.release import track_brief
from services.label.schedule import sensible_hashtags
from services.ai.text import fix_articles
from services.media.probe import MediaError, ffprobe_json
from services.storage import StorageFull, check_storage, place_within_quota

Progress = Callable[[float, str], None]

MAX_VIDEO_BYTES = 200 * 1024 * 1024
ACCEPTED_VIDEO = "MP4, MOV or WebM"
_VIDEO_FORMATS = {"mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm"}


class VideoError(LabelError):
    """A video we cannot use; the message says what to do."""


@dataclass(frozen=True)
class VideoProbe:
    format_name: str
    video_codec: str
    width: int
    height: int
    duration_s: float
    fps: float
    has_audio: bool


def _size_text(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def check_video_size(size: int) -> None:
    if size <= 0:
        raise VideoError("The video is empty (0 bytes). Choose the file again.")
    if size > MAX_VIDEO_BYTES:
        raise VideoError(f"The video is {_size_text(size)}; the limit is 200 MB. Export it shorter or at a lower "
                         "bit rate (1080p H.264 is plenty for TikTok, Shorts and Reels).")


def probe_video(path: Path) -> VideoProbe:
    """What ffprobe finds; `VideoError` when it is not an MP4, MOV or WebM video."""
    try:
        info = ffprobe_json(path)
    except MediaError as exc:
        raise VideoError(str(exc)) from exc
    fmt = info.get("format") or {}
    streams = info.get("streams") or []
    video = [s for s in streams if s.get("codec_type") == "video" and not (s.get("disposition") or {}).get("attached_pic")]
    if not fmt or not video:
        raise VideoError(f"This file is not a video we can read. Upload {ACCEPTED_VIDEO}.")
    names = set(str(fmt.get("format_name", "")).split(","))
    if not names & _VIDEO_FORMATS:
        raise VideoError(f"This video is {fmt.get('format_name') or 'an unknown format'}; upload {ACCEPTED_VIDEO}.")
    v = video[0]
    num, _, den = str(v.get("avg_frame_rate") or "0/1").partition("/")
    try:
        fps = float(num) / float(den or 1) if float(den or 1) else 0.0
    except ValueError:
        fps = 0.0
    try:
        duration = float(fmt.get("duration") or v.get("duration") or 0)
    except ValueError:
        duration = 0.0
    return VideoProbe(
        format_name=str(fmt.get("format_name", "")), video_codec=str(v.get("codec_name", "")),
        width=int(v.get("width") or 0), height=int(v.get("height") or 0), duration_s=round(duration, 3),
        fps=round(fps, 2), has_audio=any(s.get("codec_type") == "audio" for s in streams),
    )


def _extension(format_name: str) -> str:
    names = set(format_name.split(","))
    if "webm" in names or "matroska" in names:
        return "webm"
    if "mp4" in names:
        return "mp4"
    return "mov"


def extract_audio(video: Path, out: Path) -> Path:
    """The video's sound as 16 kHz mono MP3 (small enough for Whisper's 25 MB limit)."""
    proc = subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", "-i", str(video), "-vn",
                           "-ac", "1", "-ar", "16000", "-c:a", "libmp3lame", "-b:a", "64k", str(out)],
                          capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        raise VideoError("The video's sound could not be extracted; export the video again and retry.")
    return out


# --- the project's videos --------------------------------------------------------------------

def save_upload(stream: BinaryIO, dest: Path, limit: int = MAX_VIDEO_BYTES) -> int:
    """Copy an upload to `dest`, stopping as soon as it passes the limit."""
    size = 0
    with dest.open("wb") as out:
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    return size


def add_video(user_id: int, project_id: int, data: bytes | BinaryIO, label: str = "", *,
              transcriber: Transcriber | None = None, on_progress: Progress | None = None) -> projects.AssetInfo:
    """Check, keep, extract the sound of and transcribe an uploaded video.

    The video asset's meta holds the probe, `audio_asset_id` of the extracted sound and
    the transcript's status and text. A bad file raises `VideoError` and leaves nothing behind."""
    say = on_progress or (lambda _f, _m: None)
    projects.get_project(user_id, project_id)
    known = len(data) if isinstance(data, (bytes, bytearray)) else 0
    if isinstance(data, (bytes, bytearray)):
        check_video_size(known)
    try:  # storage and the daily upload quota are checked before a byte is written
        check_storage(user_id, known)
        with session_scope() as db:
            quotas.check(db, user_id, "upload_bytes", known)
    except (StorageFull, quotas.QuotaExceeded) as exc:
        raise VideoError(exc.message) from exc
    folder = projects.project_dir(user_id, project_id)
    fd, tmp_name = tempfile.mkstemp(dir=folder.parent, suffix=".upload")
    os.close(fd)
    tmp = Path(tmp_name)
    audio_tmp = tmp.with_suffix(".mp3")
    try:
        say(0.05, "Checking the video")
        if isinstance(data, (bytes, bytearray)):
            tmp.write_bytes(data)
            size = len(data)
        else:
            size = save_upload(data, tmp)
        check_video_size(size)
        info = probe_video(tmp)
        if not info.has_audio:
            raise VideoError("This video has no sound, so there is nothing to transcribe. Upload the version with audio.")
        try:
            check_storage(user_id, size)
            quotas.charge_now(user_id, "upload_bytes", size)
        except (StorageFull, quotas.QuotaExceeded) as exc:
            raise VideoError(exc.message) from exc
        say(0.3, "Extracting the sound")
        extract_audio(tmp, audio_tmp)
        video_name = projects.new_file_name("video", _extension(info.format_name))
        audio_name = projects.new_file_name("video_audio", "mp3")
        try:  # the final, locked storage check (the video is counted once, the sound too)
            place_within_quota(user_id, [(tmp, folder / video_name), (audio_tmp, folder / audio_name)])
        except StorageFull as exc:
            with session_scope() as db:
                quotas.refund(db, user_id, "upload_bytes", size)
            raise VideoError(exc.message) from exc
    finally:
        tmp.unlink(missing_ok=True)
        audio_tmp.unlink(missing_ok=True)
    mime = {"webm": "video/webm", "mp4": "video/mp4", "mov": "video/quicktime"}[_extension(info.format_name)]
    clean_label = " ".join((label or "").split())[:200] or f"Video {info.width}x{info.height}"
    audio = projects.add_asset(user_id, project_id, "video_audio", audio_name, label=f"Sound of {clean_label}",
                               mime="audio/mpeg", duration_s=info.duration_s)
    video = projects.add_asset(user_id, project_id, "video", video_name, label=clean_label, mime=mime,
                               duration_s=info.duration_s,
                               meta={"width": info.width, "height": info.height, "fps": info.fps,
                                     "codec": info.video_codec, "audio_asset_id": audio.id,
                                     "transcript_status": "pending", "transcript": ""})
    say(0.6, "Transcribing")
    video = transcribe_video(user_id, video.id, transcriber=transcriber)
    say(1.0, "Video ready")
    return video


def transcribe_video(user_id: int, video_id: int, *, transcriber: Transcriber | None = None) -> projects.AssetInfo:
    """(Re)transcribe a kept video's sound; the result (or the honest reason why not) is stored."""
    video = projects.get_asset(user_id, video_id)
    if video.kind != "video":
        raise LabelError("That is not a video.")
    audio_path = projects.asset_path(user_id, int(video.meta.get("audio_asset_id") or 0))
    if audio_path is None:
        raise VideoError("The video's sound is missing; upload the video again.")
    result = (transcriber or get_transcriber()).transcribe(audio_path, user_id)
    return projects.update_asset_meta(user_id, video_id, transcript_status=result.status, transcript=result.text,
                        transcript_source=result.source, transcript_message=result.message)


# --- ideas, score and text -------------------------------------------------------------------

def video_idea(user_id: int, project_id: int) -> VideoIdea:
    idea = get_composer().video_idea(track_brief(user_id, project_id), user_id=user_id)
    projects.update_project_data(user_id, project_id, video_idea=idea.model_dump(exclude={"fallback_reason"}))
    return idea


def content_pack(user_id: int, project_id: int, transcript: str = "") -> ContentPack:
    """Captions, hashtags, hooks, strategy and ideas; ticks the content stage (as the seed does)."""
    brief = track_brief(user_id, project_id, transcript)
    pack = get_composer().content_pack(brief, user_id=user_id)
    pack = pack.model_copy(update={
        "hashtags": sensible_hashtags(pack.hashtags, [brief.genre, brief.mood, brief.title, brief.artist]),
        "captions": [fix_articles(c) for c in pack.captions], "hooks": [fix_articles(h) for h in pack.hooks]})
    projects.update_project_data(user_id, project_id, content_pack=pack.model_dump(exclude={"fallback_reason"}))
    projects.mark_stage_done(user_id, project_id, "content")
    return pack


@dataclass(frozen=True)
class ScoreItem:
    label: str
    points: int
    earned: bool
    detail: str
    suggestion: str


@dataclass(frozen=True)
class ViralScore:
    """The seed's formula, shown item by item so nothing about it is hidden."""

    score: int
    base: int
    maximum: int
    items: list[ScoreItem] = field(default_factory=list)

    @property
    def suggestions(self) -> list[str]:
        return [i.suggestion for i in self.items if not i.earned]


def viral_score(caption: str, hashtags: list[str] | str, hook: str, title: str) -> ViralScore:
    """The seed's formula: 50 + 10 (caption > 60 chars) + 5 (has hashtags) + 10 (hook > 20 chars)
    + 5 (title has "you"). Its terms add up to 80 (the seed's text says "max 95", which its own
    formula cannot reach), so the page shows the score out of 80."""
    tags = hashtags.split() if isinstance(hashtags, str) else list(hashtags)
    tags = [t for t in tags if t.strip().lstrip("#")]
    caption, hook = (caption or "").strip(), (hook or "").strip()
    words = {w.strip(".,!?'\"").lower() for w in (title or "").split()}
    items = [
        ScoreItem("Caption longer than 60 characters", 10, len(caption) > 60, f"{len(caption)} characters",
                  "Write a fuller caption (over 60 characters): say what the clip is and why to watch to the end."),
        ScoreItem("Has hashtags", 5, bool(tags), f"{len(tags)} hashtags",
                  "Add 3-5 hashtags: the genre, the mood and one trend you genuinely fit."),
        ScoreItem("Hook longer than 20 characters", 10, len(hook) > 20, f"{len(hook)} characters",
                  "Open with a hook of more than 20 characters that poses a question or a promise."),
        ScoreItem("Title speaks to \"you\"", 5, bool(words & {"you", "your", "you're", "yours"}),
                  "title mentions you" if words & {"you", "your", "you're", "yours"} else "no \"you\" in the title",
                  "Address the viewer: a title with \"you\" or \"your\" reads as an invitation."),
    ]
    base = 50
    return ViralScore(base + sum(i.points for i in items if i.earned), base, base + sum(i.points for i in items), items)

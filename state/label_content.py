"""The content stage: a video idea, uploaded videos with their sound extracted and a
transcript (or an honest "needs a key"), the viral-score checklist, the text pack
and scheduled posts with a month calendar.

ContentStudioState vars: `idea`, `videos` (with transcript state), the viral-score
inputs and `score_items`, `pack` (text pack), the schedule form, `posts`, `calendar`.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import reflex as rx

from services.config import get_settings
from services.label import content, projects, release, schedule
from services.label.projects import LabelError
from services.label.views import media_url as file_url
from state.auth import current_user
from state.label_common import ProjectStage, run_with_progress
from state.live import on_change

PLATFORMS: dict[str, str] = dict(schedule.PLATFORMS)  # the page's platform choices
TIMEZONES = ["UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago",
             "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney"]


class ContentStudioState(ProjectStage, rx.State):
    """The content stage; see the module docstring."""

    song_title: str = ""
    notice: str = ""
    idea: dict[str, str] = {}
    videos: list[dict[str, str]] = []
    busy: str = ""
    progress: int = 0
    progress_message: str = ""
    caption: str = ""
    hashtags: str = ""
    hook: str = ""
    pack: dict[str, list[str]] = {}
    strategy: str = ""
    platform: str = "tiktok"
    post_date: str = ""
    post_time: str = "18:00"
    post_zone: str = "UTC"
    schedule_error: str = ""
    posts: list[dict[str, str]] = []
    month: str = ""  # yyyy-mm shown in the calendar
    calendar: list[list[dict[str, str]]] = []
    _pending: str = ""

    @rx.var
    def score_items(self) -> list[dict[str, str]]:
        result = content.viral_score(self.caption, self.hashtags, self.hook, self.song_title)
        return [{"label": i.label, "points": f"+{i.points}", "earned": "yes" if i.earned else "",
                 "detail": i.detail, "suggestion": "" if i.earned else i.suggestion} for i in result.items]

    @rx.var
    def score(self) -> str:
        result = content.viral_score(self.caption, self.hashtags, self.hook, self.song_title)
        return f"{result.score} / {result.maximum}"

    def _clear_messages(self) -> None:
        self.error, self.notice = "", ""

    def _fill(self, user_id: int) -> None:
        pid = self.project_id
        project = projects.get_project(user_id, pid)
        self.song_title = release.get_release(user_id, pid).title
        self.idea = {k: str(v) for k, v in (project.data.get("video_idea") or {}).items()}
        pack = project.data.get("content_pack") or {}
        self.pack = {k: [str(x) for x in pack.get(k, [])] for k in ("captions", "hashtags", "hooks", "ideas")}
        self.strategy = str(pack.get("posting_strategy", ""))
        self.videos = [{"id": str(a.id), "url": file_url(a.id), "label": a.label, "duration": f"{a.duration_s:.1f} s",
                        "size": f"{a.meta.get('width')}×{a.meta.get('height')}",
                        "audio_url": file_url(int(a.meta.get("audio_asset_id") or 0)),
                        "status": str(a.meta.get("transcript_status", "")),
                        "transcript": str(a.meta.get("transcript", "")),
                        "message": str(a.meta.get("transcript_message", ""))}
                       for a in projects.list_assets(user_id, pid, "video")]
        self._fill_posts(user_id)

    def _fill_posts(self, user_id: int) -> None:
        posts = schedule.list_posts(user_id, self.project_id)
        self.posts = [{"id": str(p.id), "platform": p.platform_label, "when": f"{p.local_date} {p.local_time}",
                       "zone": p.timezone, "caption": p.caption, "hashtags": " ".join(p.hashtags), "status": p.status}
                      for p in posts]
        if not self.month:
            self.month = date.today().strftime("%Y-%m")
        year, month = (int(x) for x in self.month.split("-"))
        self.calendar = [[{"day": d.day[-2:], "date": d.day, "in_month": "yes" if d.in_month else "",
                           "posts": ", ".join(f"{p.local_time} {p.platform_label}" for p in d.posts)}
                          for d in week] for week in schedule.month_calendar(posts, year, month)]

    @rx.event
    def set_caption(self, value: str):
        self.caption = value

    @rx.event
    def set_hashtags(self, value: str):
        self.hashtags = value

    @rx.event
    def set_hook(self, value: str):
        self.hook = value

    @rx.event
    def set_platform(self, value: str):
        self.platform = value

    @rx.event
    def set_post_date(self, value: str):
        self.post_date = value

    @rx.event
    def set_post_time(self, value: str):
        self.post_time = value

    @rx.event
    def set_post_zone(self, value: str):
        self.post_zone = value

    @rx.event
    async def shift_month(self, delta: int):
        user = await current_user(self)
        if user is None:
            return
        year, month = (int(x) for x in (self.month or date.today().strftime("%Y-%m")).split("-"))
        month += int(delta)
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        self.month = f"{year:04d}-{month:02d}"
        await asyncio.to_thread(self._fill_posts, user.id)

    @rx.event
    def use_text(self, kind: str, value: str):
        """Take a caption, hook or the hashtags from the text pack into the checklist."""
        if kind == "caption":
            self.caption = value
        elif kind == "hook":
            self.hook = value
        elif kind == "hashtags":
            self.hashtags = value

    @rx.event(background=True)
    async def make_idea(self):
        async with self:
            user = await current_user(self)
            if user is None or not self.project_id or self.busy:
                return
            self.busy, pid, uid = "idea", self.project_id, user.id
        await asyncio.to_thread(content.video_idea, uid, pid)
        async with self:
            self.busy = ""
            await asyncio.to_thread(self._fill, uid)

    @rx.event(background=True)
    async def make_pack(self):
        async with self:
            user = await current_user(self)
            if user is None or not self.project_id or self.busy:
                return
            self.busy, pid, uid = "pack", self.project_id, user.id
            transcript = next((v["transcript"] for v in self.videos if v["transcript"]), "")
        await asyncio.to_thread(content.content_pack, uid, pid, transcript)
        async with self:
            self.busy = ""
            await asyncio.to_thread(self._fill, uid)

    @rx.event
    async def upload_video(self, files: list[rx.UploadFile]):
        """Keep the upload in a holding file (size-checked while reading), then process it in the background."""
        user = await current_user(self)
        if user is None or not self.project_id or not files:
            return
        upload = files[0]
        holding = get_settings().media_dir / ".incoming"
        holding.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=holding, suffix=".video")
        os.close(fd)
        size = 0
        with open(name, "wb") as out:
            while chunk := await upload.read(1024 * 1024):
                size += len(chunk)
                if size > content.MAX_VIDEO_BYTES:
                    break
                out.write(chunk)
        try:
            content.check_video_size(size)
        except content.VideoError as exc:
            Path(name).unlink(missing_ok=True)
            self.error = str(exc)
            return
        self._pending, self.error, self.notice = name, "", ""
        return ContentStudioState.process_video

    @rx.event(background=True)
    async def process_video(self):
        async with self:
            user = await current_user(self)
            name, self._pending = self._pending, ""
            if user is None or not name or self.busy:
                if name:
                    Path(name).unlink(missing_ok=True)
                return
            self.busy, self.progress, self.progress_message = "video", 0, "Checking the video"
            pid, uid = self.project_id, user.id
        try:
            with open(name, "rb") as fh:
                await run_with_progress(self, lambda report: content.add_video(uid, pid, fh, "Uploaded video",
                                                                               on_progress=report))
            async with self:
                self.notice = "Video kept and its sound extracted."
        except LabelError as exc:
            async with self:
                self.error = str(exc)
        finally:
            Path(name).unlink(missing_ok=True)
        async with self:
            self.busy = ""
            await asyncio.to_thread(self._fill, uid)

    @rx.event
    async def schedule(self, form: dict[str, Any]):
        """Store a post; an invalid date keeps the whole form as typed and says what to fix."""
        user = await current_user(self)
        if user is None or not self.project_id:
            return
        caption = str(form.get("post_caption", self.caption))
        tags = str(form.get("post_hashtags", self.hashtags))
        self.caption, self.hashtags = caption, tags
        try:
            await asyncio.to_thread(schedule.schedule_post, user.id, self.project_id, self.platform, self.post_date,
                                    self.post_time, self.post_zone, caption, tags)
        except LabelError as exc:
            self.schedule_error = str(exc)
            return
        self.schedule_error = ""
        self.month = self.post_date[:7]
        await asyncio.to_thread(self._fill_posts, user.id)
        return rx.toast.success("Post scheduled.")

    @rx.event
    async def cancel(self, post_id: int):
        user = await current_user(self)
        if user is None:
            return
        try:
            await asyncio.to_thread(schedule.cancel_post, user.id, int(post_id))
        except LabelError as exc:
            self.schedule_error = str(exc)
        await asyncio.to_thread(self._fill_posts, user.id)

    async def refresh(self) -> None:
        user = await current_user(self)
        if user is not None and self.project_id:
            await asyncio.to_thread(self._fill_posts, user.id)


on_change(schedule.TOPIC, ContentStudioState, lambda state: state.refresh())

"""States of the release, content and analytics stages of the label timeline.

Each state works on one project, chosen with `open_project(project_id)` (the label page
calls it when a project is opened; every service call re-checks ownership with the
signed-in user, resolved on the server). Long work (covers, the pack, videos) runs in
background events with progress shown on the page.

ReleaseStudioState vars: the release fields (`title`, `artist`, `genre`, `mood`,
`explicit`, `release_date`, `isrc`, `upc`), `error`, `notice`, `missing` (what the pack
still needs), `candidates` / `finals` (cover files with URLs), `copy` (description,
press pitch, tagline), `busy`, `progress`, `progress_message`, `packs` (built ZIPs).

ContentStudioState vars: `idea`, `videos` (with transcript state), the viral-score
inputs and `score_items`, `pack` (text pack), the schedule form, `posts`, `calendar`.

LabelAnalyticsState vars: `scope`, the chart series, `totals`.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import reflex as rx

from services import billing
from services.config import get_settings
from services.label import analytics, content, cover_art, projects, release, release_pack, schedule
from services.label.projects import LabelError
from services.label.schedule import PLATFORMS  # noqa: F401  (the content studio's platform picker)
from state.auth import current_user
from state.live import on_change
from state.upgrade import UpgradeState


def file_url(asset_id: int, download: bool = False) -> str:
    return f"/api/media/{asset_id}" + ("?download=1" if download else "")


async def _with_progress(state: Any, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `fn(..., on_progress=cb)` in a thread; each step lands in `state.progress*`."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, str]] = asyncio.Queue()

    def report(fraction: float, message: str) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, (fraction, message))

    task = asyncio.ensure_future(asyncio.to_thread(fn, *args, on_progress=report, **kwargs))
    while not task.done() or not queue.empty():
        try:
            fraction, message = await asyncio.wait_for(queue.get(), 0.3)
        except asyncio.TimeoutError:
            continue
        async with state:
            state.progress, state.progress_message = int(fraction * 100), message
    return await task


class ReleaseStudioState(rx.State):
    """The release stage; see the module docstring."""

    project_id: int = 0
    title: str = ""
    artist: str = ""
    genre: str = ""
    mood: str = ""
    explicit: bool = False
    release_date: str = ""
    isrc: str = ""
    upc: str = ""
    error: str = ""
    notice: str = ""
    missing: list[str] = []
    candidates: list[dict[str, str]] = []
    picked_id: int = 0
    finals: list[dict[str, str]] = []
    copy: dict[str, str] = {}
    busy: str = ""  # "" | covers | pick | copy | pack
    progress: int = 0
    progress_message: str = ""
    packs: list[dict[str, str]] = []

    def _fill(self, user_id: int) -> None:
        pid = self.project_id
        info = release.get_release(user_id, pid)
        self.title, self.artist, self.genre, self.mood = info.title, info.artist, info.genre, info.mood
        self.explicit, self.release_date, self.isrc, self.upc = info.explicit, info.release_date, info.isrc_display, info.upc
        self.missing = [str(m) for m in release.readiness(user_id, pid).missing]
        self.candidates = [{"id": str(a.id), "url": file_url(a.id), "source": str(a.meta.get("source", ""))}
                           for a in reversed(projects.list_assets(user_id, pid, "cover_candidate"))]
        project = projects.get_project(user_id, pid)
        self.picked_id = int(project.data.get("cover_candidate_id") or 0)
        order = {"cover_3000": 0, "cover_1500": 1, "cover_vertical": 2}
        finals = [a for kind in order for a in projects.list_assets(user_id, pid, kind)]
        self.finals = [{"kind": a.kind, "url": file_url(a.id), "download": file_url(a.id, True),
                        "size": f"{a.meta.get('width')}×{a.meta.get('height')}"} for a in finals]
        self.copy = {k: str(v) for k, v in release.saved_copy(user_id, pid).items()}
        self.packs = [{"id": str(a.id), "url": file_url(a.id, True), "label": a.label,
                       "when": a.created_at.strftime("%d %b %Y %H:%M UTC"), "size": f"{a.size_bytes / 1e6:.1f} MB"}
                      for a in projects.list_assets(user_id, pid, "release_pack")]

    @rx.event
    async def open_project(self, project_id: int):
        """Show one of the person's projects (a project of anyone else shows nothing)."""
        user = await current_user(self)
        if user is None:
            return
        self.project_id, self.error, self.notice = int(project_id), "", ""
        try:
            await asyncio.to_thread(self._fill, user.id)
        except LabelError as exc:
            self.project_id, self.error = 0, str(exc)

    @rx.event
    def set_explicit(self, value: bool):
        self.explicit = bool(value)

    @rx.event
    async def save(self, form: dict[str, Any]):
        """Validate and save the release details; a bad field keeps everything as typed."""
        user = await current_user(self)
        if user is None or not self.project_id:
            return
        fields = {k: str(form.get(k, "")) for k in ("title", "artist", "genre", "mood", "release_date", "isrc", "upc")}
        fields["explicit"] = self.explicit
        for key, value in fields.items():
            setattr(self, key, value)
        try:
            info = await asyncio.to_thread(release.save_release, user.id, self.project_id, **fields)
        except LabelError as exc:
            self.error, self.notice = str(exc), ""
            return
        self.error, self.notice = "", "Release details saved."
        self.isrc, self.upc = info.isrc_display, info.upc
        self.missing = [str(m) for m in (await asyncio.to_thread(release.readiness, user.id, self.project_id)).missing]

    async def _begin(self, task: str) -> int | None:
        user = await current_user(self)
        if user is None or not self.project_id or self.busy:
            return None
        self.busy, self.progress, self.progress_message, self.error, self.notice = task, 0, "Starting", "", ""
        return user.id

    @rx.event(background=True)
    async def make_covers(self):
        """Three cover candidates (OpenAI images with a key, local art without)."""
        async with self:
            uid = await self._begin("covers")
            pid = self.project_id
        if uid is None:
            return
        try:
            await _with_progress(self, cover_art.make_candidates, uid, pid)
        except LabelError as exc:
            async with self:
                self.error = str(exc)
        async with self:
            self.busy = ""
            if not self.error:
                await asyncio.to_thread(self._fill, uid)

    @rx.event(background=True)
    async def pick(self, candidate_id: int):
        """Make the 3000, 1500 and vertical files from one candidate."""
        async with self:
            uid = await self._begin("pick")
            pid = self.project_id
        if uid is None:
            return
        try:
            await asyncio.to_thread(cover_art.pick_cover, uid, pid, int(candidate_id))
        except LabelError as exc:
            async with self:
                self.error = str(exc)
        async with self:
            self.busy = ""
            await asyncio.to_thread(self._fill, uid)

    @rx.event(background=True)
    async def make_copy(self):
        """Description, press pitch and tagline from the Composer."""
        async with self:
            uid = await self._begin("copy")
            pid = self.project_id
        if uid is None:
            return
        try:
            await asyncio.to_thread(release.generate_copy, uid, pid)
        except LabelError as exc:
            async with self:
                self.error = str(exc)
        async with self:
            self.busy = ""
            await asyncio.to_thread(self._fill, uid)

    @rx.event(background=True)
    async def build_pack(self):
        """Build the release pack ZIP in the background, with progress."""
        async with self:
            uid = await self._begin("pack")
            pid = self.project_id
        if uid is None:
            return
        upgrade: billing.UpgradeRequired | None = None
        try:
            result = await _with_progress(self, release_pack.build_release_pack, uid, pid)
        except billing.UpgradeRequired as exc:
            upgrade = exc
        except LabelError as exc:
            async with self:
                self.error = str(exc)
        else:
            async with self:
                self.notice = f"Release pack ready ({result.size_bytes / 1e6:.1f} MB in {result.seconds:.1f} s)."
        async with self:
            self.busy = ""
            await asyncio.to_thread(self._fill, uid)
            if upgrade is not None:
                self.error = upgrade.message
        if upgrade is not None:
            yield UpgradeState.show(upgrade.feature, upgrade.message)


TIMEZONES = ["UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "America/New_York", "America/Chicago",
             "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney"]


class ContentStudioState(rx.State):
    """The content stage; see the module docstring."""

    project_id: int = 0
    song_title: str = ""
    error: str = ""
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
    async def open_project(self, project_id: int):
        user = await current_user(self)
        if user is None:
            return
        self.project_id, self.error, self.notice = int(project_id), "", ""
        try:
            await asyncio.to_thread(self._fill, user.id)
        except LabelError as exc:
            self.project_id, self.error = 0, str(exc)

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
                await _with_progress(self, content.add_video, uid, pid, fh, "Uploaded video")
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


class LabelAnalyticsState(rx.State):
    """The analytics stage; see the module docstring."""

    project_id: int = 0
    scope: str = "project"
    title: str = ""
    stages: list[dict[str, Any]] = []
    releases: list[dict[str, Any]] = []
    posts: list[dict[str, Any]] = []
    ai: list[dict[str, Any]] = []
    loudness: list[dict[str, Any]] = []
    totals: dict[str, str] = {}
    error: str = ""

    def _fill(self, user_id: int) -> None:
        a = analytics.collect(user_id, self.project_id if self.scope == "project" and self.project_id else None)
        self.title, self.stages, self.releases, self.posts = a.title, a.stages_over_time, a.releases, a.content
        self.ai, self.loudness = a.ai_usage, a.loudness
        self.totals = {k: str(v) for k, v in a.totals.items()}

    @rx.event
    async def open_project(self, project_id: int):
        user = await current_user(self)
        if user is None:
            return
        self.project_id, self.error = int(project_id), ""
        try:
            await asyncio.to_thread(self._fill, user.id)
        except LabelError as exc:
            self.error = str(exc)

    @rx.event
    async def set_scope(self, scope: str | list[str]):
        user = await current_user(self)
        if user is None:
            return
        self.scope = "account" if scope in ("account", ["account"]) else "project"
        await asyncio.to_thread(self._fill, user.id)

    @rx.event
    async def export_csv(self):
        """The charts' numbers as a CSV download."""
        user = await current_user(self)
        if user is None:
            return
        pid = self.project_id if self.scope == "project" and self.project_id else None
        try:
            data = await asyncio.to_thread(lambda: analytics.to_csv(analytics.collect(user.id, pid)))
        except LabelError as exc:
            self.error = str(exc)
            return
        return rx.download(data=data, filename=f"label-analytics-{self.scope}.csv")

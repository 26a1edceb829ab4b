"""The release stage: details and credits (validated), the release type and the beat's
licence, cover candidates or the artist's own cover and the distributor sizes, the
release copy, and the release pack.

ReleaseStudioState vars: the release fields (`title`, `artist`, `genre`, `mood`,
`explicit`, `release_date`, `isrc`, `upc`, `writers`, `producer`, `performer`,
`commercial`, `licence_confirmed`), `licence` (generator, licence, whether it allows
commercial release), `error`, `notice`, `missing` (what the pack still needs),
`candidates` / `finals` (cover files with URLs), `copy`, `busy`, `progress`,
`progress_message`, `packs` (built ZIPs), `message_at` ("pack" when `error`/`notice`
came from building the pack: the page shows them under the button, where the artist
is looking, not at the top of the stage).

Each call re-checks ownership with the signed-in user, resolved on the server.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from services import billing, formatting
from services.label import cover_art, projects, release, release_pack
from services.label.cover_art import MAX_COVER_BYTES
from services.label.projects import LabelError
from services.label.views import media_url as file_url
from state.auth import current_user
from state.label_common import ProjectStage, after_work, run_with_progress
from state.upgrade import UpgradeState

TEXT_FIELDS = ("title", "artist", "genre", "mood", "release_date", "isrc", "upc", "writers", "producer", "performer")


class ReleaseStudioState(ProjectStage, rx.State):
    """The release stage; see the module docstring."""

    title: str = ""
    artist: str = ""
    genre: str = ""
    mood: str = ""
    explicit: bool = False
    release_date: str = ""
    isrc: str = ""
    upc: str = ""
    writers: str = ""
    producer: str = ""
    performer: str = ""
    commercial: bool = True
    licence_confirmed: bool = False
    licence: dict[str, str] = {}
    cover_limit_mb: int = MAX_COVER_BYTES // 1048576
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
    message_at: str = ""

    def _clear_messages(self) -> None:
        self.error, self.notice, self.message_at = "", "", ""

    def _fill(self, user_id: int) -> None:
        pid = self.project_id
        info = release.get_release(user_id, pid)
        self.title, self.artist, self.genre, self.mood = info.title, info.artist, info.genre, info.mood
        self.explicit, self.release_date, self.isrc, self.upc = info.explicit, info.release_date, info.isrc_display, info.upc
        self.writers, self.producer, self.performer = info.writers, info.producer, info.performer
        self.commercial, self.licence_confirmed = info.commercial, info.licence_confirmed
        beat = release.beat_licence(user_id, pid)
        self.licence = {"generator": beat["generator"], "licence": beat["licence"],
                        "commercial": "yes" if beat["commercial"] else ""} if beat else {}
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
                      for a in release_pack.current_packs(user_id, pid)]

    @rx.event
    def set_explicit(self, value: bool):
        self.explicit = bool(value)

    @rx.event
    def set_commercial(self, value: bool):
        self.commercial = bool(value)

    @rx.event
    async def confirm_licence(self, value: bool):
        """The artist confirms (or withdraws) holding commercial rights to a non-commercial beat."""
        self.licence_confirmed = bool(value)
        return await self._store({"licence_confirmed": self.licence_confirmed, "commercial": self.commercial},
                                 "Licence decision saved.")

    async def _store(self, fields: dict[str, Any], done: str) -> None:
        user = await current_user(self)
        if user is None or not self.project_id:
            return
        try:
            info = await asyncio.to_thread(release.save_release, user.id, self.project_id, **fields)
        except LabelError as exc:
            self.error, self.notice = str(exc), ""
            return
        self.error, self.notice = "", done
        self.isrc, self.upc = info.isrc_display, info.upc
        self.missing = [str(m) for m in (await asyncio.to_thread(release.readiness, user.id, self.project_id)).missing]

    @rx.event
    async def save(self, form: dict[str, Any]):
        """Validate and save the details and credits; a bad field keeps everything as typed."""
        fields: dict[str, Any] = {k: str(form.get(k, "")) for k in TEXT_FIELDS}
        for key, value in fields.items():
            setattr(self, key, value)
        fields.update(explicit=self.explicit, commercial=self.commercial)
        await self._store(fields, "Release details saved.")

    @rx.event
    async def upload_cover(self, files: list[rx.UploadFile]):
        """The artist's own artwork becomes the cover (checked: an image, at least 1000 px)."""
        user = await current_user(self)
        if user is None or not self.project_id or not files or self.busy:
            return
        data = await files[0].read()
        try:
            await asyncio.to_thread(cover_art.upload_cover, user.id, self.project_id, data)
        except LabelError as exc:
            self.error, self.notice = str(exc), ""
            return
        self.error, self.notice = "", "Your cover is in: the 3000, 1500 and vertical files are ready."
        await asyncio.to_thread(self._fill, user.id)

    @rx.event
    def cover_refused(self, rejected: list[dict[str, Any]]):
        names = ", ".join(str((r.get("file") or {}).get("name") or "a file") for r in rejected)
        self.error = f"{names}: a cover is a JPEG, PNG or WebP of at most {self.cover_limit_mb} MB. It was not sent."

    async def _begin(self, task: str) -> int | None:
        user = await current_user(self)
        if user is None or not self.project_id or self.busy:
            return None
        self.busy, self.progress, self.progress_message, self.error, self.notice = task, 0, "Starting", "", ""
        self.message_at = task
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
            await run_with_progress(self, lambda report: cover_art.make_candidates(uid, pid, on_progress=report))
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
            result = await run_with_progress(self, lambda report: release_pack.build_release_pack(uid, pid,
                                                                                                  on_progress=report))
        except billing.UpgradeRequired as exc:
            upgrade = exc
        except LabelError as exc:
            async with self:
                self.error = str(exc)
        else:
            async with self:
                self.notice = (f"Release pack ready ({formatting.size(result.size_bytes, unit='megabyte')} in "
                               f"{formatting.seconds(result.seconds)}); it is not counted in your storage.")
        async with self:
            self.busy = ""
            await asyncio.to_thread(self._fill, uid)
            if upgrade is not None:
                self.error = upgrade.message
        if upgrade is not None:
            yield UpgradeState.show(upgrade.feature, upgrade.message)
        for event in after_work(""):  # the release tick and the storage meter
            yield event

"""The Label page: a person's projects on the timeline beat → lyrics → upload → mix →
release → content → analytics, and the work of each stage.

Vars the page shows:
- projects: `projects` rows, the open `project_id`, `project_name`, `name_draft`,
  `current_stage`, `done_stages`, `progress`, `cycle_complete`; the plan line
  (`plan`, `plan_title`, `project_limit`); `loaded`, `error`.
- forms (autosaved in the project's data): `form` (beat, lyrics and mix choices as
  strings), `mix` (mix numbers).
- beat: `beat` (figures and download url), `beat_wave` (SVG path), `beat_busy`,
  `beat_fraction`, `beat_message`, `beat_live` and `model_versions`.
- lyrics: `lyrics_title`, `lyrics_sections`, `lyrics_text`, `lyrics_source`,
  `lyrics_can_undo`, `lyrics_steps`, `lyrics_draft`, `lyrics_editing`, `lyrics_busy`.
- vocals: `takes` rows, `upload_busy`, `upload_error`.
- mix: `mix_busy`, `mix_fraction`, `mix_message`, `mix_error`, `master` figures.
- voice cues: `cues_muted`, `cue_volume` (kept in the browser).

Identity is resolved on the server for every event; a project id from the page is
only ever used together with that user, so someone else's id reaches nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

import reflex as rx

from services import billing
from services.billing.plans import PLAN_TITLES
from services.config import get_settings
from services.label import (
    PRESETS,
    STAGES,
    TARGETS,
    BeatError,
    BeatRequest,
    LabelError,
    MasterError,
    MixSettings,
    ProjectInfo,
    add_vocal_take,
    create_project,
    current_lyrics,
    delete_asset,
    delete_project,
    duplicate_project,
    edit_lyrics,
    get_project,
    list_assets,
    list_projects,
    make_project_beat,
    mark_stage_done,
    mix_project,
    open_stage,
    refine_lyrics,
    rename_project,
    restart_cycle,
    stage_cue,
    undo_lyrics,
    update_project_data,
    write_lyrics,
)
from services.label.audio_io import AudioError
from services.label.beatmaker import MUSICGEN_VERSIONS
from services.label.lyrics_stage import LyricsState
from services.label.vocals import MAX_UPLOAD_BYTES
from services.label.waveform import HEIGHT as WAVE_HEIGHT, WIDTH as WAVE_WIDTH, asset_peaks, svg_path  # noqa: F401
from state.auth import current_user
from state.label_release import ContentStudioState, LabelAnalyticsState, ReleaseStudioState
from state.live import on_change
from state.upgrade import UpgradeState

log = logging.getLogger(__name__)

FORM_DEFAULTS: dict[str, str] = {
    "beat_prompt": "", "beat_genre": "hip hop", "beat_mood": "chill", "beat_bpm": "90", "beat_key": "A minor",
    "beat_duration": "20", "beat_model": "stereo-melody-large",
    "lyr_genre": "", "lyr_mood": "", "lyr_theme": "", "lyr_title": "", "lyr_instruction": "",
    "preset": "warm", "target": "spotify",
}
MIX_DEFAULTS: dict[str, float] = {"beat_gain_db": 0.0, "vocal_gain_db": 0.0, "vocal_highpass_hz": 90.0, "deess": 0.5}
_TEXT_LIMIT = 300
STUDIO_STAGES = ("release", "content", "analytics")


def media_url(asset_id: int) -> str:
    return f"/api/media/{asset_id}"


def _number(text: str, default: float, lo: float, hi: float) -> float:
    try:
        value = float(str(text).strip())
    except ValueError:
        return default
    return max(lo, min(hi, value))


def _minutes(seconds: float) -> str:
    s = int(round(seconds or 0))
    return f"{s // 60}:{s % 60:02d}"


class LabelState(rx.State):
    """See the module docstring for the vars."""

    loaded: bool = False
    error: str = ""
    projects: list[dict[str, Any]] = []
    project_id: int = 0
    project_name: str = ""
    name_draft: str = ""
    current_stage: str = "beat"
    done_stages: list[str] = []
    progress: int = 0
    cycle_complete: bool = False
    plan: str = "free"
    plan_title: str = "Free"
    project_limit: str = ""

    form: dict[str, str] = dict(FORM_DEFAULTS)
    mix: dict[str, float] = dict(MIX_DEFAULTS)

    beat: dict[str, str] = {}
    beat_wave: str = ""
    beat_busy: bool = False
    beat_fraction: int = 0
    beat_message: str = ""
    beat_error: str = ""
    beat_live: bool = False
    model_versions: list[str] = list(MUSICGEN_VERSIONS)

    lyrics_title: str = ""
    lyrics_sections: list[dict[str, str]] = []
    lyrics_text: str = ""
    lyrics_source: str = ""
    lyrics_can_undo: bool = False
    lyrics_steps: list[str] = []
    lyrics_draft: str = ""
    lyrics_editing: bool = False
    lyrics_busy: bool = False
    lyrics_error: str = ""

    takes: list[dict[str, str]] = []
    upload_busy: bool = False
    upload_error: str = ""

    mix_busy: bool = False
    mix_fraction: int = 0
    mix_message: str = ""
    mix_error: str = ""
    master: dict[str, str] = {}

    cues_muted: str = rx.LocalStorage("0", name="sbm_label_cues_muted")
    cue_volume: str = rx.LocalStorage("70", name="sbm_label_cue_volume")

    # --- loading -------------------------------------------------------------------

    async def _user_id(self) -> int | None:
        user = await current_user(self)
        return user.id if user else None

    def _fill_plan(self, user_id: int, count: int) -> None:
        plan = billing.plan_for(user_id)
        allowed = billing.LIMITS["label_projects"].allowed(plan)
        self.plan, self.plan_title = plan, PLAN_TITLES[plan]
        self.project_limit = f"{count} of {allowed} saved project{'s' if allowed != 1 else ''}"

    def _fill_projects(self, user_id: int) -> list[ProjectInfo]:
        rows = list_projects(user_id)
        self.projects = [
            {"id": p.id, "name": p.name, "progress": p.progress_percent, "stage": p.current_stage,
             "updated": p.updated_at.strftime("%d %b %H:%M")}
            for p in rows
        ]
        self._fill_plan(user_id, len(rows))
        return rows

    def _show_project(self, user_id: int, info: ProjectInfo | None) -> None:
        """Everything the page shows about one project (or the empty state)."""
        if info is None:
            self.project_id, self.project_name, self.name_draft = 0, "", ""
            self.current_stage, self.done_stages, self.progress, self.cycle_complete = "beat", [], 0, False
            self.beat, self.beat_wave, self.takes, self.master = {}, "", [], {}
            self._show_lyrics(None)
            return
        self._show_timeline(info)
        self.project_name, self.name_draft = info.name, info.name
        saved = info.data.get("form") or {}
        self.form = {**FORM_DEFAULTS, **{k: str(v) for k, v in saved.items() if k in FORM_DEFAULTS}}
        saved_mix = info.data.get("mix") or {}
        self.mix = {**MIX_DEFAULTS, **{k: float(v) for k, v in saved_mix.items() if k in MIX_DEFAULTS}}
        self.beat_error = self.lyrics_error = self.upload_error = self.mix_error = ""
        self.lyrics_editing = False
        self._show_beat(user_id, info.id)
        self._show_lyrics(current_lyrics(user_id, info.id))
        self._show_takes(user_id, info.id)
        self._show_master(user_id, info.id)

    def _show_timeline(self, info: ProjectInfo) -> None:
        self.project_id = info.id
        self.current_stage = info.current_stage
        self.done_stages = list(info.done_stages)
        self.progress = info.progress_percent
        self.cycle_complete = info.cycle_complete

    def _show_beat(self, user_id: int, project_id: int) -> None:
        beats = list_assets(user_id, project_id, "beat")
        if not beats:
            self.beat, self.beat_wave = {}, ""
            return
        b = beats[0]
        self.beat = {
            "id": str(b.id), "url": media_url(b.id), "label": b.label,
            "bpm": f"{float(b.meta.get('bpm') or 0):.0f}", "key": str(b.meta.get("key") or "—"),
            "duration": _minutes(b.duration_s),
            "source": "MusicGen" if b.meta.get("source") == "replicate" else "Local synth",
            "requested_bpm": f"{float((b.meta.get('requested') or {}).get('bpm') or 0):.0f}",
        }
        self.beat_wave = svg_path(b.meta.get("peaks") or [])

    def _show_lyrics(self, view: LyricsState | None) -> None:
        if view is None:
            self.lyrics_title, self.lyrics_sections, self.lyrics_text, self.lyrics_source = "", [], "", ""
            self.lyrics_can_undo, self.lyrics_steps, self.lyrics_draft = False, [], ""
            return
        self.lyrics_title = view.title
        self.lyrics_sections = [{"label": s.label, "kind": s.kind, "text": s.text} for s in view.sections]
        self.lyrics_text, self.lyrics_source = view.text, view.source
        self.lyrics_can_undo, self.lyrics_steps = view.can_undo, list(view.instructions)
        self.lyrics_draft = view.text

    def _show_takes(self, user_id: int, project_id: int) -> None:
        self.takes = [
            {"id": str(t.id), "label": t.label or "Vocal take", "url": media_url(t.id), "duration": _minutes(t.duration_s),
             "format": str(t.meta.get("format") or "").split(",")[0].upper(), "wave": svg_path(t.meta.get("peaks") or [])}
            for t in list_assets(user_id, project_id, "vocal")
        ]

    def _show_master(self, user_id: int, project_id: int) -> None:
        masters = list_assets(user_id, project_id, "master")
        if not masters:
            self.master = {}
            return
        m = masters[0]
        mixes = [a for a in list_assets(user_id, project_id, "mix") if a.created_at <= m.created_at]
        mp3s = list_assets(user_id, project_id, "master_mp3")
        loud, before = m.meta.get("loudness") or {}, (mixes[0].meta.get("loudness") if mixes else None) or {}
        target = TARGETS.get(str(m.meta.get("target")), TARGETS["spotify"])
        self.master = {
            "url": media_url(m.id), "mp3_url": media_url(mp3s[0].id) if mp3s else "",
            "before_url": media_url(mixes[0].id) if mixes else "",
            "target": f"{target.name} {target.lufs:g} LUFS",
            "lufs": f"{float(loud.get('integrated', 0)):.1f}", "true_peak": f"{float(loud.get('true_peak', 0)):.1f}",
            "lra": f"{float(loud.get('lra', 0)):.1f}",
            "before_lufs": f"{float(before.get('integrated', 0)):.1f}" if before else "—",
            "before_peak": f"{float(before.get('true_peak', 0)):.1f}" if before else "—",
            "wave": svg_path(asset_peaks(user_id, m.id)),
            "before_wave": svg_path(asset_peaks(user_id, mixes[0].id)) if mixes else "",
            "duration": _minutes(m.duration_s),
        }

    def _load(self, user_id: int, want: int | None = None) -> None:
        rows = self._fill_projects(user_id)
        chosen = next((p for p in rows if p.id == (want or self.project_id)), rows[0] if rows else None)
        self._show_project(user_id, chosen)
        self.beat_live = get_settings().mode("replicate") == "live"
        self.loaded = True

    def _studio_events(self) -> list[Any]:
        """The release, content and analytics panels follow the open project."""
        if not self.project_id:
            return []
        pid = self.project_id
        return [ReleaseStudioState.open_project(pid), ContentStudioState.open_project(pid),
                LabelAnalyticsState.open_project(pid)]

    @rx.event
    async def load(self):
        """Open the page: the person's projects, the most recent one open."""
        user_id = await self._user_id()
        if user_id is None:
            return
        self.error = ""
        await asyncio.to_thread(self._load, user_id)
        return self._studio_events()

    # --- projects ------------------------------------------------------------------

    async def _guard(self, action: Callable[[int], Any]) -> Any:
        """Run a project action as the signed-in person; limits open the upgrade dialog,
        other refusals show their message. Returns (ok, the event to return or None)."""
        user_id = await self._user_id()
        if user_id is None:
            return False, None
        try:
            await asyncio.to_thread(action, user_id)
        except billing.UpgradeRequired as err:
            return False, UpgradeState.show(err.feature, err.message)
        except LabelError as err:
            self.error = str(err)
            return False, None
        self.error = ""
        return True, None

    @rx.event
    async def new_project(self):
        """A new project (named after how many exist), opened at the beat stage."""
        def create(user_id: int) -> None:
            info = create_project(user_id, f"Untitled project {len(self.projects) + 1}")
            self._load(user_id, info.id)

        ok, effect = await self._guard(create)
        if not ok:
            return effect
        return [rx.toast.success(f"Created “{self.project_name}”"), *self._studio_events()]

    @rx.event
    async def switch_project(self, project_id: str):
        """Open another of the person's projects."""
        ok, effect = await self._guard(lambda uid: self._load(uid, int(project_id)))
        return effect if not ok else self._studio_events()

    @rx.event
    def set_name_draft(self, value: str):
        self.name_draft = value[:120]

    @rx.event
    async def save_name(self):
        """Rename the open project (on blur or Enter); an empty name is refused and the old one kept."""
        if not self.project_id or self.name_draft.strip() == self.project_name:
            return
        pid, draft = self.project_id, self.name_draft

        def rename(user_id: int) -> None:
            rename_project(user_id, pid, draft)
            self._fill_projects(user_id)

        ok, effect = await self._guard(rename)
        if not ok:
            self.name_draft = self.project_name
            return effect
        self.project_name = " ".join(draft.split())
        self.name_draft = self.project_name
        return rx.toast.success("Renamed")

    @rx.event
    async def rename_key(self, key: str):
        if key == "Enter":
            return LabelState.save_name

    @rx.event
    async def duplicate(self):
        """Copy the open project (stages, settings and files) and open the copy."""
        pid = self.project_id

        def copy(user_id: int) -> None:
            info = duplicate_project(user_id, pid)
            self._load(user_id, info.id)

        ok, effect = await self._guard(copy)
        if not ok:
            return effect
        return [rx.toast.success(f"Duplicated as “{self.project_name}”"), *self._studio_events()]

    @rx.event
    async def delete(self):
        """Delete the open project with its files, then open the next one."""
        pid, name = self.project_id, self.project_name

        def remove(user_id: int) -> None:
            delete_project(user_id, pid)
            self.project_id = 0
            self._load(user_id)

        ok, effect = await self._guard(remove)
        if not ok:
            return effect
        return [rx.toast.info(f"Deleted “{name}”"), *self._studio_events()]

    # --- the timeline --------------------------------------------------------------

    def _cue_script(self, stage: str) -> Any:
        """Play the stage's spoken cue in the browser unless muted."""
        if self.cues_muted == "1":
            return None
        try:
            cue = stage_cue(stage, self.form.get("beat_mood", ""))
        except Exception:  # no speech engine: the page works silently
            log.info("no voice cue for %s", stage, exc_info=True)
            return None
        volume = _number(self.cue_volume, 70, 0, 100) / 100
        url = json.dumps(f"/api/label/cue/{cue.path.name}")
        return rx.call_script(f"(() => {{ const a = new Audio({url}); a.volume = {volume}; a.play().catch(() => {{}}); }})()")

    @rx.event
    async def open(self, stage: str):
        """Click on a stage: it becomes the open one (never locked), and its voice speaks."""
        if stage not in STAGES or not self.project_id:
            return
        pid = self.project_id
        self.current_stage = stage
        ok, effect = await self._guard(lambda uid: self._show_timeline(open_stage(uid, pid, stage)))
        if not ok:
            return effect
        cue = await asyncio.to_thread(self._cue_script, stage)
        events = [cue] if cue is not None else []
        if stage in STUDIO_STAGES:  # their work (covers, packs, posts) may have changed since
            events.append(ReleaseStudioState.open_project(pid) if stage == "release" else
                          ContentStudioState.open_project(pid) if stage == "content" else LabelAnalyticsState.open_project(pid))
        return events

    @rx.event
    async def mark_done(self, stage: str):
        """Tick a stage by hand (release, content and analytics until their tools arrive)."""
        pid = self.project_id
        ok, effect = await self._guard(lambda uid: self._show_timeline(mark_stage_done(uid, pid, stage)))
        if not ok:
            return effect
        if self.cycle_complete:
            return rx.toast.success("Cycle complete: every stage is done!")

    @rx.event
    async def new_cycle(self):
        """After a complete cycle: clear the ticks and start again at the beat (files stay)."""
        pid = self.project_id
        ok, effect = await self._guard(lambda uid: self._show_timeline(restart_cycle(uid, pid)))
        return effect

    @rx.event
    def toggle_cues(self):
        self.cues_muted = "0" if self.cues_muted == "1" else "1"

    @rx.event
    def set_cue_volume(self, value: list[float]):
        self.cue_volume = str(int(value[0])) if value else self.cue_volume

    # --- autosaved form fields -----------------------------------------------------

    @rx.event
    def set_field(self, name: str, value: str):
        """Typing: keep the value (saved on blur by `save_field`)."""
        if name in FORM_DEFAULTS:
            self.form[name] = str(value)[:_TEXT_LIMIT]

    @rx.event
    async def save_field(self, name: str, value: str):
        """A choice made (select, blur): keep it and autosave it with the project."""
        if name not in FORM_DEFAULTS or not self.project_id:
            return
        self.form[name] = str(value)[:_TEXT_LIMIT]
        pid, form = self.project_id, dict(self.form)
        ok, effect = await self._guard(lambda uid: update_project_data(uid, pid, form=form))
        return effect

    @rx.event
    def set_mix(self, name: str, value: list[float]):
        if name in MIX_DEFAULTS and value:
            self.mix[name] = float(value[0])

    @rx.event
    async def save_mix(self, name: str, value: list[float]):
        if name not in MIX_DEFAULTS or not value or not self.project_id:
            return
        self.mix[name] = float(value[0])
        pid, mix = self.project_id, dict(self.mix)
        ok, effect = await self._guard(lambda uid: update_project_data(uid, pid, mix=mix))
        return effect

    # --- long work with progress ---------------------------------------------------

    async def _with_progress(self, work: Callable[[Callable[[float, str], None]], Any], fraction_var: str,
                             message_var: str) -> Any:
        """Run `work(on_progress)` in a thread; each step reaches the page as it happens."""
        loop = asyncio.get_running_loop()
        steps: asyncio.Queue[tuple[float, str]] = asyncio.Queue()

        def on_progress(fraction: float, message: str) -> None:
            loop.call_soon_threadsafe(steps.put_nowait, (fraction, message))

        task = asyncio.ensure_future(asyncio.to_thread(work, on_progress))
        while not task.done():
            try:
                fraction, message = await asyncio.wait_for(steps.get(), timeout=0.5)
            except TimeoutError:
                continue
            while not steps.empty():
                fraction, message = steps.get_nowait()
            async with self:
                setattr(self, fraction_var, int(round(100 * max(0.0, min(1.0, fraction)))))
                setattr(self, message_var, message)
        return await task

    # --- beat ----------------------------------------------------------------------

    def _beat_request(self) -> BeatRequest:
        f = self.form
        version = f["beat_model"] if f["beat_model"] in MUSICGEN_VERSIONS else MUSICGEN_VERSIONS[0]
        return BeatRequest(
            prompt=f["beat_prompt"][:_TEXT_LIMIT], genre=f["beat_genre"] or "hip hop", mood=f["beat_mood"] or "chill",
            bpm=_number(f["beat_bpm"], 90, 60, 180), key=f["beat_key"] or "A minor",
            duration_s=_number(f["beat_duration"], 20, 5, 30), model_version=version,
        )

    @rx.event(background=True)
    async def make_beat(self):
        """Generate the beat in the background (progress on the page); tempo and key are then measured."""
        async with self:
            user_id = await self._user_id()
            if user_id is None or not self.project_id or self.beat_busy:
                return
            pid, request = self.project_id, self._beat_request()
            self.beat_busy, self.beat_fraction, self.beat_message, self.beat_error = True, 2, "Starting", ""
            form = dict(self.form)
        cue = None
        try:
            await asyncio.to_thread(update_project_data, user_id, pid, form=form)
            await self._with_progress(lambda report: make_project_beat(user_id, pid, request, on_progress=report),
                                      "beat_fraction", "beat_message")
        except (BeatError, LabelError, AudioError) as err:
            async with self:
                self.beat_busy, self.beat_error = False, str(err)
            return
        except Exception:
            log.exception("beat failed for user %s project %s", user_id, pid)
            async with self:
                self.beat_busy, self.beat_error = False, "Making the beat failed unexpectedly. Nothing was changed; try again."
            return
        async with self:
            self.beat_busy, self.beat_fraction, self.beat_message = False, 100, "Beat ready"
            if self.project_id == pid:
                await asyncio.to_thread(self._refresh_after_work, user_id, pid)
                cue = await asyncio.to_thread(self._cue_script, "beat")
        yield rx.toast.success("Your beat is ready")
        if cue is not None:
            yield cue

    def _refresh_after_work(self, user_id: int, pid: int) -> None:
        self._show_timeline(get_project(user_id, pid))
        self._show_beat(user_id, pid)
        self._show_takes(user_id, pid)
        self._show_master(user_id, pid)
        self._fill_projects(user_id)

    # --- lyrics --------------------------------------------------------------------

    async def _lyrics_action(self, action: Callable[[int, int], LyricsState], done: str):
        if not self.project_id or self.lyrics_busy:
            return None
        user_id = await self._user_id()
        if user_id is None:
            return None
        pid = self.project_id
        self.lyrics_error = ""
        try:
            view = await asyncio.to_thread(action, user_id, pid)
        except LabelError as err:
            self.lyrics_error = str(err)
            return None
        except Exception:
            log.exception("lyrics action failed for user %s", user_id)
            self.lyrics_error = "The composer could not answer. Your lyrics are unchanged; try again."
            return None
        self._show_lyrics(view)
        self.lyrics_editing = False
        self._show_timeline(await asyncio.to_thread(get_project, user_id, pid))
        return rx.toast.success(done) if done else None

    async def _compose(self, action: Callable[[int, int], LyricsState], done: str) -> Any:
        """Background variant for the composer (a remote model may take seconds): the
        page stays usable and shows the lyrics as busy meanwhile."""
        async with self:
            user_id = await self._user_id()
            if user_id is None or not self.project_id or self.lyrics_busy:
                return None
            pid = self.project_id
            self.lyrics_busy, self.lyrics_error = True, ""
        try:
            view = await asyncio.to_thread(action, user_id, pid)
        except LabelError as err:
            async with self:
                self.lyrics_busy, self.lyrics_error = False, str(err)
            return None
        except Exception:
            log.exception("composer failed for user %s", user_id)
            async with self:
                self.lyrics_busy = False
                self.lyrics_error = "The composer could not answer. Your lyrics are unchanged; try again."
            return None
        info = await asyncio.to_thread(get_project, user_id, pid)
        async with self:
            self.lyrics_busy = False
            if self.project_id != pid:
                return None
            self._show_lyrics(view)
            self.lyrics_editing = False
            self._show_timeline(info)
        return rx.toast.success(done)

    @rx.event(background=True)
    async def write(self, free: bool = False):
        """New lyrics from genre, mood and theme (with the beat's tempo), or free from the theme."""
        async with self:
            f = dict(self.form)

        def compose(user_id: int, project_id: int) -> LyricsState:
            update_project_data(user_id, project_id, form=f)
            return write_lyrics(user_id, project_id, f["lyr_genre"], f["lyr_mood"], f["lyr_theme"], f["lyr_title"],
                                free=bool(free))

        effect = await self._compose(compose, "Lyrics written")
        if effect is not None:
            yield effect

    @rx.event(background=True)
    async def refine(self):
        """Rewrite the lyrics following the instruction; the previous version stays undoable."""
        async with self:
            instruction = self.form.get("lyr_instruction", "")
        effect = await self._compose(lambda uid, p: refine_lyrics(uid, p, instruction), "Lyrics refined")
        async with self:
            if not self.lyrics_error:
                self.form["lyr_instruction"] = ""
        if effect is not None:
            yield effect

    @rx.event
    async def undo(self):
        return await self._lyrics_action(undo_lyrics, "Back to the previous version")

    @rx.event
    def start_editing(self):
        self.lyrics_draft, self.lyrics_editing = self.lyrics_text, True

    @rx.event
    def cancel_editing(self):
        self.lyrics_editing = False

    @rx.event
    def set_lyrics_draft(self, value: str):
        self.lyrics_draft = value[:20000]

    @rx.event
    async def save_lyrics(self):
        """Keep a hand edit (undoable like any other change)."""
        draft = self.lyrics_draft
        return await self._lyrics_action(lambda uid, p: edit_lyrics(uid, p, draft), "Lyrics saved")

    @rx.event
    def copy_section(self, text: str):
        return [rx.set_clipboard(text), rx.toast.info("Copied")]

    # --- vocals --------------------------------------------------------------------

    @rx.event
    def start_upload(self):
        self.upload_busy, self.upload_error = True, ""

    @rx.event
    async def upload_takes(self, files: list[rx.UploadFile]):
        """Keep each uploaded recording as a vocal take, after probing what it really is.
        A refused file says why; takes already kept are untouched."""
        self.upload_busy = False
        user_id = await self._user_id()
        if user_id is None or not self.project_id:
            return
        pid = self.project_id
        self.upload_error = ""
        refused: list[str] = []
        kept = 0
        for upload in files:
            name = (upload.name or upload.filename or "recording").split("/")[-1][:120]
            size = getattr(upload, "size", None)
            if size is not None and size > MAX_UPLOAD_BYTES:
                refused.append(f"{name}: the file is {size / 2**20:.1f} MB; the limit is 50 MB.")
                continue
            try:
                await asyncio.to_thread(add_vocal_take, user_id, pid, upload.file, name)
                kept += 1
            except (AudioError, LabelError) as err:
                refused.append(f"{name}: {err}")
            except Exception:
                log.exception("upload failed for user %s", user_id)
                refused.append(f"{name}: the upload failed unexpectedly; try again.")
        await asyncio.to_thread(self._refresh_after_work, user_id, pid)
        self.upload_error = " ".join(refused)
        effects: list[Any] = []
        if kept:
            effects.append(rx.toast.success(f"{kept} take{'s' if kept > 1 else ''} added"))
            cue = await asyncio.to_thread(self._cue_script, "upload")
            if cue is not None:
                effects.append(cue)
        return effects

    @rx.event
    async def remove_take(self, asset_id: str):
        """Delete one take (its file too)."""
        user_id = await self._user_id()
        if user_id is None:
            return
        try:
            await asyncio.to_thread(delete_asset, user_id, int(asset_id))
        except (LabelError, ValueError) as err:
            self.upload_error = str(err)
            return
        await asyncio.to_thread(self._show_takes, user_id, self.project_id)
        return rx.toast.info("Take removed")

    # --- mix and master --------------------------------------------------------------

    @rx.event(background=True)
    async def run_mix(self):
        """Mix beat and takes, process and master to the target, in the background."""
        async with self:
            user_id = await self._user_id()
            if user_id is None or not self.project_id or self.mix_busy:
                return
            pid, preset, target = self.project_id, self.form["preset"], self.form["target"]
            settings = MixSettings(**{k: float(v) for k, v in self.mix.items()}, preset=preset if preset in PRESETS else "")
            self.mix_busy, self.mix_fraction, self.mix_message, self.mix_error = True, 2, "Preparing the mix", ""
            form, mix = dict(self.form), dict(self.mix)
        try:
            await asyncio.to_thread(update_project_data, user_id, pid, form=form, mix=mix)
            await self._with_progress(lambda report: mix_project(user_id, pid, settings, target, on_progress=report),
                                      "mix_fraction", "mix_message")
        except (MasterError, LabelError, AudioError) as err:
            async with self:
                self.mix_busy, self.mix_error = False, str(err)
            return
        except Exception:
            log.exception("mix failed for user %s project %s", user_id, pid)
            async with self:
                self.mix_busy = False
                self.mix_error = "Mixing failed unexpectedly. The project is as it was; try again."
            return
        cue = None
        async with self:
            self.mix_busy, self.mix_fraction, self.mix_message = False, 100, "Master ready"
            if self.project_id == pid:
                await asyncio.to_thread(self._refresh_after_work, user_id, pid)
                cue = await asyncio.to_thread(self._cue_script, "mix")
        yield rx.toast.success("Mixed and mastered")
        if cue is not None:
            yield cue


async def _plan_changed(state: LabelState) -> None:
    """A webhook changed the person's plan: the limit line and buttons follow at once."""
    user = await current_user(state)
    if user is not None:
        await asyncio.to_thread(state._fill_plan, user.id, len(state.projects))


on_change("billing", LabelState, _plan_changed)

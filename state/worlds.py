"""The worlds page: saved worlds, the "New world" wizard, a build's results, one opened world.

Vars: `view` ("list" | "wizard" | "world"); `worlds` (grid cards); wizard `step`
(0 seeds, 1 questions, 2 build and results), seed choice (`seed_kind`, `history_range`,
`playlists`/`chosen_playlist_ids`, `track_results`/`chosen_tracks`), `answers` and
`free_text` per question, `error`; the build's progress (`building`, `build_step`,
`steps_done`) and results (`world_name`, `world_description`, `composer_label`,
`features_note`, `result_playlists`, weights); saving (`saving`, `save_message`,
`saved_world_id`, `cadence`); the opened world (`open_world`, `history`). The built
world itself stays on the server (per person), and the wizard's inputs are stored
per person, so leaving and coming back keeps them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from services.billing import UpgradeRequired
from services.worlds import drafts, repo
from services.worlds.builder import (
    HISTORY_RANGES,
    MAX_SEED_PLAYLISTS,
    MAX_SEED_TRACKS,
    STEP_TITLES,
    STEPS,
    BuildError,
    BuiltWorld,
    SeedChoice,
    answers_problem,
    build_for_user,
    cover_url,
    seed_problem,
)
from services.worlds.scoring import Weights
from state.auth import current_user
from state.live import on_change
from state.upgrade import UpgradeState

log = logging.getLogger(__name__)

QUESTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("texture", "Which textures pull you in?", ("dusty", "warm analog", "glassy", "lush", "raw", "airy", "gritty", "hazy")),
    ("emotion", "What emotional space should it hold?", ("melancholy", "hopeful", "nostalgic", "serene", "tense", "euphoric", "tender", "dark")),
    ("movement", "How should it move?", ("slow drift", "patient groove", "steady pulse", "driving", "danceable", "still")),
    ("palette", "What sonic palette?", ("acoustic", "electronic", "strings", "piano", "synths", "guitars", "voices", "field recordings")),
    ("avoid", "What should it avoid?", ("loud drops", "aggressive vocals", "overplayed hits", "cheesy", "harsh noise", "auto-tune")),
)
WIZARD_STEPS = ("Seeds", "Questions", "Build")
CADENCE_LABELS = {"weekly": "Weekly", "biweekly": "Every two weeks", "monthly": "Monthly", "off": "Off"}

# The build each person is looking at, held in this process for edits (remove, replace, regenerate).
_BUILDS: dict[int, BuiltWorld] = {}


@dataclass
class TrackRow:
    id: str = ""
    title: str = ""
    artist: str = ""
    image: str = ""
    preview: str = ""
    why: str = ""
    score: str = ""


@dataclass
class PlaylistCard:
    index: int = 0
    name: str = ""
    description: str = ""
    cover: str = ""
    count: int = 0
    tracks: list[TrackRow] = field(default_factory=list)


def _cards(world: str, palette: list[str], entries: list[repo.PlaylistEntry], images: dict[str, Any]) -> list[PlaylistCard]:
    out = []
    for i, e in enumerate(entries):
        rows = []
        for t in e.tracks:
            track = images.get(t.track_id)
            rows.append(TrackRow(
                id=t.track_id, title=t.title, artist=t.artist_name,
                image=getattr(track, "image_url", "") or "", preview=getattr(track, "preview_url", "") or "",
                why=t.why, score=f"{t.score:.2f}",
            ))
        out.append(PlaylistCard(i, e.name, e.description, cover_url(e.name, world, palette), len(rows), rows))
    return out


def _track_dict(t: Any) -> dict[str, str]:
    return {"id": t.id, "name": t.name, "artist": t.artist_name, "image": t.image_url or ""}


class WorldsState(rx.State):
    """See the module docstring."""

    view: str = "list"
    loaded: bool = False
    worlds: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""

    # wizard
    step: int = 0
    seed_kind: str = "history"
    history_range: str = "medium_term"
    playlists: list[dict[str, str]] = []
    playlist_query: str = ""
    chosen_playlist_ids: list[str] = []
    track_query: str = ""
    track_results: list[dict[str, str]] = []
    chosen_tracks: list[dict[str, str]] = []
    answers: dict[str, list[str]] = {q: [] for q, _, _ in QUESTIONS}
    free_text: dict[str, str] = {q: "" for q, _, _ in QUESTIONS}

    # build
    building: bool = False
    build_step: str = ""
    build_detail: str = ""
    steps_done: list[str] = []
    has_result: bool = False
    editable: bool = False
    world_name: str = ""
    world_description: str = ""
    composer_label: str = ""
    features_note: str = ""
    candidates_note: str = ""
    result_playlists: list[PlaylistCard] = []
    show_advanced: bool = False
    w_semantic: float = 0.4
    w_feature: float = 0.3
    w_novelty: float = 0.2
    w_diversity: float = 0.1

    # saving
    saving: bool = False
    save_message: str = ""
    save_failed: bool = False
    saved_world_id: int = 0
    cadence: str = "weekly"
    refresh_allowed: bool = True
    source_kind: str = "demo"

    # an opened saved world
    open_world_id: int = 0
    open_name: str = ""
    open_description: str = ""
    open_cadence: str = "weekly"
    open_playlists: list[PlaylistCard] = []
    open_refreshed: str = ""
    history: list[dict[str, str]] = []
    rename_value: str = ""
    renaming: bool = False

    # ------------------------------------------------------------------ computed
    @rx.var
    def filtered_playlists(self) -> list[dict[str, str]]:
        q = self.playlist_query.strip().lower()
        return [p for p in self.playlists if not q or q in p["name"].lower()]

    @rx.var
    def seed_count_label(self) -> str:
        if self.seed_kind == "playlists":
            return f"{len(self.chosen_playlist_ids)} of {MAX_SEED_PLAYLISTS} playlists chosen"
        if self.seed_kind == "tracks":
            return f"{len(self.chosen_tracks)} of 3-{MAX_SEED_TRACKS} tracks chosen"
        return HISTORY_RANGES.get(self.history_range, "")

    @rx.var
    def build_percent(self) -> int:
        return int(100 * len(self.steps_done) / len(STEPS))

    # ------------------------------------------------------------------ helpers
    def _choice(self) -> SeedChoice:
        return SeedChoice(
            kind=self.seed_kind, history_range=self.history_range,
            playlist_ids=tuple(self.chosen_playlist_ids), track_ids=tuple(t["id"] for t in self.chosen_tracks),
        )

    def _weights(self) -> Weights:
        return Weights(self.w_semantic, self.w_feature, self.w_novelty, self.w_diversity)

    def _draft_data(self) -> dict[str, Any]:
        return {
            "seed_kind": self.seed_kind, "history_range": self.history_range,
            "chosen_playlist_ids": list(self.chosen_playlist_ids), "chosen_tracks": list(self.chosen_tracks),
            "answers": dict(self.answers), "free_text": dict(self.free_text),
            "weights": [self.w_semantic, self.w_feature, self.w_novelty, self.w_diversity],
            "cadence": self.cadence, "saved_world_id": self.saved_world_id,
        }

    async def _persist(self) -> None:
        user = await current_user(self)
        if user is not None:
            await asyncio.to_thread(drafts.save_draft, user.id, self.step, self._draft_data())

    def _show_build(self, built: BuiltWorld) -> None:
        self.has_result = True
        self.editable = True
        self.world_name = built.name
        self.world_description = built.definition.description
        self.composer_label = built.composer_label
        self.source_kind = built.source_kind
        self.features_note = (
            "" if built.build.profile.has_features
            else "Your music source has no audio features, so this world is matched on meaning, genres and popularity."
        )
        self.candidates_note = f"{len(built.build.pool)} candidates considered after the blocklist."
        self.result_playlists = _cards(built.name, built.palette, built.entries(), built.tracks)

    def _load_worlds(self, user_id: int) -> None:
        from services.worlds.builder import palette_for

        self.worlds = [
            {
                "id": str(w.id), "name": w.name, "description": w.description[:140],
                "cover": cover_url(w.playlist_names[0] if w.playlist_names else w.name, w.name, w.palette or palette_for(w.name)),
                "playlists": str(len(w.playlist_names)), "tracks": str(w.track_count),
                "cadence": CADENCE_LABELS.get(w.cadence, w.cadence),
            }
            for w in repo.list_worlds(user_id)
        ]

    def _fill_open(self, user_id: int, world_id: int) -> bool:
        view = repo.load_world(user_id, world_id)
        if view is None:
            return False
        self.open_world_id, self.open_name, self.open_description = view.id, view.name, view.description
        self.open_cadence = view.cadence
        self.rename_value = view.name
        self.open_playlists = _cards(view.name, view.palette, view.playlists, {})
        self.open_refreshed = view.last_refreshed_at.strftime("%d %b %Y %H:%M UTC") if view.last_refreshed_at else "never"
        self.history = [
            {
                "when": h.ran_at.strftime("%d %b %Y %H:%M"),
                "text": (f"+{h.added} added, −{h.removed} removed" if h.ok else f"Failed: {h.error}"),
                "ok": "yes" if h.ok else "no",
            }
            for h in repo.refresh_history(user_id, world_id)
        ]
        return True

    # ------------------------------------------------------------------ loading
    @rx.event
    async def load(self):
        """Show the person's worlds, and bring back a wizard left half-way."""
        user = await current_user(self)
        if user is None:
            return
        from services.worlds.library import refresh_allowed

        self.error = self.notice = ""
        await asyncio.to_thread(self._load_worlds, user.id)
        self.refresh_allowed = await asyncio.to_thread(refresh_allowed, user.id)
        draft = await asyncio.to_thread(drafts.load_draft, user.id)
        built = _BUILDS.get(user.id)
        if draft is not None and not self.building:
            step, data = draft
            self.step = min(step, 2)
            self.seed_kind = data.get("seed_kind", "history")
            self.history_range = data.get("history_range", "medium_term")
            self.chosen_playlist_ids = list(data.get("chosen_playlist_ids") or [])
            self.chosen_tracks = list(data.get("chosen_tracks") or [])
            self.answers = {q: list((data.get("answers") or {}).get(q) or []) for q, _, _ in QUESTIONS}
            self.free_text = {q: str((data.get("free_text") or {}).get(q) or "") for q, _, _ in QUESTIONS}
            w = data.get("weights") or [0.4, 0.3, 0.2, 0.1]
            self.w_semantic, self.w_feature, self.w_novelty, self.w_diversity = (float(x) for x in w)
            self.cadence = data.get("cadence", "weekly") if self.refresh_allowed else "off"
            self.saved_world_id = int(data.get("saved_world_id") or 0)
            if built is not None:
                self._show_build(built)
            elif self.step == 2:
                self.has_result = False
            if self.view == "list" and not self.loaded and not self.saved_world_id:
                self.view = "wizard"  # an unsaved wizard opens where the person left it
        self.loaded = True

    # ------------------------------------------------------------------ navigation
    @rx.event
    async def new_world(self):
        """Start the wizard afresh."""
        user = await current_user(self)
        if user is None:
            return
        _BUILDS.pop(user.id, None)
        self.view, self.step, self.error, self.save_message = "wizard", 0, "", ""
        self.seed_kind, self.history_range = "history", "medium_term"
        self.chosen_playlist_ids, self.chosen_tracks, self.track_results = [], [], []
        self.answers = {q: [] for q, _, _ in QUESTIONS}
        self.free_text = {q: "" for q, _, _ in QUESTIONS}
        self.has_result, self.result_playlists, self.saved_world_id = False, [], 0
        self.steps_done, self.build_step = [], ""
        self.cadence = "weekly" if self.refresh_allowed else "off"
        await self._persist()

    @rx.event
    async def resume_wizard(self):
        self.view = "wizard"

    @rx.event
    async def show_list(self):
        user = await current_user(self)
        self.view = "list"
        if user is not None:
            await asyncio.to_thread(self._load_worlds, user.id)

    @rx.event
    async def discard_wizard(self):
        """Forget the wizard in progress."""
        user = await current_user(self)
        if user is None:
            return
        _BUILDS.pop(user.id, None)
        await asyncio.to_thread(drafts.clear_draft, user.id)
        self.has_result, self.step, self.view = False, 0, "list"

    @rx.event
    async def next_step(self):
        """Check this step's input and move on; a problem is shown and nothing is lost."""
        self.error = ""
        if self.step == 0:
            problem = seed_problem(self._choice())
            if problem:
                self.error = problem
                return
        elif self.step == 1:
            problem = answers_problem(self.answers, self.free_text)
            if problem:
                self.error = problem
                return
        self.step = min(self.step + 1, 2)
        await self._persist()
        if self.step == 2 and not self.has_result and not self.building:
            return WorldsState.build

    @rx.event
    async def back_step(self):
        self.error = ""
        self.step = max(self.step - 1, 0)
        await self._persist()

    # ------------------------------------------------------------------ seeds
    @rx.event
    async def set_seed_kind(self, kind: str | list[str]):
        kind = kind[0] if isinstance(kind, list) else kind
        self.seed_kind, self.error = kind, ""
        if kind == "playlists" and not self.playlists:
            user = await current_user(self)
            if user is not None:
                self.playlists = await asyncio.to_thread(_playlists_of, user.id)
        await self._persist()

    @rx.event
    async def set_history_range(self, value: str):
        self.history_range = value
        await self._persist()

    @rx.event
    def set_playlist_query(self, value: str):
        self.playlist_query = value

    @rx.event
    async def toggle_playlist(self, playlist_id: str):
        self.error = ""
        if playlist_id in self.chosen_playlist_ids:
            self.chosen_playlist_ids = [p for p in self.chosen_playlist_ids if p != playlist_id]
        elif len(self.chosen_playlist_ids) >= MAX_SEED_PLAYLISTS:
            self.error = f"Choose at most {MAX_SEED_PLAYLISTS} playlists: remove one first."
            return
        else:
            self.chosen_playlist_ids = [*self.chosen_playlist_ids, playlist_id]
        await self._persist()

    @rx.event
    async def search_tracks(self, form: dict):
        """Search the catalog for seed tracks."""
        user = await current_user(self)
        self.track_query = str(form.get("query") or "")[:200]
        query = self.track_query.strip()
        if user is None or not query:
            self.track_results = []
            return
        try:
            self.track_results = await asyncio.to_thread(_search, user.id, query)
        except Exception as exc:  # a remote search failing leaves the chosen seeds as they are
            log.info("seed search failed: %s", exc)
            self.error = "Search is not answering right now. Try again in a moment."
            return
        if not self.track_results:
            self.error = f"No tracks match “{query}”."
        else:
            self.error = ""

    @rx.event
    async def add_track(self, track: dict[str, str]):
        self.error = ""
        if any(t["id"] == track["id"] for t in self.chosen_tracks):
            return
        if len(self.chosen_tracks) >= MAX_SEED_TRACKS:
            self.error = f"Pick at most {MAX_SEED_TRACKS} tracks: remove one first."
            return
        self.chosen_tracks = [*self.chosen_tracks, {k: str(track.get(k, "")) for k in ("id", "name", "artist", "image")}]
        await self._persist()

    @rx.event
    async def remove_seed_track(self, track_id: str):
        self.chosen_tracks = [t for t in self.chosen_tracks if t["id"] != track_id]
        await self._persist()

    # ------------------------------------------------------------------ questions
    @rx.event
    async def toggle_answer(self, question: str, option: str):
        current = list(self.answers.get(question, []))
        current = [o for o in current if o != option] if option in current else [*current, option]
        self.answers = {**self.answers, question: current}
        self.error = ""
        await self._persist()

    @rx.event
    async def set_free_text(self, question: str, value: str):
        """Keep a free-text answer (sent when the field loses focus) and store the draft."""
        if (self.free_text.get(question) or "") == value[:300]:
            return
        self.free_text = {**self.free_text, question: value[:300]}
        self.error = ""
        await self._persist()

    # ------------------------------------------------------------------ weights
    @rx.event
    def toggle_advanced(self):
        self.show_advanced = not self.show_advanced

    @rx.event
    def set_weight(self, name: str, value: list[float]):
        v = float(value[0]) / 100 if value else 0.0
        setattr(self, f"w_{name}", round(v, 2))

    @rx.event
    def reset_weights(self):
        self.w_semantic, self.w_feature, self.w_novelty, self.w_diversity = 0.4, 0.3, 0.2, 0.1

    # ------------------------------------------------------------------ building
    @rx.event(background=True)
    async def build(self):
        """Build the world in a worker thread; each step is pushed to the page as it starts."""
        async with self:
            if self.building:
                return
            user = await current_user(self)
            if user is None:
                return
            problem = seed_problem(self._choice()) or answers_problem(self.answers, self.free_text)
            if problem:
                self.error = problem
                return
            try:
                weights = self._weights()
            except ValueError:
                self.error = "At least one weight must be above zero."
                return
            self.building, self.error, self.save_message = True, "", ""
            self.steps_done, self.build_step, self.build_detail = [], "seeds", ""
            self.has_result = False
            self.step = 2
            choice, answers, free_text = self._choice(), dict(self.answers), dict(self.free_text)
            user_id = user.id
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()

        def progress(step: str, detail: str) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, (step, detail))

        task = asyncio.ensure_future(asyncio.to_thread(
            build_for_user, user_id, choice, answers, free_text, weights=weights, progress=progress))
        while not task.done() or not queue.empty():
            try:
                step, detail = await asyncio.wait_for(queue.get(), 0.25)
            except TimeoutError:
                continue
            async with self:
                if step != self.build_step and self.build_step and self.build_step not in self.steps_done:
                    self.steps_done = [*self.steps_done, self.build_step]
                self.build_step, self.build_detail = step, detail
        try:
            built = task.result()
        except BuildError as exc:
            async with self:
                self.building, self.error, self.step = False, str(exc), 0 if "seed" in str(exc).lower() else 1
            return
        except Exception:
            log.exception("world build failed for user %s", user_id)
            async with self:
                self.building = False
                self.error = "The build failed unexpectedly. Your seeds and answers are kept: try again."
            return
        _BUILDS[user_id] = built
        async with self:
            self.steps_done = list(STEPS)
            self.building, self.build_step = False, ""
            self._show_build(built)
            self.save_message = ""
            await self._persist()
        yield rx.toast.success(f"{built.name} is ready: {len(built.build.playlists.playlists)} playlists.")

    # ------------------------------------------------------------------ edits
    async def _edit(self, apply) -> None:  # type: ignore[no-untyped-def]
        user = await current_user(self)
        built = _BUILDS.get(user.id) if user else None
        if built is None:
            self.error = "This build is no longer in memory. Build again to edit it."
            self.editable = False
            return
        apply(built)
        self.result_playlists = _cards(built.name, built.palette, built.entries(), built.tracks)

    @rx.event
    async def remove_track(self, playlist: int, track_id: str):
        """Take a track out; it will not come back in this world."""
        await self._edit(lambda b: b.build.playlists.remove(playlist, track_id))

    @rx.event
    async def replace_track(self, playlist: int, track_id: str):
        """Swap a track for the next best one that keeps every rule."""
        outcome: list[Any] = []
        await self._edit(lambda b: outcome.append(b.build.playlists.replace(playlist, track_id)))
        if outcome and outcome[0] is None:
            return rx.toast.info("No more tracks fit this playlist; the track was removed.")

    @rx.event
    async def regenerate_playlist(self, playlist: int):
        """A fresh take on one playlist."""
        await self._edit(lambda b: b.build.playlists.regenerate(playlist))
        return rx.toast.success("Playlist regenerated.")

    # ------------------------------------------------------------------ saving
    @rx.event
    async def set_cadence(self, value: str):
        self.cadence = value
        await self._persist()

    @rx.event(background=True)
    async def save(self):
        """Save the world (within the plan's limits), then its playlists to Spotify or the demo library."""
        from services.worlds.export import export_world
        from services.worlds.library import save_built

        async with self:
            user = await current_user(self)
            if user is None or self.saving:
                return
            built = _BUILDS.get(user.id)
            if built is None:
                self.save_failed, self.save_message = True, "Build the world first (or again, after a restart)."
                return
            self.saving, self.save_message, self.save_failed = True, "Saving…", False
            world_id, cadence, user_id = self.saved_world_id or None, self.cadence, user.id
        try:
            world_id, note = await asyncio.to_thread(save_built, user_id, built, world_id=world_id, cadence=cadence)
        except UpgradeRequired as err:
            async with self:
                self.saving, self.save_message, self.save_failed = False, err.message, True
            yield UpgradeState.show(err.feature, err.message)
            return
        except repo.WorldError as err:
            async with self:
                self.saving, self.save_message, self.save_failed = False, str(err), True
            return
        async with self:
            self.saved_world_id = world_id
            if note:
                self.cadence = "off"
            await self._persist()
        result = await asyncio.to_thread(export_world, user_id, world_id)
        async with self:
            self.saving = False
            self.save_failed = not result.ok
            self.save_message = result.message() + (f" {note}" if note else "")
            self._load_worlds(user_id)

    # ------------------------------------------------------------------ saved worlds
    @rx.event
    async def open(self, world_id: str):
        user = await current_user(self)
        if user is None:
            return
        if not await asyncio.to_thread(self._fill_open, user.id, int(world_id)):
            self.error = "That world no longer exists."
            return
        self.view, self.renaming, self.error = "world", False, ""

    @rx.event
    def start_rename(self):
        self.renaming, self.rename_value = True, self.open_name

    @rx.event
    async def rename(self, form: dict):
        """Rename the opened world."""
        user = await current_user(self)
        if user is None:
            return
        self.rename_value = str(form.get("name") or "")
        try:
            await asyncio.to_thread(repo.rename_world, user.id, self.open_world_id, self.rename_value)
        except repo.WorldError as err:
            self.error = str(err)
            return
        self.renaming, self.error = False, ""
        await asyncio.to_thread(self._fill_open, user.id, self.open_world_id)
        await asyncio.to_thread(self._load_worlds, user.id)

    @rx.event
    async def delete_open(self):
        """Delete the opened world (playlists already saved to Spotify stay there)."""
        user = await current_user(self)
        if user is None:
            return
        name = self.open_name
        await asyncio.to_thread(repo.delete_world, user.id, self.open_world_id)
        if self.saved_world_id == self.open_world_id:
            self.saved_world_id = 0
            await self._persist()
        self.view, self.open_world_id = "list", 0
        await asyncio.to_thread(self._load_worlds, user.id)
        return rx.toast.success(f"Deleted {name}.")

    @rx.event
    async def set_open_cadence(self, value: str):
        from services.worlds.library import set_cadence

        user = await current_user(self)
        if user is None:
            return
        try:
            await asyncio.to_thread(set_cadence, user.id, self.open_world_id, value)
        except UpgradeRequired as err:
            return UpgradeState.show(err.feature, err.message)
        self.open_cadence = value
        await asyncio.to_thread(self._load_worlds, user.id)

    @rx.event(background=True)
    async def resave_open(self):
        """Save the opened world's playlists again (updates the same playlists)."""
        from services.worlds.export import export_world

        async with self:
            user = await current_user(self)
            if user is None or self.saving:
                return
            self.saving, user_id, world_id = True, user.id, self.open_world_id
        result = await asyncio.to_thread(export_world, user_id, world_id)
        async with self:
            self.saving = False
        if result.ok:
            yield rx.toast.success(result.message())
        else:
            yield rx.toast.error(result.message())

    @rx.event(background=True)
    async def refresh_open_now(self):
        """Refresh the opened world now (the weekly job does the same on its own)."""
        from services.worlds.jobs import refresh_one

        async with self:
            user = await current_user(self)
            if user is None or self.saving:
                return
            self.saving, user_id, world_id = True, user.id, self.open_world_id
        summary = await asyncio.to_thread(refresh_one, user_id, world_id)
        async with self:
            self.saving = False
            self._fill_open(user_id, world_id)
        yield rx.toast.info(f"Refresh: {summary}")


def _playlists_of(user_id: int) -> list[dict[str, str]]:
    from services.catalog import get_source

    page = get_source(user_id).playlists(limit=50)
    return [{"id": p.id, "name": p.name, "image": p.image_url or "", "count": str(p.track_count)} for p in page.items]


def _search(user_id: int, query: str) -> list[dict[str, str]]:
    from services.catalog import get_source

    return [_track_dict(t) for t in get_source(user_id).search(query, ("track",), limit=10).tracks.items]


async def _refreshed(state: WorldsState) -> None:
    user = await current_user(state)
    if user is None:
        return
    await asyncio.to_thread(state._load_worlds, user.id)
    if state.view == "world" and state.open_world_id:
        await asyncio.to_thread(state._fill_open, user.id, state.open_world_id)
    state.notice = "A world was refreshed just now."


on_change("worlds", WorldsState, _refreshed)
STEP_LABELS = [(s, STEP_TITLES[s]) for s in STEPS]

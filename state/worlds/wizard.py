"""The "New world" wizard's inputs: seeds (step 0) and the five questions (step 1).

Vars: `step` (0 seeds, 1 questions, 2 build), the seed choice (`seed_kind`,
`history_range`, `playlists` / `chosen_playlist_ids`, `track_results` /
`chosen_tracks`), `answers` and `free_text` per question, `error`. Every change is
stored server-side per person (`services.worlds.drafts`), so leaving and coming back
loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx

from services.worlds import drafts
from services.worlds.questions import MAX_TYPED, QUESTION_IDS, answers_problem, empty_answers, empty_text, toggle
from services.worlds.seeds import HISTORY_RANGES, MAX_SEED_PLAYLISTS, MAX_SEED_TRACKS, SeedChoice, seed_problem
from state.auth import current_user

log = logging.getLogger(__name__)


def seed_label(kind: str, history_range: str, playlists: int, tracks: int) -> str:
    if kind == "playlists":
        return f"{playlists} of {MAX_SEED_PLAYLISTS} playlists chosen"
    if kind == "tracks":
        return f"{tracks} of 3-{MAX_SEED_TRACKS} tracks chosen"
    return HISTORY_RANGES.get(history_range, "")


def restore(data: dict[str, Any]) -> dict[str, Any]:
    """A stored draft's wizard values, keeping only known questions (older drafts had others)."""
    answers = data.get("answers") or {}
    text = data.get("free_text") or {}
    return {
        "seed_kind": str(data.get("seed_kind") or "history"),
        "history_range": str(data.get("history_range") or "medium_term"),
        "chosen_playlist_ids": [str(x) for x in data.get("chosen_playlist_ids") or []],
        "chosen_tracks": [{k: str(t.get(k, "")) for k in ("id", "name", "artist", "image")}
                          for t in data.get("chosen_tracks") or [] if isinstance(t, dict)],
        "answers": {q: [str(o) for o in answers.get(q) or []] for q in QUESTION_IDS},
        "free_text": {q: str(text.get(q) or "")[:MAX_TYPED] for q in QUESTION_IDS},
    }


def _playlists_of(user_id: int) -> list[dict[str, str]]:
    from services.catalog import get_source

    page = get_source(user_id).playlists(limit=50)
    return [{"id": p.id, "name": p.name, "image": p.image_url or "", "count": str(p.track_count)} for p in page.items]


def _search(user_id: int, query: str) -> list[dict[str, str]]:
    from services.catalog import get_source

    return [{"id": t.id, "name": t.name, "artist": t.artist_name, "image": t.image_url or ""}
            for t in get_source(user_id).search(query, ("track",), limit=10).tracks.items]


class WizardState(rx.State):
    """See the module docstring."""

    step: int = 0
    seed_kind: str = "history"
    history_range: str = "medium_term"
    playlists: list[dict[str, str]] = []
    playlist_query: str = ""
    chosen_playlist_ids: list[str] = []
    track_query: str = ""
    track_results: list[dict[str, str]] = []
    chosen_tracks: list[dict[str, str]] = []
    answers: dict[str, list[str]] = empty_answers()
    free_text: dict[str, str] = empty_text()
    error: str = ""

    @rx.var
    def filtered_playlists(self) -> list[dict[str, str]]:
        q = self.playlist_query.strip().lower()
        return [p for p in self.playlists if not q or q in p["name"].lower()]

    @rx.var
    def seed_count_label(self) -> str:
        return seed_label(self.seed_kind, self.history_range, len(self.chosen_playlist_ids), len(self.chosen_tracks))

    def choice(self) -> SeedChoice:
        return SeedChoice(kind=self.seed_kind, history_range=self.history_range,
                          playlist_ids=tuple(self.chosen_playlist_ids),
                          track_ids=tuple(t["id"] for t in self.chosen_tracks))

    def draft_data(self) -> dict[str, Any]:
        return {"seed_kind": self.seed_kind, "history_range": self.history_range,
                "chosen_playlist_ids": list(self.chosen_playlist_ids), "chosen_tracks": list(self.chosen_tracks),
                "answers": dict(self.answers), "free_text": dict(self.free_text)}

    def apply(self, step: int, data: dict[str, Any]) -> None:
        """Bring back a stored draft."""
        values = restore(data)
        self.step = min(max(int(step), 0), 2)
        for key, value in values.items():
            setattr(self, key, value)

    def clear(self) -> None:
        self.step, self.error = 0, ""
        self.seed_kind, self.history_range = "history", "medium_term"
        self.chosen_playlist_ids, self.chosen_tracks, self.track_results = [], [], []
        self.answers, self.free_text = empty_answers(), empty_text()

    async def persist(self, extra: dict[str, Any] | None = None) -> None:
        user = await current_user(self)
        if user is not None:
            stored = await asyncio.to_thread(drafts.load_draft, user.id)
            data = {**(stored[1] if stored else {}), **self.draft_data(), **(extra or {})}
            await asyncio.to_thread(drafts.save_draft, user.id, self.step, data)

    # -- steps ------------------------------------------------------------------------------
    @rx.event
    async def next_step(self):
        """Check this step's input and move on; a problem is shown and nothing is lost."""
        self.error = seed_problem(self.choice()) if self.step == 0 else (
            answers_problem(self.answers, self.free_text) if self.step == 1 else "")
        if self.error:
            return
        self.step = min(self.step + 1, 2)
        await self.persist()
        if self.step == 2:
            from state.worlds.build import BuildState

            return BuildState.build

    @rx.event
    async def back_step(self):
        self.error = ""
        self.step = max(self.step - 1, 0)
        await self.persist()

    # -- seeds ------------------------------------------------------------------------------
    @rx.event
    async def set_seed_kind(self, kind: str | list[str]):
        kind = kind[0] if isinstance(kind, list) else kind
        self.seed_kind, self.error = kind, ""
        if kind == "playlists" and not self.playlists:
            user = await current_user(self)
            if user is not None:
                try:
                    self.playlists = await asyncio.to_thread(_playlists_of, user.id)
                except Exception as exc:  # a source that fails leaves the other seed kinds usable
                    log.info("seed playlists failed: %s", exc)
                    self.error = "Your playlists could not be read right now. Try again, or pick tracks."
        await self.persist()

    @rx.event
    async def set_history_range(self, value: str):
        if value in HISTORY_RANGES:
            self.history_range = value
            await self.persist()

    @rx.event
    def set_playlist_query(self, value: str):
        self.playlist_query = value[:100]

    @rx.event
    async def toggle_playlist(self, playlist_id: str):
        """One click on a playlist card chooses or un-chooses it (the checkbox only shows it)."""
        self.error = ""
        if playlist_id in self.chosen_playlist_ids:
            self.chosen_playlist_ids = [p for p in self.chosen_playlist_ids if p != playlist_id]
        elif len(self.chosen_playlist_ids) >= MAX_SEED_PLAYLISTS:
            self.error = f"Choose at most {MAX_SEED_PLAYLISTS} playlists: remove one first."
            return
        elif any(p["id"] == playlist_id for p in self.playlists):
            self.chosen_playlist_ids = [*self.chosen_playlist_ids, playlist_id]
        await self.persist()

    @rx.event
    async def search_tracks(self, form: dict):
        """Search the catalog for seed tracks; a failed search clears the old results."""
        user = await current_user(self)
        self.track_query = str(form.get("query") or "")[:200]
        query = self.track_query.strip()
        self.track_results = []
        if user is None or not query:
            return
        try:
            self.track_results = await asyncio.to_thread(_search, user.id, query)
        except Exception as exc:  # a remote search failing leaves the chosen seeds as they are
            log.info("seed search failed: %s", exc)
            self.error = "Search is not answering right now. Try again in a moment."
            return
        self.error = "" if self.track_results else f"No tracks match “{query}”."

    @rx.event
    async def add_track(self, track: dict[str, str]):
        self.error = ""
        if any(t["id"] == track.get("id") for t in self.chosen_tracks):
            return
        if not any(t["id"] == track.get("id") for t in self.track_results):
            return  # only tracks this search showed
        if len(self.chosen_tracks) >= MAX_SEED_TRACKS:
            self.error = f"Pick at most {MAX_SEED_TRACKS} tracks: remove one first."
            return
        self.chosen_tracks = [*self.chosen_tracks, {k: str(track.get(k, "")) for k in ("id", "name", "artist", "image")}]
        await self.persist()

    @rx.event
    async def remove_seed_track(self, track_id: str):
        self.chosen_tracks = [t for t in self.chosen_tracks if t["id"] != track_id]
        await self.persist()

    # -- questions --------------------------------------------------------------------------
    @rx.event
    async def toggle_answer(self, question: str, option: str):
        self.answers = toggle(self.answers, question, option)
        self.error = ""
        await self.persist()

    @rx.event
    async def set_free_text(self, question: str, value: str):
        """Keep a typed answer (sent when the field loses focus) and store the draft."""
        if question not in QUESTION_IDS or (self.free_text.get(question) or "") == value[:MAX_TYPED]:
            return
        self.free_text = {**self.free_text, question: value[:MAX_TYPED]}
        self.error = ""
        await self.persist()

"""The events page's saved concerts, watched places and "why go" notes.

Vars: `saved` (`EventCard`s of the saved events), `saved_ids` (which cards show
"Interested"), `places` (places the daily job watches), `blurbs` ("why go" note
per event id), `blurb_busy` (the event whose note is being written). The events
behind the search's cards are read from `EventsState` (backend-only there).
"""

from __future__ import annotations

import asyncio
import logging

import reflex as rx

from services import events as ev
from services.events import page
from services.events.cards import EventCard, WatchedPlace, event_card
from state.auth import current_user
from state.events import EventsState

log = logging.getLogger(__name__)


class EventsSavedState(rx.State):
    """Saved events, watched places and notes; see the module docstring."""

    saved: list[EventCard] = []
    saved_ids: list[str] = []
    places: list[WatchedPlace] = []
    blurbs: dict[str, str] = {}
    blurb_busy: str = ""

    def _fill(self, user_id: int, unit: str) -> None:
        """Read the saved events and places (in a worker thread)."""
        self.saved = [event_card(e, unit) for e in ev.saved_events(user_id)]  # type: ignore[arg-type]
        self.saved_ids = sorted(ev.saved_event_ids(user_id))
        self.places = page.watched_places(ev.saved_places(user_id))

    async def _refill(self, user_id: int) -> None:
        search = await self.get_state(EventsState)
        await asyncio.to_thread(self._fill, user_id, search.unit)

    @rx.event
    async def load(self):
        """Page load: the saved events and the watched places."""
        user = await current_user(self)
        if user is not None:
            await self._refill(user.id)

    @rx.event
    async def toggle_saved(self, event_id: str):
        """"Interested": save the event (a snapshot) or forget it."""
        user = await current_user(self)
        if user is None:
            return
        if event_id in self.saved_ids:
            await asyncio.to_thread(ev.unsave_event, user.id, event_id)
            message = rx.toast.info("Removed from your saved events.")
        else:
            hit = (await self.get_state(EventsState))._found.get(event_id)
            if hit is None:
                return rx.toast.error("That event is no longer in your results; search again to save it.")
            await asyncio.to_thread(ev.save_event, user.id, hit.event)
            message = rx.toast.success("Saved. Find it under “Saved”.")
        await self._refill(user.id)
        return message

    @rx.event
    async def save_place(self):
        """Watch the searched place: the daily job announces new concerts around it."""
        user = await current_user(self)
        search = await self.get_state(EventsState)
        if user is None or not search.searched_place:
            return
        try:
            await asyncio.to_thread(ev.save_place, user.id, search.searched_place, search.radius_km)
        except ev.InvalidSearch as exc:
            return rx.toast.error(exc.message)
        await self._refill(user.id)
        return rx.toast.success(f"We will tell you about new concerts near {search.searched_place}.")

    @rx.event
    async def remove_place(self, place_id: str):
        """Stop watching a place."""
        user = await current_user(self)
        if user is None or not place_id.isdigit():
            return
        await asyncio.to_thread(ev.remove_place, user.id, int(place_id))
        await self._refill(user.id)

    @rx.event(background=True)
    async def why_go(self, event_id: str):
        """Ask the Composer for a short "why go" note for one event (a hit or a saved one)."""
        async with self:
            user = await current_user(self)
            if user is None or self.blurb_busy or event_id in self.blurbs:
                return
            hit = (await self.get_state(EventsState))._found.get(event_id)
            if hit is None and event_id not in self.saved_ids:
                return
            self.blurb_busy = event_id
        try:
            event = hit.event if hit is not None else await asyncio.to_thread(ev.saved_event, user.id, event_id)
            distance = hit.distance_km if hit is not None else None
            text = await asyncio.to_thread(page.why_go, user.id, event, distance) if event is not None else ""
        except Exception:
            log.exception("event blurb failed for user %s", user.id)
            text = ""
        async with self:
            self.blurb_busy = ""
            if text:
                self.blurbs = {**self.blurbs, event_id: text}
        if not text:
            yield rx.toast.error("No “why go” note could be written right now.")

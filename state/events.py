"""The events page's search: the form, the result (list and map), the daily job's news.

Vars the page shows:
- the search form as typed: `place`, `radius` (text, in `unit`), `unit` (km | mi),
  `start_date`, `end_date` (ISO dates), `genre` ("any" or a genre), `only_mine`,
  `sort`; `radius_hint`;
- the outcome: `searching`, `searching_for`, `searched`, `summary`, `results`
  (`EventCard`s), `notices`, `genres` (filter options), `error` / `error_field`,
  `suggestions` (for an unknown place), `searched_place`;
- the map: `center_lat`, `center_lon`, `radius_km`, `view_seq` (fit the searched
  circle), `selected_id`, `focus_seq` (open that event's popup);
- `tab` (search | saved), `view` (search | tour: what the result shows), `news` (new matches pushed by the daily job), `mode`,
  `tile_url`, `artists_note`, `attribution`.

Backend only: `_found` (the hits behind the cards, to save one or write its note),
`_artists` (the person's artist names and ids), `_here` (the browser's location),
`_search_seq`. Saved events and watched places: `state.events_saved`. Reading the
form and wording the result: `services.events.page`. Identity always comes from
the session (`current_user`), never from an argument.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timezone
from typing import Any

import reflex as rx

from services import events as ev
from services import live
from services.events import page
from services.events.cards import EventCard
from services.maps import get_basemap
from state.auth import current_user
from state.live import push_to_user

log = logging.getLogger(__name__)

SORTS = page.SORTS
LOCATE_JS = """new Promise((resolve) => {
  if (!navigator.geolocation) { resolve({error: "This browser cannot share its location."}); return; }
  navigator.geolocation.getCurrentPosition(
    (p) => resolve({lat: p.coords.latitude, lon: p.coords.longitude}),
    (e) => resolve({error: e.code === 1 ? "Location access was denied. Allow it in the browser, or type a city." : "Your location could not be found. Type a city instead."}),
    {timeout: 10000, maximumAge: 600000});
})"""
NO_LOCATION = "Your location could not be found. Type a city instead."


class EventsState(rx.State):
    """The events page's search; see the module docstring for the vars."""

    place: str = ""
    radius: str = page.DEFAULT_RADIUS["km"]
    unit: str = "km"
    start_date: str = ""
    end_date: str = ""
    genre: str = page.ANY_GENRE
    only_mine: bool = False
    sort: str = "date"
    radius_hint: str = ""

    searching: bool = False
    searched: bool = False
    searching_for: str = ""
    summary: str = ""
    results: list[EventCard] = []
    notices: list[str] = []
    genres: list[str] = []
    error: str = ""
    error_field: str = ""
    suggestions: list[str] = []
    searched_place: str = ""

    center_lat: float = 30.0
    center_lon: float = 10.0
    radius_km: float = 0.0
    view_seq: int = 0
    selected_id: str = ""
    focus_seq: int = 0

    tab: str = "search"
    view: str = "search"  # search (concerts near a place) | tour (my artists on tour)
    news: str = ""
    mode: str = "demo"
    tile_url: str = ""
    artists_note: str = ""
    attribution: str = ev.ATTRIBUTION

    _found: dict[str, ev.Found] = {}
    _artists: list[list[str]] = []  # [names, ids]; empty until read
    _here: list[float] = []  # [lat, lon] when searching around the browser's location
    _search_seq: int = 0

    # --- loading -----------------------------------------------------------------------

    @rx.event
    async def load(self):
        """Page load: the form's first dates, the mode, then the person's artists."""
        if await current_user(self) is None:
            return
        start, end = page.default_dates(datetime.now(timezone.utc).date())
        self.start_date, self.end_date = self.start_date or start, self.end_date or end
        self.mode = ev.events_mode()
        self.tile_url = get_basemap().tile_url
        self.radius_hint = page.radius_hint(self.unit)  # type: ignore[arg-type]
        return EventsState.read_artists

    def _remember_artists(self, mine: ev.MyArtists) -> None:
        self._artists = [list(mine.names), list(mine.ids)]
        self.artists_note = mine.error or ("" if mine.names else page.NO_ARTISTS)

    @rx.event(background=True)
    async def read_artists(self):
        """Read the person's artists (followed, top, library) once, off the event loop."""
        async with self:
            user = await current_user(self)
            if user is None or self._artists:
                return
        mine = await asyncio.to_thread(ev.my_artists, user.id)
        async with self:
            self._remember_artists(mine)

    # --- the form ----------------------------------------------------------------------

    def _clear_error(self, *fields: str) -> None:
        if self.error_field in fields:
            self.error, self.error_field, self.suggestions = "", "", []

    @rx.event
    def set_place(self, value: str):
        self.place, self._here = value, []
        self._clear_error("place")

    @rx.event
    def set_radius(self, value: str):
        self.radius = value
        self._clear_error("radius")

    @rx.event
    def set_unit(self, value: str | list[str]):
        """Switch km/mi, converting the radius so the circle stays the same."""
        value = value[0] if isinstance(value, list) and value else value
        if value not in ("km", "mi") or value == self.unit:
            return
        self.radius = page.convert_radius(self.radius, self.unit, value)  # type: ignore[arg-type]
        self.unit = str(value)
        self.radius_hint = page.radius_hint(self.unit)  # type: ignore[arg-type]
        self._clear_error("radius")

    @rx.event
    def set_start_date(self, value: str):
        self.start_date = value

    @rx.event
    def set_end_date(self, value: str):
        self.end_date = value

    @rx.event
    def set_genre(self, value: str):
        """A new genre filter re-runs the current search."""
        self.genre = value
        return EventsState.search if self.searched else None

    @rx.event
    def set_only_mine(self, value: bool):
        """"Only my artists" re-runs the current search."""
        self.only_mine = value
        return EventsState.search if self.searched else None

    @rx.event
    def set_sort(self, value: str):
        self.sort = value if value in SORTS else "date"
        return EventsState.search if self.searched else None

    @rx.event
    def set_tab(self, value: str):
        self.tab = value

    @rx.event
    def pick_suggestion(self, label: str):
        """Search the suggested place instead of the unknown one."""
        self.place, self._here = label, []
        self.error, self.error_field, self.suggestions = "", "", []
        return EventsState.search

    @rx.event
    def locate(self):
        """Ask the browser for its location, then search around it."""
        self.error, self.error_field, self.suggestions = "", "", []
        self.searching, self.searching_for = True, "your location"
        return rx.call_script(LOCATE_JS, callback=EventsState.search_here)

    @rx.event
    def search_here(self, position: dict[str, Any]):
        """The browser's answer: coordinates to search around, or why there are none."""
        if not isinstance(position, dict) or "lat" not in position:
            error = position.get("error") if isinstance(position, dict) else None
            self.searching, self.error, self.error_field = False, str(error or NO_LOCATION), "location"
            return
        try:
            self._here = [float(position["lat"]), float(position["lon"])]
        except (TypeError, ValueError):
            self.searching, self.error, self.error_field = False, "Your browser sent an unreadable location.", "location"
            return
        self.place = ""
        return EventsState.search

    # --- searching ---------------------------------------------------------------------

    def _form(self) -> page.SearchForm:
        names, ids = self._artists if self._artists else ([], [])
        return page.SearchForm(
            place=self.place, radius=self.radius, unit=self.unit, start_date=self.start_date,  # type: ignore[arg-type]
            end_date=self.end_date, genre=self.genre, only_mine=self.only_mine, sort=self.sort,
            here=(self._here[0], self._here[1]) if self._here else None, my_artists=names, my_artist_ids=ids,
        )

    def _take_form(self, form: dict[str, Any]) -> None:
        """A submitted form wins over text-field changes still on their way (debounced)."""
        if "place" in form and str(form["place"]).strip() != self.place.strip():
            self.place, self._here = str(form["place"]), []
        for key in ("radius", "start_date", "end_date"):
            if isinstance(form.get(key), str):
                setattr(self, key, form[key])

    def _failed(self, seq: int, message: str, field: str, suggestions: list[str] | None = None) -> None:
        if seq == self._search_seq:
            self.searching, self.error, self.error_field = False, message, field
            self.suggestions = suggestions or []

    @rx.event(background=True)
    async def search(self, form: dict[str, Any] | None = None):
        """Run the search off the event loop (sources may be slow or rate limited) and
        show the result; only the latest of several overlapping searches is shown."""
        await self._run(form or {}, tour=False)

    @rx.event(background=True)
    async def search_tour(self, form: dict[str, Any] | None = None):
        """My artists on tour: every show of the person's artists within the radius of the
        place (or location) and dates in the form, matched by id; same list and map."""
        await self._run(form or {}, tour=True)

    async def _run(self, form: dict[str, Any], tour: bool) -> None:
        async with self:
            user = await current_user(self)
            if user is None:
                return
            self._take_form(form)
            self._search_seq += 1
            seq = self._search_seq
            self.error, self.error_field, self.suggestions = "", "", []
            try:
                req = self._form().request()
            except ev.InvalidSearch as exc:
                self.searching, self.error, self.error_field = False, exc.message, exc.field
                return
            need_artists = not self._artists
            self.searching, self.searching_for = True, req.place.strip() or "your location"
        if need_artists:
            mine = await asyncio.to_thread(ev.my_artists, user.id)
            req.my_artists, req.my_artist_ids = list(mine.names), list(mine.ids)
            async with self:
                self._remember_artists(mine)
        try:
            if tour:
                found = await asyncio.to_thread(
                    ev.tour_near, req, ev.followed(req.my_artists, req.my_artist_ids, ev.MAX_TOUR_ARTISTS))
                result, shown = found.result, page.show_tour(found, req)
            else:
                result = await asyncio.to_thread(ev.find_events, req)
                shown = page.show(result, req)
            await asyncio.to_thread(ev.remember_shown, user.id, [f.event for f in result.found])
        except ev.UnknownPlace as exc:
            async with self:
                self._failed(seq, exc.message, "place", list(exc.suggestions))
            return
        except ev.EventsError as exc:  # bad input, bad key, quota, rate limit, a failing source
            async with self:
                self._failed(seq, exc.message, getattr(exc, "field", "source"))
            return
        except Exception:
            log.exception("events search failed for user %s", user.id)
            async with self:
                self._failed(seq, "The search failed unexpectedly. Your filters are kept; try again in a moment.", "source")
            return
        async with self:
            if seq == self._search_seq:
                self._show(shown)
                self.view = "tour" if tour else "search"

    def _show(self, shown: page.Shown) -> None:
        self._found, self.results = shown.found, shown.cards
        if shown.genres is not None:
            self.genres = shown.genres
        self.searched_place, self.summary, self.notices = shown.place, shown.summary, shown.notices
        if shown.place:
            self.place = shown.place
        self.center_lat, self.center_lon, self.radius_km = shown.lat, shown.lon, shown.radius_km
        self.view_seq += 1
        self.selected_id = ""
        self.searching, self.searched, self.mode = False, True, shown.mode

    # --- list and map ------------------------------------------------------------------

    @rx.event
    def focus(self, event_id: str):
        """A list item was picked: highlight it and open its popup on the map."""
        self.selected_id = event_id
        self.focus_seq += 1
        # On a phone the list sits under the map: bring the map (and the popup) into view.
        return rx.call_script(
            "document.querySelector('[data-testid=events-map]')?.scrollIntoView({block: 'nearest', behavior: 'smooth'})"
        )

    @rx.event
    def select(self, event_id: str):
        """A marker's popup opened: highlight the event in the list and scroll to it."""
        if self.selected_id == event_id:
            return
        self.selected_id = event_id
        target = json.dumps(f"event-row-{event_id}")
        return rx.call_script(
            f"(() => {{ const el = document.getElementById({target}); const box = el && el.closest('[data-scroll-list]');"
            " if (box) box.scrollTo({top: el.offsetTop - box.offsetTop - 8, behavior: 'smooth'}); })()"
        )

    @rx.event
    def dismiss_news(self):
        self.news = ""


async def _announce(change: live.Change) -> None:
    """The daily job found new concerts for someone: tell their open events pages."""
    if change.user_id is None:
        return
    text = page.news_text(int(change.data.get("new", 0) or 0), list(change.data.get("names", [])))
    if not text:
        return

    async def apply(state: EventsState) -> None:
        state.news = text

    await push_to_user(change.user_id, EventsState, apply)


live.subscribe("events", _announce)

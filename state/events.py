"""The events page: search concerts by place (or the browser's location), see them on a
map and in a list, save the interesting ones, add them to a calendar.

Vars the page shows:
- the search form: `place`, `radius` (text, in `unit`), `unit` (km | mi), `start_date`,
  `end_date` (ISO dates), `genre` ("any" or a genre), `only_mine`, `sort`;
- the outcome: `searching`, `searched`, `summary`, `results` (cards), `notices`,
  `genres` (filter options), `error` / `error_field`, `suggestions` (for an unknown place);
- the map: `center_lat`, `center_lon`, `radius_km`, `view_seq` (fit the searched circle),
  `selected_id`, `focus_seq` (open that event's popup);
- `tab` (search | saved), `saved` (the saved events), `saved_ids`, `places` (saved
  places the daily job watches), `blurbs` ("why go" per event id), `news` (new matches
  pushed by the daily job), `mode`, `tile_url`, `artists_note`.

Backend only: `_found` (the Event objects behind the cards, to save one), `_artists`
(the person's artist names and ids), `_here` (the browser's location), `_search_seq`.
Identity always comes from the session (`current_user`), never from an argument.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import reflex as rx

from services import events as ev
from services import live
from services.events.geo import from_km, to_km
from services.maps import get_basemap
from state.auth import current_user
from state.live import push_to_user

log = logging.getLogger(__name__)

SORTS = {"date": "Soonest first", "distance": "Nearest first", "relevance": "Best match"}
DEFAULT_RADIUS = {"km": "50", "mi": "30"}
LOCATE_JS = """new Promise((resolve) => {
  if (!navigator.geolocation) { resolve({error: "This browser cannot share its location."}); return; }
  navigator.geolocation.getCurrentPosition(
    (p) => resolve({lat: p.coords.latitude, lon: p.coords.longitude}),
    (e) => resolve({error: e.code === 1 ? "Location access was denied. Allow it in the browser, or type a city." : "Your location could not be found. Type a city instead."}),
    {timeout: 10000, maximumAge: 600000});
})"""


@dataclass
class TicketView:
    label: str = ""
    url: str = ""
    source: str = ""
    status: str = ""


@dataclass
class EventView:
    """One card, as the list, the map popup and the saved tab show it."""

    id: str = ""
    name: str = ""
    image: str = ""
    lineup: list[str] = field(default_factory=list)
    venue: str = ""
    city: str = ""
    country: str = ""
    address: str = ""
    lat: float = 0.0
    lon: float = 0.0
    position: list[float] = field(default_factory=list)  # [lat, lon], one array the map's markers keep
    day: str = ""  # "27"
    month: str = ""  # "Nov"
    date: str = ""
    time: str = ""
    zone: str = ""
    price: str = ""
    genres: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    tickets: list[TicketView] = field(default_factory=list)
    distance: str = ""
    mine: bool = False
    status: str = ""
    ics_url: str = ""


def _view(card: dict[str, Any], local_date: date) -> EventView:
    status = card["status"] if card["status"].lower() in ("cancelled", "canceled", "postponed", "rescheduled") else ""
    return EventView(
        id=card["id"], name=card["name"], image=card["image"], lineup=card["lineup"], venue=card["venue"],
        city=card["city"], country=card["country"], address=card["address"],
        lat=float(card["lat"] or 0.0), lon=float(card["lon"] or 0.0),
        position=[float(card["lat"] or 0.0), float(card["lon"] or 0.0)],
        day=str(local_date.day), month=local_date.strftime("%b"),
        date=card["date"], time=card["time"], zone=card["zone"], price=card["price"], genres=card["genres"][:3],
        sources=card["sources"], tickets=[TicketView(**t) for t in card["tickets"]], distance=card["distance"],
        mine=card["mine"], status=status.title(), ics_url=f"/api/events/{quote(card['id'], safe='')}.ics",
    )


def view_of(found: ev.Found | ev.Event, unit: str = "km") -> EventView:
    event = found.event if isinstance(found, ev.Found) else found
    return _view(ev.event_card(found, unit), event.local_date)  # type: ignore[arg-type]


def _parse_date(text: str, label: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ev.InvalidSearch(label, "Use a date like 2026-12-31.") from None


class EventsState(rx.State):
    """The events page; see the module docstring for the vars."""

    place: str = ""
    radius: str = "50"
    unit: str = "km"
    start_date: str = ""
    end_date: str = ""
    genre: str = "any"
    only_mine: bool = False
    sort: str = "date"

    searching: bool = False
    searched: bool = False
    searching_for: str = ""
    summary: str = ""
    results: list[EventView] = []
    notices: list[str] = []
    genres: list[str] = []
    error: str = ""
    error_field: str = ""
    suggestions: list[str] = []
    searched_place: str = ""  # the gazetteer label of the last place searched ("" for a location)

    center_lat: float = 30.0
    center_lon: float = 10.0
    radius_km: float = 0.0
    view_seq: int = 0
    selected_id: str = ""
    focus_seq: int = 0

    tab: str = "search"
    saved: list[EventView] = []
    saved_ids: list[str] = []
    places: list[dict[str, str]] = []
    blurbs: dict[str, str] = {}
    blurb_busy: str = ""
    news: str = ""
    mode: str = "demo"
    tile_url: str = ""
    artists_note: str = ""
    attribution: str = ev.ATTRIBUTION
    radius_hint: str = ""

    _found: dict[str, Any] = {}
    _artists: list[list[str]] = []  # [names, ids]; empty until read
    _here: list[float] = []  # [lat, lon] when searching around the browser's location
    _search_seq: int = 0

    # --- loading -----------------------------------------------------------------------

    @rx.event
    async def load(self):
        """Page load: defaults for the form, the saved events and places, the mode."""
        user = await current_user(self)
        if user is None:
            return
        today = datetime.now(timezone.utc).date()
        self.start_date = self.start_date or today.isoformat()
        self.end_date = self.end_date or (today + timedelta(days=90)).isoformat()
        self.mode = ev.events_mode()
        self.tile_url = get_basemap().tile_url
        self._set_radius_hint()
        await asyncio.to_thread(self._fill_saved, user.id)
        return EventsState.read_artists

    def _fill_saved(self, user_id: int) -> None:
        events = ev.saved_events(user_id)
        self.saved = [view_of(e, self.unit) for e in events]  # type: ignore[arg-type]
        self.saved_ids = sorted(ev.saved_event_ids(user_id))
        self.places = [{"id": str(p.id), "name": p.name, "radius": f"{p.radius_km:g} km"} for p in ev.saved_places(user_id)]

    @rx.event(background=True)
    async def read_artists(self):
        """Read the person's artists (followed, top, library) once, off the event loop."""
        async with self:
            user = await current_user(self)
            if user is None or self._artists:
                return
        mine = await asyncio.to_thread(ev.my_artists, user.id)
        async with self:
            self._artists = [list(mine.names), list(mine.ids)]
            self.artists_note = mine.error or ("" if mine.names else "No artists of yours yet: connect Spotify or follow some artists to use “only my artists”.")

    def _set_radius_hint(self) -> None:
        low, high = ev.radius_limits(self.unit)  # type: ignore[arg-type]
        self.radius_hint = f"{low:g}–{high:g} {self.unit}"

    # --- the form ----------------------------------------------------------------------

    @rx.event
    def set_place(self, value: str):
        self.place = value
        self._here = []
        if self.error_field == "place":
            self.error, self.error_field, self.suggestions = "", "", []

    @rx.event
    def set_radius(self, value: str):
        self.radius = value
        if self.error_field == "radius":
            self.error = self.error_field = ""

    @rx.event
    def set_unit(self, value: str | list[str]):
        """Switch km/mi, converting the radius so the circle stays the same."""
        value = value[0] if isinstance(value, list) and value else value
        if value not in ("km", "mi") or value == self.unit:
            return
        try:
            km = to_km(float(self.radius.replace(",", ".")), self.unit)  # type: ignore[arg-type]
            self.radius = f"{max(1, round(from_km(km, value))):g}"  # type: ignore[arg-type]
        except ValueError:
            self.radius = DEFAULT_RADIUS[value]
        self.unit = value
        self._set_radius_hint()
        if self.error_field == "radius":
            self.error = self.error_field = ""

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
        if self.searched:
            return EventsState.search

    @rx.event
    def set_only_mine(self, value: bool):
        """"Only my artists" re-runs the current search."""
        self.only_mine = value
        if self.searched:
            return EventsState.search

    @rx.event
    def set_sort(self, value: str):
        self.sort = value if value in SORTS else "date"
        if self.searched:
            return EventsState.search

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
            self.searching = False
            self.error = (position or {}).get("error", "Your location could not be found. Type a city instead.") if isinstance(position, dict) else "Your location could not be found. Type a city instead."
            self.error_field = "location"
            return
        try:
            self._here = [float(position["lat"]), float(position["lon"])]
        except (TypeError, ValueError):
            self.searching, self.error, self.error_field = False, "Your browser sent an unreadable location.", "location"
            return
        self.place = ""
        return EventsState.search

    # --- searching ---------------------------------------------------------------------

    def _request(self) -> ev.SearchRequest:
        """The service request from the form; `InvalidSearch` for what cannot be parsed."""
        try:
            radius = float(self.radius.replace(",", "."))
        except ValueError:
            raise ev.InvalidSearch("radius", f"Radius must be a number ({self.radius_hint}).") from None
        names, ids = (self._artists + [[], []])[:2] if self._artists else ([], [])
        req = ev.SearchRequest(
            place=self.place, radius=radius, unit=self.unit,  # type: ignore[arg-type]
            start=_parse_date(self.start_date, "start"), end=_parse_date(self.end_date, "end"),
            genre="" if self.genre == "any" else self.genre, my_artists=list(names), my_artist_ids=list(ids),
            only_my_artists=self.only_mine, sort=self.sort,  # type: ignore[arg-type]
        )
        if self._here:
            req.lat, req.lon, req.place = self._here[0], self._here[1], ""
        return req

    def _take_form(self, form: dict[str, Any]) -> None:
        """A submitted form wins over text-field changes still on their way (debounced)."""
        if "place" in form and str(form["place"]).strip() != self.place.strip():
            self.place, self._here = str(form["place"]), []
        for key in ("radius", "start_date", "end_date"):
            if key in form and isinstance(form[key], str):
                setattr(self, key, form[key])

    @rx.event(background=True)
    async def search(self, form: dict[str, Any] | None = None):
        """Run the search off the event loop (sources may be slow or rate limited) and
        show the result; only the latest of several overlapping searches is shown."""
        async with self:
            user = await current_user(self)
            if user is None:
                return
            self._take_form(form or {})
            self._search_seq += 1
            seq = self._search_seq
            self.error, self.error_field, self.suggestions = "", "", []
            try:
                req = self._request()
            except ev.InvalidSearch as exc:
                self.searching, self.error, self.error_field = False, exc.message, exc.field
                return
            need_artists = not self._artists
            self.searching = True
            self.searching_for = req.place.strip() or "your location"
        if need_artists:
            mine = await asyncio.to_thread(ev.my_artists, user.id)
            req.my_artists, req.my_artist_ids = list(mine.names), list(mine.ids)
            async with self:
                self._artists = [list(mine.names), list(mine.ids)]
                if not mine.names:
                    self.artists_note = mine.error or "No artists of yours yet: connect Spotify or follow some artists to use “only my artists”."
        try:
            result = await asyncio.to_thread(ev.find_events, req)
            await asyncio.to_thread(ev.remember_shown, user.id, [f.event for f in result.found])
        except ev.UnknownPlace as exc:
            async with self:
                if seq == self._search_seq:
                    self.searching, self.error, self.error_field = False, exc.message, "place"
                    self.suggestions = list(exc.suggestions)
            return
        except ev.EventsError as exc:  # bad input, bad key, quota, rate limit, a failing source
            async with self:
                if seq == self._search_seq:
                    self.searching, self.error = False, exc.message
                    self.error_field = getattr(exc, "field", "source")
            return
        except Exception:
            log.exception("events search failed for user %s", user.id)
            async with self:
                if seq == self._search_seq:
                    self.searching, self.error_field = False, "source"
                    self.error = "The search failed unexpectedly. Your filters are kept; try again in a moment."
            return
        async with self:
            if seq != self._search_seq:
                return
            self._show(result, req)

    def _show(self, result: ev.SearchResult, req: ev.SearchRequest) -> None:
        found = [f for f in result.found if f.event.venue.lat is not None and f.event.venue.lon is not None]
        self._found = {f.event.id: f.event for f in found}
        self.results = [view_of(f, result.unit) for f in found]
        if not req.genre:
            self.genres = ev.genre_options(result.found)
        where = result.place.label if result.place else "your location"
        self.searched_place = result.place.label if result.place else ""
        if result.place:
            self.place = result.place.label
        span = f"{result.start:%-d %b} – {result.end:%-d %b %Y}"
        count = len(self.results)
        what = "concert" if count == 1 else "concerts"
        mine = sum(1 for f in found if f.mine)
        self.summary = (f"{count} {what} within {result.radius:g} {result.unit} of {where} · {span}"
                        + (f" · {mine} with your artists" if mine and not req.only_my_artists else ""))
        self.notices = list(result.notices)
        self.center_lat, self.center_lon, self.radius_km = result.lat, result.lon, result.radius_km
        self.view_seq += 1
        self.selected_id = ""
        self.searching, self.searched = False, True
        self.mode = result.mode

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

    # --- saving ------------------------------------------------------------------------

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
            event = self._found.get(event_id)
            if event is None:
                return rx.toast.error("That event is no longer in your results; search again to save it.")
            await asyncio.to_thread(ev.save_event, user.id, event)
            message = rx.toast.success("Saved. Find it under “Saved”.")
        await asyncio.to_thread(self._fill_saved, user.id)
        return message

    @rx.event
    async def save_place(self):
        """Watch the searched place: the daily job announces new concerts around it."""
        user = await current_user(self)
        if user is None or not self.searched_place:
            return
        try:
            await asyncio.to_thread(ev.save_place, user.id, self.searched_place, self.radius_km)
        except ev.InvalidSearch as exc:
            return rx.toast.error(exc.message)
        await asyncio.to_thread(self._fill_saved, user.id)
        return rx.toast.success(f"We will tell you about new concerts near {self.searched_place}.")

    @rx.event
    async def remove_place(self, place_id: str):
        user = await current_user(self)
        if user is None:
            return
        try:
            await asyncio.to_thread(ev.remove_place, user.id, int(place_id))
        except ValueError:
            return
        await asyncio.to_thread(self._fill_saved, user.id)

    @rx.event
    def dismiss_news(self):
        self.news = ""

    # --- "why go" ----------------------------------------------------------------------

    @rx.event(background=True)
    async def why_go(self, event_id: str):
        """Ask the Composer for a short "why go" blurb for one event."""
        async with self:
            user = await current_user(self)
            if user is None or self.blurb_busy or event_id in self.blurbs:
                return
            event = self._found.get(event_id)
            distance = next((r.distance for r in self.results if r.id == event_id), "")
            if event is None:
                saved = next((s for s in self.saved if s.id == event_id), None)
                if saved is None:
                    return
            self.blurb_busy = event_id
        try:
            if event is None:
                event = await asyncio.to_thread(ev.saved_event, user.id, event_id)
            text = await asyncio.to_thread(_blurb, user.id, event, distance)
        except Exception:
            log.exception("event blurb failed for user %s", user.id)
            text = ""
        async with self:
            self.blurb_busy = ""
            if text:
                self.blurbs = {**self.blurbs, event_id: text}
        if not text:
            yield rx.toast.error("No “why go” note could be written right now.")


def _blurb(user_id: int, event: ev.Event | None, distance: str) -> str:
    if event is None:
        return ""
    from services.ai import get_composer
    from services.ai.schemas import EventBrief

    km = None
    if distance.endswith(" km"):
        try:
            km = float(distance.split()[0])
        except ValueError:
            km = None
    brief = EventBrief(name=event.name, artists=event.lineup[:5], venue=event.venue.name, city=event.venue.city,
                       date=event.local_date.isoformat(), genres=event.genres[:5], distance_km=km)
    answer = get_composer().event_blurb(brief, user_id=user_id)
    return f"{answer.headline}. {answer.blurb}" if answer.headline else answer.blurb


async def _announce(change: live.Change) -> None:
    """The daily job found new concerts for someone: tell their open events pages."""
    if change.user_id is None:
        return
    count = int(change.data.get("new", 0) or 0)
    names = [str(n) for n in change.data.get("names", [])][:3]
    if not count:
        return
    text = f"{count} new concert{'s' if count != 1 else ''} for you" + (f": {', '.join(names)}" + ("…" if count > len(names) else "") if names else "")

    async def apply(state: EventsState) -> None:
        state.news = text

    await push_to_user(change.user_id, EventsState, apply)


live.subscribe("events", _announce)

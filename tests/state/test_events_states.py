"""The events page's states, driven as a tab would drive them (no browser): the search
form and its errors, a search on the demo source, saving an event and a place."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from services import events as ev
from state.events import EventsState
from state.events_saved import EventsSavedState
from tests.state.tabs import Tab

pytestmark = pytest.mark.usefixtures("db")


async def _signed_in_tab() -> Tab:
    tab = Tab("/events")
    tab.sign_up("Eve")
    await tab.state(EventsState).load()
    return tab


async def test_load_fills_the_form_and_switching_units_keeps_the_circle() -> None:
    tab = await _signed_in_tab()
    search = tab.state(EventsState)
    assert search.start_date and search.end_date > search.start_date
    assert (search.radius, search.radius_hint, search.mode) == ("50", "1–500 km", "demo")

    search.set_unit("mi")
    assert (search.unit, search.radius, search.radius_hint) == ("mi", "31", "0.6–311 mi")
    search.set_radius("lots")
    search.set_unit(["km"])  # the segmented control may send a list
    assert (search.unit, search.radius) == ("km", "50")  # not a number: the default radius


async def test_bad_input_is_named_and_typing_clears_it() -> None:
    tab = await _signed_in_tab()
    search = tab.state(EventsState)
    await tab.run(EventsState.search, {"place": "Berlin", "radius": "far"})
    assert (search.error_field, search.searching) == ("radius", False) and "1–500 km" in search.error
    search.set_radius("25")
    assert search.error == "" and search.error_field == ""

    await tab.run(EventsState.search, {"place": "Londn", "radius": "25"})
    assert search.error_field == "place" and "No place called 'Londn'" in search.error and search.suggestions
    suggestion = search.suggestions[0]
    search.pick_suggestion(suggestion)
    assert (search.error, search.place, search.suggestions) == ("", suggestion, [])

    search.search_here({"error": "Location access was denied."})
    assert (search.error_field, search.error) == ("location", "Location access was denied.")
    search.search_here({"lat": "north", "lon": 1})
    assert search.error == "Your browser sent an unreadable location."


async def test_a_search_shows_cards_on_the_map_and_an_event_can_be_saved() -> None:
    tab = await _signed_in_tab()
    search, saved = tab.state(EventsState), tab.state(EventsSavedState)
    await saved.load()
    assert saved.saved == [] and saved.places == []

    await tab.run(EventsState.search, {"place": "Berlin", "radius": "500"})
    assert search.error == "" and search.searched and search.results
    assert "within 500 km of Berlin, Germany" in search.summary and search.searched_place == "Berlin, Germany"
    assert (search.center_lat, search.view_seq) != (30.0, 0) and search.genres
    first = search.results[0]
    assert first.distance.endswith(" km") and first.ics_url == f"/api/events/{quote(first.id, safe='')}.ics"

    search.focus(first.id)
    assert (search.selected_id, search.focus_seq) == (first.id, 1)

    await saved.toggle_saved(first.id)
    assert saved.saved_ids == [first.id] and [c.name for c in saved.saved] == [first.name]
    assert saved.saved[0].distance == ""  # a saved card has no search centre
    await saved.toggle_saved(first.id)
    assert saved.saved_ids == [] and ev.saved_event_ids(_user(tab)) == set()
    assert await saved.toggle_saved("not-shown") is not None and saved.saved_ids == []  # refused with a toast

    await saved.save_place()
    assert [(p.name, p.radius) for p in saved.places] == [("Berlin, Germany", "500 km")]
    await saved.remove_place(saved.places[0].id)
    await saved.remove_place("not-a-number")
    assert saved.places == []


def _user(tab: Tab) -> int:
    from services import accounts
    
    user = accounts.user_for_token(tab.session_token)
    assert user is not None
    return user.id


async def test_my_artists_on_tour_shows_only_their_shows_and_bad_input_is_named() -> None:
    tab = await _signed_in_tab()
    search = tab.state(EventsState)
    await tab.run(EventsState.search_tour, {"place": "Berlin", "radius": "0"})
    assert search.error_field == "radius" and search.view == "search"
    await tab.run(EventsState.search_tour, {"place": "Atlantis Prime", "radius": "50"})
    assert search.error_field == "place"

    await tab.run(EventsState.search_tour, {"place": "Berlin", "radius": "500"})
    assert search.error == "" and search.view == "tour"
    assert search.results and all(card.mine for card in search.results)
    assert "of your artists within 500 km of Berlin, Germany" in search.summary
    assert search.radius_km == 500 and search.view_seq >= 1  # the map draws and fits the circle

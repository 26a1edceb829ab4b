"""Concerts near you and for your artists: Ticketmaster and Bandsintown when keyed, a
demo source of real venues otherwise; merged, searched by place, radius and dates.

The page calls: `find_events(SearchRequest(...))`, `event_card(found, unit)` (and `services.events.page`),
`find_place` / `suggest_places`, `my_artists(user_id)` for "only my artists", `save_event` / `unsave_event` / `saved_events` /
`saved_event_ids`, `calendar([event])` for `.ics`, `save_place` / `saved_places`,
`events_mode()` for the badge, `radius_limits(unit)` for the slider, `tour_near(req, followed(names, ids))`
for "my artists on tour".
"""

from __future__ import annotations

from services.events.cards import event_card, genre_options, price_text
from services.events.errors import (
    EventsError,
    InvalidApiKey,
    InvalidSearch,
    QuotaExhausted,
    RateLimited,
    SourceError,
    UnknownPlace,
)
from services.events.finder import SearchRequest, SearchResult, find_events, radius_limits
from services.events.gazetteer import ATTRIBUTION, find_place, suggest_places
from services.events.geo import haversine_km
from services.events.ics import calendar, ics_filename
from services.events.merge import merge_events
from services.events.mine import MyArtists, my_artists
from services.events.saved import (
    remove_place,
    save_event,
    save_place,
    saved_event,
    saved_event_ids,
    saved_events,
    saved_events_ics,
    saved_places,
    unsave_event,
)
from services.events.shown import calendar_event, remember_shown, shown_event
from services.events.source import EventQuery, EventSource
from services.events.sources import events_mode, get_sources
from services.events.tour import MAX_TOUR_ARTISTS, TourResult, followed, tour_near
from services.events.types import Event, Found, Place, PriceRange, TicketLink, Venue

__all__ = [
    "ATTRIBUTION", "Event", "EventQuery", "EventSource", "EventsError", "Found", "InvalidApiKey", "InvalidSearch",
    "MyArtists", "Place", "PriceRange", "QuotaExhausted", "RateLimited", "SearchRequest", "SearchResult", "SourceError",
    "TicketLink", "UnknownPlace", "Venue", "calendar", "event_card", "events_mode", "find_events", "find_place",
    "genre_options", "get_sources", "haversine_km", "ics_filename", "merge_events", "my_artists", "price_text", "radius_limits", "remove_place",
    "save_event", "save_place", "saved_event", "saved_event_ids", "saved_events", "saved_events_ics",
    "saved_places", "calendar_event", "remember_shown", "shown_event", "suggest_places", "unsave_event",
    "MAX_TOUR_ARTISTS", "TourResult", "followed", "tour_near",
]

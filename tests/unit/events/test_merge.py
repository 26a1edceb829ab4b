"""Merging: one card per real concert, every ticket link kept."""

from __future__ import annotations

from datetime import date

from services.events.geo import haversine_km
from services.events.merge import merge_events
from tests.unit.events.helpers import make_event


def test_same_artist_same_venue_same_date_from_two_sources_becomes_one_event_with_both_ticket_links() -> None:
    tm = make_event("ticketmaster", "A1")
    # Bandsintown places the venue ~120 m away and spells the artist differently.
    bit = make_event("bandsintown", "B7", lineup=("neon harbor", "Support Act"), lat=52.3632, lon=4.8843)
    assert haversine_km(52.3622, 4.8838, 52.3632, 4.8843) < 0.2

    [merged] = merge_events([tm, bit])

    assert merged.id == "ticketmaster:A1" and merged.sources == ["ticketmaster", "bandsintown"]
    assert {t.url for t in merged.tickets} == {"https://ticketmaster.example/A1", "https://bandsintown.example/B7"}
    assert merged.lineup == ["Neon Harbor", "Support Act"]


def test_venues_further_than_200_m_apart_stay_separate() -> None:
    tm = make_event("ticketmaster", "A1")
    other = make_event("bandsintown", "B7", lat=52.3650, lon=4.8838)  # ~310 m north
    assert len(merge_events([tm, other])) == 2


def test_a_different_date_or_a_different_artist_is_a_different_concert() -> None:
    base = make_event("ticketmaster", "A1")
    next_night = make_event("bandsintown", "B1", day=date(2030, 6, 15))
    other_artist = make_event("bandsintown", "B2", lineup=("Velvet Static",))
    assert len(merge_events([base, next_night, other_artist])) == 3


def test_without_coordinates_the_venue_name_and_city_decide() -> None:
    tm = make_event("ticketmaster", "A1", lat=None, lon=None)
    same = make_event("bandsintown", "B1", venue="PARADISO", lat=None, lon=None)
    elsewhere = make_event("demo", "D1", venue="Melkweg", lat=None, lon=None)
    merged = merge_events([tm, same, elsewhere])
    assert [len(m.sources) for m in merged] == [2, 1]


def test_three_sources_merge_transitively_and_the_live_source_wins_the_facts() -> None:
    demo = make_event("demo", "D1")
    bit = make_event("bandsintown", "B1", lat=52.3630, lon=4.8838)
    tm = make_event("ticketmaster", "T1", lat=52.3614, lon=4.8838)  # 180 m from bandsintown's point
    [merged] = merge_events([demo, bit, tm])
    assert merged.source == "ticketmaster" and set(merged.sources) == {"demo", "bandsintown", "ticketmaster"}
    assert len(merged.tickets) == 3 and merged.venue.lat == 52.3614


def test_same_ticket_url_is_listed_once_and_order_follows_first_appearance() -> None:
    first = make_event("ticketmaster", "A1", url="https://t.example/1")
    dup = make_event("bandsintown", "B1", url="https://t.example/1")
    later = make_event("ticketmaster", "Z9", lineup=("Other",), day=date(2030, 1, 1))
    merged = merge_events([first, later, dup])
    assert [m.id for m in merged] == ["ticketmaster:A1", "ticketmaster:Z9"]
    assert [t.url for t in merged[0].tickets] == ["https://t.example/1"]

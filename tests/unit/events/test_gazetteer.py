"""Place search in the shipped gazetteer."""

from __future__ import annotations

import pytest

from services.events.gazetteer import find_place, place_count, suggest_places


@pytest.mark.parametrize("query", ["Paris", "paris, fr", "Paris, France", "  PARIS ,  FRA "])
def test_paris_in_every_spelling_is_the_french_capital(query: str) -> None:
    place = find_place(query)
    assert place is not None and place.iso2 == "FR" and place.lat == pytest.approx(48.8566, abs=0.01)


@pytest.mark.parametrize(("query", "name"), [("Sao Paulo", "São Paulo"), ("zurich", "Zürich"), ("Köln", "Cologne"),
                                             ("Montreal, Canada", "Montréal"), ("nyc", "New York")])
def test_accents_and_common_aliases(query: str, name: str) -> None:
    place = find_place(query)
    assert place is not None and place.name == name


def test_a_qualifier_picks_between_cities_of_the_same_name() -> None:
    assert find_place("London").iso2 == "GB"  # type: ignore[union-attr]
    assert find_place("London, Canada").iso2 == "CA"  # type: ignore[union-attr]
    oregon, maine = find_place("Portland, Oregon"), find_place("Portland, Maine")
    assert oregon and maine and oregon.admin == "Oregon" and maine.admin == "Maine"
    assert find_place("Paris, Japan") is None


def test_unknown_places_get_suggestions_not_a_guess() -> None:
    assert find_place("Parsi") is None and find_place("") is None
    assert "Paris, France" in suggest_places("Parsi")
    assert suggest_places("Berln")[0] == "Berlin, Germany"
    assert suggest_places("Xqzwv") == []


def test_the_gazetteer_covers_hundreds_of_world_cities() -> None:
    assert place_count() >= 500
    for city in ("Lagos", "Jakarta", "Lima", "Reykjavík", "Auckland"):
        assert find_place(city) is not None, city

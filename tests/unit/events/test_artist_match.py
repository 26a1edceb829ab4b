"""Artists matched by id, not by name: tribute acts and namesakes are left out
(`services/events/artist_match.py`)."""

from __future__ import annotations

from services.events.artist_match import FollowedArtist, match, split
from services.events.types import Performer
from tests.unit.events.helpers import make_event

NOVA_SPOTIFY = "4Z8W4fKeB5YxbusRsdQVPb"
OTHER_SPOTIFY = "7dGJo4pcD2V6oG8kP0tJRR"


def nova() -> FollowedArtist:
    return FollowedArtist.of("Nova", NOVA_SPOTIFY)


def show(ident: str, performers: list[Performer], name: str = "") -> object:
    event = make_event(ident=ident, lineup=tuple(p.name for p in performers))
    return event.model_copy(update={"performers": performers, "name": name or event.name})


def test_same_spotify_id_matches_and_a_namesake_with_another_does_not():
    real = show("1", [Performer(name="Nova", source_id="tm:K1", spotify_id=NOVA_SPOTIFY)])
    namesake = show("2", [Performer(name="NOVA", source_id="tm:K2", spotify_id=OTHER_SPOTIFY)])
    assert match(nova(), real).how == "spotify"
    verdict = match(nova(), namesake)
    assert not verdict.matched and verdict.reason == "namesake"


def test_a_source_id_proven_by_spotify_matches_the_artist_elsewhere():
    artist = nova()
    proof = show("1", [Performer(name="Nova", source_id="tm:K1", spotify_id=NOVA_SPOTIFY)])
    no_link = show("3", [Performer(name="Nova (live)", source_id="tm:K1")])
    namesake_no_link = show("4", [Performer(name="Nova", source_id="tm:K2")])
    namesake_proof = show("5", [Performer(name="Nova", source_id="tm:K2", spotify_id=OTHER_SPOTIFY)])
    kept, left_out = split([artist], [proof, no_link, namesake_no_link, namesake_proof])
    assert [e.id for e, _a, _h in kept] == ["ticketmaster:1", "ticketmaster:3"]
    assert left_out == {"namesake": 2}


def test_tribute_acts_are_left_out_by_name_and_by_title():
    artist = nova()
    billed_as_tribute = show("6", [Performer(name="Nova Tribute Band")])
    tribute_night = show("7", [Performer(name="Nova")], name="A Tribute to Nova")
    music_of = show("8", [Performer(name="The Music of Nova")])
    for event in (billed_as_tribute, tribute_night, music_of):
        verdict = match(artist, event)
        assert not verdict.matched and verdict.reason == "tribute", event.name


def test_name_only_when_no_id_can_say_and_the_demo_matches_by_catalog_id():
    by_name = show("9", [Performer(name="nova")])
    assert match(nova(), by_name).how == "name"
    demo_artist = FollowedArtist.of("Neon Harbor", "demo-artist-0")
    assert demo_artist.spotify_id == ""  # a demo id is never compared with Spotify ids
    demo_show = make_event(source="demo", ident="x").model_copy(update={"artist_ids": ["demo-artist-0"]})
    assert match(demo_artist, demo_show).how == "id"
    other = make_event(source="demo", ident="y", lineup=("Someone Else",)).model_copy(update={"artist_ids": ["demo-artist-9"]})
    assert match(demo_artist, other).reason == "not billed"


def test_a_band_whose_own_name_has_a_tribute_word_is_still_itself():
    artist = FollowedArtist.of("Tribute", "demo-artist-3")
    assert match(artist, show("10", [Performer(name="Tribute")], name="Tribute")).matched

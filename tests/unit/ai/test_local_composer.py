"""The offline composer as a person meets it: valid typed answers, the same answer
for the same input, and text that is about *their* input, not filler."""

from __future__ import annotations

import pytest

from services.ai import (
    LOCAL_SOURCE,
    ContentPack,
    EventBlurb,
    EventBrief,
    LocalComposer,
    Lyrics,
    LyricsBrief,
    ReleaseCopy,
    TrackBrief,
    VideoIdea,
    WorldBrief,
    WorldDefinition,
    get_composer,
)
from services.ai.schemas import GenreShare, PlaylistFacts

composer = LocalComposer()

def _playlist(family: str, genres: list[str], **kw) -> PlaylistFacts:
    return PlaylistFacts(family=family, genres=[GenreShare(name=g, share=0.5) for g in genres], count=kw.pop("count", 24), **kw)


FOLK_WORLD = WorldBrief(
    asked=["calm", "late-night"], setting="late-night", avoided=["country", "explicit lyrics"],
    playlists=[
        _playlist("folk", ["indie folk", "folk"], tempo_range=[80, 105], energy_word="hushed", mood_word="bittersweet",
                  sound_word="acoustic", tags=["fingerpicked guitar"], artists=["Mira Vale", "Otto Rain"]),
        _playlist("jazz", ["jazz", "bebop"], tempo_range=[85, 120], energy_word="calm", mood_word="warm",
                  artists=["Sol Ortega"]),
        _playlist("classical", ["modern classical"], count=9, energy_word="hushed", tags=["felt piano"]),
    ],
    seed_genres=["indie folk", "chamber pop"],
)
TECHNO_WORLD = WorldBrief(
    asked=["driving"], setting="workout",
    playlists=[_playlist("electronic", ["techno", "house"], tempo_range=[125, 135], energy_word="high-energy",
                         mood_word="dark", sound_word="electronic"),
               _playlist("hip hop", ["trap"], energy_word="lively"), _playlist("rock", ["punk"], energy_word="high-energy")],
)
SONG = LyricsBrief(genre="hip hop", mood="melancholic", theme="leaving my hometown on the last train", bpm=92)
TRACK = TrackBrief(title="Paper Lanterns", artist="Mira Vale", genre="indie folk", mood="nostalgic",
                   lyrics="[Chorus]\nPaper lanterns on the river\nPaper lanterns on the river\nCarry my grandmother's songs")
EVENT = EventBrief(name="Night Folk Sessions", artists=["Big Thief", "Adrianne Lenker"], venue="Paradiso",
                   city="Amsterdam", date="2026-12-03", genres=["indie folk"], listener_keywords=["folk", "candlelight"])

TASKS = [
    ("world", lambda: composer.world_definition(FOLK_WORLD), WorldDefinition),
    ("lyrics", lambda: composer.lyrics(SONG), Lyrics),
    ("release", lambda: composer.release_copy(TRACK), ReleaseCopy),
    ("content", lambda: composer.content_pack(TRACK), ContentPack),
    ("video", lambda: composer.video_idea(TRACK), VideoIdea),
    ("event", lambda: composer.event_blurb(EVENT), EventBlurb),
]


@pytest.mark.parametrize(("name", "make", "schema"), TASKS, ids=[t[0] for t in TASKS])
def test_every_task_validates_against_its_schema_and_is_deterministic(name, make, schema) -> None:
    first, second = make(), make()
    assert isinstance(first, schema)
    assert schema.model_validate(first.model_dump()).content() == first.content()  # round-trips through validation
    assert first.content() == second.content()
    assert first.source == LOCAL_SOURCE and first.fallback_reason is None


def test_world_texts_come_from_the_playlists_facts_in_their_order() -> None:
    world = composer.world_definition(FOLK_WORLD)
    assert len(world.playlists) == 3 and len({p.title for p in world.playlists}) == 3
    folk, jazz, classical = world.playlists
    assert "Indie Folk" in folk.title or "indie folk" in folk.description
    assert folk.description.startswith("24 indie folk and folk tracks between 80 and 105 BPM, mostly hushed")
    assert "Mira Vale" in folk.description and "fingerpicked guitar" in folk.description
    assert classical.description.startswith("Nine modern classical tracks")  # small numbers in words
    assert world.description.startswith("Three playlists for late nights:")
    assert "Kept out: country and explicit lyrics." in world.description


def test_opposite_worlds_read_differently() -> None:
    folk, techno = composer.world_definition(FOLK_WORLD), composer.world_definition(TECHNO_WORLD)
    assert folk.world_name != techno.world_name
    assert "workouts" in techno.description and "late nights" in folk.description
    assert "high-energy" in techno.playlists[0].description and "hushed" in folk.playlists[0].description


def test_lyrics_are_sections_about_the_theme() -> None:
    song = composer.lyrics(SONG)
    kinds = [s.kind for s in song.sections]
    assert {"verse", "chorus", "bridge"} <= set(kinds) and kinds.count("chorus") >= 2
    text = song.text.lower()
    for word in ("leaving", "hometown", "train"):
        assert word in text
    other = composer.lyrics(LyricsBrief(genre="country", mood="happy", theme="summer wedding by the lake"))
    assert "lake" in other.text.lower() and other.text != song.text


def test_refine_follows_the_instruction() -> None:
    song = composer.lyrics(SONG)
    shorter = composer.refine_lyrics(song, "make it shorter", brief=SONG)
    assert sum(len(s.lines) for s in shorter.sections) < sum(len(s.lines) for s in song.sections)
    no_bridge = composer.refine_lyrics(song, "remove the bridge")
    assert "bridge" not in [s.kind for s in no_bridge.sections]
    back = composer.refine_lyrics(no_bridge, "add a bridge", history=["remove the bridge"])
    assert "bridge" in [s.kind for s in back.sections]
    ocean = composer.refine_lyrics(song, "more about the ocean", brief=SONG)
    assert "ocean" in ocean.text.lower() and "ocean" not in song.text.lower()
    catchy = composer.refine_lyrics(song, "make the chorus catchier", brief=SONG)
    chorus = next(s for s in catchy.sections if s.kind == "chorus")
    assert chorus.lines[0] == chorus.lines[-1] and song.title in chorus.lines[0]
    assert "catchier" not in catchy.text  # an instruction about the song is not a subject for it
    again = composer.refine_lyrics(song, "try again", brief=SONG)
    assert again.text != song.text and again.sections[0] == song.sections[0]  # only the second verse changes
    repeat = composer.refine_lyrics(song, "more about the ocean", history=["more about the ocean"], brief=SONG)
    assert repeat.text != ocean.text and "ocean" in repeat.text.lower()  # a repeated ask gets a fresh variation
    happier = composer.refine_lyrics(song, "make it happier", brief=SONG)
    assert happier.text != song.text and any(w in happier.text.lower() for w in ("golden", "bright", "sunlit", "dancing", "shining"))


def test_release_copy_content_and_video_use_the_track() -> None:
    copy = composer.release_copy(TRACK)
    assert "Paper Lanterns" in copy.description and "Mira Vale" in copy.press_pitch
    assert "indie folk" in copy.description and len(copy.tagline) <= 140
    assert "Paper lanterns on the river" in copy.description  # the repeated line is the hook
    pack = composer.content_pack(TRACK)
    assert "#PaperLanterns" in pack.hashtags and "#IndieFolk" in pack.hashtags
    assert all(tag.startswith("#") for tag in pack.hashtags) and len(set(pack.hashtags)) == len(pack.hashtags)
    assert any("Paper Lanterns" in c for c in pack.captions)
    idea = composer.video_idea(TRACK)
    assert "Paper Lanterns" in idea.idea and "Mira Vale" in idea.script
    other = composer.video_idea(TRACK.model_copy(update={"title": "Concrete Bloom", "lyrics": "", "genre": "techno"}))
    assert other.idea != idea.idea and "Concrete Bloom" in other.idea


def test_event_blurb_names_the_show_and_ties_it_to_the_listener() -> None:
    blurb = composer.event_blurb(EVENT)
    assert "Big Thief" in blurb.headline and "Amsterdam" in blurb.headline
    assert "Paradiso" in blurb.blurb and "indie folk" in blurb.blurb and "folk" in blurb.blurb.split("world")[-1]


def test_factory_is_offline_without_a_key() -> None:
    assert isinstance(get_composer(), LocalComposer)

"""World texts tell the truth: claims checked against the tracks, grammar, jargon, echo, and an
answer that fails is asked again, then repaired field by field."""

from __future__ import annotations

import numpy as np

from services.ai import LocalComposer
from services.ai.schemas import LOCAL_SOURCE, GenreShare, PlaylistFacts, PlaylistText, WorldBrief, WorldDefinition
from services.worlds.claims import TrackView, check_claims, level_word
from services.worlds.text_checks import check_world, echoes, grammar_slips, jargon_in
from services.worlds.why import SeedNeighbours, explain, feel
from services.worlds.writing import write_texts


def _views(n: int = 20, *, genres=("jazz",), energy: float = 0.3, valence: float = 0.3, tempo: float = 90.0,
           artists=("Mira Vale",), tags=("felt piano",)) -> list[TrackView]:
    return [TrackView(genres=genres, artists=(artists[i % len(artists)],), year=1994, tags=tags,
                      signals={"energy": energy, "valence": valence, "tempo": tempo + (i % 5),
                               "acousticness": 0.8, "instrumentalness": 0.7, "danceability": 0.4},
                      tempo_measured=True) for i in range(n)]


def _true(text: str, views) -> dict[str, bool]:
    return {c.text.lower(): c.true for c in check_claims(text, views)}


def test_claims_about_count_tempo_genre_feel_tags_artists_and_decades_are_checked() -> None:
    views = _views()
    ok = _true("20 jazz tracks between 85 and 100 BPM, mostly hushed and dark, with felt piano. "
               "Artists like Mira Vale. Mostly 1990s.", views)
    assert ok and all(ok.values()), ok
    bad = _true("12 techno tracks between 120 and 130 BPM, mostly lively and bright, with banjo. Artists like Nobody.", views)
    assert bad and not any(bad.values()), bad


def test_denials_and_names_are_read_right() -> None:
    views = _views(genres=("indie folk",), artists=("Warm Star",))
    claims = _true("Kept out: country and techno. With artists like Warm Star.", views)
    assert claims == {"no country": True, "no techno": True, "like warm star": True}  # "warm" in a name is no claim
    assert _true("Nothing with folk.", views) == {"no folk": False}


def test_level_words_are_only_chosen_when_true() -> None:
    assert level_word("energy", np.array([0.2, 0.25, 0.3, 0.3])) == "hushed"
    assert level_word("energy", np.array([0.9, 0.85, 0.8])) == "high-energy"
    assert level_word("energy", np.array([0.1, 0.9, 0.1, 0.9])) == ""  # split evenly: nothing is true of most
    assert level_word("valence", np.array([np.nan])) == ""


def test_grammar_slips_are_found_with_inflect() -> None:
    assert grammar_slips("An upbeat mix for an hour, a European tour and a unicorn.") == []
    assert grammar_slips("A upbeat mix.")
    assert grammar_slips("An calm set.")
    assert grammar_slips("1 tracks of jazz.") and grammar_slips("5 track of jazz.")
    assert grammar_slips("the the end.") and grammar_slips("one sentence. another one.")
    assert grammar_slips("Unbalanced “quote.") and grammar_slips("Too  many spaces .")


def test_jargon_and_echo_are_caught() -> None:
    assert jargon_in("High valence and low acousticness.") == ["valence", "acousticness"]
    assert jargon_in("Warm and hushed.") == []
    typed = ["rainy sunday with old jazz records"]
    assert "rainy sunday with" in echoes("For a rainy Sunday with old records.", typed)
    assert echoes("Jazz for rainy days.", typed) == []  # a word or two is interpretation, not an echo


BRIEF = WorldBrief(asked=["calm"], setting="late-night", avoided=["country"], playlists=[
    PlaylistFacts(family="jazz", genres=[GenreShare(name="jazz", share=1.0)], count=20, tempo_range=[85, 100],
                  energy_word="hushed", mood_word="dark", tags=["felt piano"], artists=["Mira Vale"]),
    PlaylistFacts(family="folk", genres=[GenreShare(name="indie folk", share=1.0)], count=20, energy_word="hushed"),
])
VIEWS = [_views(), _views(genres=("indie folk",), artists=("Otto Rain",), tags=())]


def test_the_offline_writer_passes_every_check() -> None:
    texts, report = write_texts(LocalComposer(), BRIEF, VIEWS)
    assert texts.source == LOCAL_SOURCE and report.ok, report.problems()
    assert report.claims and all(c.true for c in report.claims)


class _Model:
    """A model that writes false and ungrammatical things first, and what it is told to fix after."""

    source = "test model"

    def __init__(self, second: WorldDefinition | None = None) -> None:
        self.briefs: list[WorldBrief] = []
        self.second = second

    def world_definition(self, brief, *, user_id=None):  # type: ignore[no-untyped-def]
        self.briefs.append(brief)
        if len(self.briefs) > 1 and self.second is not None:
            return self.second.model_copy(update={"source": self.source})
        return WorldDefinition(source=self.source, world_name="A Upbeat Techno Rave",
                               description="Two playlists of valence-rich techno.",
                               playlists=[PlaylistText(title="Hushed Jazz", description="20 jazz tracks, mostly hushed."),
                                          PlaylistText(title="Techno Bangers", description="Loud techno.")])


def test_a_failing_model_answer_is_asked_again_with_its_problems() -> None:
    good = LocalComposer().world_definition(BRIEF)
    model = _Model(second=good)
    texts, report = write_texts(model, BRIEF, VIEWS)
    assert len(model.briefs) == 2 and model.briefs[1].problems
    assert any("grammar" in p for p in model.briefs[1].problems) and any("jargon" in p for p in model.briefs[1].problems)
    assert report.ok and texts.source == "test model"


def test_what_still_fails_is_repaired_field_by_field_and_labelled() -> None:
    model = _Model()
    texts, report = write_texts(model, BRIEF, VIEWS)
    offline = LocalComposer().world_definition(BRIEF)
    assert report.ok and texts.source == "test model (repaired)"
    assert texts.playlists[0].title == "Hushed Jazz"  # the true part of the model's answer stays
    assert texts.playlists[1] == offline.playlists[1] and texts.world_name == offline.world_name


def test_a_model_that_raises_falls_back_to_the_offline_writer() -> None:
    class Broken:
        source = "broken"

        def world_definition(self, brief, *, user_id=None):  # type: ignore[no-untyped-def]
            raise TimeoutError("late")

    texts, report = write_texts(Broken(), BRIEF, VIEWS)
    assert report.ok and texts.source.startswith("offline composer (fallback)") and "TimeoutError" in texts.fallback_reason


def test_why_this_track_reads_setting_tempo_and_a_seed_artist() -> None:
    from services.worlds.signals import track_signals
    from tests.unit.worlds.catalogs import feats, track

    seed = track("s", artist="seed-a", axis=3, noise=0.0)
    seed = type(seed)(**{**{f: getattr(seed, f) for f in seed.__slots__}, "artist_names": ("Nils Frahm",)})
    t = track("t", axis=3, noise=0.1, features=feats(energy=0.3, tempo=92.0), genres=("modern classical",))
    sig = track_signals([t])
    line = explain(t, 0, sig, ["late-night"], {"energy": (0.0, 0.6)}, SeedNeighbours([seed]), True)
    assert line == "late-night · 92 BPM · like Nils Frahm"
    outside = explain(t, 0, sig, ["workout"], {"energy": (0.7, 1.0)}, SeedNeighbours([]), True)
    assert outside == "easy, warm · 92 BPM · new to you"  # outside the ask: the track's own feel
    assert feel(np.nan, np.nan) == ""

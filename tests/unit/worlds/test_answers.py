"""Answers become rules and bands: genre families, avoid lists, conflicts, odd input, filters, bands."""

from __future__ import annotations

import numpy as np
import pytest

from services.worlds.intent import read_answers
from services.worlds.questions import QUESTIONS, answers_problem, toggle
from services.worlds.rules import apply_rules
from services.worlds.signals import band_fit, band_mask, signal_report, track_signals
from services.worlds.taxonomy import family_of, match_genre, typical_sound
from tests.unit.worlds.catalogs import feats, track


@pytest.mark.parametrize(("genre", "family"), [
    ("alt-country", "country"), ("progressive bluegrass", "country"), ("americana", "country"),
    ("country rock", "rock"), ("pop rap", "hip hop"), ("folk metal", "metal"), ("indie folk", "folk"),
    ("lo-fi hip hop", "hip hop"), ("deep house", "electronic"), ("bossa nova", "latin"), ("k-pop", "pop"),
    ("neo soul", "r&b"), ("jazz fusion", "jazz"), ("vapor twitch", ""),
])
def test_any_genre_string_finds_its_family_by_its_head_word(genre: str, family: str) -> None:
    assert family_of(genre) == family


def test_country_covers_alt_country_and_bluegrass_but_not_folk() -> None:
    country = match_genre("country")
    assert country is not None
    assert all(country.covers(g) for g in ("country", "alt-country", "bluegrass", "progressive bluegrass", "country rock"))
    assert not any(country.covers(g) for g in ("indie folk", "folk", "blues"))
    bluegrass = match_genre("bluegrass")  # a branch names itself, not its whole family
    assert bluegrass is not None and bluegrass.covers("progressive bluegrass") and not bluegrass.covers("country")
    assert match_genre("raps") is not None and match_genre("raps").family == "hip hop"
    assert match_genre("zydecore") is None


def test_every_option_of_the_wizard_is_understood() -> None:
    for q in QUESTIONS:
        for option in q.options:
            intent = read_answers({q.id: [option]}, {})
            understood = intent.rules if q.id == "avoid" else (intent.concepts or intent.genres)
            assert understood, (q.id, option)
            assert not any(r.kind == "artist" for r in intent.rules), (q.id, option)


def test_avoid_answers_become_hard_rules() -> None:
    intent = read_answers({"avoid": ["country", "vocals", "explicit lyrics"]},
                          {"avoid": "Simon & Garfunkel, drum and bass, nothing above 140 bpm, no sad songs please, "
                                    "music from before 1990, 100-110 bpm"})
    got = {(r.kind, r.label) for r in intent.rules}
    assert {("genre", "country"), ("signal", "vocals"), ("explicit", "explicit lyrics"),
            ("artist", "Simon & Garfunkel"), ("genre", "drum and bass"), ("signal", "tempos above 140 BPM"),
            ("signal", "sad songs"), ("year", "music from before 1990"), ("signal", "100-110 BPM")} <= got
    ranged = next(r for r in intent.rules if r.label == "100-110 BPM")
    assert ranged.outside and (ranged.lo, ranged.hi) == (100, 110)


def test_mood_setting_and_sound_become_bands_and_a_no_clause_anywhere_is_a_rule() -> None:
    intent = read_answers({"mood": ["serene"], "sound": ["piano"]}, {"setting": "late night reading, no vocals"})
    assert intent.bands["energy"][1] <= 0.45 and intent.bands["acousticness"][0] >= 0.5
    assert "piano" in intent.tags and "late-night" in intent.labels
    assert [r.label for r in intent.rules] == ["vocals"]
    assert "vocals" not in intent.wanted_text  # a negated clause never pulls the meaning toward it


def test_contradictory_answers_follow_the_stronger_question_and_say_so() -> None:
    intent = read_answers({"movement": ["full power"], "setting": ["falling asleep"]}, {})
    assert intent.bands["energy"] == (0.8, 1.0)
    assert any("opposite directions" in n and "full-power" in n for n in intent.notes)


def test_wanting_and_avoiding_one_family_avoids_it() -> None:
    intent = read_answers({"sound": []}, {"sound": "jazz", "avoid": "jazz"})
    assert "jazz" not in intent.families and any("avoid it" in n for n in intent.notes)


def test_emoji_and_very_long_text_are_read_and_the_page_is_told() -> None:
    intent = read_answers({}, {"mood": "🌙🎹 " + "quiet " * 100 + " 🦄"})
    assert "late-night" in intent.labels and "piano" in intent.labels
    assert any("300 characters" in n for n in intent.notes)
    unknown = read_answers({}, {"mood": "glorp blarg"})
    assert any("did not recognise" in n for n in unknown.notes)


def test_questions_need_one_wanted_answer_and_toggle_only_known_options() -> None:
    assert answers_problem({"avoid": ["metal"]}, {}) != ""
    assert answers_problem({}, {"mood": "calm"}) == ""
    on = toggle({"mood": []}, "mood", "calm")
    assert on["mood"] == ["calm"] and toggle(on, "mood", "calm")["mood"] == []
    assert toggle(on, "mood", "not an option") == on and toggle(on, "nope", "calm") == on


def _pool():
    return [
        track("c1", genres=("country",), features=feats(energy=0.4)),
        track("c2", genres=("alt-country",)),  # no features: genre estimate only
        track("f1", genres=("indie folk",), features=feats(energy=0.3, instrumentalness=0.8)),
        track("f2", genres=("indie folk",), features=feats(energy=0.9, instrumentalness=0.1)),
        track("u1", genres=()),  # nothing known
    ]


def test_filters_remove_avoided_genres_and_signals_and_unknowns_while_enough_remain() -> None:
    pool = _pool()
    intent = read_answers({"avoid": ["country", "vocals"]}, {})
    result = apply_rules(pool, track_signals(pool), intent.rules, minimum=1)
    assert [c.track_id for c in result.kept] == ["f1"]
    assert result.removed["country"] >= 2 and not result.relaxed


def test_an_avoid_list_that_excludes_everything_is_relaxed_in_order_and_said() -> None:
    pool = _pool()
    intent = read_answers({"avoid": ["country", "vocals", "overplayed hits"]}, {"avoid": "folk"})
    result = apply_rules(pool, track_signals(pool), intent.rules, minimum=2)
    assert len(result.kept) >= 2
    assert result.relaxed[:2] == ["overplayed hits", "vocals"]  # the softest first, genres last
    assert any("relaxed “overplayed hits”, “vocals”" in n for n in result.notes)


def test_artists_are_matched_by_name_loosely_and_unmatched_names_are_reported() -> None:
    a = track("a1", artist="ar1")
    a = type(a)(**{**{f: getattr(a, f) for f in a.__slots__}, "artist_names": ("Sigur Rós",)})
    b = track("b1", artist="ar2")
    intent = read_answers({}, {"avoid": "sigur ros, Nobody Known"})
    result = apply_rules([a, b], track_signals([a, b]), intent.rules, minimum=1)
    assert [c.track_id for c in result.kept] == ["b1"]
    assert result.unmatched_artists == ["Nobody Known"] and any("Nobody Known" in n for n in result.notes)


def test_bands_use_measured_features_else_the_genres_typical_sound() -> None:
    pool = [track("m", genres=("jazz",), features=feats(energy=0.2, tempo=80)), track("e", genres=("techno",)),
            track("x", genres=())]
    sig = track_signals(pool)
    assert sig.measured[0].all() and not sig.measured[1].any()
    assert sig.column("energy")[1] == pytest.approx(typical_sound("techno").energy)
    assert np.isnan(sig.column("tempo")[1]) and np.isnan(sig.column("energy")[2])
    calm = {"energy": (0.0, 0.5)}
    assert list(band_mask(sig, calm)) == [True, False, False]
    fit = band_fit(sig, calm)
    assert fit[0] == 1.0 and fit[1] < 0.2 and fit[2] == 0.5
    assert band_mask(sig, {"energy": (0.0, 0.1)}, widen=2.0)[0]  # two steps wider lets 0.2 in
    report = signal_report(track_signals([track("e2", genres=("techno",))]), ["energy", "tempo"])
    assert "energy" in report.estimated and "tempo" in report.missing
    assert any("Not available" in line for line in report.lines())

"""The mix filter graph: what ffmpeg will be asked to do for each setting."""

from __future__ import annotations

from pathlib import Path

from services.label.mixing import PRESETS, MixSettings, filter_graph, resolve

BEAT, V1, V2, OUT = Path("beat.wav"), Path("v1.wav"), Path("v2.wav"), Path("out.wav")


def test_beat_and_two_takes_are_mixed_without_normalising_levels_down() -> None:
    graph = filter_graph(BEAT, [V1, V2], MixSettings(), OUT)
    assert "amix=dropout_transition=0:duration=first:inputs=3:normalize=0" in graph  # the beat sets the length
    assert graph.count("highpass=f=90.0") == 2 and graph.count("deesser") == 2
    assert graph.count("aformat=channel_layouts=stereo:sample_fmts=fltp:sample_rates=44100") == 3


def test_gains_high_pass_and_de_ess_reach_the_vocal_chain() -> None:
    graph = filter_graph(BEAT, [V1], MixSettings(beat_gain_db=-3, vocal_gain_db=2.5, vocal_highpass_hz=120, deess=0.8), OUT)
    assert "volume=volume=-3.00dB" in graph and "volume=volume=2.50dB" in graph
    assert "highpass=f=120.0" in graph and "deesser=f=0.5:i=0.8" in graph


def test_no_de_ess_when_turned_off_and_beat_alone_needs_no_amix() -> None:
    graph = filter_graph(BEAT, [], MixSettings(deess=0), OUT)
    assert "amix" not in graph and "deesser" not in graph and "lowshelf" in graph


def test_dsp_stage_order_eq_compression_reverb_limiter() -> None:
    graph = filter_graph(BEAT, [V1], MixSettings(comp_threshold_db=-20, comp_ratio=4, reverb=0.5, limiter=0.0), OUT)
    order = [graph.index(name) for name in ("lowshelf", "equalizer=f=1500", "highshelf", "acompressor", "aecho", "alimiter")]
    assert order == sorted(order)
    assert "ratio=4" in graph and "threshold=0.1" in graph  # -20 dBFS
    assert "alimiter=attack=5:level=0:limit=0.9661" in graph  # -0.3 dBFS ceiling, no auto make-up


def test_compressor_is_off_at_zero_threshold_or_ratio_one() -> None:
    assert "acompressor" not in filter_graph(BEAT, [V1], MixSettings(comp_threshold_db=0), OUT)
    assert "acompressor" not in filter_graph(BEAT, [V1], MixSettings(comp_ratio=1), OUT)


def test_a_take_is_placed_at_its_offset_and_sings_only_its_sections() -> None:
    from services.label.takes import TakePlacement

    late = TakePlacement(V1, 1.25, ((0.0, 8.0), (16.0, 24.0)))
    early = TakePlacement(V2, -0.5, None)
    graph = filter_graph(BEAT, [late, early], MixSettings(), OUT)
    assert "adelay=all=1:delays=1250" in graph
    assert "atrim=start=0.5" in graph and "asetpts=PTS-STARTPTS" in graph
    assert "between" not in graph and graph.count("clip((t-") == 2  # two windows with ramps, only on the first take


def test_presets_override_sliders_and_differ() -> None:
    graphs = {name: filter_graph(BEAT, [V1], MixSettings(eq_low_db=6, preset=name), OUT) for name in PRESETS}
    assert len(set(graphs.values())) == 3
    assert "lowshelf=f=100:g=2.5" in graphs["warm"] and "highshelf=f=10000:g=3.0" in graphs["bright"]
    assert "g=6" not in graphs["clean"].split("equalizer")[0]


def test_values_are_clamped_to_safe_ranges() -> None:
    s = resolve(MixSettings(eq_low_db=40, vocal_gain_db=-99, comp_ratio=30, reverb=-1, vocal_highpass_hz=5000))
    assert (s.eq_low_db, s.vocal_gain_db, s.comp_ratio, s.reverb, s.vocal_highpass_hz) == (6, -24, 20, 0, 400)
    assert "aecho" not in filter_graph(BEAT, [V1], MixSettings(reverb=-1), OUT)

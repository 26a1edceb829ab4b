"""The party room's sound and time: the demo sound on the room's clock, elapsed and remaining.

The browser side is `clock_audio.js`: it places a demo room's looped demo sound on the
room clock (the same second on every page), and writes the elapsed and remaining time
itself once a second, so nothing is pushed per second. A Spotify room has no `src`:
the music plays on the host's device and every page shows the same time.
"""

from __future__ import annotations

import reflex as rx

import components.progress  # noqa: F401 - copies clock_progress.js, which clock_audio.js imports

_AUDIO_JS = rx.asset("clock_audio.js", shared=True)

DEMO_SOUND_LABEL = "Demo sound, made here from the track's tempo, key and energy (not the recording)"


class ClockAudio(rx.Component):
    """`clock_audio.js`: the room's sound and time, from the room's clock."""

    library = _AUDIO_JS.importable_path
    tag = "ClockAudio"
    src: rx.Var[str]
    started_ms: rx.Var[int]
    duration_ms: rx.Var[int]
    paused: rx.Var[bool]
    position_ms: rx.Var[int]
    label: rx.Var[str]
    testid: rx.Var[str]


def room_sound(*, src: rx.Var[str], started_ms: rx.Var[int], duration_ms: rx.Var[int], paused: rx.Var[bool],
               position_ms: rx.Var[int]) -> rx.Component:
    """Play/mute, volume, the demo-sound label, elapsed and remaining time."""
    return ClockAudio.create(
        src=src,
        started_ms=started_ms,
        duration_ms=duration_ms,
        paused=paused,
        position_ms=position_ms,
        label=DEMO_SOUND_LABEL,
        testid="room-sound",
    )

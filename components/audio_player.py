"""An audio player for a project file: waveform, the browser's own controls (seek
works: the media route answers range requests) and a download link."""

from __future__ import annotations

import reflex as rx

from components.waveform import waveform


def audio_player(url: rx.Var | str, wave: rx.Var | str = "", *, title: rx.Var | str = "", meta: rx.Component | None = None,
                 color: str = "accent", test_id: str = "") -> rx.Component:
    """A small card: title line, waveform (when peaks are known), controls, download."""
    return rx.vstack(
        rx.hstack(
            rx.text(title, weight="medium", size="2", trim="both"),
            meta or rx.fragment(),
            rx.spacer(),
            rx.link(rx.icon("download", size=16), href=url.to(str) + "?download=1" if isinstance(url, rx.Var) else f"{url}?download=1",
                    aria_label="Download", color_scheme="gray"),
            width="100%",
            align="center",
            spacing="2",
        ),
        rx.cond(wave != "", waveform(wave, color=color), rx.fragment()) if isinstance(wave, rx.Var) else (
            waveform(wave, color=color) if wave else rx.fragment()),
        rx.el.audio(src=url, controls=True, preload="metadata", width="100%", height="36px",
                    data_testid=test_id or None),
        spacing="2",
        width="100%",
    )


# Switches between the two players keeping the position, at the volumes the server
# computed so both play equally loud (the louder one is turned down).
def _switch_to(which: str) -> str:
    """The A/B switch, run by `rx.call_script` (the page's content security policy runs no
    inline <script> a component adds after load; call_script's code is allowed)."""
    return f"""(() => {{
  const a = document.getElementById('ab-a'), b = document.getElementById('ab-b');
  if (!a || !b) return;
  a.volume = parseFloat(a.dataset.volume || '1');
  b.volume = parseFloat(b.dataset.volume || '1');
  const on = '{which}' === 'a' ? a : b, off = '{which}' === 'a' ? b : a;
  const at = off.paused ? on.currentTime : off.currentTime;
  off.pause();
  on.currentTime = at;
  on.play().catch(() => {{}});
  document.querySelectorAll('[data-ab]').forEach(el => {{ el.dataset.active = String(el.dataset.ab === '{which}'); }});
}})()"""


def ab_compare(a_url: rx.Var, b_url: rx.Var, a_volume: rx.Var, b_volume: rx.Var, *, a_label: str = "A: mix",
               b_label: str = "B: master", note: rx.Component | None = None) -> rx.Component:
    """A loudness-matched A/B: two hidden players switched in place (same position), each
    at the volume given (0..1), so the ear compares the processing, not the level."""
    def button(which: str, label: str) -> rx.Component:
        return rx.button(label, size="2", variant="soft", on_click=rx.call_script(_switch_to(which)),
                         data_ab=which, data_active="false", data_testid=f"ab-{which}")

    return rx.vstack(
        rx.hstack(button("a", a_label), button("b", b_label),
                  rx.button(rx.icon("pause", size=14), size="2", variant="ghost", aria_label="Pause",
                            on_click=rx.call_script("['ab-a','ab-b'].forEach(i => document.getElementById(i)?.pause())")),
                  note or rx.fragment(), spacing="2", align="center", wrap="wrap"),
        rx.el.audio(src=a_url, id="ab-a", preload="auto", data_volume=a_volume, data_testid="ab-audio-a"),
        rx.el.audio(src=b_url, id="ab-b", preload="auto", data_volume=b_volume, data_testid="ab-audio-b"),
        spacing="2",
        width="100%",
        data_testid="ab-compare",
    )

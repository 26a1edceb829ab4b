"""The release stage panel: details, cover candidates and finals, copy, and the pack.

Mount with `release_pack_panel()` and call `ReleaseStudioState.open_project(id)` when a
project opens (e.g. in the label page's on_load or project switch).
"""

from __future__ import annotations

import reflex as rx

from state.label_release import ReleaseStudioState as S


def _field(label: str, name: str, value: rx.Var, placeholder: str = "", type_: str = "text", hint: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.input(name=name, default_value=value, placeholder=placeholder, type=type_, width="100%", data_testid=f"release-{name}"),
        rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray"), rx.fragment()),
        spacing="1",
        width="100%",
    )


def _progress(task: str) -> rx.Component:
    return rx.cond(
        S.busy == task,
        rx.vstack(
            rx.progress(value=S.progress, max=100, width="100%", aria_label="Progress"),
            rx.text(S.progress_message, size="1", color_scheme="gray", data_testid=f"release-progress-{task}"),
            width="100%",
            spacing="1",
        ),
        rx.fragment(),
    )


def _details() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Release details", size="4"),
                rx.grid(
                    _field("Title", "title", S.title, "Night Drive"),
                    _field("Artist", "artist", S.artist, "Your artist name"),
                    _field("Genre", "genre", S.genre, "synthwave"),
                    _field("Mood", "mood", S.mood, "dreamy"),
                    _field("Release date", "release_date", S.release_date, "YYYY-MM-DD", "date"),
                    rx.vstack(
                        rx.text("Explicit lyrics", size="2", weight="medium"),
                        rx.switch(checked=S.explicit, on_change=S.set_explicit, data_testid="release-explicit"),
                        spacing="1",
                    ),
                    _field("ISRC (optional)", "isrc", S.isrc, "CC-XXX-YY-NNNNN", hint="e.g. US-S1Z-25-00001"),
                    _field("UPC (optional)", "upc", S.upc, "12 digits", hint="UPC-A; the last digit is a check digit"),
                    _field("Writers", "writers", S.writers, "Ana Lux, Bo Kim", hint="Comma-separated: lyrics and music"),
                    _field("Producer", "producer", S.producer, "Who produced it"),
                    _field("Performer", "performer", S.performer, "Defaults to the artist"),
                    rx.vstack(
                        rx.text("Commercial release", size="2", weight="medium"),
                        rx.switch(checked=S.commercial, on_change=S.set_commercial, data_testid="release-commercial"),
                        rx.text("For sale and streaming (off: a personal demo).", size="1", color_scheme="gray"),
                        spacing="1",
                    ),
                    columns=rx.breakpoints(initial="1", sm="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.button("Save details", type="submit", data_testid="release-save"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            reset_on_submit=False,
        ),
        width="100%",
    )


def _licence() -> rx.Component:
    """The beat's generator and licence; a commercial release of a non-commercial beat
    asks the artist to confirm rights or re-render with the local synth."""
    return rx.cond(
        S.licence.contains("licence"),
        rx.cond(
            S.licence["commercial"] == "yes",
            rx.text("Beat: ", S.licence["generator"], " · ", S.licence["licence"], " · commercial release allowed.",
                    size="2", color_scheme="gray", data_testid="release-licence"),
            rx.callout(
                rx.vstack(
                    rx.text("The master's beat was made with ", rx.text.strong(S.licence["generator"]), " (",
                            S.licence["licence"], "): its published weights allow non-commercial use only."),
                    rx.cond(S.commercial,
                            rx.hstack(
                                rx.checkbox("I hold commercial rights to this beat", checked=S.licence_confirmed,
                                            on_change=S.confirm_licence, data_testid="release-confirm-licence"),
                                rx.text("or re-render the beat with the local synth (Beat stage), then mix again.",
                                        size="1"),
                                spacing="3", wrap="wrap", align="center",
                            ),
                            rx.text("Not a commercial release: fine for a personal demo.", size="1")),
                    spacing="2",
                ),
                icon="scale", color_scheme="amber", width="100%", data_testid="release-licence",
            ),
        ),
        rx.fragment(),
    )


def _own_cover() -> rx.Component:
    return rx.upload(
        rx.hstack(rx.icon("image-up", size=16), rx.text("Or upload your own cover (JPEG, PNG or WebP, at least 1000 px, up to ",
                                                        S.cover_limit_mb.to(str), " MB)", size="2"),
                  align="center", spacing="2"),
        id="cover_upload",
        accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]},
        max_files=1,
        max_size=S.cover_limit_mb * 1048576,
        on_drop=S.upload_cover(rx.upload_files(upload_id="cover_upload")),
        on_drop_rejected=S.cover_refused,
        border=f"1px dashed {rx.color('gray', 7)}",
        border_radius="8px",
        padding="10px",
        width="100%",
        cursor="pointer",
        data_testid="release-own-cover",
    )


def _covers() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Cover art", size="4"),
                rx.spacer(),
                rx.button(rx.icon("sparkles", size=16), "Make 3 covers", on_click=S.make_covers, loading=S.busy == "covers",
                          disabled=S.busy != "", variant="soft", data_testid="release-make-covers"),
                width="100%",
                align="center",
            ),
            rx.text("Only the title and artist are printed on the cover, as stores require. "
                    "Pick one to make the 3000 px and 1500 px squares and a 1080×1920 vertical.", size="2", color_scheme="gray"),
            _progress("covers"),
            _own_cover(),
            rx.cond(
                S.candidates.length() > 0,
                rx.grid(
                    rx.foreach(S.candidates, lambda c: rx.vstack(
                        rx.image(src=c["url"], width="100%", border_radius="8px", alt="Cover candidate",
                                 border=rx.cond(S.picked_id.to_string() == c["id"], f"3px solid {rx.color('accent', 9)}", "3px solid transparent")),
                        rx.button(rx.cond(S.picked_id.to_string() == c["id"], "Picked", "Pick this cover"), on_click=S.pick(c["id"]),
                                  size="1", width="100%", disabled=S.busy != "", data_testid="release-pick",
                                  variant=rx.cond(S.picked_id.to_string() == c["id"], "solid", "outline")),
                        spacing="2",
                    )),
                    columns="3",
                    spacing="3",
                    width="100%",
                ),
                rx.text("No candidates yet.", size="2", color_scheme="gray"),
            ),
            rx.cond(S.busy == "pick", rx.text("Making the distributor sizes…", size="2"), rx.fragment()),
            rx.cond(
                S.finals.length() > 0,
                rx.hstack(
                    rx.foreach(S.finals, lambda f: rx.link(rx.badge(rx.icon("image", size=12), f["size"], variant="soft"),
                                                            href=f["download"], is_external=True)),
                    spacing="2",
                    wrap="wrap",
                    data_testid="release-finals",
                ),
                rx.fragment(),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _copy_block(label: str, key: str) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.text(label, size="2", weight="medium"), rx.spacer(),
                  rx.icon_button(rx.icon("copy", size=14), size="1", variant="ghost", on_click=rx.set_clipboard(S.copy[key])),
                  width="100%"),
        rx.text(S.copy[key], size="2"),
        spacing="1",
        width="100%",
    )


def _copy() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Release copy", size="4"),
                rx.spacer(),
                rx.button("Write copy", on_click=S.make_copy, loading=S.busy == "copy", disabled=S.busy != "", variant="soft",
                          data_testid="release-make-copy"),
                width="100%",
            ),
            rx.cond(
                S.copy.contains("description"),
                rx.vstack(_copy_block("Description", "description"), _copy_block("Press pitch", "press_pitch"),
                          _copy_block("Tagline", "tagline"), spacing="3", width="100%"),
                rx.text("The pack writes it for you if you skip this.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _pack() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Release pack", size="4"),
            rx.text("One ZIP: WAV and tagged 320 kbps MP3, covers, lyrics PDF, metadata.json and copy.", size="2", color_scheme="gray"),
            rx.cond(
                S.missing.length() > 0,
                rx.callout(
                    rx.vstack(
                        rx.text("Still needed before the pack can be built:", weight="medium"),
                        rx.foreach(S.missing, lambda m: rx.text("• ", m, size="2")),
                        spacing="1",
                    ),
                    icon="list-checks",
                    color_scheme="amber",
                    width="100%",
                    data_testid="release-missing",
                ),
                rx.fragment(),
            ),
            rx.button(rx.icon("package", size=16), "Build release pack", on_click=S.build_pack, loading=S.busy == "pack",
                      disabled=S.busy != "", data_testid="release-build"),
            _progress("pack"),
            _messages(S.message_at == "pack"),
            rx.foreach(S.packs, lambda p: rx.hstack(
                rx.icon("file-archive", size=16),
                rx.text(p["when"], size="2"),
                rx.text(p["size"], size="2", color_scheme="gray"),
                rx.spacer(),
                rx.link(rx.button(rx.icon("download", size=14), "Download ZIP", size="1", variant="soft"), href=p["url"],
                        is_external=True, data_testid="release-download"),
                width="100%",
                align="center",
            )),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _messages(here: rx.Var) -> rx.Component:
    """The stage's error and notice, shown where `here` is true: under the pack button
    for what building the pack said, at the top of the stage for everything else."""
    return rx.fragment(
        rx.cond(here & (S.error != ""), rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%",
                                                   data_testid="release-error"), rx.fragment()),
        rx.cond(here & (S.notice != ""), rx.callout(S.notice, icon="check", color_scheme="green", width="100%",
                                                    data_testid="release-notice"), rx.fragment()),
    )


def release_pack_panel() -> rx.Component:
    return rx.vstack(
        _messages(S.message_at != "pack"),
        _details(),
        _licence(),
        _covers(),
        rx.grid(_copy(), _pack(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        spacing="4",
        width="100%",
        data_testid="release-panel",
    )

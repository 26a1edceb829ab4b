"""The content stage panel: video idea, video upload with extracted sound and
transcript state, the viral-score checklist, the text pack, and scheduled posts."""

from __future__ import annotations

import reflex as rx

from state.label_content import PLATFORMS, TIMEZONES
from state.label_content import ContentStudioState as S

UPLOAD_ID = "content-video"


def _idea() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading("Video idea", size="4"), rx.spacer(),
                      rx.button("Suggest an idea", on_click=S.make_idea, loading=S.busy == "idea", disabled=S.busy != "",
                                variant="soft", data_testid="content-make-idea"), width="100%"),
            rx.cond(
                S.idea.contains("idea"),
                rx.vstack(
                    rx.text(S.idea["idea"], weight="medium"),
                    rx.text(rx.text.strong("Hook: "), S.idea["hook"], size="2"),
                    rx.text(rx.text.strong("Script: "), S.idea["script"], size="2", white_space="pre-wrap"),
                    rx.text(rx.text.strong("Visual: "), S.idea["visual"], size="2"),
                    spacing="2",
                    data_testid="content-idea",
                ),
                rx.text("A short-form video concept from the song's title, mood and lyrics.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _video_row(v: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.icon("film", size=16), rx.text(v["label"], weight="medium"), rx.text(v["size"], " · ", v["duration"], size="2", color_scheme="gray"),
                  align="center", spacing="2"),
        rx.hstack(rx.text("Extracted sound:", size="2"), rx.el.audio(src=v["audio_url"], controls=True, preload="none", style={"height": "32px", "width": "260px"}),
                  align="center", spacing="2", data_testid="content-audio"),
        rx.match(
            v["status"],
            ("done", rx.text(v["transcript"], size="2", data_testid="content-transcript")),
            ("needs_key", rx.callout(v["message"], icon="key-round", color_scheme="gray", size="1", data_testid="content-needs-key")),
            rx.callout(v["message"], icon="triangle-alert", color_scheme="amber", size="1"),
        ),
        spacing="2",
        width="100%",
        padding_y="8px",
        border_top=f"1px solid {rx.color('gray', 5)}",
    )


def _videos() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Your video", size="4"),
            rx.upload(
                rx.vstack(rx.icon("upload", size=20), rx.text("Drop an MP4, MOV or WebM here (up to 200 MB), or click to choose", size="2"),
                          align="center", spacing="1"),
                id=UPLOAD_ID,
                accept={"video/mp4": [".mp4"], "video/quicktime": [".mov"], "video/webm": [".webm"]},
                max_files=1,
                max_size=200 * 2**20,  # the browser refuses a video over 200 MB before sending it
                on_drop=S.upload_video(rx.upload_files(upload_id=UPLOAD_ID)),
                border=f"1px dashed {rx.color('gray', 7)}",
                border_radius="8px",
                padding="16px",
                width="100%",
                data_testid="content-upload",
            ),
            rx.cond(S.busy == "video", rx.vstack(rx.progress(value=S.progress, max=100, width="100%", aria_label="Progress"),
                                                 rx.text(S.progress_message, size="1", color_scheme="gray"), width="100%"), rx.fragment()),
            rx.foreach(S.videos, _video_row),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _score() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading("Viral score", size="4"), rx.spacer(), rx.badge(S.score, size="3", data_testid="content-score"), width="100%"),
            rx.text("A transparent checklist: 50 points to start, plus each item below.", size="2", color_scheme="gray"),
            rx.input(placeholder="Caption", value=S.caption, on_change=S.set_caption, width="100%", data_testid="content-caption"),
            rx.input(placeholder="#hashtags", value=S.hashtags, on_change=S.set_hashtags, width="100%", data_testid="content-hashtags"),
            rx.input(placeholder="Opening hook", value=S.hook, on_change=S.set_hook, width="100%", data_testid="content-hook"),
            rx.foreach(S.score_items, lambda i: rx.hstack(
                rx.icon(rx.cond(i["earned"] != "", "circle-check", "circle"), size=16,
                        color=rx.cond(i["earned"] != "", rx.color("green", 9), rx.color("gray", 8))),
                rx.vstack(
                    rx.text(i["label"], " ", rx.text.span(i["points"], color_scheme="gray"), " · ", rx.text.span(i["detail"], color_scheme="gray"), size="2"),
                    rx.cond(i["suggestion"] != "", rx.text(i["suggestion"], size="1", color_scheme="amber"), rx.fragment()),
                    spacing="0",
                ),
                align="start",
                spacing="2",
            )),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _pack_list(title: str, key: str, use: str) -> rx.Component:
    return rx.vstack(
        rx.text(title, size="2", weight="medium"),
        rx.foreach(S.pack[key], lambda t: rx.hstack(
            rx.text(t, size="2"), rx.spacer(),
            rx.icon_button(rx.icon("copy", size=14), size="1", variant="ghost", on_click=rx.set_clipboard(t)),
            rx.cond(use != "", rx.button("Use", size="1", variant="soft", on_click=S.use_text(use, t)), rx.fragment()),
            width="100%", align="center",
        )),
        spacing="1",
        width="100%",
    )


def _text_pack() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading("Text pack", size="4"), rx.spacer(),
                      rx.button("Write the text pack", on_click=S.make_pack, loading=S.busy == "pack", disabled=S.busy != "",
                                variant="soft", data_testid="content-make-pack"), width="100%"),
            rx.cond(
                S.pack.contains("captions") & (S.pack["captions"].length() > 0),
                rx.vstack(
                    _pack_list("Captions", "captions", "caption"),
                    _pack_list("Hooks", "hooks", "hook"),
                    rx.hstack(rx.text("Hashtags", size="2", weight="medium"), rx.spacer(),
                              rx.icon_button(rx.icon("copy", size=14), size="1", variant="ghost", on_click=rx.set_clipboard(S.pack["hashtags"].join(" "))),
                              rx.button("Use", size="1", variant="soft", on_click=S.use_text("hashtags", S.pack["hashtags"].join(" "))), width="100%"),
                    rx.text(S.pack["hashtags"].join(" "), size="2"),
                    rx.text(rx.text.strong("Strategy: "), S.strategy, size="2"),
                    _pack_list("More ideas", "ideas", ""),
                    spacing="3",
                    width="100%",
                    data_testid="content-pack",
                ),
                rx.text("Captions, hashtags, hooks, a posting strategy and more ideas.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _calendar() -> rx.Component:
    head = rx.grid(*[rx.text(d, size="1", color_scheme="gray", align="center") for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")],
                   columns="7", width="100%")
    return rx.vstack(
        rx.hstack(rx.icon_button(rx.icon("chevron-left", size=14), size="1", variant="ghost", on_click=S.shift_month(-1)),
                  rx.text(S.month, weight="medium"),
                  rx.icon_button(rx.icon("chevron-right", size=14), size="1", variant="ghost", on_click=S.shift_month(1)),
                  align="center"),
        head,
        rx.foreach(S.calendar, lambda week: rx.grid(
            rx.foreach(week, lambda d: rx.box(
                rx.text(d["day"], size="1", color_scheme=rx.cond(d["in_month"] != "", "gray", "gray"), opacity=rx.cond(d["in_month"] != "", "1", "0.4")),
                rx.cond(d["posts"] != "", rx.text(d["posts"], size="1", color=rx.color("accent", 11), weight="medium"), rx.fragment()),
                min_height="48px", padding="4px", border=f"1px solid {rx.color('gray', 4)}",
                background=rx.cond(d["posts"] != "", rx.color("accent", 3), "transparent"),
            )),
            columns="7", width="100%",
        )),
        spacing="1",
        width="100%",
        data_testid="content-calendar",
    )


def _schedule() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Schedule posts", size="4"),
            rx.text("You get a reminder in the app and by email when a post is due; publish it on the network then.", size="2", color_scheme="gray"),
            rx.form(
                rx.vstack(
                    rx.grid(
                        rx.select.root(
                            rx.select.trigger(data_testid="schedule-platform"),
                            rx.select.content(*[rx.select.item(label, value=key) for key, label in PLATFORMS.items()]),
                            value=S.platform, on_change=S.set_platform,
                        ),
                        rx.input(type="date", value=S.post_date, on_change=S.set_post_date, data_testid="schedule-date"),
                        rx.input(type="time", value=S.post_time, on_change=S.set_post_time, data_testid="schedule-time"),
                        rx.select(TIMEZONES, value=S.post_zone, on_change=S.set_post_zone, data_testid="schedule-zone"),
                        columns=rx.breakpoints(initial="2", md="4"),
                        spacing="2",
                        width="100%",
                    ),
                    rx.text_area(name="post_caption", default_value=S.caption, placeholder="Caption", width="100%", data_testid="schedule-caption"),
                    rx.input(name="post_hashtags", default_value=S.hashtags, placeholder="#hashtags", width="100%"),
                    rx.cond(S.schedule_error != "", rx.callout(S.schedule_error, icon="triangle-alert", color_scheme="red", width="100%",
                                                               data_testid="schedule-error"), rx.fragment()),
                    rx.button("Schedule post", type="submit", data_testid="schedule-submit"),
                    spacing="2",
                    width="100%",
                ),
                on_submit=S.schedule,
                reset_on_submit=False,
            ),
            rx.foreach(S.posts, lambda p: rx.hstack(
                rx.badge(p["platform"], variant="soft"),
                rx.text(p["when"], " ", rx.text.span(p["zone"], color_scheme="gray"), size="2"),
                rx.text(p["caption"], size="2", trim="both", max_width="40ch", overflow="hidden", text_overflow="ellipsis", white_space="nowrap"),
                rx.spacer(),
                rx.badge(p["status"], color_scheme=rx.cond(p["status"] == "due", "amber", "gray")),
                rx.icon_button(rx.icon("x", size=14), size="1", variant="ghost", on_click=S.cancel(p["id"])),
                width="100%", align="center", data_testid="schedule-row",
            )),
            _calendar(),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def content_studio_panel() -> rx.Component:
    return rx.vstack(
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle-alert", color_scheme="red", width="100%", data_testid="content-error"), rx.fragment()),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", width="100%", data_testid="content-notice"), rx.fragment()),
        rx.grid(_idea(), _videos(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        rx.grid(_score(), _text_pack(), columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%"),
        _schedule(),
        spacing="4",
        width="100%",
        data_testid="content-panel",
    )

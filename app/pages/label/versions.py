"""Versions of the project (beats and mix renders) and the storage they take: play,
compare with the mix before mastering, keep, use, delete (with a confirmation), and
what uses the account's storage, by kind, with where each can be freed."""

from __future__ import annotations

import reflex as rx

from app.pages.label.common import callout
from state.label_versions import LabelVersionsState as S


def _row(v: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.badge(rx.cond(v["kind"] == "beat", "Beat", "Master"), variant="soft"),
            rx.text(v["label"], weight="medium", size="2"),
            rx.text(v["when"], " · ", v["duration"], " · ", v["size"], size="1", color_scheme="gray"),
            rx.cond(v["in_use"] == "yes", rx.badge("in use", color_scheme="grass"), rx.fragment()),
            rx.cond(v["commercial"] == "yes", rx.fragment(), rx.badge("non-commercial beat", color_scheme="amber")),
            rx.spacer(),
            rx.cond(v["in_use"] == "yes", rx.fragment(),
                    rx.button("Use", size="1", variant="soft", on_click=S.use(v["id"]), data_testid="version-use")),
            rx.button(rx.cond(v["kept"] == "yes", "Kept", "Keep"), size="1",
                      variant=rx.cond(v["kept"] == "yes", "solid", "outline"),
                      on_click=S.keep(v["id"], v["kept"] != "yes"), data_testid="version-keep"),
            rx.icon_button(rx.icon("trash-2", size=14), size="1", variant="ghost", color_scheme="red",
                           on_click=S.ask_delete(v["id"]), aria_label="Delete this version", data_testid="version-delete"),
            width="100%", align="center", wrap="wrap",
        ),
        rx.hstack(
            rx.el.audio(src=v["url"], controls=True, preload="none", style={"height": "32px", "flex": "1"}),
            rx.cond(v["compare_url"] != "", rx.el.audio(src=v["compare_url"], controls=True, preload="none",
                                                        style={"height": "32px", "flex": "1"}, title="Mix before mastering"),
                    rx.fragment()),
            width="100%", spacing="2",
        ),
        rx.cond(S.confirm_id == v["id"], rx.callout(rx.hstack(
            rx.text("Delete “", v["label"], "” and its files for good?"),
            rx.button("Delete", size="1", color_scheme="red", on_click=S.delete, data_testid="version-confirm-delete"),
            rx.button("Keep it", size="1", variant="soft", color_scheme="gray", on_click=S.cancel_delete),
            spacing="2", align="center", wrap="wrap",
        ), color_scheme="red", size="1", width="100%"), rx.fragment()),
        spacing="2",
        width="100%",
        padding_y="8px",
        border_top=f"1px solid {rx.color('gray', 5)}",
        data_testid="version-row",
    )


def _use_row(u: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(u["category"], weight="medium"), rx.text(u["hint"], size="1", color_scheme="gray")),
        rx.table.cell(u["files"]),
        rx.table.cell(u["here"]),
        rx.table.cell(rx.cond(u["counted"] == "yes", rx.text(u["total"]),
                              rx.text(u["total"], " (not counted)", color_scheme="gray"))),
        data_testid="storage-use-row",
    )


def storage_use() -> rx.Component:
    """What uses storage, largest first: the artist sees what to delete before the quota bites."""
    return rx.cond(S.usage.length() > 0, rx.el.details(
        rx.el.summary(rx.text("What uses storage", size="2", weight="medium", as_="span"), cursor="pointer"),
        rx.table.root(
            rx.table.header(rx.table.row(*(rx.table.column_header_cell(h) for h in
                                           ("Kind", "Files", "This project", "All projects")))),
            rx.table.body(rx.foreach(S.usage, _use_row)),
            size="1", width="100%",
        ),
        data_testid="storage-use",
        style={"width": "100%"},
    ), rx.fragment())


def versions_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Versions", size="4"),
                rx.spacer(),
                rx.text(S.storage["text"], size="1", data_testid="versions-storage",
                        color_scheme=rx.match(S.storage["level"], ("full", "red"), ("high", "amber"), "gray")),
                width="100%", align="center",
            ),
            rx.text("Every beat and every mix is kept as a version. Keep the ones you love; delete the rest to free storage.",
                    size="1", color_scheme="gray"),
            storage_use(),
            callout(S.error, "versions-error"),
            callout(S.notice, "versions-notice", "green"),
            rx.cond(S.versions.length() > 0, rx.foreach(S.versions, _row),
                    rx.text("No versions yet.", size="2", color_scheme="gray")),
            spacing="2",
            width="100%",
        ),
        width="100%",
        data_testid="versions-panel",
    )

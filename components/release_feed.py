"""The release feed: a toolbar with filters, weeks of release cards, the last scan's
honest status, and empty states that never say "nothing new" after a failed scan."""

from __future__ import annotations

import reflex as rx

from state.releases import Option, ReleaseCard, ReleasesState, ReleaseWeek

KIND_COLORS = (("album", "violet"), ("single", "blue"), ("ep", "teal"), ("compilation", "orange"))
KIND_FILTERS = (("all", "All"), ("album", "Albums"), ("single", "Singles"), ("ep", "EPs"), ("compilation", "Compilations"))


def option_select(options: rx.Var[list[Option]], first: tuple[str, str], on_change: rx.EventHandler, testid: str,
                  *, value: rx.Var[str] | None = None, on_open_change: rx.EventHandler | None = None, size: str = "1",
                  placeholder: str = "", **trigger: object) -> rx.Component:
    """A select of `Option` rows (id, name) after one fixed first choice (label, value)."""
    root: dict[str, object] = {"size": size, "on_change": on_change}
    if value is not None:
        root["value"] = value
    if on_open_change is not None:
        root["on_open_change"] = on_open_change
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, data_testid=testid, **trigger),
        rx.select.content(
            rx.select.item(first[0], value=first[1]),
            rx.foreach(options, lambda o: rx.select.item(o.name, value=o.id)),
        ),
        **root,
    )


def kind_badge(kind: rx.Var[str], label: rx.Var[str]) -> rx.Component:
    return rx.badge(label, color_scheme=rx.match(kind, *KIND_COLORS, "gray"), variant="soft", data_testid="release-kind")


def _cover(card: ReleaseCard) -> rx.Component:
    return rx.cond(
        card.image != "",
        rx.image(src=card.image, alt="", width="96px", height="96px", min_width="96px", object_fit="cover", border_radius="var(--radius-3)", loading="lazy"),
        rx.center(rx.icon("disc-3", size=36, color=rx.color("gray", 9)), width="96px", height="96px", min_width="96px", background=rx.color("gray", 3), border_radius="var(--radius-3)"),
    )


def _card_menu(card: ReleaseCard) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=16), size="1", variant="ghost", aria_label="More actions", data_testid="release-menu")),
        rx.menu.content(
            rx.cond(card.url != "", rx.menu.item(rx.icon("external-link", size=14), "Open", on_click=rx.redirect(card.url, is_external=True)), rx.fragment()),
            rx.cond(
                card.pinned,
                rx.menu.item(rx.icon("star-off", size=14), "Unpin ", card.artist_name, on_click=ReleasesState.pin(card.artist_id, card.artist_name, False)),
                rx.menu.item(rx.icon("star", size=14), "Pin ", card.artist_name, on_click=ReleasesState.pin(card.artist_id, card.artist_name, True), data_testid="pin-artist"),
            ),
            rx.menu.item(rx.icon("user", size=14), "Only ", card.artist_name, on_click=ReleasesState.set_artist(card.artist_id)),
            rx.menu.separator(),
            rx.menu.item(rx.icon("eye-off", size=14), "Hide this release", on_click=ReleasesState.hide(card.id), data_testid="hide-release"),
            rx.menu.item(rx.icon("ban", size=14), "Block ", card.artist_name, color="red", on_click=ReleasesState.block(card.artist_id, card.artist_name, True), data_testid="block-artist"),
        ),
    )


def release_card(card: ReleaseCard) -> rx.Component:
    return rx.card(
        rx.hstack(
            _cover(card),
            rx.vstack(
                rx.hstack(
                    kind_badge(card.kind, card.kind_label),
                    rx.cond(card.seen, rx.fragment(), rx.badge("New", color_scheme="green", variant="solid", data_testid="release-new")),
                    rx.cond(card.pinned, rx.tooltip(rx.icon("star", size=14, color=rx.color("amber", 9), data_testid="release-pinned"), content="A pinned favourite"), rx.fragment()),
                    rx.cond(card.remix, rx.badge("Remix", color_scheme="gray", variant="outline"), rx.fragment()),
                    rx.cond(card.appears_on, rx.badge("Appears on", color_scheme="gray", variant="outline"), rx.fragment()),
                    rx.spacer(),
                    _card_menu(card),
                    spacing="2",
                    align="center",
                    width="100%",
                ),
                rx.text(card.title, weight="bold", size="3", line_clamp=2, data_testid="release-title"),
                rx.text(card.credit, size="2", color_scheme="gray", line_clamp=1, data_testid="release-artist"),
                rx.text(card.date, rx.cond(card.tracks != "", rx.text.span(" · ", card.tracks), rx.fragment()), size="1", color_scheme="gray", data_testid="release-date"),
                rx.hstack(
                    rx.cond(
                        card.seen,
                        rx.badge(rx.icon("check", size=12), "Seen", color_scheme="gray", variant="surface"),
                        rx.button(rx.icon("check", size=14), "Mark seen", size="1", variant="soft", on_click=ReleasesState.mark_seen(card.id), data_testid="mark-seen"),
                    ),
                    rx.tooltip(
                        rx.button(
                            rx.icon("list-plus", size=14),
                            "Add to playlist",
                            size="1",
                            variant="outline",
                            loading=ReleasesState.saving.contains(card.id),
                            on_click=ReleasesState.add_to_playlist(card.id),
                            data_testid="add-playlist",
                        ),
                        content="Adds its tracks to “" + ReleasesState.playlist + "”",
                    ),
                    spacing="2",
                    wrap="wrap",
                    padding_top="4px",
                ),
                spacing="1",
                width="100%",
                min_width="0",
            ),
            spacing="3",
            align="start",
            width="100%",
        ),
        width="100%",
        opacity=rx.cond(card.seen, "0.8", "1"),
        data_testid="release-card",
    )


def _week(week: ReleaseWeek) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(week.label, size="4", data_testid="week-label"),
            rx.text(week.count, size="2", color_scheme="gray"),
            align="baseline",
            spacing="3",
        ),
        rx.grid(rx.foreach(week.cards, release_card), columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%"),
        spacing="3",
        width="100%",
        data_testid="release-week",
    )


def _filters() -> rx.Component:
    return rx.flex(
        rx.box(
            rx.segmented_control.root(
                *(rx.segmented_control.item(label, value=value, data_testid=f"kind-{value}") for value, label in KIND_FILTERS),
                value=ReleasesState.kind,
                on_change=ReleasesState.set_kind,
                size="1",
            ),
            max_width="100%",
            overflow_x="auto",
        ),
        option_select(ReleasesState.artist_options, ("All artists", "all"), ReleasesState.set_artist, "filter-artist",
                      value=ReleasesState.artist, placeholder="All artists", max_width="220px", aria_label="Artist"),
        rx.text(
            rx.flex(
                rx.switch(checked=ReleasesState.hide_remixes, on_change=ReleasesState.set_hide_remixes, size="1", data_testid="filter-remixes"),
                "Hide remixes",
                spacing="2",
                align="center",
            ),
            as_="label",
            size="2",
        ),
        rx.text(
            rx.flex(
                rx.switch(checked=ReleasesState.unseen_only, on_change=ReleasesState.set_unseen_only, size="1", data_testid="filter-unseen"),
                "Unseen only",
                spacing="2",
                align="center",
            ),
            as_="label",
            size="2",
        ),
        rx.tooltip(
            rx.text(
                rx.flex(
                    rx.switch(checked=ReleasesState.include_appearances, on_change=ReleasesState.set_include_appearances,
                              size="1", data_testid="filter-appearances"),
                    "Compilations & appearances",
                    spacing="2",
                    align="center",
                ),
                as_="label",
                size="2",
            ),
            content="Also watch compilations and records your artists appear on (one more request per artist).",
        ),
        spacing="4",
        wrap="wrap",
        align="center",
        width="100%",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.hstack(
            rx.badge(
                rx.icon("sparkles", size=14),
                rx.text.span(ReleasesState.unseen, data_testid="unseen-count"),
                " unseen",
                color_scheme=rx.cond(ReleasesState.unseen > 0, "green", "gray"),
                size="2",
            ),
            rx.text(ReleasesState.watch_note, size="2", color_scheme="gray", data_testid="watch-note"),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.spacer(),
        rx.hstack(
            rx.button(
                rx.icon("check-check", size=16),
                "Mark all seen",
                variant="soft",
                disabled=ReleasesState.unseen == 0,
                on_click=ReleasesState.mark_all_seen,
                data_testid="mark-all-seen",
            ),
            rx.button(
                rx.icon("refresh-cw", size=16),
                rx.cond(ReleasesState.scanning, "Scanning…", "Scan now"),
                loading=ReleasesState.scanning,
                on_click=ReleasesState.scan_now,
                data_testid="scan-now",
            ),
            spacing="2",
        ),
        spacing="3",
        wrap="wrap",
        align="center",
        width="100%",
    )


def _looking(text: str) -> rx.Component:
    return rx.callout(
        text,
        icon="loader",
        color_scheme="blue",
        width="100%",
        data_testid="looking",
    )


def _state_card(icon: rx.Component, heading: str | rx.Var, text: str | rx.Var, action: rx.Component | None,
                testid: str, width: str = "52ch") -> rx.Component:
    """A card in place of the feed: what is going on, and what to do about it."""
    return rx.card(
        rx.vstack(
            icon,
            rx.heading(heading, size="4"),
            rx.text(text, color_scheme="gray", align="center", max_width=width, data_testid=f"{testid}-text"),
            *([action] if action is not None else []),
            align="center",
            spacing="3",
            padding="24px",
        ),
        width="100%",
        data_testid=testid,
    )


def _scan_button(label: str) -> rx.Component:
    return rx.button(rx.icon("refresh-cw", size=16), label, on_click=ReleasesState.scan_now, loading=ReleasesState.scanning)


def _empty() -> rx.Component:
    """An empty feed says why: still looking, filtered out, a scan that failed (never "nothing
    new" then), or nothing new after a scan that read every artist."""
    return rx.cond(
        ReleasesState.looking,
        _state_card(rx.spinner(size="3"), "Looking for releases…",
                    "Reading the artists you follow and what they released in the past four weeks. "
                    "The feed fills in by itself in a few seconds.", None, "looking", "48ch"),
        rx.cond(
            ReleasesState.filtered,
            _state_card(
                rx.icon(rx.cond(ReleasesState.unseen_only, "party-popper", "filter-x"), size=32, color=rx.color("accent", 9)),
                rx.cond(ReleasesState.unseen_only & (ReleasesState.unseen == 0), "You're all caught up", "Nothing matches these filters"),
                "Every release in your feed is still here; change or clear the filters to see it.",
                rx.button("Clear filters", variant="soft", on_click=ReleasesState.clear_filters, data_testid="clear-filters"),
                "feed-empty-filtered",
            ),
            rx.cond(
                (ReleasesState.scan_state == "failed") | (ReleasesState.scan_state == "partial"),
                _state_card(
                    rx.icon("cloud-off", size=36, color=rx.color("orange", 9)),
                    rx.cond(ReleasesState.scan_state == "failed", "We couldn't check your artists", "We couldn't check all your artists"),
                    ReleasesState.scan_message, _scan_button("Try again now"), "feed-scan-failed",
                ),
                _state_card(
                    rx.icon("disc-3", size=36, color=rx.color("accent", 9)), "No new releases yet",
                    "New albums, singles and EPs from the artists you follow appear here, grouped by week. "
                    "Follow artists (on Spotify, or in the demo library) and scan again.",
                    _scan_button("Scan now"), "feed-empty",
                ),
            ),
        ),
    )


def _scan_status() -> rx.Component:
    """How the last scan went for this person, when it did not go well (or left a note)."""
    return rx.fragment(
        rx.cond(
            ((ReleasesState.scan_state == "partial") | (ReleasesState.scan_state == "failed")) & (ReleasesState.shown > 0),
            rx.callout(
                ReleasesState.scan_message,
                icon="triangle-alert",
                color_scheme=rx.cond(ReleasesState.scan_state == "failed", "red", "orange"),
                width="100%",
                data_testid="scan-status",
            ),
        ),
        rx.cond(
            ReleasesState.scan_note != "",
            rx.text(ReleasesState.scan_note, size="1", color_scheme="gray", data_testid="scan-note"),
        ),
    )


def release_feed() -> rx.Component:
    """The feed column: toolbar, filters, live note, weeks (or an empty state)."""
    return rx.vstack(
        _toolbar(),
        _filters(),
        _scan_status(),
        rx.cond(
            ReleasesState.live_note != "",
            rx.callout.root(
                rx.callout.icon(rx.icon("bell-ring")),
                rx.hstack(
                    rx.callout.text(ReleasesState.live_note),
                    rx.button("OK", size="1", variant="ghost", on_click=ReleasesState.dismiss_live_note),
                    align="center",
                    spacing="3",
                ),
                color_scheme="green",
                width="100%",
                data_testid="live-note",
            ),
            rx.fragment(),
        ),
        rx.cond(
            ReleasesState.loaded,
            rx.cond(
                ReleasesState.shown > 0,
                rx.vstack(
                    rx.cond(ReleasesState.looking, _looking("Looking for more releases from the artists you follow…"), rx.fragment()),
                    rx.foreach(ReleasesState.weeks, _week),
                    spacing="6",
                    width="100%",
                    data_testid="release-feed",
                ),
                _empty(),
            ),
            rx.center(rx.spinner(size="3"), width="100%", padding="32px"),
        ),
        spacing="4",
        width="100%",
        min_width="0",
    )

"""The frame of the Label page: the plan line, the storage meter, voice-cue controls,
the project list, the open project's header and the "cycle complete" banner."""

from __future__ import annotations

import reflex as rx

from state.label import LabelState


def storage_meter() -> rx.Component:
    """How full the account's storage is; amber past 80 %, red when full."""
    level = LabelState.storage["level"]
    return rx.hstack(
        rx.icon("hard-drive", size=14, color=rx.color("gray", 10)),
        rx.progress(value=LabelState.storage["percent"].to(int), max=100, width="90px", aria_label="Storage used",
                    color_scheme=rx.match(level, ("full", "red"), ("high", "amber"), "grass")),
        rx.text(LabelState.storage["text"], size="1", color_scheme=rx.match(level, ("full", "red"), ("high", "amber"), "gray"),
                data_testid="storage-meter"),
        spacing="2",
        align="center",
    )


def plan_line() -> rx.Component:
    return rx.hstack(
        rx.badge(LabelState.plan_title, color_scheme=rx.cond(LabelState.plan == "pro", "violet", "gray"), data_testid="label-plan"),
        rx.text(LabelState.project_limit, size="2", color_scheme="gray", data_testid="project-limit"),
        rx.cond(LabelState.plan == "free", rx.link("Upgrade", href="/billing", size="2"), rx.fragment()),
        spacing="2",
        align="center",
    )


def cue_controls() -> rx.Component:
    return rx.hstack(
        rx.tooltip(
            rx.icon_button(
                rx.cond(LabelState.cues_muted == "1", rx.icon("volume-x", size=16), rx.icon("volume-2", size=16)),
                variant="soft",
                size="1",
                on_click=LabelState.toggle_cues,
                aria_label="Mute or unmute the voice cues",
                data_testid="cue-mute",
            ),
            content="Spoken cues per stage",
        ),
        rx.slider(
            default_value=[70],
            value=[LabelState.cue_volume.to(int)],
            min=0,
            max=100,
            step=5,
            width="90px",
            size="1",
            on_change=LabelState.set_cue_volume,
            disabled=LabelState.cues_muted == "1",
            aria_label="Cue volume",
        ),
        align="center",
        spacing="2",
    )


def project_list() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Projects", size="3"),
                rx.spacer(),
                rx.button(rx.icon("plus", size=14), "New", size="1", on_click=LabelState.new_project, data_testid="new-project",
                          aria_label="New project"),
                width="100%",
                align="center",
            ),
            rx.foreach(
                LabelState.projects,
                lambda p: rx.box(
                    rx.hstack(
                        rx.vstack(
                            rx.text(p["name"], weight="medium", size="2", trim="both"),
                            rx.text(p["updated"], size="1", color_scheme="gray"),
                            spacing="1",
                        ),
                        rx.spacer(),
                        rx.badge(p["progress"].to(str) + "%", variant="soft"),
                        align="center",
                        width="100%",
                    ),
                    on_click=LabelState.switch_project(p["id"]),
                    cursor="pointer",
                    padding="8px 10px",
                    width="100%",
                    border_radius="var(--radius-2)",
                    background=rx.cond(p["id"] == LabelState.project_id, rx.color("accent", 3), "transparent"),
                    _hover={"background": rx.color("gray", 3)},
                    data_testid="project-item",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def project_header() -> rx.Component:
    return rx.hstack(
        rx.input(
            value=LabelState.name_draft,
            on_change=LabelState.set_name_draft,
            on_blur=LabelState.save_name,
            on_key_down=LabelState.rename_key,
            size="3",
            max_length=120,
            aria_label="Project name",
            data_testid="project-name",
            flex="1",
            min_width="200px",
        ),
        rx.button(rx.icon("copy", size=16), "Duplicate", variant="soft", on_click=LabelState.duplicate, data_testid="duplicate-project"),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(rx.button(rx.icon("trash-2", size=16), "Delete", variant="soft", color_scheme="red",
                                              data_testid="delete-project")),
            rx.alert_dialog.content(
                rx.alert_dialog.title("Delete this project?"),
                rx.alert_dialog.description(
                    rx.text("“", LabelState.project_name, "” and all its files (beats, takes, masters) will be removed for good.")),
                rx.hstack(
                    rx.alert_dialog.cancel(rx.button("Keep it", variant="soft", color_scheme="gray")),
                    rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=LabelState.delete, data_testid="confirm-delete")),
                    spacing="3",
                    justify="end",
                    padding_top="12px",
                ),
            ),
        ),
        width="100%",
        spacing="2",
        wrap="wrap",
        align="center",
    )


def cycle_complete() -> rx.Component:
    return rx.cond(
        LabelState.cycle_complete,
        rx.callout(
            rx.hstack(
                rx.text("Cycle complete! Every stage of ", rx.text.strong(LabelState.project_name), " is done."),
                rx.button("Start the next cycle", size="1", variant="soft", on_click=LabelState.new_cycle),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            icon="party-popper",
            color_scheme="grass",
            size="2",
            width="100%",
            data_testid="cycle-complete",
        ),
        rx.fragment(),
    )



"""The host's tools in the room's header: lock, room settings (name, who may add, the
per-person limits, the skip share, how long a removal lasts) and ending the party,
which asks first. Shown to the acting host only; the server checks every action."""

from __future__ import annotations

import reflex as rx

from components.forms import labelled, select
from components.party_common import ME, NOW, R

ADD_POLICY_CHOICES = [("everyone", "Everyone"), ("signed_in", "Signed-in people"), ("hosts", "Only hosts and co-hosts")]


def _number(label: str, name: str, value: rx.Var, low: int, high: int, testid: str) -> rx.Component:
    """A labelled number input (the caption above it is not tied to it: the input names itself)."""
    return labelled(label, rx.input(name=name, type="number", min=low, max=high, default_value=value.to(str), width="100%",
                                    aria_label=label, data_testid=testid))


def settings_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("sliders-horizontal", size=16), "Room settings", variant="outline", data_testid="room-settings")),
        rx.dialog.content(
            rx.dialog.title("Room settings"),
            rx.form(
                rx.vstack(
                    labelled("Name", rx.input(name="name", default_value=R.name, max_length=80, width="100%", data_testid="settings-name")),
                    labelled("Who may add tracks", select(ADD_POLICY_CHOICES, name="add_policy", default_value=R.add_policy,
                                                           label="Who may add tracks")),
                    rx.grid(
                        _number("Tracks waiting per person (0: no limit)", "queue_limit", R.queue_limit, 0, 100, "settings-queue-limit"),
                        _number("Seconds between two adds (0: none)", "add_cooldown_s", R.add_cooldown_s, 0, 3600, "settings-cooldown"),
                        _number("A skip needs votes from more than this % of the people here", "skip_percent", R.skip_percent, 1, 100, "settings-skip-percent"),
                        _number("A removed person stays out for (minutes; 0: until the end)", "ban_minutes", R.ban_minutes, 0, 1440, "settings-ban-minutes"),
                        labelled("Passcode for newcomers (empty: none)",
                                 rx.input(name="passcode", default_value=R.passcode, max_length=20, width="100%", data_testid="settings-passcode")),
                        columns=rx.breakpoints(initial="1", sm="2"),
                        spacing="3",
                        width="100%",
                    ),
                    rx.text("With ", NOW.skip_needed.to(str), " needed now: the number grows with the room.", size="1", color_scheme="gray"),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.dialog.close(rx.button("Save", type="submit", data_testid="settings-save")),
                        justify="end",
                        width="100%",
                        spacing="2",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=ME.save_settings,
                reset_on_submit=False,
            ),
            max_width="520px",
        ),
    )


def end_party_button() -> rx.Component:
    """End the party, after a confirmation: it cannot be undone."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon("flag", size=16), "End party", color_scheme="red", variant="soft", data_testid="end-party")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("End the party for everyone?"),
            rx.alert_dialog.description(
                "Nobody can join, vote or chat any more; the page stays as a record of what played.", size="2"
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep partying", variant="soft", color_scheme="gray", data_testid="end-cancel")),
                rx.alert_dialog.action(rx.button("End the party", color_scheme="red", on_click=ME.end_party, data_testid="end-confirm")),
                justify="end",
                spacing="2",
                padding_top="12px",
            ),
            max_width="420px",
        ),
    )


def host_tools() -> rx.Component:
    return rx.hstack(
        rx.cond(
            R.locked,
            rx.button(rx.icon("lock-open", size=16), "Unlock", variant="outline", on_click=ME.set_locked(False), data_testid="unlock"),
            rx.button(rx.icon("lock", size=16), "Lock", variant="outline", on_click=ME.set_locked(True), data_testid="lock"),
        ),
        settings_dialog(),
        end_party_button(),
        spacing="2",
        wrap="wrap",
    )

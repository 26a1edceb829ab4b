"""The email digest panel: explicit opt-in, confirmation state, schedule, test digest, unsubscribe."""

from __future__ import annotations

import reflex as rx

from state.digests import SCHEDULE_LABELS, TIME_ZONES, WEEKDAYS, DigestState
from state.service_modes import ServiceModesState

_STATUS = (
    ("pending", rx.badge("Waiting for confirmation", color_scheme="amber", data_testid="digest-status")),
    ("active", rx.badge("Active", color_scheme="green", data_testid="digest-status")),
    ("unsubscribed", rx.badge("Unsubscribed", color_scheme="gray", data_testid="digest-status")),
)


def _field(label: str, control: rx.Component, field: str = "") -> rx.Component:
    return rx.vstack(
        rx.text(label, size="1", weight="medium", color_scheme="gray"),
        control,
        rx.cond(
            (DigestState.error_field == field) & (DigestState.error != "") if field else False,
            rx.text(DigestState.error, size="1", color="red", data_testid=f"digest-error-{field}"),
            rx.fragment(),
        ),
        spacing="1",
        width="100%",
    )


def _select(value: rx.Var[str], on_change: rx.EventHandler, options: list[tuple[str, str]], testid: str,
            label: str = "") -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%", data_testid=testid, aria_label=label),
        rx.select.content(*(rx.select.item(label, value=v) for v, label in options)),
        value=value,
        on_change=on_change,
        size="2",
    )


def _form() -> rx.Component:
    return rx.vstack(
        _field(
            "Email address",
            rx.input(
                default_value=DigestState.email,
                key=DigestState.email,
                on_blur=DigestState.set_email,
                type="email",
                placeholder="you@example.com",
                width="100%",
                color_scheme=rx.cond(DigestState.error_field == "email", "red", "gray"),
                data_testid="digest-email",
            ),
            "email",
        ),
        rx.grid(
            _field("How often", _select(DigestState.schedule, DigestState.set_schedule, list(SCHEDULE_LABELS.items()), "digest-schedule", "How often"), "schedule"),
            _field("Day", _select(DigestState.weekday, DigestState.set_weekday, [(str(i), d) for i, d in enumerate(WEEKDAYS)], "digest-weekday", "Day"), "weekday"),
            _field("Hour", _select(DigestState.hour, DigestState.set_hour, [(str(h), f"{h:02d}:00") for h in range(24)], "digest-hour", "Hour"), "hour"),
            _field("Time zone", _select(DigestState.time_zone, DigestState.set_time_zone, [(z, z.replace("_", " ")) for z in TIME_ZONES], "digest-zone", "Time zone"), "time_zone"),
            columns="2",
            spacing="3",
            width="100%",
        ),
        rx.cond(
            (DigestState.error != "") & (DigestState.error_field != "email") & (DigestState.error_field != "schedule") & (DigestState.error_field != "weekday") & (DigestState.error_field != "hour") & (DigestState.error_field != "time_zone"),
            rx.callout(DigestState.error, icon="circle-alert", color_scheme="red", size="1", width="100%", data_testid="digest-error"),
            rx.fragment(),
        ),
        rx.flex(
            rx.button(
                rx.cond(DigestState.status == "active", "Save changes", "Email me digests"),
                loading=DigestState.saving,
                on_click=DigestState.save,
                data_testid="digest-save",
            ),
            rx.button(
                rx.icon("send", size=14),
                "Send a test digest",
                variant="soft",
                loading=DigestState.testing,
                on_click=DigestState.send_test,
                data_testid="digest-test",
            ),
            rx.cond(
                (DigestState.status == "active") | (DigestState.status == "pending"),
                rx.button("Unsubscribe", variant="ghost", color_scheme="red", on_click=DigestState.unsubscribe, data_testid="digest-unsubscribe"),
                rx.fragment(),
            ),
            spacing="2",
            wrap="wrap",
        ),
        spacing="3",
        width="100%",
    )


def digest_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon("mail", size=18),
                rx.heading("Email digest", size="3"),
                rx.spacer(),
                rx.match(DigestState.status, *_STATUS, rx.badge("Off", color_scheme="gray", data_testid="digest-status")),
                align="center",
                spacing="2",
                width="100%",
            ),
            rx.text(
                "New releases from your artists, by email on your schedule. Nothing is sent until you confirm the address, "
                "and every digest has a one-click unsubscribe link.",
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                DigestState.problem != "",
                rx.callout(DigestState.problem, icon="triangle-alert", color_scheme="orange", size="1", width="100%",
                           data_testid="digest-problem"),
            ),
            rx.match(
                DigestState.status,
                (
                    "pending",
                    rx.callout(
                        rx.text("We sent a confirmation link to ", rx.text.strong(DigestState.email), ". Digests start once you click it."),
                        icon="mail-check",
                        color_scheme="amber",
                        size="1",
                        width="100%",
                        data_testid="digest-pending",
                    ),
                ),
                (
                    "active",
                    rx.callout(
                        rx.vstack(
                            rx.text(rx.text.strong(DigestState.description), " to ", DigestState.email),
                            rx.cond(DigestState.next_send != "", rx.text("Next digest: ", DigestState.next_send, size="1"), rx.fragment()),
                            rx.cond(DigestState.last_sent != "", rx.text("Last sent: ", DigestState.last_sent, size="1"), rx.fragment()),
                            spacing="1",
                        ),
                        icon="calendar-check",
                        color_scheme="green",
                        size="1",
                        width="100%",
                        data_testid="digest-active",
                    ),
                ),
                rx.fragment(),
            ),
            rx.cond(DigestState.message != "", rx.text(DigestState.message, size="2", data_testid="digest-message"), rx.fragment()),
            rx.cond(DigestState.loaded, _form(), rx.center(rx.spinner(), width="100%", padding="12px")),
            rx.link(
                rx.hstack(rx.icon("inbox", size=14), rx.text("Outbox: mail sent to you", rx.cond(ServiceModesState.live["smtp"], "", " (email runs offline here)"), size="2"), align="center", spacing="1"),
                href="/releases/outbox",
                data_testid="outbox-link",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="digest-panel",
    )

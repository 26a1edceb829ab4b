"""The digest panel on the release page, and the outbox page.

DigestState vars: `status` ("none" | "pending" | "active" | "unsubscribed"), the form
fields `email`, `schedule`, `weekday` and `hour` (strings, as the selects hold them),
`time_zone` (IANA, the browser's zone by default); `description` / `next_send` /
`last_sent` (the saved schedule in words), `error` / `error_field` (the last refusal,
nothing saved), `message` (the last outcome), `problem` (why the last due digest could
not be sent, from the digest job's record), `saving`, `testing`, `loaded`.

OutboxState vars: `mails` (rows of the signed-in person's messages, newest first),
`selected` (the id shown), its `subject`, `to`, `when`, `via`, `headers`, `html`
(shown in a sandboxed iframe), `text` and `links` (the links of the text part, so the
offline default's confirmation and unsubscribe links can be followed).
"""

from __future__ import annotations

import asyncio
from zoneinfo import available_timezones

import reflex as rx

from services import releases
from services.releases import SCHEDULES, WEEKDAYS, DigestError, DigestSettings, OutboxEntry
from services.releases.digest_view import mail_links, preview_html, when_text
from services.releases.digests import last_send_problem
from state.auth import current_user

TIME_ZONES: list[str] = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/", "posix/", "right/"))) + ["UTC"]
SCHEDULE_LABELS = {"weekly": "Weekly", "biweekly": "Every two weeks", "monthly": "Monthly", "off": "Off (paused)"}


class DigestState(rx.State):
    """See the module docstring for the vars."""

    status: str = "none"
    email: str = ""
    schedule: str = "weekly"
    weekday: str = "4"
    hour: str = "9"
    time_zone: str = "UTC"
    description: str = ""
    next_send: str = ""
    last_sent: str = ""
    error: str = ""
    error_field: str = ""
    message: str = ""
    problem: str = ""
    saving: bool = False
    testing: bool = False
    loaded: bool = False

    def _show(self, view: DigestSettings | None, account_email: str) -> None:
        if view is None:
            self.status, self.email = "none", account_email
            self.description = self.next_send = self.last_sent = ""
            return
        self.status, self.email = view.status, view.email
        self.schedule, self.weekday, self.hour, self.time_zone = view.schedule, str(view.weekday), str(view.hour), view.time_zone
        self.description = view.description
        self.next_send = when_text(view.next_send_at, view.time_zone) if view.status == "active" else ""
        self.last_sent = when_text(view.last_sent_at, view.time_zone)

    @rx.event
    async def load(self):
        """Show the saved digest; a person without one gets their account email and the browser's time zone."""
        user = await current_user(self)
        if user is None:
            return
        self.error = self.error_field = self.message = ""
        view = await asyncio.to_thread(releases.digest_settings, user.id)
        self._show(view, user.email)
        self.problem = await asyncio.to_thread(last_send_problem, user.id) if view is not None else ""
        self.loaded = True
        if view is None:
            return rx.call_script("Intl.DateTimeFormat().resolvedOptions().timeZone", callback=DigestState.set_browser_zone)

    @rx.event
    def set_browser_zone(self, zone: str):
        """The browser's own time zone, when it is one we know."""
        if self.status == "none" and isinstance(zone, str) and zone in TIME_ZONES:
            self.time_zone = zone

    @rx.event
    def set_email(self, value: str):
        self.email = value[:254]
        if self.error_field == "email":
            self.error = self.error_field = ""

    @rx.event
    def set_schedule(self, value: str):
        self.schedule = value

    @rx.event
    def set_weekday(self, value: str):
        self.weekday = value

    @rx.event
    def set_hour(self, value: str):
        self.hour = value

    @rx.event
    def set_time_zone(self, value: str):
        self.time_zone = value.strip()[:64]
        if self.error_field == "time_zone":
            self.error = self.error_field = ""

    @rx.event
    async def save(self):
        """Opt in, or change the address or schedule. A new address gets a confirmation
        link and nothing else until it is clicked; bad input is refused and nothing changes."""
        user = await current_user(self)
        if user is None:
            return
        self.saving, self.message = True, ""
        was = self.status
        try:
            try:
                weekday, hour = int(self.weekday), int(self.hour)
            except ValueError:
                raise DigestError("Choose a day of the week and an hour.", "weekday") from None
            view = await asyncio.to_thread(releases.subscribe, user.id, self.email, self.schedule, weekday, hour, self.time_zone)
        except DigestError as exc:
            self.error, self.error_field = exc.message, exc.field
            return
        finally:
            self.saving = False
        self.error = self.error_field = ""
        self._show(view, user.email)
        if view.status == "pending":
            self.message = f"We sent a confirmation link to {view.email}. Digests start once you click it."
            return rx.toast.info("Check your inbox to confirm the digest.")
        self.message = "Saved." if was == "active" else "Digest saved."
        return rx.toast.success(f"Digest saved: {view.description}.")

    @rx.event(background=True)
    async def send_test(self):
        """Send a test digest of the latest releases now (to the confirmed digest address, else the account's)."""
        async with self:
            user = await current_user(self)
            if user is None or self.testing:
                return
            self.testing = True
        try:
            result = await asyncio.to_thread(releases.send_test_digest, user.id)
        except DigestError as exc:
            yield rx.toast.error(exc.message)
            return
        except Exception:
            yield rx.toast.error("The test digest could not be sent (the mail server refused it). Try again later.")
            return
        finally:
            async with self:
                self.testing = False
        where = "to the outbox" if releases.get_mailer().via == "outbox" else f"to {result.to}"
        yield rx.toast.success(f"Test digest with {result.releases} release{'s' if result.releases != 1 else ''} sent {where}.")

    @rx.event
    async def unsubscribe(self):
        """Stop digests at once (re-subscribing needs a new confirmation)."""
        user = await current_user(self)
        if user is None:
            return
        view = await asyncio.to_thread(releases.unsubscribe_user, user.id)
        self._show(view, user.email)
        self.message = "You are unsubscribed. No more digests will be sent."
        return rx.toast.info("Unsubscribed from release digests.")


class OutboxState(rx.State):
    """See the module docstring for the vars."""

    mails: list[dict[str, str]] = []
    selected: int = 0
    subject: str = ""
    to: str = ""
    when: str = ""
    via: str = ""
    headers: str = ""
    html: str = ""
    text: str = ""
    links: list[str] = []
    loaded: bool = False

    def _open(self, mail: OutboxEntry | None) -> None:
        if mail is None:
            self.selected, self.subject, self.to, self.when, self.via = 0, "", "", "", ""
            self.headers = self.html = self.text = ""
            self.links = []
            return
        self.selected, self.subject, self.to, self.via = mail.id, mail.subject, mail.to, mail.sent_via
        self.when = mail.created_at.strftime("%d %b %Y %H:%M UTC") if mail.created_at else ""
        self.headers, self.html, self.text = mail.headers, preview_html(mail.html), mail.text
        self.links = mail_links(mail.text)

    @rx.event
    async def load(self):
        """The signed-in person's messages, newest first; the newest is opened."""
        user = await current_user(self)
        if user is None:
            return
        mails = await asyncio.to_thread(releases.outbox, user.id)
        self.mails = [
            {
                "id": str(m.id),
                "subject": m.subject,
                "to": m.to,
                "when": m.created_at.strftime("%d %b %H:%M") if m.created_at else "",
                "via": m.sent_via,
            }
            for m in mails
        ]
        self._open(mails[0] if mails else None)
        self.loaded = True

    @rx.event
    async def open_mail(self, mail_id: str):
        """Show one message (only ever one of the signed-in person's own)."""
        user = await current_user(self)
        if user is None:
            return
        try:
            wanted = int(mail_id)
        except (TypeError, ValueError):
            return
        mails = await asyncio.to_thread(releases.outbox, user.id)
        self._open(next((m for m in mails if m.id == wanted), None))


__all__ = ["SCHEDULES", "SCHEDULE_LABELS", "TIME_ZONES", "WEEKDAYS", "DigestState", "OutboxState"]

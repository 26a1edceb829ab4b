"""Sign-up, "Forgot password?", and the pages emailed links open (`/confirm`, `/reset`).

Sign-up and reset requests answer the same way whether or not the email has an
account ("check your inbox"), and never sooner than the service's answer time, so
their timing says nothing either (`services.accounts.recovery`). A link's token is
read from the URL on the server for each event; it is never kept in page state.
"""

from __future__ import annotations

import asyncio
import time

import reflex as rx

from services.accounts import AccountError, recovery
from services.mail import get_mailer
from state.auth import AuthState, current_user


async def _answer_no_sooner_than(started: float, seconds: float) -> None:
    await asyncio.sleep(max(0.0, seconds - (time.perf_counter() - started)))


class AccountLinkState(rx.State):
    """`sent_to` is the address a "check your inbox" card names ("" shows the form);
    `link_live` whether the URL's link can still be used (after `link_checked`)."""

    sent_to: str = ""
    mail_offline: bool = False  # the built-in outbox: no email leaves this instance
    link_checked: bool = False
    link_live: bool = False
    error: str = ""
    error_field: str = ""
    busy: bool = False

    def _token(self) -> str:
        return self.router.url.query_parameters.get("token", "")

    async def _auth(self) -> AuthState:
        return await self.get_state(AuthState)

    @rx.event
    def load_form(self):
        """The sign-up and "forgot password" pages start with an empty form."""
        self.sent_to = self.error = self.error_field = ""
        self.mail_offline = get_mailer().via == "outbox"

    @rx.event
    async def sign_up(self, form: dict[str, str]):
        """Ask for an account; "check your inbox" whether or not the email has one."""
        started = time.perf_counter()
        self.busy = True
        self.error = self.error_field = ""
        yield
        email = (form.get("email") or "").strip().lower()
        try:
            await asyncio.to_thread(recovery.request_sign_up, email, form.get("password", ""),
                                    form.get("display_name", ""), (await self._auth())._client_address())
            await _answer_no_sooner_than(started, recovery.SIGN_UP_ANSWER_SECONDS)
            self.sent_to = email
        except AccountError as exc:
            self.error, self.error_field = exc.message, exc.field
        finally:
            self.busy = False

    @rx.event
    async def request_reset(self, form: dict[str, str]):
        """Ask for a reset link; the same answer whether or not the email has an account."""
        started = time.perf_counter()
        self.busy = True
        self.error = self.error_field = ""
        yield
        email = (form.get("email") or "").strip().lower()
        try:
            await asyncio.to_thread(recovery.request_password_reset, email, (await self._auth())._client_address())
            await _answer_no_sooner_than(started, recovery.RESET_ANSWER_SECONDS)
            self.sent_to = email
        except AccountError as exc:
            self.error, self.error_field = exc.message, exc.field
        finally:
            self.busy = False

    @rx.event
    async def check_link(self):
        """On `/confirm` and `/reset`: can the URL's link still be used? (Asking spends nothing:
        a mail scanner that opens the link changes nothing.)"""
        purpose = "reset" if self.router.url.path.rstrip("/").endswith("/reset") else "confirm"
        self.error = self.error_field = ""
        self.link_live = await asyncio.to_thread(recovery.link_is_live, self._token(), purpose)
        self.link_checked = True

    @rx.event
    async def confirm(self):
        """The person pressed "Confirm": the address is theirs; they are signed in."""
        user = await asyncio.to_thread(recovery.confirm_email, self._token())
        if user is None:
            self.link_live = False
            return
        return [await (await self._auth())._start_session(user, "/"), rx.toast.success("Your email address is confirmed.")]

    @rx.event
    async def reset_password(self, form: dict[str, str]):
        """Set the new password; every other session ends and this browser is signed in."""
        self.busy = True
        yield
        auth = await self._auth()
        try:
            user = await asyncio.to_thread(recovery.reset_password, self._token(), form.get("password", ""), auth._client_address())
        except AccountError as exc:
            self.error, self.error_field = exc.message, exc.field
            self.link_live = exc.field != "token"
            return
        finally:
            self.busy = False
        yield [await auth._start_session(user, "/"),
               rx.toast.success("Your new password is set; every other browser was signed out.")]

    @rx.event
    async def resend_confirmation(self):
        """The banner's "Send it again"."""
        user = await current_user(self)
        if user is None or user.email_confirmed:
            return
        if await asyncio.to_thread(recovery.resend_confirmation, user.id):
            return rx.toast.info(f"A new confirmation link is on its way to {user.email}.")
        return rx.toast.warning("We sent several links in the last hour. Please use the newest, or try again later.")

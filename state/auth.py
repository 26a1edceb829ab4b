"""Who is signed in, and the sign-up / sign-in / sign-out / demo flows.

Public vars are what the pages show: `signed_in`, `user_name`, `user_email`,
`is_demo`, `auth_ready` (the session was checked, so pages can render), and the
form's `error` / `error_field`. The browser holds only `session_token` (a cookie);
the user is resolved from it on the server for every event that needs identity,
never from an event argument.
"""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import reflex as rx

from services import accounts, live
from services.accounts import AccountError, UserInfo
from services.hosting.demo import convert as convert_demo_account
from services.hosting.demo import demo_sign_in

SESSION_COOKIE = "sbm_session"
_SAFE_NEXT_PREFIX = "/"


def _safe_next(target: str) -> str:
    """Only same-site paths may be redirect targets (no open redirects)."""
    if not target or not target.startswith(_SAFE_NEXT_PREFIX) or target.startswith("//") or "\\" in target:
        return "/"
    return target


class AuthState(rx.State):
    """Session and account forms; see the module docstring for the vars."""

    session_token: str = rx.Cookie("", name=SESSION_COOKIE, max_age=30 * 86400, same_site="lax")
    signed_in: bool = False
    auth_ready: bool = False
    user_name: str = ""
    user_email: str = ""
    is_demo: bool = False
    error: str = ""
    error_field: str = ""
    busy: bool = False
    demo_busy: bool = False

    async def resolve_user(self) -> UserInfo | None:
        """The user behind this tab's session, checked against the database now, in a worker
        thread: it runs for most events, and the event loop writes every other tab's frames."""
        token = self.session_token
        user = await asyncio.to_thread(accounts.user_for_token, token) if token else None
        self._show(user)
        return user

    async def _remember_tab(self, user: UserInfo) -> None:
        """This tab belongs to `user` (for live pushes to all their tabs)."""
        await asyncio.to_thread(live.remember_client, self.router.session.client_token, user.id)

    def _show(self, user: UserInfo | None) -> None:
        """Set only what changed: Reflex sends every assigned var back to the tab, and
        `current_user` runs on most events (a vote would re-send the whole sign-in state)."""
        shown = {
            "signed_in": user is not None,
            "user_name": user.display_name if user else "",
            "user_email": user.email if user else "",
            "is_demo": user.is_demo if user else False,
            "auth_ready": True,
        }
        for name, value in shown.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    async def _start_session(self, user: UserInfo, token: str) -> None:
        self.session_token = token
        self._show(user)
        self.error = self.error_field = ""
        await self._remember_tab(user)

    def _next_target(self) -> str:
        return _safe_next(self.router.url.query_parameters.get("next", "/"))

    @rx.event
    async def check_session(self):
        """On every page load: resolve the session and remember this tab for live pushes."""
        user = await self.resolve_user()
        if user is not None:
            await self._remember_tab(user)

    @rx.event
    async def require_login(self):
        """On pages that need an account: send signed-out visitors to sign in and back."""
        user = await self.resolve_user()
        if user is None:
            target = quote(_safe_next(self.router.url.path or "/"), safe="/")
            return rx.redirect(f"/login?next={target}")
        await self._remember_tab(user)

    @rx.event
    async def redirect_if_signed_in(self):
        """The sign-in and sign-up pages skip themselves for a signed-in person."""
        self.error = self.error_field = ""
        if await self.resolve_user() is not None:
            return rx.redirect(self._next_target())

    @rx.event
    async def sign_up(self, form: dict[str, str]):
        """Create an account from the sign-up form and sign it in."""
        self.busy = True
        try:
            user, token = await asyncio.to_thread(
                accounts.sign_up, form.get("email", ""), form.get("password", ""), form.get("display_name", ""),
                self.router.session.client_ip,
            )
        except AccountError as exc:
            self.error, self.error_field = exc.message, exc.field
            return
        finally:
            self.busy = False
        await self._start_session(user, token)
        return [rx.redirect(self._next_target()), rx.toast.success(f"Welcome, {user.display_name}!")]

    @rx.event
    async def sign_in(self, form: dict[str, str]):
        """Check the sign-in form's password (throttled) and open a session."""
        self.busy = True
        try:
            user, token = await asyncio.to_thread(
                accounts.sign_in, form.get("email", ""), form.get("password", ""), self.router.session.client_ip
            )
        except AccountError as exc:
            self.error, self.error_field = exc.message, exc.field
            return
        finally:
            self.busy = False
        await self._start_session(user, token)
        return rx.redirect(self._next_target())

    @rx.event
    async def try_demo(self):
        """One click into a fresh demo account of this visitor's own (seeded in about a second)."""
        if self.demo_busy:
            return
        self.demo_busy = True
        self.error = self.error_field = ""
        yield
        try:
            user, token = await asyncio.to_thread(demo_sign_in, self.router.session.client_ip)
        except AccountError as exc:
            self.error, self.error_field = exc.message, "demo"
            return
        finally:
            self.demo_busy = False
        await self._start_session(user, token)
        yield [rx.redirect(self._next_target()), rx.toast.info("Your own demo account is ready: nobody else sees it.")]

    @rx.event
    async def convert_demo(self, form: dict[str, str]):
        """Keep a demo account: give it an email and a password (its data stays)."""
        user = await self.resolve_user()
        if user is None:
            return rx.redirect("/login")
        self.busy = True
        try:
            info = await asyncio.to_thread(
                convert_demo_account, user.id, form.get("email", ""), form.get("password", ""), form.get("display_name", "")
            )
        except AccountError as exc:
            self.error, self.error_field = exc.message, exc.field
            return
        finally:
            self.busy = False
        self._show(info)
        self.error = self.error_field = ""
        return rx.toast.success("Your account is saved: sign in with this email from now on.")

    @rx.event
    async def sign_out(self):
        """Revoke the session on the server and forget it in the browser."""
        if self.session_token:
            await asyncio.to_thread(accounts.sign_out, self.session_token)
        await asyncio.to_thread(live.forget_client, self.router.session.client_token)
        self.session_token = ""
        self._show(None)
        return rx.redirect("/login")


async def current_user(state: rx.State) -> UserInfo | None:
    """For other states: the signed-in user, resolved on the server for this event."""
    auth = await state.get_state(AuthState)
    return await auth.resolve_user()

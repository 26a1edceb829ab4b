"""Who is signed in, and the sign-in / sign-out / demo flows (sign-up and the emailed
links: `state/account_links.py`).

Public vars are what the pages show: `signed_in`, `user_name`, `user_email`,
`is_demo`, `is_operator`, `email_unconfirmed`, `auth_ready` (the session was checked, so pages can
render), and the form's `error` / `error_field`.

The session token is never in this state, in a frame or in page script's reach: it
lives in the HttpOnly `sbm_session` cookie that HTTP routes set and clear
(`app/auth_routes.py`), and is read here from the websocket handshake's `Cookie`
header (`router.headers.cookie`, which Reflex keeps on the server). That header is
captured when the tab connects, so every change of session ends with a full page
load: a sign-in sends the browser to `/api/auth/complete` with a one-time code, a
sign-out to `/api/auth/signout`, a session opened before a role or plan change to
`/api/auth/rotate`. The user is resolved from the session on the server for every
event that needs identity, never from an event argument.
"""

from __future__ import annotations

import asyncio
import json
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote, urlencode

import reflex as rx

from services import accounts, live
from services.accounts import AccountError, UserInfo
from services.accounts.sessions import known_device_user
from services.config import get_settings
from services.hosting.demo import convert as convert_demo_account
from services.hosting.demo import start_demo
from services.web.addresses import client_address
from services.web.redirects import safe_next

SESSION_COOKIE = "sbm_session"
DEVICE_COOKIE = "sbm_device"

# Our own words for the codes a URL may carry to the sign-in page (never echoed).
LOGIN_ERRORS = {"link_expired": "That sign-in link has expired or was already used. Please sign in again."}


def _safe_next(target: str) -> str:
    """Only same-site paths may be redirect targets (no open redirects)."""
    return safe_next(target)


def full_page_load(url: str) -> rx.event.EventSpec:
    """Navigate with a real page load (the server must see the request: cookie routes,
    and the websocket's new handshake carries the new cookie)."""
    return rx.call_script(f"window.location.assign({json.dumps(url)})")


class AuthState(rx.State):
    """Session and account forms; see the module docstring for the vars."""

    signed_in: bool = False
    auth_ready: bool = False
    user_name: str = ""
    user_email: str = ""
    is_demo: bool = False
    is_operator: bool = False
    email_unconfirmed: bool = False  # signed in, address not yet confirmed: the banner asks
    error: str = ""
    error_field: str = ""
    busy: bool = False
    demo_busy: bool = False

    def _cookie(self, name: str) -> str:
        """A cookie of this tab's websocket handshake (server side only)."""
        jar = SimpleCookie()
        try:
            jar.load(self.router.headers.cookie or "")
        except CookieError:
            return ""
        morsel = jar.get(name)
        return morsel.value if morsel else ""

    def _client_address(self) -> str:
        """The client's address (`X-Forwarded-For` only behind `TRUSTED_PROXIES`)."""
        forwarded = self.router.headers.raw_headers.get("x-forwarded-for", "")
        return client_address(self.router.session.client_ip, forwarded, get_settings().trusted_proxies)

    async def resolve_user(self) -> UserInfo | None:
        """The user behind this tab's session, checked against the database now, in a worker
        thread: it runs for most events, and the event loop writes every other tab's frames."""
        token = self._cookie(SESSION_COOKIE)
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
            "is_operator": user.is_operator if user else False,
            "email_unconfirmed": user is not None and not user.email_confirmed,
            "auth_ready": True,
        }
        for name, value in shown.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    async def _start_session(self, user: UserInfo, next_path: str | None = None) -> rx.event.EventSpec:
        """Hand the browser a one-time code; `/api/auth/complete` sets the cookie (then goes
        to `next_path`, or the page's `?next=`)."""
        code = await asyncio.to_thread(accounts.handoff_for, user.id)
        self.error = self.error_field = ""
        target = _safe_next(next_path) if next_path else self._next_target()
        return full_page_load("/api/auth/complete?" + urlencode({"code": code, "next": target}))

    def _next_target(self) -> str:
        return _safe_next(self.router.url.query_parameters.get("next", "/"))

    async def _rotation(self) -> rx.event.EventSpec | None:
        """A session opened before a role or plan change gets a new token now."""
        token = self._cookie(SESSION_COOKIE)
        if token and await asyncio.to_thread(accounts.session_is_stale, token):
            here = self.router.url.path or "/"
            query = self.router.url.query or ""
            return full_page_load("/api/auth/rotate?" + urlencode({"next": _safe_next(here + (f"?{query}" if query else ""))}))
        return None

    @rx.event
    async def check_session(self):
        """On every page load: resolve the session and remember this tab for live pushes."""
        user = await self.resolve_user()
        if user is not None:
            await self._remember_tab(user)
            return await self._rotation()

    @rx.event
    async def require_login(self):
        """On pages that need an account: send signed-out visitors to sign in and back."""
        user = await self.resolve_user()
        if user is None:
            target = quote(_safe_next(self.router.url.path or "/"), safe="/")
            return rx.redirect(f"/login?next={target}")
        await self._remember_tab(user)
        return await self._rotation()

    @rx.event
    async def redirect_if_signed_in(self):
        """The sign-in and sign-up pages skip themselves for a signed-in person, and say
        what a code in the URL means (in our words)."""
        code = self.router.url.query_parameters.get("error", "")
        self.error, self.error_field = LOGIN_ERRORS.get(code, ""), ""
        if await self.resolve_user() is not None:
            return rx.redirect(self._next_target())

    @rx.event
    async def sign_in(self, form: dict[str, str]):
        """Check the sign-in form's password (after the backoff) and open a session."""
        self.busy = True
        try:
            user = await asyncio.to_thread(
                accounts.authenticate, form.get("email", ""), form.get("password", ""), self._client_address(),
                known_device=known_device_user(self._cookie(DEVICE_COOKIE)),
            )
        except AccountError as exc:
            self.error, self.error_field = exc.message, exc.field
            return
        finally:
            self.busy = False
        return await self._start_session(user)

    @rx.event
    async def try_demo(self):
        """One click into a fresh demo account of this visitor's own (seeded in about a second)."""
        if self.demo_busy:
            return
        self.demo_busy = True
        self.error = self.error_field = ""
        yield
        try:
            user = await asyncio.to_thread(start_demo, self._client_address())
        except AccountError as exc:
            self.error, self.error_field = exc.message, "demo"
            return
        finally:
            self.demo_busy = False
        yield [await self._start_session(user), rx.toast.info("Your own demo account is ready: nobody else sees it.")]

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
        return [rx.toast.success("Your account is saved: sign in with this email from now on."), await self._rotation()]

    @rx.event
    async def sign_out(self):
        """Revoke the session on the server; `/api/auth/signout` clears the cookie."""
        token = self._cookie(SESSION_COOKIE)
        if token:
            await asyncio.to_thread(accounts.sign_out, token)
        await asyncio.to_thread(live.forget_client, self.router.session.client_token)
        self._show(None)
        return full_page_load("/api/auth/signout")


async def current_user(state: rx.State) -> UserInfo | None:
    """For other states: the signed-in user, resolved on the server for this event."""
    auth = await state.get_state(AuthState)
    return await auth.resolve_user()

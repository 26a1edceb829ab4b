"""The stored Spotify connection of a user: connect, finish on the callback, keep the
access token fresh (one refresh at a time, across processes), disconnect (everything
derived from Spotify deleted: see `forget`).

Bad callbacks (wrong or reused `state`, no `code`, `error=access_denied`, a code
Spotify refuses) return a `ConnectResult` with a clear message and change nothing
else. A refresh token Spotify rejects (`invalid_grant`) marks the connection
`reconnect_needed`, wipes the dead tokens and raises `ReconnectNeeded`; from then on
`services.catalog.get_source` falls back to the demo source until the user reconnects.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import requests
import spotipy
from sqlmodel import col, delete, select, update

from services import live
from services.config import get_settings
from services.db import as_utc, session_scope, utcnow
from services.spotify import crypto, oauth
from services.spotify.errors import NotConnected, NotOnAllowList, ReconnectNeeded, SpotifyError, SpotifyUnavailable
from services.spotify.models import (
    CONNECTED,
    RECONNECT_NEEDED,
    SpotifyAuthRequest,
    SpotifyCacheItem,
    SpotifyConnection,
)

if TYPE_CHECKING:
    from services.spotify.forget import DisconnectReport

log = logging.getLogger(__name__)

AUTH_REQUEST_TTL = timedelta(minutes=10)
REFRESH_WINDOW = timedelta(seconds=120)
LIVE_TOPIC = "spotify"

_refresh_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()


@dataclass(frozen=True)
class ConnectResult:
    """What the callback page shows: `ok` and a sentence for the listener; `code` names a
    failure (the callback's redirect carries the code, never the sentence)."""

    ok: bool
    message: str
    display_name: str = ""
    code: str = ""


# Every way Connect can fail, by the code the account page's URL carries.
CONNECT_ERRORS: dict[str, str] = {
    'wrong_state': 'This Spotify answer does not match a Connect you started (wrong state). Nothing was changed; please press Connect Spotify again.',
    'used': 'This Spotify authorization was already used. Nothing was changed; press Connect Spotify to start again.',
    'expired': 'This Spotify authorization expired. Press Connect Spotify to start again.',
    'declined': 'You declined access on Spotify, so nothing was connected.',
    'not_authorized': 'Spotify did not authorize the connection. Nothing was changed.',
    'no_state': "Spotify's answer had no state, so it cannot be trusted. Nothing was changed; please connect again.",
    'no_code': "Spotify's answer had no authorization code. Nothing was changed; please connect again.",
    'code_refused': 'Spotify refused this authorization code (it was already used or has expired). Nothing was changed; please connect again.',
    'refused': 'Spotify refused the connection. Nothing was changed.',
    'unreachable': 'Spotify could not be reached. Nothing was changed; please try again in a moment.',
    'not_allowed': NotOnAllowList().message,  # the 5-user allow-list of a development-mode app
    'start_failed': "Spotify Connect could not start (this server has no Spotify keys, or Spotify could not be reached). Nothing was changed.",
    'no_profile': 'Spotify accepted the sign-in but would not share your profile. Nothing was changed; please try again.',
}
CONNECT_FAILED = "Connecting Spotify failed. Nothing was changed; please try again."


def _failed(code: str) -> ConnectResult:
    return ConnectResult(False, CONNECT_ERRORS.get(code, CONNECT_FAILED), code=code)


def connect_error_message(code: str) -> str:
    """Our own sentence for a failure code from a URL (unknown codes get a generic one:
    nothing from the URL is ever shown)."""
    return CONNECT_ERRORS.get(code, CONNECT_FAILED)


@dataclass(frozen=True)
class ConnectionInfo:
    """A user's connection as the account page shows it (never any token)."""

    status: str
    display_name: str
    spotify_user_id: str
    scopes: tuple[str, ...]
    connected_at: datetime | None

    @property
    def connected(self) -> bool:
        return self.status == CONNECTED


def is_configured() -> bool:
    """True when a Spotify client id is set (`SPOTIFY_CLIENT_ID`)."""
    return get_settings().mode("spotify") == "live"


def start_connect(user_id: int) -> str:
    """Begin Connect: remember a fresh state and PKCE verifier; return Spotify's consent URL."""
    if not is_configured():
        raise SpotifyUnavailable("Spotify is not configured on this server (SPOTIFY_CLIENT_ID is not set).")
    state = oauth.new_code_verifier()[:43]
    verifier = oauth.new_code_verifier()
    with session_scope() as db:
        db.exec(delete(SpotifyAuthRequest).where(col(SpotifyAuthRequest.created_at) < utcnow() - timedelta(days=1)))
        db.add(SpotifyAuthRequest(state_hash=crypto.digest(state), user_id=user_id,
                                  code_verifier_enc=crypto.encrypt(verifier)))
    return oauth.authorize_url(state, verifier)


def _consume_request(user_id: int, state: str) -> tuple[str | None, str]:
    """Mark the pending authorization for `state` used; (code_verifier, "") or (None, the error code)."""
    with session_scope() as db:
        req = db.exec(select(SpotifyAuthRequest).where(SpotifyAuthRequest.state_hash == crypto.digest(state))).first()
        if req is None or req.user_id != user_id:
            return None, "wrong_state"
        if req.used:
            return None, "used"
        if as_utc(req.created_at) < utcnow() - AUTH_REQUEST_TTL:  # type: ignore[operator]
            return None, "expired"
        # Compare-and-set so that two racing callbacks with the same state cannot both win.
        result = db.exec(  # type: ignore[call-overload]
            update(SpotifyAuthRequest)
            .where(col(SpotifyAuthRequest.id) == req.id, col(SpotifyAuthRequest.used).is_(False))
            .values(used=True, used_at=utcnow())
        )
        if result.rowcount != 1:
            return None, "used"
        return crypto.decrypt(req.code_verifier_enc), ""


def _fetch_profile(access_token: str) -> dict:
    sp = spotipy.Spotify(auth=access_token, requests_session=requests.Session(), requests_timeout=oauth.TIMEOUT_S, retries=0)
    sp.prefix = get_settings().spotify_api_base.rstrip("/") + "/"
    return sp.me() or {}


def finish_connect(user_id: int, code: str | None, state: str | None, error: str | None = None) -> ConnectResult:
    """Handle Spotify's redirect back: check state and verifier, exchange the code, store tokens."""
    if error:
        if state:
            _consume_request(user_id, state)  # a declined state is spent; the outcome stays "declined"
        if error == "access_denied":
            return _failed("declined")
        log.info("spotify did not authorize user %s: %.80r", user_id, error)
        return _failed("not_authorized")
    if not state:
        return _failed("no_state")
    if not code:
        return _failed("no_code")
    verifier, why = _consume_request(user_id, state)
    if verifier is None:
        return _failed(why)
    try:
        tokens = oauth.exchange_code(code, verifier)
    except oauth.TokenError as exc:
        log.warning("spotify code exchange refused for user %s: %s", user_id, exc)
        if exc.error == "invalid_grant":
            return _failed("code_refused")
        return _failed("refused")
    except oauth.TokenEndpointUnavailable as exc:
        log.warning("spotify token endpoint unavailable for user %s: %s", user_id, exc)
        return _failed("unreachable")
    try:
        me = _fetch_profile(tokens.access_token)
    except spotipy.SpotifyException as exc:
        log.warning("spotify /me failed for user %s: %s", user_id, exc)
        if exc.http_status == 403:
            return _failed("not_allowed")
        return _failed("no_profile")
    except requests.RequestException as exc:
        log.warning("spotify /me unreachable for user %s: %s", user_id, exc)
        return _failed("unreachable")
    spotify_id = str(me.get("id") or "")
    name = str(me.get("display_name") or spotify_id)
    with session_scope() as db:
        conn = db.exec(select(SpotifyConnection).where(SpotifyConnection.user_id == user_id)).first()
        if conn is not None and conn.spotify_user_id != spotify_id:
            db.exec(delete(SpotifyCacheItem).where(col(SpotifyCacheItem.user_id) == user_id))
        conn = conn or SpotifyConnection(user_id=user_id)
        conn.spotify_user_id = spotify_id
        conn.display_name = name[:200]
        conn.product = str(me.get("product") or "")[:32]
        conn.scopes = tokens.scopes[:1000]
        conn.access_token_enc = crypto.encrypt(tokens.access_token)
        conn.refresh_token_enc = crypto.encrypt(tokens.refresh_token)
        conn.expires_at, conn.token_lifetime_s = tokens.expires_at, tokens.lifetime_s
        conn.status = CONNECTED
        conn.connected_at = conn.updated_at = utcnow()
        db.add(conn)
    live.publish_soon(live.Change(LIVE_TOPIC, user_id=user_id, data={"status": CONNECTED}))
    return ConnectResult(True, f"Spotify connected as {name}.", name)


def connection_info(user_id: int) -> ConnectionInfo | None:
    """The user's connection, or None when they never connected (or disconnected)."""
    with session_scope() as db:
        conn = db.exec(select(SpotifyConnection).where(SpotifyConnection.user_id == user_id)).first()
        if conn is None:
            return None
        return ConnectionInfo(
            status=conn.status, display_name=conn.display_name, spotify_user_id=conn.spotify_user_id,
            scopes=tuple(conn.scopes.split()), connected_at=as_utc(conn.connected_at),
        )


def is_connected(user_id: int) -> bool:
    """True when Spotify is configured and this user's connection works (not reconnect_needed)."""
    if not is_configured():
        return False
    info = connection_info(user_id)
    return info is not None and info.connected


def disconnect(user_id: int) -> DisconnectReport:
    """Forget the connection and everything derived from it (Spotify policy): tokens, cached
    answers, and what other areas built from Spotify (see `forget`). Returns what was deleted."""
    from services.spotify.forget import forget_everything

    report = forget_everything(user_id)
    live.publish_soon(live.Change(LIVE_TOPIC, user_id=user_id, data={"status": "disconnected"}))
    return report


def _lock_for(user_id: int) -> threading.Lock:
    with _locks_guard:
        return _refresh_locks.setdefault(user_id, threading.Lock())


def refresh_due_at(expires_at: datetime, lifetime_s: int) -> datetime:
    """When a token should be refreshed: `REFRESH_WINDOW` before it expires, or at half
    its lifetime when it lives less than twice the window (so a short-lived token is
    refreshed at most once per half-lifetime, never before every call)."""
    window = min(REFRESH_WINDOW, timedelta(seconds=max(1, lifetime_s) / 2))
    return expires_at - window


def _usable(token: str, conn: SpotifyConnection, stale: str, now: datetime) -> bool:
    expires = as_utc(conn.expires_at)
    return bool(token) and token != stale and expires is not None and now < refresh_due_at(expires, conn.token_lifetime_s)


def _load(user_id: int) -> SpotifyConnection:
    with session_scope() as db:
        conn = db.exec(select(SpotifyConnection).where(SpotifyConnection.user_id == user_id)).first()
    _check(conn)
    return conn  # type: ignore[return-value]


def _check(conn: SpotifyConnection | None) -> None:
    if conn is None:
        raise NotConnected()
    if conn.status != CONNECTED or not conn.refresh_token_enc:
        raise ReconnectNeeded()


def access_token(user_id: int, *, stale: str = "", now: datetime | None = None) -> str:
    """A usable access token, refreshed when its refresh time has come (`refresh_due_at`).

    One refresh serves everyone: threads of this process wait on a lock, and other
    processes (web workers, the scheduler leader) on the connection's row lock, then
    find the token their peer fetched. Pass `stale` (a token Spotify just answered 401
    to) to force one refresh; callers racing on the same stale token share it.
    """
    now = now or utcnow()
    conn = _load(user_id)
    current = crypto.decrypt(conn.access_token_enc)
    if _usable(current, conn, stale, now):
        return current
    with _lock_for(user_id):
        return _refresh_locked(user_id, stale, now)


def _refresh_locked(user_id: int, stale: str, now: datetime) -> str:
    failure: SpotifyError
    with session_scope() as db:
        # An UPDATE that changes nothing takes the row's write lock (PostgreSQL; the
        # database's on SQLite) until commit: a peer's refresh of this row waits here.
        db.exec(update(SpotifyConnection).where(col(SpotifyConnection.user_id) == user_id)  # type: ignore[call-overload]
                .values(updated_at=SpotifyConnection.updated_at))
        conn = db.exec(select(SpotifyConnection).where(SpotifyConnection.user_id == user_id)).first()
        _check(conn)
        assert conn is not None
        current = crypto.decrypt(conn.access_token_enc)
        if _usable(current, conn, stale, now):
            return current  # a peer refreshed while we waited
        try:
            tokens = oauth.refresh(crypto.decrypt(conn.refresh_token_enc), now=now)
        except oauth.TokenError as exc:
            if exc.error not in ("invalid_grant", "invalid_client", "unauthorized_client"):
                raise SpotifyUnavailable(f"Spotify refused to refresh access ({exc.error}). Try again later.") from exc
            log.warning("spotify refresh token rejected for user %s (%s): reconnect needed", user_id, exc.error)
            _wipe(conn, now)
            db.add(conn)
            failure = ReconnectNeeded()
        except oauth.TokenEndpointUnavailable as exc:
            raise SpotifyUnavailable("Spotify could not be reached. Try again in a moment.") from exc
        else:
            conn.access_token_enc = crypto.encrypt(tokens.access_token)
            conn.refresh_token_enc = crypto.encrypt(tokens.refresh_token)
            conn.expires_at, conn.token_lifetime_s = tokens.expires_at, tokens.lifetime_s
            if tokens.scopes:
                conn.scopes = tokens.scopes[:1000]
            conn.updated_at = now
            db.add(conn)
            return tokens.access_token
    live.publish_soon(live.Change(LIVE_TOPIC, user_id=user_id, data={"status": RECONNECT_NEEDED}))
    raise failure


def _wipe(conn: SpotifyConnection, now: datetime) -> None:
    """Spotify ended our access: keep the row (the page says "reconnect"), drop the dead tokens."""
    conn.status = RECONNECT_NEEDED
    conn.access_token_enc = conn.refresh_token_enc = ""
    conn.expires_at = None
    conn.updated_at = now

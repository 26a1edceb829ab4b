"""The stored Spotify connection of a user: connect, finish on the callback, keep the
access token fresh, disconnect (tokens and every cached item deleted).

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

import requests
import spotipy
from sqlmodel import col, delete, select, update

from services import live
from services.config import get_settings
from services.db import as_utc, session_scope, utcnow
from services.spotify import crypto, oauth
from services.spotify.errors import NotConnected, ReconnectNeeded, SpotifyUnavailable
from services.spotify.models import (
    CONNECTED,
    RECONNECT_NEEDED,
    SpotifyAuthRequest,
    SpotifyCacheItem,
    SpotifyConnection,
)

log = logging.getLogger(__name__)

AUTH_REQUEST_TTL = timedelta(minutes=10)
REFRESH_LEEWAY = timedelta(seconds=120)
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
    'not_allowed': "Spotify refused access for this account. While the app is in development mode, its owner must add your Spotify account to the app's user list.",
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
        conn.expires_at = tokens.expires_at
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


def disconnect(user_id: int) -> bool:
    """Forget the connection: delete tokens and every cached Spotify item of this user."""
    with session_scope() as db:
        removed = db.exec(delete(SpotifyConnection).where(col(SpotifyConnection.user_id) == user_id)).rowcount  # type: ignore[call-overload]
        db.exec(delete(SpotifyCacheItem).where(col(SpotifyCacheItem.user_id) == user_id))
        db.exec(delete(SpotifyAuthRequest).where(col(SpotifyAuthRequest.user_id) == user_id))
    live.publish_soon(live.Change(LIVE_TOPIC, user_id=user_id, data={"status": "disconnected"}))
    return bool(removed)


def _lock_for(user_id: int) -> threading.Lock:
    with _locks_guard:
        return _refresh_locks.setdefault(user_id, threading.Lock())


def _fresh(conn: SpotifyConnection) -> bool:
    expires = as_utc(conn.expires_at)
    return expires is not None and expires - utcnow() > REFRESH_LEEWAY


def _load(user_id: int) -> SpotifyConnection:
    with session_scope() as db:
        conn = db.exec(select(SpotifyConnection).where(SpotifyConnection.user_id == user_id)).first()
    if conn is None:
        raise NotConnected()
    if conn.status != CONNECTED or not conn.refresh_token_enc:
        raise ReconnectNeeded()
    return conn


def access_token(user_id: int, *, stale: str = "") -> str:
    """A usable access token, refreshed when it expires within two minutes.

    Pass `stale` (a token Spotify just answered 401 to) to force one refresh; callers
    racing on the same stale token share a single refresh.
    """
    conn = _load(user_id)
    current = crypto.decrypt(conn.access_token_enc)
    if current and current != stale and _fresh(conn):
        return current
    with _lock_for(user_id):
        conn = _load(user_id)  # another thread may have refreshed meanwhile
        current = crypto.decrypt(conn.access_token_enc)
        if current and current != stale and _fresh(conn):
            return current
        try:
            tokens = oauth.refresh(crypto.decrypt(conn.refresh_token_enc))
        except oauth.TokenError as exc:
            if exc.error in ("invalid_grant", "invalid_client", "unauthorized_client"):
                _mark_reconnect_needed(user_id, exc.error)
                raise ReconnectNeeded() from exc
            raise SpotifyUnavailable(f"Spotify refused to refresh access ({exc.error}). Try again later.") from exc
        except oauth.TokenEndpointUnavailable as exc:
            raise SpotifyUnavailable("Spotify could not be reached. Try again in a moment.") from exc
        with session_scope() as db:
            row = db.get(SpotifyConnection, conn.id)
            if row is not None:
                row.access_token_enc = crypto.encrypt(tokens.access_token)
                row.refresh_token_enc = crypto.encrypt(tokens.refresh_token)
                row.expires_at = tokens.expires_at
                if tokens.scopes:
                    row.scopes = tokens.scopes[:1000]
                row.updated_at = utcnow()
                db.add(row)
        return tokens.access_token


def _mark_reconnect_needed(user_id: int, reason: str) -> None:
    log.warning("spotify refresh token rejected for user %s (%s): reconnect needed", user_id, reason)
    with session_scope() as db:
        conn = db.exec(select(SpotifyConnection).where(SpotifyConnection.user_id == user_id)).first()
        if conn is not None:
            conn.status = RECONNECT_NEEDED
            conn.access_token_enc = conn.refresh_token_enc = ""
            conn.expires_at = None
            conn.updated_at = utcnow()
            db.add(conn)
    live.publish_soon(live.Change(LIVE_TOPIC, user_id=user_id, data={"status": RECONNECT_NEEDED}))

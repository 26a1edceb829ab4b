"""spotipy on one user's token, with the house rules for failures.

* the API prefix is `SPOTIFY_API_BASE` (tests point the real spotipy at a fake);
* a call `rules` says this app may not make (removed in development mode, closed
  since 2024) fails at once with `EndpointUnavailable`, without a request;
* spotipy's own urllib3 retries are off (our own `requests.Session`), so a 429
  reaches us with its `Retry-After`: we wait that long, at most `MAX_RATE_RETRIES`
  times and never longer than `MAX_WAIT_S` per wait (else `RateLimited`);
* a 401 refreshes the token once and retries; a second 401 is an error;
* every other failure becomes a typed `SpotifyError` with a message for people.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

import requests
import spotipy

from services import metrics
from services.config import get_settings
from services.db import utcnow
from services.spotify import connection, rules
from services.spotify.errors import (
    EndpointUnavailable,
    NoActiveDevice,
    NotOnAllowList,
    PremiumRequired,
    RateLimited,
    SpotifyError,
    SpotifyForbidden,
    SpotifyUnavailable,
)

log = logging.getLogger(__name__)

TIMEOUT_S = 10
MAX_RATE_RETRIES = 3
MAX_WAIT_S = 10


class NotFound(SpotifyError):
    """404 (or an id Spotify cannot parse): the object does not exist."""


def _retry_after(exc: spotipy.SpotifyException) -> int:
    headers = getattr(exc, "headers", None) or {}
    try:
        return max(0, int(float(headers.get("Retry-After", "1"))))
    except (TypeError, ValueError):
        return 1


class SpotifyClient:
    """Calls spotipy methods by name for `user_id`, refreshing and retrying as documented."""

    def __init__(self, user_id: int, clock: Callable[[], datetime] = utcnow) -> None:
        self.user_id = user_id
        self.clock = clock  # when tokens expire is judged by this clock (tests inject one)
        self._session = requests.Session()
        self._session.mount("https://", metrics.counting_adapter("spotify"))
        self._session.mount("http://", metrics.counting_adapter("spotify"))
        self._token = ""
        self._sp: spotipy.Spotify | None = None
        self.calls = 0  # HTTP requests this client made (for tests and logs)

    def _spotify(self) -> spotipy.Spotify:
        token = connection.access_token(self.user_id, now=self.clock())  # refreshed here when close to expiry
        if self._sp is None:
            self._sp = spotipy.Spotify(auth=token, requests_session=self._session,
                                       requests_timeout=TIMEOUT_S, retries=0)
            self._sp.prefix = get_settings().spotify_api_base.rstrip("/") + "/"
        elif token != self._token:
            self._sp.set_auth(token)
        self._token = token
        return self._sp

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """`spotipy.Spotify.<method>(*args, **kwargs)` with refresh-on-401 and 429 back-off."""
        if not rules.available(method):
            log.info("spotify %s not called: %s", method, rules.why_unavailable(method))
            raise EndpointUnavailable(rules.why_unavailable(method))
        refreshed = False
        rate_tries = 0
        while True:
            sp = self._spotify()
            try:
                self.calls += 1
                return getattr(sp, method)(*args, **kwargs)
            except spotipy.SpotifyException as exc:
                status = exc.http_status
                if status == 429:
                    wait = _retry_after(exc)
                    if rate_tries >= MAX_RATE_RETRIES or wait > MAX_WAIT_S:
                        log.warning("spotify %s rate limited for user %s (retry after %ss)", method, self.user_id, wait)
                        raise RateLimited(wait) from exc
                    rate_tries += 1
                    time.sleep(wait)
                    continue
                if status == 401 and not refreshed:
                    refreshed = True
                    token = connection.access_token(self.user_id, stale=self._token, now=self.clock())
                    sp.set_auth(token)
                    self._token = token
                    continue
                raise _typed(method, exc) from exc
            except requests.RequestException as exc:
                log.warning("spotify %s unreachable for user %s: %s", method, self.user_id, exc)
                raise SpotifyUnavailable("Spotify could not be reached. Try again in a moment.") from exc


def _typed(method: str, exc: spotipy.SpotifyException) -> SpotifyError:
    status = exc.http_status
    reason = str(getattr(exc, "reason", "") or "").upper()
    log.info("spotify %s failed: %s %s %s", method, status, reason, exc.msg)
    if reason == "NO_ACTIVE_DEVICE":
        return NoActiveDevice("No active Spotify device: open Spotify on a phone or computer.")
    if status == 404 or (status == 400 and "Unsupported URL" in str(exc.msg)):
        return NotFound("Spotify does not know this item.")
    if status == 401:
        return SpotifyError("Spotify did not accept our access. Reconnect Spotify on your account page.")
    if status == 403:
        if "not registered" in str(exc.msg).lower():
            return NotOnAllowList()
        if "PREMIUM" in reason:
            return PremiumRequired("This needs Spotify Premium.")
        return SpotifyForbidden("Spotify does not allow this for your account or this app.")
    if status >= 500 or status < 0:
        return SpotifyUnavailable("Spotify is having trouble right now. Try again in a moment.")
    return SpotifyError(f"Spotify refused the request ({status}).")

"""Spotify's Authorization Code flow with PKCE, spoken through authlib.

Only protocol here (URLs, the token endpoint, its errors); what is stored where
lives in `connection`. The accounts base URL is a setting so tests point the real
authlib client at a local fake.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import certifi
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import OAuth2Client

from services.config import get_settings
from services.db import utcnow

# The seed's table, plus what the pages need: cover upload, followed artists, playback.
SCOPES: tuple[str, ...] = (
    "user-read-recently-played",
    "user-top-read",
    "user-library-read",
    "user-library-modify",
    "playlist-read-private",
    "playlist-modify-public",
    "playlist-modify-private",
    "user-read-playback-state",
    "user-read-currently-playing",
    "user-modify-playback-state",
    "ugc-image-upload",
    "user-follow-read",
)
TIMEOUT_S = 10.0


class TokenError(Exception):
    """The token endpoint refused; `error` is the OAuth code (e.g. invalid_grant)."""

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description


class TokenEndpointUnavailable(Exception):
    """Spotify's accounts service could not be reached or answered garbage."""


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_at: datetime
    scopes: str
    lifetime_s: int = 3600  # what Spotify said the access token lives (`expires_in`)


def redirect_uri() -> str:
    s = get_settings()
    return s.spotify_redirect_uri or f"{s.public_url}/api/spotify/callback"


def _accounts_url(path: str) -> str:
    return get_settings().spotify_accounts_base.rstrip("/") + "/" + path.lstrip("/")


@lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """One TLS context for every token call (loading the CA bundle costs ~0.2 s)."""
    return ssl.create_default_context(cafile=certifi.where())


def _client() -> OAuth2Client:
    s = get_settings()
    return OAuth2Client(
        client_id=s.spotify_client_id,
        client_secret=s.spotify_client_secret or None,
        redirect_uri=redirect_uri(),
        code_challenge_method="S256",
        timeout=TIMEOUT_S,
        verify=_tls(),
    )


def new_code_verifier() -> str:
    """A fresh PKCE verifier (RFC 7636: 43-128 unreserved characters)."""
    return generate_token(64)


def authorize_url(state: str, code_verifier: str) -> str:
    """The Spotify consent page URL for this state and verifier (S256 challenge)."""
    with _client() as client:
        url, _ = client.create_authorization_url(
            _accounts_url("authorize"), state=state, code_verifier=code_verifier, scope=" ".join(SCOPES)
        )
    return url


def _token_set(token: dict, previous_refresh: str = "", now: datetime | None = None) -> TokenSet:
    """The answer as stored values; an answer without a refresh token keeps the previous one."""
    expires_in = max(1, int(token.get("expires_in") or 3600))
    return TokenSet(
        access_token=str(token["access_token"]),
        refresh_token=str(token.get("refresh_token") or previous_refresh),
        expires_at=(now or utcnow()) + timedelta(seconds=expires_in),
        scopes=str(token.get("scope") or ""),
        lifetime_s=expires_in,
    )


def exchange_code(code: str, code_verifier: str) -> TokenSet:
    """Trade an authorization code (and its PKCE verifier) for tokens."""
    try:
        with _client() as client:
            token = client.fetch_token(_accounts_url("api/token"), code=code, code_verifier=code_verifier)
    except OAuthError as exc:
        raise TokenError(exc.error or "error", exc.description or "") from exc
    except Exception as exc:  # network errors, non-JSON answers
        raise TokenEndpointUnavailable(str(exc)) from exc
    return _token_set(token)


def refresh(refresh_token: str, now: datetime | None = None) -> TokenSet:
    """A new access token from the refresh token (Spotify may rotate the refresh token)."""
    try:
        with _client() as client:
            token = client.refresh_token(_accounts_url("api/token"), refresh_token=refresh_token)
    except OAuthError as exc:
        raise TokenError(exc.error or "error", exc.description or "") from exc
    except Exception as exc:
        raise TokenEndpointUnavailable(str(exc)) from exc
    return _token_set(token, previous_refresh=refresh_token, now=now)

"""A fake Spotify (accounts service + Web API) for contract tests, on `tests.fakeapi`.

It behaves like Spotify does for a development-mode app in 2026 (or, with
`mode="extended"`, for an app granted extended quota), so the real authlib and
spotipy clients can be run against it:

* Page caps per endpoint as Spotify enforces them: in development mode artist
  albums and search answer at most 10 per request, anything larger is refused with
  400 "Invalid limit" (extended: 50); other lists 50 (playlist items 100).
* Development mode removes the several-at-once lookups, top tracks, new releases,
  browse and other users' profiles and playlists (403; extended mode serves the
  lookups and top tracks); audio features, audio analysis, recommendations and
  related artists answer 403 in both modes (closed to new apps since 2024).
* `allowed_users` (the app's allow-list): a Spotify account not on it gets 403
  "User not registered in the Developer Dashboard" (plain text, as Spotify sends it)
  from `/me` and every other call; `login_as` picks who signs in on the consent page.
* Short token lifetimes (`token_ttl`) on an injectable `clock` that can move on by
  `seconds_per_request` with every API request (a long scan in no time), and
  refresh answers without a new refresh token (unless `rotate_refresh`).
* Trouble on demand: `rate_limit` (the next n requests), `rate_limit_every` (a 429
  storm), `fail_next` (5xx bursts), `refuse` (every request to matching paths).

* `/authorize` answers with a redirect carrying `code` and `state` (or
  `error=access_denied` when `deny` is set); `authorize()` follows it in-process.
* `/api/token` checks client credentials, the redirect URI, single use of each
  code and the PKCE S256 challenge; refresh tokens can be revoked (`invalid_grant`).
* The API answers 401 for unknown or expired access tokens, 429 with `Retry-After`
  when asked to (`rate_limit`), offset paging with `next`, cursor paging for
  followed artists, the 2026 `item` key in playlist entries, search `limit` <= 10,
  `POST /me/playlists`, `/playlists/{id}/items`, and 403 for every removed endpoint
  (recommendations, audio features, related artists, top tracks, new releases,
  several-at-once lookups, `/users/{id}/playlists`, `/playlists/{id}/tracks`).
* The player: `/me/player` (204 when nothing plays; progress moves with time),
  `/me/player/devices`, `/me/player/play` (uris, position_ms, device_id; no body
  resumes), `/me/player/pause`, `/me/player/next`, `/me/player/queue`; commands
  answer 204, 403 `PREMIUM_REQUIRED` for a free account (`product = "free"`) and
  404 `NO_ACTIVE_DEVICE` when no device is active or named. `listener_pauses`,
  `listener_plays` and `close_app` act as the listener in their own Spotify app.

    with FakeSpotify() as fake:
        env = fake.settings_env()   # SPOTIFY_* variables pointing at the fake
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from services.config import get_settings
from tests.fakeapi import FakeAPI, Request, Response

CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret"
ME = "fakelistener"
GENRES = ("city pop", "ambient", "jazz fusion", "shoegaze", "afrobeat", "techno", "bossa nova", "dream pop")


def _err(status: int, message: str, **headers: str) -> Response:
    return Response.json({"error": {"status": status, "message": message}}, status, **headers)


def _oauth_err(error: str, description: str, status: int = 400) -> Response:
    return Response.json({"error": error, "error_description": description}, status)


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


# Spotify's largest page per endpoint and app mode (kept here, apart from the app's own
# `services/spotify/rules.py`, so the contract tests check the app against Spotify).
PAGE_CAPS: dict[str, dict[str, int]] = {
    "development": {"artist_albums": 10, "search": 10},
    "extended": {"artist_albums": 50, "search": 50},
}
NOT_REGISTERED = "User not registered in the Developer Dashboard"
GROUP_ORDER = ("album", "single", "compilation", "appears_on")
VARIOUS_ARTISTS = "0LyfQWJT6nXafLPZqxe9Of"


class _Catalog(dict):  # type: ignore[type-arg]
    """Albums by id, with an index by credited artist rebuilt after any change (a listing
    request then costs the artist's albums, not the whole catalogue: benchmarks hold 40,000)."""

    def __init__(self) -> None:
        super().__init__()
        self._version = 0
        self._indexed = -1
        self._index: dict[str, list[dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def __setitem__(self, key: str, value: dict[str, Any]) -> None:
        super().__setitem__(key, value)
        self._version += 1

    def __delitem__(self, key: str) -> None:
        super().__delitem__(key)
        self._version += 1

    def by_artist(self, artist_id: str) -> list[dict[str, Any]]:
        with self._lock:
            if self._indexed != self._version:
                index: dict[str, list[dict[str, Any]]] = {}
                for album in self.values():
                    for credit in album.get("artists") or []:
                        if isinstance(credit, dict) and credit.get("id"):
                            index.setdefault(credit["id"], []).append(album)
                self._index, self._indexed = index, self._version
            return list(self._index.get(artist_id, []))


class SimClock:
    """Seconds since the epoch that move only when told (`advance`), for token lifetimes."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


class FakeSpotify:
    """Deterministic fake account: 48 artists (45 followed), 3 releases each, 4 playlists (one not ours)."""

    def __init__(self, *, token_ttl: int = 3600, rotate_refresh: bool = False, mode: str = "development") -> None:
        self.api = FakeAPI()
        self._lock = threading.Lock()
        self._defaults = (token_ttl, rotate_refresh, mode)
        self.reset()
        self._register()

    def reset(self) -> None:
        """Forget every code, token, knob, request and write: a fresh account, same server."""
        with self._lock:
            self.token_ttl, self.rotate_refresh, self.mode = self._defaults
            self.deny = False
            self.codes: dict[str, dict[str, Any]] = {}
            self.access: dict[str, float] = {}
            self.token_user: dict[str, str] = {}  # access token -> the Spotify account it acts for
            self.refresh: dict[str, bool] = {}  # refresh token -> still valid
            self.refresh_user: dict[str, str] = {}
            self._limit_left = 0
            self._retry_after = 1
            self._limit_every = 0  # every n-th API request answers 429 (0: never)
            self._served = 0
            self._fail_left, self._fail_status = 0, 503
            self.refused: list[tuple[re.Pattern[str], int, str]] = []
            self.allowed_users: set[str] | None = None  # None: everyone may use the app
            self.login_as = ME
            self.clock: Callable[[], float] = time.time
            self.seconds_per_request = 0.0
            self.extra_listing: dict[str, list[Any]] = {}  # artist id -> raw entries added to their album listing
            self.refusals: list[tuple[str, int]] = []  # (path, status) of every API answer >= 400
            self.latency = 0.0  # seconds every API answer takes (benchmarks)
        with self.api._lock:
            self.api.requests.clear()
        self._build_library()

    # -- lifecycle and knobs ----------------------------------------------------------
    def __enter__(self) -> FakeSpotify:
        self.api.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.api.stop()

    @property
    def url(self) -> str:
        return self.api.url

    def settings_env(self) -> dict[str, str]:
        return {
            "SPOTIFY_CLIENT_ID": CLIENT_ID,
            "SPOTIFY_CLIENT_SECRET": CLIENT_SECRET,
            "SPOTIFY_API_BASE": f"{self.url}/v1/",
            "SPOTIFY_ACCOUNTS_BASE": f"{self.url}/",
            "SPOTIFY_REDIRECT_URI": "http://localhost:3000/api/spotify/callback",
        }

    def rate_limit(self, times: int, retry_after: int = 1) -> None:
        """The next `times` API requests answer 429 with `Retry-After: retry_after`."""
        with self._lock:
            self._limit_left, self._retry_after = times, retry_after

    def rate_limit_every(self, n: int, retry_after: int = 1) -> None:
        """A 429 storm: every `n`-th API request answers 429 with `Retry-After` (0 stops it)."""
        with self._lock:
            self._limit_every, self._retry_after = n, retry_after

    def fail_next(self, times: int, status: int = 503) -> None:
        """The next `times` API requests answer `status` (a 5xx burst)."""
        with self._lock:
            self._fail_left, self._fail_status = times, status

    def refuse(self, path_pattern: str, status: int = 403, message: str = "Forbidden") -> None:
        """Every API request whose path matches answers `status` with `message`."""
        with self._lock:
            self.refused.append((re.compile(path_pattern), status, message))

    def use_clock(self, clock: Callable[[], float], seconds_per_request: float = 0.0) -> None:
        """Judge token expiry by `clock`; a `SimClock` moves on by `seconds_per_request` per API request."""
        with self._lock:
            self.clock, self.seconds_per_request = clock, seconds_per_request

    def expire_access_tokens(self) -> None:
        """Every access token issued so far now answers 401 (as after an hour)."""
        with self._lock:
            for token in self.access:
                self.access[token] = 0.0

    def revoke_refresh_tokens(self) -> None:
        """The listener removed the app in their Spotify settings."""
        with self._lock:
            for token in self.refresh:
                self.refresh[token] = False

    def grant(self, user: str, scope: str = "user-follow-read user-library-read") -> dict[str, Any]:
        """Tokens for the Spotify account `user`, as if they had just connected (benchmark set-up)."""
        return self._issue(scope, user=user)

    def api_calls(self, path_pattern: str | None = None, method: str | None = None) -> list[Request]:
        return [r for r in self.api.calls(method, path_pattern) if r.path.startswith("/v1/")]

    def token_calls(self, grant_type: str | None = None) -> list[Request]:
        calls = self.api.calls("POST", r"^/api/token$")
        return [r for r in calls if grant_type is None or r.form().get("grant_type") == grant_type]

    def authorize(self, authorize_url: str) -> dict[str, str]:
        """Act as the listener on the consent page; returns the callback's query parameters."""
        resp = self._authorize_params({k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()})
        location = resp.headers.get("Location", "")
        if resp.status != 302:
            raise AssertionError(f"authorize refused: {resp.status} {resp.body!r}")
        return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}

    # -- data ------------------------------------------------------------------------
    def _build_library(self) -> None:
        self.artists: dict[str, dict[str, Any]] = {}
        self.albums: dict[str, dict[str, Any]] = _Catalog()
        self.tracks: dict[str, dict[str, Any]] = {}
        self.follows: dict[str, list[str]] = {}  # Spotify account -> followed artist ids (default: `followed_ids`)
        for a in range(48):
            aid = f"art{a:03d}"
            self.artists[aid] = {
                "id": aid, "type": "artist", "uri": f"spotify:artist:{aid}", "name": f"Artist {a:03d} Lumen",
                "genres": [GENRES[a % len(GENRES)]], "popularity": 30 + a, "followers": {"total": 1000 * (a + 1)},
                "images": [{"url": f"https://img.example/artist/{aid}.jpg", "width": 640, "height": 640}],
            }
            for b, kind in enumerate(("album", "single", "album")):
                bid = f"alb{a:03d}x{b}"
                album = {
                    "id": bid, "type": "album", "uri": f"spotify:album:{bid}", "name": f"Record {a:03d}-{b}",
                    "album_type": kind, "total_tracks": 12 if kind == "album" else 2,
                    "release_date": f"{2026 - b}-0{1 + b}-1{b}" if b < 2 else "2019",
                    "release_date_precision": "day" if b < 2 else "year",
                    "artists": [{"id": aid, "name": self.artists[aid]["name"], "type": "artist"}],
                    "images": [{"url": f"https://img.example/album/{bid}.jpg", "width": 640, "height": 640}],
                    "label": "Fake Records",
                }
                self.albums[bid] = album
                for t in range(album["total_tracks"]):
                    tid = f"trk{a:03d}x{b}x{t:02d}"
                    self.tracks[tid] = {
                        "id": tid, "type": "track", "uri": f"spotify:track:{tid}", "name": f"Song {a:03d}.{b}.{t:02d} Glow",
                        "duration_ms": 180_000 + 1000 * t, "explicit": t % 5 == 0, "popularity": (a * 7 + t) % 100,
                        "artists": album["artists"], "album": {k: album[k] for k in (
                            "id", "name", "album_type", "release_date", "release_date_precision", "images", "artists", "uri")},
                        "preview_url": None, "track_number": t + 1,
                    }
        track_ids = sorted(self.tracks)
        self.top_track_ids = track_ids[::7][:60]
        self.top_artist_ids = sorted(self.artists)[:30]
        self.saved_ids = track_ids[::5][:60]
        self.followed_ids = sorted(self.artists)[:45]
        self.recent = [(track_ids[(i * 11) % len(track_ids)], f"2026-11-22T{12 - i // 10:02d}:{59 - i:02d}:00.000Z")
                       for i in range(50)]
        self.playlists: dict[str, dict[str, Any]] = {}
        self.playlist_tracks: dict[str, list[str]] = {}
        for p in range(3):
            self._new_playlist(f"Mine {p}", owner=ME, tracks=track_ids[p * 30:p * 30 + 25 + p * 30])
        self._new_playlist("Someone else's mix", owner="someoneelse", tracks=track_ids[:10], pid="theirs0001")
        self.covers: dict[str, bytes] = {}
        self.product = "premium"  # "free": every player command answers 403 PREMIUM_REQUIRED
        self.devices = [{"id": "dev1", "name": "Kitchen speaker", "type": "Speaker", "is_active": True, "volume_percent": 50}]
        self.now_playing: dict[str, Any] | None = None
        self.queue: list[str] = []
        self.unfollowed: list[str] = []  # worlds: playlists unfollowed (deleted) by the app

    def _new_playlist(self, name: str, *, owner: str, tracks: list[str], pid: str | None = None,
                      public: bool = False, description: str = "") -> dict[str, Any]:
        pid = pid or f"pl{len(self.playlists):04d}{secrets.token_hex(3)}"
        self.playlists[pid] = {"id": pid, "type": "playlist", "uri": f"spotify:playlist:{pid}", "name": name,
                               "description": description, "public": public, "collaborative": False,
                               "owner": {"id": owner, "display_name": owner}, "images": []}
        self.playlist_tracks[pid] = list(tracks)
        return self.playlists[pid]

    def _playlist_json(self, pid: str) -> dict[str, Any]:
        data = dict(self.playlists[pid])
        data["items"] = {"href": f"{self.url}/v1/playlists/{pid}/items", "total": len(self.playlist_tracks[pid])}
        if pid in self.covers:
            data["images"] = [{"url": f"https://img.example/cover/{pid}.jpg", "width": 300, "height": 300}]
        return data

    # -- helpers -----------------------------------------------------------------------
    def _page(self, req: Request, items: list[Any], *, max_limit: int = 50, default: int = 20) -> dict[str, Any] | Response:
        limit = int(req.arg("limit", str(default)) or default)
        offset = int(req.arg("offset", "0") or 0)
        if limit < 1 or limit > max_limit:
            return _err(400, "Invalid limit")
        chunk = items[offset:offset + limit]
        query = {k: v[0] for k, v in req.query.items()}
        nxt = None
        if offset + limit < len(items):
            nxt = f"{self.url}{req.path}?{urlencode({**query, 'offset': offset + limit, 'limit': limit})}"
        prev = f"{self.url}{req.path}?{urlencode({**query, 'offset': max(0, offset - limit), 'limit': limit})}" if offset else None
        return {"href": f"{self.url}{req.path}", "items": chunk, "limit": limit, "offset": offset,
                "total": len(items), "next": nxt, "previous": prev}

    def _guard(self, req: Request) -> Response | None:
        """Trouble on demand and rate limits, then the bearer token and the allow-list, for every API request."""
        with self._lock:
            self._served += 1
            if isinstance(self.clock, SimClock) and self.seconds_per_request:
                self.clock.advance(self.seconds_per_request)
            if self._limit_left > 0 or (self._limit_every and self._served % self._limit_every == 0):
                self._limit_left = max(0, self._limit_left - 1)
                return _err(429, "API rate limit exceeded", **{"Retry-After": str(self._retry_after)})
            if self._fail_left > 0:
                self._fail_left -= 1
                return _err(self._fail_status, "Service unavailable")
            token = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
            expires = self.access.get(token)
            who = self.token_user.get(token, ME)
            refused = next(((st, msg) for pat, st, msg in self.refused if pat.search(req.path)), None)
            now = self.clock()
        if expires is None:
            return _err(401, "Invalid access token")
        if expires < now:
            return _err(401, "The access token expired")
        if self.allowed_users is not None and who not in self.allowed_users:
            return Response(403, NOT_REGISTERED.encode(), {"Content-Type": "text/plain"})
        if refused is not None:
            return _err(refused[0], refused[1])
        return None

    def page_cap(self, endpoint: str, default: int = 50) -> int:
        return PAGE_CAPS[self.mode].get(endpoint, default)

    def _issue(self, scope: str, refresh: str | None = None, user: str = ME) -> dict[str, Any]:
        access = secrets.token_urlsafe(24)
        with self._lock:
            self.access[access] = self.clock() + self.token_ttl
            self.token_user[access] = user
            body: dict[str, Any] = {"access_token": access, "token_type": "Bearer", "expires_in": self.token_ttl, "scope": scope}
            if refresh is None or self.rotate_refresh:
                new_refresh = secrets.token_urlsafe(24)
                self.refresh[new_refresh] = True
                self.refresh_user[new_refresh] = user
                if refresh is not None:
                    self.refresh[refresh] = False
                body["refresh_token"] = new_refresh
        return body

    # -- accounts service ----------------------------------------------------------------
    def _authorize_params(self, params: dict[str, str]) -> Response:
        if params.get("client_id") != CLIENT_ID:
            return _oauth_err("invalid_client", "INVALID_CLIENT: Invalid client")
        if params.get("response_type") != "code":
            return _oauth_err("unsupported_response_type", "response_type must be code")
        redirect = params.get("redirect_uri", "")
        state = params.get("state", "")
        if self.deny:
            return Response(302, b"", {"Location": f"{redirect}?{urlencode({'error': 'access_denied', 'state': state})}"})
        if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
            return _oauth_err("invalid_request", "code_challenge_method must be S256")
        code = secrets.token_urlsafe(16)
        with self._lock:
            self.codes[code] = {"challenge": params["code_challenge"], "redirect_uri": redirect,
                                "scope": params.get("scope", ""), "used": False, "user": self.login_as}
        return Response(302, b"", {"Location": f"{redirect}?{urlencode({'code': code, 'state': state})}"})

    def _token(self, req: Request) -> Response:
        form = req.form()
        auth = req.headers.get("authorization", "")
        if auth.startswith("Basic "):
            cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
            if cid != CLIENT_ID or secret != CLIENT_SECRET:
                return _oauth_err("invalid_client", "Invalid client secret", 400)
        elif form.get("client_id") != CLIENT_ID:
            return _oauth_err("invalid_client", "Invalid client", 400)
        grant = form.get("grant_type")
        if grant == "authorization_code":
            with self._lock:
                entry = self.codes.get(form.get("code", ""))
                if entry is None:
                    return _oauth_err("invalid_grant", "Invalid authorization code")
                if entry["used"]:
                    return _oauth_err("invalid_grant", "Authorization code expired")
                entry["used"] = True
            if form.get("redirect_uri") != entry["redirect_uri"]:
                return _oauth_err("invalid_grant", "Invalid redirect URI")
            if _s256(form.get("code_verifier", "")) != entry["challenge"]:
                return _oauth_err("invalid_grant", "code_verifier was incorrect")
            return Response.json(self._issue(entry["scope"], user=entry["user"]))
        if grant == "refresh_token":
            token = form.get("refresh_token", "")
            with self._lock:
                valid = self.refresh.get(token)
            if not valid:
                return _oauth_err("invalid_grant", "Refresh token revoked")
            return Response.json(self._issue("", refresh=token, user=self.refresh_user.get(token, ME)))
        return _oauth_err("unsupported_grant_type", f"grant_type {grant!r}")

    # -- routes ----------------------------------------------------------------------------
    def _register(self) -> None:
        api = self.api
        api.route("GET", r"/authorize")(lambda req: self._authorize_params({k: v[0] for k, v in req.query.items()}))
        api.route("POST", r"/api/token")(self._token)

        def guarded(method: str, pattern: str):  # type: ignore[no-untyped-def]
            def register(fn):  # type: ignore[no-untyped-def]
                def handler(req: Request) -> Response:
                    resp = self._guard(req) or fn(req)
                    resp.delay = max(resp.delay, self.latency)
                    if resp.status >= 400:
                        with self._lock:
                            self.refusals.append((req.path, resp.status))
                    return resp

                api.route(method, r"/v1" + pattern + r"/?")(handler)  # Spotify tolerates a trailing slash
                return fn

            return register

        removed = [
            ("GET", r"/browse/.*"), ("GET", r"/users/\w+/playlists"), ("POST", r"/users/\w+/playlists"),
            ("GET", r"/playlists/\w+/tracks"), ("POST", r"/playlists/\w+/tracks"), ("PUT", r"/playlists/\w+/tracks"),
            ("GET", r"/users/\w+"),
        ]
        closed = [("GET", r"/recommendations"), ("GET", r"/audio-features(/\w+)?/?"), ("GET", r"/audio-analysis/\w+"),
                  ("GET", r"/artists/\w+/related-artists")]
        for method, pattern in removed:
            guarded(method, pattern)(lambda _req: _err(403, "Forbidden: endpoint not available for development-mode apps"))
        for method, pattern in closed:
            guarded(method, pattern)(lambda _req: _err(403, "Forbidden: closed to new apps since November 2024"))

        def extended_only(fn):  # type: ignore[no-untyped-def]
            """Removed for development-mode apps, served with extended quota."""
            def handler(req: Request) -> Response:
                if self.mode != "extended":
                    return _err(403, "Forbidden: endpoint not available for development-mode apps")
                return fn(req)
            return handler

        def several(kind: str, pool: Callable[[], dict[str, dict[str, Any]]], cap: int):  # type: ignore[no-untyped-def]
            def handler(req: Request) -> Response:
                ids = [i for i in (req.arg("ids") or "").split(",") if i]
                if not ids or len(ids) > cap:
                    return _err(400, "Invalid ids")
                return Response.json({kind: [pool().get(i) for i in ids]})
            return handler

        guarded("GET", r"/tracks")(extended_only(several("tracks", lambda: self.tracks, 50)))
        guarded("GET", r"/albums")(extended_only(several("albums", lambda: self.albums, 20)))
        guarded("GET", r"/artists")(extended_only(several("artists", lambda: self.artists, 50)))

        @guarded("GET", r"/artists/(?P<id>\w+)/top-tracks")
        @extended_only
        def top_tracks(req: Request) -> Response:
            assert req.match is not None
            mine = [t for t in self.tracks.values() if t["artists"][0]["id"] == req.match["id"]]
            return Response.json({"tracks": sorted(mine, key=lambda t: -t["popularity"])[:10]})

        @guarded("GET", r"/me")
        def me(req: Request) -> Response:
            who = self.token_user.get(req.headers.get("authorization", "").removeprefix("Bearer ").strip(), ME)
            name = "Fake Listener" if who == ME else who.title()
            return Response.json({"id": who, "display_name": name, "email": f"{who}@example.com",
                                  "country": "JP", "product": self.product, "type": "user", "images": []})

        @guarded("GET", r"/me/top/(?P<kind>artists|tracks)")
        def top(req: Request) -> Response:
            assert req.match is not None
            if req.arg("time_range", "medium_term") not in ("short_term", "medium_term", "long_term"):
                return _err(400, "Invalid time range")
            shift = {"short_term": 0, "medium_term": 1, "long_term": 2}[req.arg("time_range", "medium_term") or "medium_term"]
            if req.match["kind"] == "artists":
                ids = self.top_artist_ids[shift:] + self.top_artist_ids[:shift]
                page = self._page(req, [self.artists[i] for i in ids])
            else:
                ids = self.top_track_ids[shift:] + self.top_track_ids[:shift]
                page = self._page(req, [self.tracks[i] for i in ids])
            return page if isinstance(page, Response) else Response.json(page)

        @guarded("GET", r"/me/tracks")
        def saved(req: Request) -> Response:
            page = self._page(req, [{"added_at": "2026-10-01T10:00:00Z", "track": self.tracks[i]} for i in self.saved_ids])
            return page if isinstance(page, Response) else Response.json(page)

        @guarded("GET", r"/me/player/recently-played")
        def recent(req: Request) -> Response:
            limit = int(req.arg("limit", "20") or 20)
            if limit > 50:
                return _err(400, "Invalid limit")
            items = [{"track": self.tracks[t], "played_at": at, "context": None} for t, at in self.recent[:limit]]
            return Response.json({"items": items, "limit": limit, "next": None,
                                  "cursors": {"after": "1763812800000", "before": "1763800000000"},
                                  "href": f"{self.url}/v1/me/player/recently-played"})

        @guarded("GET", r"/me/following")
        def following(req: Request) -> Response:
            if req.arg("type") != "artist":
                return _err(400, "type must be artist")
            limit = int(req.arg("limit", "20") or 20)
            if limit < 1 or limit > 50:
                return _err(400, "Invalid limit")
            after = req.arg("after")
            who = self.token_user.get(req.headers.get("authorization", "").removeprefix("Bearer ").strip(), ME)
            ids = self.follows.get(who, self.followed_ids)
            start = ids.index(after) + 1 if after in ids else 0
            chunk = ids[start:start + limit]
            more = start + limit < len(ids)
            last = chunk[-1] if chunk else None
            nxt = f"{self.url}/v1/me/following?{urlencode({'type': 'artist', 'limit': limit, 'after': last})}" if more else None
            return Response.json({"artists": {"items": [self.artists[i] for i in chunk], "limit": limit, "total": len(ids),
                                              "next": nxt, "cursors": {"after": last if more else None},
                                              "href": f"{self.url}/v1/me/following"}})

        @guarded("GET", r"/me/playlists")
        def my_playlists(req: Request) -> Response:
            page = self._page(req, [self._playlist_json(p) for p in self.playlists])
            return page if isinstance(page, Response) else Response.json(page)

        @guarded("POST", r"/me/playlists")
        def create_playlist(req: Request) -> Response:
            body = req.json() or {}
            if not body.get("name"):
                return _err(400, "Missing name")
            pl = self._new_playlist(body["name"], owner=ME, tracks=[], public=bool(body.get("public")),
                                    description=body.get("description", ""))
            return Response.json(self._playlist_json(pl["id"]), 201)

        @guarded("GET", r"/playlists/(?P<id>\w+)")
        def playlist(req: Request) -> Response:
            assert req.match is not None
            pid = req.match["id"]
            if pid not in self.playlists:
                return _err(404, "Not found")
            return Response.json(self._playlist_json(pid))

        @guarded("GET", r"/playlists/(?P<id>\w+)/items")
        def playlist_items(req: Request) -> Response:
            assert req.match is not None
            pid = req.match["id"]
            if pid not in self.playlists:
                return _err(404, "Not found")
            if self.playlists[pid]["owner"]["id"] != ME:
                return _err(403, "Forbidden")
            entries = [{"added_at": "2026-11-01T00:00:00Z", "is_local": False, "item": self.tracks[t]}
                       for t in self.playlist_tracks[pid]]
            page = self._page(req, entries, max_limit=100)
            return page if isinstance(page, Response) else Response.json(page)

        def _writable(pid: str) -> Response | None:
            if pid not in self.playlists:
                return _err(404, "Not found")
            if self.playlists[pid]["owner"]["id"] != ME:
                return _err(403, "Forbidden")
            return None

        def _ids(uris: list[str]) -> list[str]:
            return [u.rsplit(":", 1)[-1] for u in uris]

        @guarded("PUT", r"/playlists/(?P<id>\w+)/items")
        def replace_items(req: Request) -> Response:
            assert req.match is not None
            pid = req.match["id"]
            bad = _writable(pid)
            if bad:
                return bad
            uris = (req.json() or {}).get("uris") or []
            if len(uris) > 100:
                return _err(400, "Too many items")
            self.playlist_tracks[pid] = _ids(uris)
            return Response.json({"snapshot_id": secrets.token_hex(4)})

        @guarded("POST", r"/playlists/(?P<id>\w+)/items")
        def add_items(req: Request) -> Response:
            assert req.match is not None
            pid = req.match["id"]
            bad = _writable(pid)
            if bad:
                return bad
            body = req.json()
            uris = body.get("uris", []) if isinstance(body, dict) else body or []
            if len(uris) > 100:
                return _err(400, "Too many items")
            self.playlist_tracks[pid].extend(_ids(uris))
            return Response.json({"snapshot_id": secrets.token_hex(4)}, 201)

        @guarded("PUT", r"/playlists/(?P<id>\w+)/images")
        def upload_cover(req: Request) -> Response:
            assert req.match is not None
            pid = req.match["id"]
            bad = _writable(pid)
            if bad:
                return bad
            if len(req.body) > 256 * 1024:
                return _err(413, "Image too large")
            raw = base64.b64decode(req.body)
            if not raw.startswith(b"\xff\xd8"):
                return _err(400, "Not a JPEG")
            self.covers[pid] = raw
            return Response(202)

        @guarded("GET", r"/search")
        def search(req: Request) -> Response:
            limit = int(req.arg("limit", "10") or 10)
            offset = int(req.arg("offset", "0") or 0)
            if limit < 1 or limit > self.page_cap("search"):
                return _err(400, "Invalid limit")
            q = (req.arg("q") or "").lower()
            types = (req.arg("type") or "").split(",")
            out: dict[str, Any] = {}
            pools = {"track": self.tracks, "artist": self.artists, "album": self.albums}
            for t in types:
                if t not in pools:
                    return _err(400, f"Bad search type {t}")
                hits = [v for _, v in sorted(pools[t].items()) if q in v["name"].lower()]
                sub = Request(req.method, req.path, {**req.query, "limit": [str(limit)], "offset": [str(offset)]},
                              req.headers, b"")
                page = self._page(sub, hits, max_limit=self.page_cap("search"))
                assert not isinstance(page, Response)
                out[t + "s"] = page
            return Response.json(out)

        @guarded("GET", r"/artists/(?P<id>\w+)")
        def artist(req: Request) -> Response:
            assert req.match is not None
            found = self.artists.get(req.match["id"])
            return Response.json(found) if found else _err(404, "Resource not found")

        @guarded("GET", r"/artists/(?P<id>\w+)/albums")
        def artist_albums(req: Request) -> Response:
            """Group by group (album, single, compilation, appears_on), newest first within each,
            as Spotify lists them; an album credited to several artists is each one's own, one
            credited to Various Artists is an appearance; `extra_listing` entries come first."""
            assert req.match is not None
            aid = req.match["id"]
            if aid not in self.artists:
                return _err(404, "Resource not found")
            groups = (req.arg("include_groups") or ",".join(GROUP_ORDER)).split(",")
            if any(g not in GROUP_ORDER for g in groups):
                return _err(400, "Invalid include_groups")
            listing = []
            for album in self.albums.by_artist(aid):  # type: ignore[attr-defined]
                credited = [a.get("id") for a in album.get("artists") or [] if isinstance(a, dict)]
                if aid not in credited:
                    continue
                own = album.get("album_type") if album.get("album_type") in GROUP_ORDER else "album"
                group = "appears_on" if credited[0] == VARIOUS_ARTISTS else own
                if group in groups:
                    listing.append({**album, "album_group": group})
            listing.sort(key=lambda a: str(a.get("release_date") or ""), reverse=True)
            listing.sort(key=lambda a: GROUP_ORDER.index(a["album_group"]))
            page = self._page(req, [*self.extra_listing.get(aid, []), *listing], max_limit=self.page_cap("artist_albums"))
            return page if isinstance(page, Response) else Response.json(page)

        @guarded("GET", r"/albums/(?P<id>\w+)")
        def album(req: Request) -> Response:
            assert req.match is not None
            found = self.albums.get(req.match["id"])
            if not found:
                return _err(404, "Resource not found")
            items = [{k: v for k, v in t.items() if k != "album"} for t in self.tracks.values() if t["album"]["id"] == found["id"]]
            sub = Request("GET", f"/v1/albums/{found['id']}/tracks", {"limit": ["10"]}, {}, b"")
            tracks = self._page(sub, items, default=10)
            return Response.json({**found, "tracks": tracks})

        @guarded("GET", r"/albums/(?P<id>\w+)/tracks")
        def album_tracks(req: Request) -> Response:
            assert req.match is not None
            items = [{k: v for k, v in t.items() if k != "album"} for t in self.tracks.values()
                     if t["album"]["id"] == req.match["id"]]
            page = self._page(req, items)
            return page if isinstance(page, Response) else Response.json(page)

        @guarded("GET", r"/tracks/(?P<id>\w+)")
        def track(req: Request) -> Response:
            assert req.match is not None
            found = self.tracks.get(req.match["id"])
            return Response.json(found) if found else _err(404, "Resource not found")

        # -- the player (Spotify Connect), as the Web API reference describes it -----------------
        # Commands need Premium (403 PREMIUM_REQUIRED) and a device: the one named by
        # `device_id` (which wakes it), else the active one (404 NO_ACTIVE_DEVICE).
        # Successful commands answer 204 with no body; reads answer 204 when nothing plays.

        def _command_device(req: Request) -> dict[str, Any] | Response:
            if self.product != "premium":
                return _player_err(403, "Player command failed: Premium required", "PREMIUM_REQUIRED")
            wanted = req.arg("device_id")
            if wanted:
                found = next((d for d in self.devices if d["id"] == wanted), None)
                return found if found is not None else _err(404, "Device not found")
            active = next((d for d in self.devices if d.get("is_active")), None)
            if active is None:
                return _player_err(404, "Player command failed: No active device found", "NO_ACTIVE_DEVICE")
            return active

        def _activate(device: dict[str, Any]) -> None:
            for d in self.devices:
                d["is_active"] = d["id"] == device["id"]

        @guarded("GET", r"/me/player/devices")
        def devices(_req: Request) -> Response:
            return Response.json({"devices": [_device_json(d) for d in self.devices]})

        @guarded("GET", r"/me/player")
        def player(_req: Request) -> Response:
            state = self.player_state()
            return Response(204) if state is None else Response.json(state)

        @guarded("PUT", r"/me/player/play")
        def play(req: Request) -> Response:
            device = _command_device(req)
            if isinstance(device, Response):
                return device
            body = req.json() or {}
            uris = body.get("uris")
            position = int(body.get("position_ms") or 0)
            if uris is None and body.get("context_uri") is None:  # no body: resume what is loaded
                if self.now_playing is None:
                    return _player_err(403, "Player command failed: Restriction violated", "UNKNOWN")
                _activate(device)
                self._set_progress(self.progress_ms(), playing=True)
                self.now_playing["device"] = device
                return Response(204)
            if not uris or not all(u.startswith("spotify:track:") for u in uris):
                return _err(400, "Invalid track uri")
            tid = uris[0].rsplit(":", 1)[-1]
            if tid not in self.tracks:
                return _err(404, "Non existing id")
            _activate(device)
            self.now_playing = {"item": self.tracks[tid], "device": device}
            self._set_progress(position, playing=True)
            return Response(204)

        @guarded("PUT", r"/me/player/pause")
        def pause(req: Request) -> Response:
            device = _command_device(req)
            if isinstance(device, Response):
                return device
            if self.now_playing is None or not self.now_playing["is_playing"]:
                return _player_err(403, "Player command failed: Restriction violated", "UNKNOWN")
            self._set_progress(self.progress_ms(), playing=False)
            return Response(204)

        @guarded("POST", r"/me/player/next")
        def skip(req: Request) -> Response:
            device = _command_device(req)
            if isinstance(device, Response):
                return device
            if self.now_playing is None:
                return _player_err(404, "Player command failed: No active device found", "NO_ACTIVE_DEVICE")
            if self.queue:
                self.now_playing["item"] = self.tracks[self.queue.pop(0)]
                self._set_progress(0, playing=True)
            return Response(204)

        @guarded("POST", r"/me/player/queue")
        def enqueue(req: Request) -> Response:
            device = _command_device(req)
            if isinstance(device, Response):
                return device
            uri = req.arg("uri") or ""
            tid = uri.rsplit(":", 1)[-1]
            if not uri.startswith("spotify:track:") or tid not in self.tracks:
                return _err(400, "Invalid track uri")
            self.queue.append(tid)
            return Response(204)

        self._register_playlist_changes(guarded)  # worlds: rename / unfollow exported playlists

    # ==== worlds (issue 23): playlist details and unfollow ====================================
    # `PUT /playlists/{id}` changes name, description and public flag (200, empty body) for the
    # owner, 403 for someone else's playlist; `DELETE /playlists/{id}/followers` unfollows it:
    # for your own playlist that is how Spotify deletes it from your library, so the fake drops it
    # from `playlists` (a later read answers 404) and records it in `unfollowed`.
    def _register_playlist_changes(self, guarded) -> None:  # type: ignore[no-untyped-def]
        @guarded("PUT", r"/playlists/(?P<id>\w+)")
        def change_details(req: Request) -> Response:
            assert req.match is not None
            pid = req.match["id"]
            if pid not in self.playlists:
                return _err(404, "Not found")
            if self.playlists[pid]["owner"]["id"] != ME:
                return _err(403, "Forbidden")
            body = req.json() or {}
            for key in ("name", "description", "public", "collaborative"):
                if key in body:
                    self.playlists[pid][key] = body[key]
            return Response(200)

        @guarded("DELETE", r"/playlists/(?P<id>\w+)/followers")
        def unfollow(req: Request) -> Response:
            assert req.match is not None
            pid = req.match["id"]
            if pid not in self.playlists:
                return _err(404, "Not found")
            self.playlists.pop(pid)
            self.playlist_tracks.pop(pid, None)
            self.unfollowed.append(pid)
            return Response(200)
    # ==== end of worlds block =================================================================

    # -- the player's clock and the listener's own hands on it -------------------------------
    def _set_progress(self, progress_ms: int, *, playing: bool) -> None:
        assert self.now_playing is not None
        self.now_playing["is_playing"] = playing
        self.now_playing["_anchor"] = (time.time(), max(0, progress_ms))

    def progress_ms(self) -> int:
        """Where the loaded track is now: it moves on while playing, as on a real device."""
        if self.now_playing is None:
            return 0
        since, at = self.now_playing["_anchor"]
        moved = int((time.time() - since) * 1000) if self.now_playing["is_playing"] else 0
        return min(at + moved, int(self.now_playing["item"]["duration_ms"]))

    def player_state(self) -> dict[str, Any] | None:
        """`GET /me/player`: the playback state object, or None (204) when nothing is loaded."""
        if self.now_playing is None:
            return None
        return {
            "device": _device_json(self.now_playing["device"]), "repeat_state": "off", "shuffle_state": False,
            "context": None, "timestamp": int(time.time() * 1000), "progress_ms": self.progress_ms(),
            "is_playing": self.now_playing["is_playing"], "item": self.now_playing["item"],
            "currently_playing_type": "track", "actions": {"disallows": {"resuming": self.now_playing["is_playing"]}},
        }

    def listener_pauses(self) -> None:
        """The listener presses pause in their Spotify app."""
        self._set_progress(self.progress_ms(), playing=False)

    def listener_plays(self, track_id: str | None = None, progress_ms: int | None = None) -> None:
        """The listener presses play, picks another track or seeks, in their Spotify app."""
        assert self.now_playing is not None
        if track_id is not None:
            self.now_playing["item"] = self.tracks[track_id]
        self._set_progress(self.progress_ms() if progress_ms is None else progress_ms, playing=True)

    def close_app(self) -> None:
        """The listener quits Spotify everywhere: no device, nothing playing."""
        self.devices.clear()
        self.now_playing = None


def _player_err(status: int, message: str, reason: str) -> Response:
    """A player error as Spotify sends it: `reason` tells no device from no Premium."""
    return Response.json({"error": {"status": status, "message": message, "reason": reason}}, status)


def _device_json(device: dict[str, Any]) -> dict[str, Any]:
    return {"id": device["id"], "is_active": bool(device.get("is_active")), "is_private_session": False,
            "is_restricted": False, "name": device["name"], "type": device["type"],
            "volume_percent": device.get("volume_percent", 50), "supports_volume": True}


# -- pytest helpers shared by tests/contract/test_spotify_*.py --------------------------------

@pytest.fixture(scope="session")
def _spotify_server() -> Iterator[FakeSpotify]:
    """One fake server for the whole run (stopping one costs half a second)."""
    with FakeSpotify() as fake:
        yield fake


@pytest.fixture
def fake_spotify(db: None, _spotify_server: FakeSpotify) -> Iterator[FakeSpotify]:
    """A fresh fake account with the SPOTIFY_* settings pointed at it (restored afterwards)."""
    fake = _spotify_server
    fake.reset()
    env = fake.settings_env()
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        yield fake
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def make_user(email: str = "listener@example.com") -> int:
    """A bare account row (no password work: these tests are about Spotify)."""
    from services.accounts.models import User
    from services.db import session_scope

    with session_scope() as db:
        user = User(email=email, display_name=email.split("@")[0], password_hash="-")
        db.add(user)
        db.flush()
        assert user.id is not None
        return user.id


def connect(fake: FakeSpotify, user_id: int) -> None:
    """Run the whole Connect flow for `user_id` and insist it worked."""
    from services import spotify

    params = fake.authorize(spotify.start_connect(user_id))
    result = spotify.finish_connect(user_id, params.get("code"), params.get("state"), params.get("error"))
    assert result.ok, result.message



def main() -> None:
    """Serve the fake for an e2e run: `python -m tests.contract.fake_spotify`.

    Prints the SPOTIFY_* settings (the port is chosen by the OS) and serves until
    interrupted; start the app with those variables in its environment.
    """
    import signal

    with FakeSpotify() as fake:
        for key, value in fake.settings_env().items():
            print(f"{key}={value}", flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})


if __name__ == "__main__":
    main()

"""What Spotify allows this app, in one place: page sizes per endpoint, removed
endpoints, and how each list pages (offset or cursor).

Spotify treats apps differently by quota mode (`SPOTIFY_APP_MODE`):

* **development** (the default, and every new app): a Premium owner, one client id,
  at most 5 users on the app's allow-list; artist albums and search answer at most
  10 items per request (a larger `limit` is refused with 400 "Invalid limit"); the
  several-at-once lookups (albums, artists, tracks), artist top tracks, new releases,
  browse categories and other users' profiles and playlists are removed; playlists
  are created with `POST /me/playlists` only.
* **extended** (an app Spotify granted extended quota): the older limits (50 per
  page) and those endpoints.

Audio features, audio analysis, recommendations and related artists (and preview
URLs) are closed to apps created since November 2024 in either mode.

Nothing outside `services/spotify/` knows any of this: callers ask a `MusicSource`
for how many items they want (or `limit=None` for "one page, whatever size suits
the source"), and the adapter pages within these rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from services.config import get_settings

AppMode = Literal["development", "extended"]
Paging = Literal["offset", "cursor", "none"]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One Web API call as spotipy names it: its paging and largest page per mode."""

    method: str
    path: str
    paging: Paging = "none"
    page_development: int = 0
    page_extended: int = 0
    in_development: bool = True
    in_extended: bool = True

    def page_size(self, mode: AppMode) -> int:
        return self.page_development if mode == "development" else self.page_extended

    def available(self, mode: AppMode) -> bool:
        return self.in_development if mode == "development" else self.in_extended


def _paged(method: str, path: str, paging: Paging, development: int, extended: int | None = None) -> Endpoint:
    return Endpoint(method, path, paging, development, development if extended is None else extended)


def _batch(method: str, path: str, ids_per_request: int) -> Endpoint:
    return Endpoint(method, path, "none", 0, ids_per_request, in_development=False)


def _removed_in_development(method: str, path: str) -> Endpoint:
    return Endpoint(method, path, in_development=False)


def _closed(method: str, path: str) -> Endpoint:
    return Endpoint(method, path, in_development=False, in_extended=False)


ENDPOINTS: dict[str, Endpoint] = {e.method: e for e in (
    # The listener's own lists.
    _paged("current_user_followed_artists", "GET /me/following?type=artist", "cursor", 50),
    _paged("current_user_saved_tracks", "GET /me/tracks", "offset", 50),
    _paged("current_user_playlists", "GET /me/playlists", "offset", 50),
    _paged("current_user_top_tracks", "GET /me/top/tracks", "offset", 50),
    _paged("current_user_top_artists", "GET /me/top/artists", "offset", 50),
    _paged("current_user_recently_played", "GET /me/player/recently-played", "cursor", 50),
    _paged("playlist_items", "GET /playlists/{id}/items", "offset", 100),
    # The catalog.
    _paged("search", "GET /search", "offset", 10, 50),
    _paged("artist_albums", "GET /artists/{id}/albums", "offset", 10, 50),
    _paged("album_tracks", "GET /albums/{id}/tracks", "offset", 50),
    # Several at once: removed for development-mode apps (one by one there).
    _batch("tracks", "GET /tracks?ids=", 50),
    _batch("albums", "GET /albums?ids=", 20),
    _batch("artists", "GET /artists?ids=", 50),
    _removed_in_development("artist_top_tracks", "GET /artists/{id}/top-tracks"),
    _removed_in_development("new_releases", "GET /browse/new-releases"),
    _removed_in_development("categories", "GET /browse/categories"),
    _removed_in_development("category_playlists", "GET /browse/categories/{id}/playlists"),
    _removed_in_development("user", "GET /users/{id}"),
    _removed_in_development("user_playlists", "GET /users/{id}/playlists"),
    _removed_in_development("user_playlist_create", "POST /users/{id}/playlists"),
    # Closed to apps created since November 2024, in every mode.
    _closed("audio_features", "GET /audio-features"),
    _closed("audio_analysis", "GET /audio-analysis/{id}"),
    _closed("recommendations", "GET /recommendations"),
    _closed("artist_related_artists", "GET /artists/{id}/related-artists"),
)}
DEVELOPMENT_USER_LIMIT = 5


def app_mode() -> AppMode:
    """The configured quota mode (`SPOTIFY_APP_MODE`)."""
    return get_settings().spotify_app_mode


def page_size(method: str, mode: AppMode | None = None) -> int:
    """The most items (or ids) one request of `method` may ask for in this mode."""
    endpoint = ENDPOINTS.get(method)
    size = endpoint.page_size(mode or app_mode()) if endpoint is not None else 0
    if size <= 0:
        raise KeyError(f"{method} takes no page size in {mode or app_mode()} mode")
    return size


def available(method: str, mode: AppMode | None = None) -> bool:
    """Whether this app may call `method` at all (unknown methods are allowed)."""
    endpoint = ENDPOINTS.get(method)
    return endpoint is None or endpoint.available(mode or app_mode())


def why_unavailable(method: str, mode: AppMode | None = None) -> str:
    """A sentence saying why `method` cannot be called (for logs and error messages)."""
    endpoint = ENDPOINTS[method]
    mode = mode or app_mode()
    if not endpoint.in_extended:
        return f"Spotify closed {endpoint.path} to new apps in November 2024."
    return f"Spotify removed {endpoint.path} for apps in development mode (SPOTIFY_APP_MODE={mode})."

"""Typed Spotify failures. All are `SourceError`s, so pages that already show a
source's `message` show these too without knowing about Spotify."""

from __future__ import annotations

from services.catalog.source import SourceError


class SpotifyError(SourceError):
    """Spotify could not answer this request; `message` is safe to show."""


class NotConnected(SpotifyError):
    """The user has no Spotify connection."""

    def __init__(self) -> None:
        super().__init__("Spotify is not connected. Connect it on your account page.")


class ReconnectNeeded(SpotifyError):
    """Spotify no longer accepts our refresh token (revoked, or the app was removed)."""

    def __init__(self) -> None:
        super().__init__("Spotify access ended. Reconnect Spotify on your account page to use your library again.")


class SpotifyUnavailable(SpotifyError):
    """Network failure, timeout or a 5xx from Spotify."""


class RateLimited(SpotifyError):
    """Spotify asked us to wait longer than a page can; `retry_after` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Spotify is busy. Try again in {retry_after} s.")
        self.retry_after = retry_after


class SpotifyForbidden(SpotifyError):
    """403: missing Premium, a development-mode user not on the app's list, or a removed endpoint."""


class EndpointUnavailable(SpotifyForbidden):
    """A call Spotify does not allow this app (see `rules`); refused before any request."""


class NotOnAllowList(SpotifyForbidden):
    """403 "User not registered in the Developer Dashboard": a development-mode app serves
    only the (at most 5) Spotify accounts its operator added to the app's allow-list."""

    def __init__(self) -> None:
        super().__init__(
            "Spotify refused your account: this app is in Spotify's development mode, which only serves "
            "the Spotify accounts its operator added to the app (at most 5). Ask the operator to add your "
            "Spotify account under User Management in the Spotify Developer Dashboard, then connect again."
        )


class PremiumRequired(SpotifyForbidden):
    """403 with reason PREMIUM_REQUIRED: controlling playback needs Spotify Premium."""


class NoActiveDevice(SpotifyError):
    """404 with reason NO_ACTIVE_DEVICE: no Spotify app is open (or none is active) to play on."""

"""One module per page; importing them registers their routes (`@rx.page`)."""

from app.pages import (
    account, auth, billing, events, home, label, not_found, party, releases, releases_outbox, status, worlds,
)

__all__ = ["account", "auth", "billing", "events", "home", "label", "not_found", "party", "releases", "releases_outbox", "status", "worlds"]

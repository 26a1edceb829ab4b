"""One module per page; importing them registers their routes (`@rx.page`)."""

from app.pages import account, account_links, auth, billing, events, home, label, party, releases, releases_outbox, status, worlds

__all__ = ["account", "account_links", "auth", "billing", "events", "home", "label", "party", "releases", "releases_outbox", "status", "worlds"]

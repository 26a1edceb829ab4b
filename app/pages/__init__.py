"""One module per page; importing them registers their routes (`@rx.page`)."""

from app.pages import account, auth, billing, billing_pay, events, home, label, party, releases, pricing, releases_outbox, status, worlds

__all__ = ["account", "auth", "billing", "billing_pay", "events", "home", "label", "party", "pricing", "releases", "releases_outbox", "status", "worlds"]

"""One module per page; importing them registers their routes (`@rx.page`)."""

from app.pages import (account, account_links, auth, billing, billing_pay, events, home, label, not_found, party, pricing,
                       releases, releases_outbox, status, worlds)

__all__ = ["account", "account_links", "auth", "billing", "billing_pay", "events", "home", "label", "not_found", "party",
           "pricing", "releases", "releases_outbox", "status", "worlds"]

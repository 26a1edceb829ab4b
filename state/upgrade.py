"""The upgrade dialog: any page whose action hits a plan limit opens it.

Vars: `open`, `feature` (the limit's key) and `message` (the limit in words).
A state that catches `services.billing.UpgradeRequired` returns
`UpgradeState.show(err.feature, err.message)`.
"""

from __future__ import annotations

import reflex as rx


class UpgradeState(rx.State):
    open: bool = False
    feature: str = ""
    message: str = ""

    @rx.event
    def show(self, feature: str, message: str):
        """Open the dialog naming the limit that was reached."""
        self.feature, self.message, self.open = feature, message, True

    @rx.event
    def set_open(self, value: bool):
        self.open = value

    @rx.event
    def go_to_billing(self):
        self.open = False
        return rx.redirect("/billing")

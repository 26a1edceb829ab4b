"""The event card bound to the page's states: in a map popup and on the saved tab."""

from __future__ import annotations

import reflex as rx

from components.event_card import event_card
from state.events_saved import EventsSavedState

SAVED = EventsSavedState


def bound_card(ev: rx.Var, *, in_popup: bool) -> rx.Component:
    """Event `ev` (an `EventCard` var) with Interested, Add to calendar and Why go."""
    return event_card(
        ev,
        saved=SAVED.saved_ids.contains(ev.id),
        on_toggle_saved=SAVED.toggle_saved(ev.id),
        blurb=SAVED.blurbs.get(ev.id, ""),
        blurb_busy=SAVED.blurb_busy == ev.id,
        on_why_go=SAVED.why_go(ev.id),
        image_height="88px" if in_popup else "140px",
        testid="popup-card" if in_popup else "saved-card",
    )

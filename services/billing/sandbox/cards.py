"""Stripe's well-known test card numbers, and the checks a card form makes.

Only these numbers are accepted (any future expiry, any 3-digit CVC), so a real card
typed here by mistake is refused and never stored: only the last four digits of a
test card are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

SUCCESS = "4242424242424242"
DECLINE = "4000000000000002"
AUTHENTICATE = "4000002500003155"
FAILS_LATER = "4000000000000341"

# (number, what it does) as the checkout and portal pages list them.
TEST_CARDS: list[tuple[str, str]] = [
    ("4242 4242 4242 4242", "pays"),
    ("4000 0000 0000 0002", "is declined"),
    ("4000 0025 0000 3155", "asks for a 3-D Secure confirmation"),
    ("4000 0000 0000 0341", "pays now, then every renewal fails"),
]
OUTCOMES = {SUCCESS: "ok", DECLINE: "decline", AUTHENTICATE: "authenticate", FAILS_LATER: "fails_later"}


class CardError(ValueError):
    """A card the form refuses; the message says why."""


@dataclass(frozen=True, slots=True)
class Card:
    """A checked test card: what it will do and the digits we keep."""

    outcome: str  # ok | decline | authenticate | fails_later
    last4: str


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def check_card(number: str, expiry: str, cvc: str, now: datetime) -> Card:
    """Check the form's three fields; raises `CardError` with what to fix."""
    digits = re.sub(r"[\s-]", "", number or "")
    if not digits.isdigit() or not 12 <= len(digits) <= 19 or not _luhn_ok(digits):
        raise CardError("Your card number is incorrect.")
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", expiry or "")
    if match is None or not 1 <= int(match[1]) <= 12:
        raise CardError("Enter the expiry date as MM/YY.")
    year = int(match[2]) + (2000 if len(match[2]) == 2 else 0)
    if (year, int(match[1])) < (now.year, now.month):
        raise CardError("Your card's expiry date is in the past.")
    if not re.fullmatch(r"\d{3,4}", (cvc or "").strip()):
        raise CardError("Your card's security code (CVC) is 3 or 4 digits.")
    outcome = OUTCOMES.get(digits)
    if outcome is None:
        raise CardError("This is test mode — no money moves: use one of the test cards listed here. "
                        "A real card is never accepted or stored.")
    return Card(outcome, digits[-4:])

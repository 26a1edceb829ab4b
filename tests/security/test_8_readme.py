"""Item 8: the README's Security section says what is protected and how, the limits,
and how to report a problem; it names each protection the other tests here check."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _security_section() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"^## Security\n(.*?)(?=^## )", text, re.S | re.M)
    assert found, "README has no ## Security section"
    return found.group(1)


def test_the_security_section_covers_every_item() -> None:
    section = _security_section()
    for words in ("**Sessions.**", "HttpOnly", "**Sign-in throttling without lock-out**", "**Operators.**",
                  "**Plan limits under concurrency.**", "**Uploads refused at the door**", "**Headers.**",
                  "List-Unsubscribe-Post", "**Sign-up and password reset never say whether an email has an account**",
                  "TRUSTED_PROXIES", "Limits:", "**Reporting a problem:**"):
        assert words in section, words


def test_it_points_at_these_tests() -> None:
    assert "tests/security/" in _security_section()

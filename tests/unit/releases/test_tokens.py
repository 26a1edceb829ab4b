"""Signed links in emails: genuine ones work, forged or expired ones say so."""

from __future__ import annotations

import datetime as dt

import pytest

from services.releases.tokens import LIFETIME, TokenError, email_digest, make_token, read_token

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)


def test_a_genuine_token_names_the_person_and_address() -> None:
    token = make_token("unsubscribe", 42, "Ana@Example.com", NOW)
    claims = read_token("unsubscribe", token, NOW + dt.timedelta(days=1))
    assert claims.user_id == 42 and claims.email_digest == email_digest("ana@example.com")
    assert "ana" not in token.lower()  # the address never appears in the link


def test_an_expired_token_is_refused_as_expired() -> None:
    token = make_token("confirm", 1, "a@b.co", NOW)
    with pytest.raises(TokenError, match="expired"):
        read_token("confirm", token, NOW + LIFETIME["confirm"] + dt.timedelta(seconds=1))


@pytest.mark.parametrize("tamper", ["user", "expiry", "signature", "garbage", "empty"])
def test_a_forged_token_is_refused_as_not_valid(tamper: str) -> None:
    import base64

    token = make_token("unsubscribe", 7, "a@b.co", NOW)
    payload, mac = token.split(".")
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    user, digest, expires = raw.split(":")
    enc = lambda s: base64.urlsafe_b64encode(s.encode()).rstrip(b"=").decode()  # noqa: E731
    forged = {
        "user": f"{enc(f'8:{digest}:{expires}')}.{mac}",
        "expiry": f"{enc(f'{user}:{digest}:{int(expires) + 10**8}')}.{mac}",
        "signature": f"{payload}.{mac[:-4]}AAAA",
        "garbage": "not-a-token",
        "empty": "",
    }[tamper]
    with pytest.raises(TokenError, match="not valid"):
        read_token("unsubscribe", forged, NOW)


def test_a_token_for_one_purpose_does_not_work_for_another() -> None:
    token = make_token("unsubscribe", 7, "a@b.co", NOW)
    with pytest.raises(TokenError, match="not valid"):
        read_token("confirm", token, NOW)

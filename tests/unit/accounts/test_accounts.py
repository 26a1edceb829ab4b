"""Accounts as a person meets them: sign up, sign in, throttling, sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from services import accounts
from services.accounts import AccountError
from services.accounts.models import AuthSession, User
from services.db import session_scope, utcnow

pytestmark = pytest.mark.usefixtures("db")


def test_sign_up_then_sign_in_resolves_the_same_user() -> None:
    user, token = accounts.sign_up("Ana@Example.com ", "correct horse 42", "Ana")
    assert user.email == "ana@example.com"
    assert accounts.user_for_token(token) == user
    again, token2 = accounts.sign_in("ana@example.com", "correct horse 42")
    assert again.id == user.id and token2 != token


def test_password_is_stored_hashed_with_argon2() -> None:
    accounts.sign_up("bo@example.com", "s3cret-passphrase")
    with session_scope() as db:
        stored = db.exec(select(User.password_hash)).one()
    assert stored.startswith("$argon2id$") and "s3cret" not in stored


@pytest.mark.parametrize(
    ("email", "password", "field"),
    [
        ("not-an-email", "good pass 123", "email"),
        ("a@example.com", "short1", "password"),
        ("a@example.com", "password123", "password"),
        ("a@example.com", "onlyletters", "password"),
    ],
)
def test_sign_up_rejects_bad_input_with_a_field_error(email: str, password: str, field: str) -> None:
    with pytest.raises(AccountError) as err:
        accounts.sign_up(email, password)
    assert err.value.field == field and err.value.message


def test_taken_email_is_refused() -> None:
    accounts.sign_up("cy@example.com", "first pass 1")
    with pytest.raises(AccountError, match="already exists"):
        accounts.sign_up("CY@example.com", "second pass 2")


def test_wrong_passwords_slow_one_address_down_but_never_the_owner_elsewhere() -> None:
    accounts.sign_up("di@example.com", "right pass 1")
    for _ in range(3):
        with pytest.raises(AccountError, match="Wrong email or password"):
            accounts.sign_in("di@example.com", "wrong pass 1", "10.0.0.1")
    with pytest.raises(AccountError, match=r"Too many failed attempts. Try again in \d+ s"):
        accounts.sign_in("di@example.com", "right pass 1", "10.0.0.1")
    user, token = accounts.sign_in("di@example.com", "right pass 1", "10.0.0.2")  # the owner, elsewhere
    assert accounts.user_for_token(token) == user


def test_success_forgives_that_address_only() -> None:
    accounts.sign_up("ed@example.com", "right pass 1")
    for _ in range(2):
        with pytest.raises(AccountError):
            accounts.sign_in("ed@example.com", "nope nope 1", "10.0.0.3")
    accounts.sign_in("ed@example.com", "right pass 1", "10.0.0.3")
    for _ in range(2):
        with pytest.raises(AccountError, match="Wrong"):
            accounts.sign_in("ed@example.com", "nope nope 1", "10.0.0.3")


def test_sign_out_revokes_and_expiry_ends_a_session() -> None:
    _, token = accounts.sign_up("fa@example.com", "good pass 12")
    accounts.sign_out(token)
    assert accounts.user_for_token(token) is None
    _, token2 = accounts.sign_in("fa@example.com", "good pass 12")
    with session_scope() as db:
        for row in db.exec(select(AuthSession)).all():
            row.expires_at = utcnow() - timedelta(seconds=1)
            db.add(row)
    assert accounts.user_for_token(token2) is None


def test_unknown_and_garbage_tokens_resolve_to_nobody() -> None:
    assert accounts.user_for_token("") is None
    assert accounts.user_for_token("x" * 500) is None
    assert accounts.user_for_token("made-up-token") is None

# One fresh demo account per visitor: tests/unit/hosting/test_demo_accounts.py


def test_account_notices_have_a_mail_sender_wherever_the_tables_are_loaded() -> None:
    """Accounts never import mail (mail depends on accounts); loading the models registers it."""
    import services.models  # noqa: F401  (what every process with a database imports)
    from services.accounts import notices
    from services.mail import send_account_notice

    assert send_account_notice in notices._senders

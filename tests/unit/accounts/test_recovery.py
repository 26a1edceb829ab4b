"""Sign-up by emailed confirmation and password reset by emailed link, at the service
level (the pages' events and the timing are in tests/security/test_4_*)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlmodel import select

from services import accounts
from services.accounts import AccountError, notices, recovery
from services.accounts.models import EmailLink, User
from services.db import session_scope, utcnow
from services.mail.models import Outbox

pytestmark = pytest.mark.usefixtures("db")


def _mails(to: str) -> list[Outbox]:
    notices.drain()
    with session_scope() as db:
        return list(db.exec(select(Outbox).where(Outbox.to == to).order_by(Outbox.id)).all())


def _token(mail: Outbox, path: str) -> str:
    found = re.search(rf"{path}\?token=([\w-]+)", mail.text)
    assert found, mail.text
    return found.group(1)


def test_a_new_address_gets_an_unconfirmed_account_and_a_confirmation_link() -> None:
    recovery.request_sign_up("New@Example.com", "good pass 123", "Nia")
    [mail] = _mails("new@example.com")
    assert mail.subject == "Confirm your email address" and 'href="http' in mail.html
    info = accounts.authenticate("new@example.com", "good pass 123")  # usable at once
    assert not info.email_confirmed
    confirmed = recovery.confirm_email(_token(mail, "/confirm"))
    assert confirmed is not None and confirmed.email_confirmed and confirmed.id == info.id
    assert recovery.confirm_email(_token(mail, "/confirm")) is None  # single use


def test_an_existing_address_gets_a_notice_and_its_account_is_untouched() -> None:
    owner = accounts.register("taken@example.com", "owner pass 123", "Owner")
    recovery.request_sign_up("taken@example.com", "other pass 456", "Intruder")
    [mail] = _mails("taken@example.com")
    assert mail.subject == "Someone tried to sign up with your address" and "/forgot" in mail.text
    assert accounts.authenticate("taken@example.com", "owner pass 123").display_name == "Owner"
    with pytest.raises(AccountError):
        accounts.authenticate("taken@example.com", "other pass 456", "192.0.2.1")
    assert owner.email_confirmed


def test_input_errors_do_not_depend_on_the_address() -> None:
    accounts.register("weak@example.com", "owner pass 123")
    for email in ("weak@example.com", "free@example.com"):
        with pytest.raises(AccountError, match="at least 8"):
            recovery.request_sign_up(email, "short")


def test_a_reset_link_sets_a_new_password_once_and_ends_every_session() -> None:
    user, token = accounts.sign_up("reset@example.com", "old pass 123")
    _, other = accounts.sign_up("bystander@example.com", "their pass 123")
    recovery.request_password_reset("RESET@example.com")
    [mail] = _mails("reset@example.com")
    link = _token(mail, "/reset")
    with pytest.raises(AccountError, match="at least 8"):
        recovery.reset_password(link, "short")
    assert recovery.link_is_live(link, "reset")  # a weak password does not spend it
    info = recovery.reset_password(link, "new pass 456")
    assert info.id == user.id
    assert accounts.user_for_token(token) is None  # signed out everywhere
    assert accounts.user_for_token(other) is not None  # nobody else
    assert accounts.authenticate("reset@example.com", "new pass 456").id == user.id
    with pytest.raises(AccountError, match="expired or was already used"):
        recovery.reset_password(link, "third pass 789")
    assert _mails("reset@example.com")[-1].subject == "Your password was changed"


def test_a_reset_link_expires_within_the_hour_and_is_stored_hashed() -> None:
    accounts.register("late@example.com", "old pass 123")
    recovery.request_password_reset("late@example.com")
    link = _token(_mails("late@example.com")[0], "/reset")
    with session_scope() as db:
        stored = db.exec(select(EmailLink.token_hash)).one()
    assert link not in stored and len(stored) == 64
    with time_machine.travel(utcnow() + timedelta(minutes=61)):
        assert not recovery.link_is_live(link, "reset")
        with pytest.raises(AccountError, match="expired"):
            recovery.reset_password(link, "new pass 456")


def test_a_reset_for_an_unknown_address_sends_nothing_and_answers_alike() -> None:
    assert recovery.request_password_reset("nobody@example.com") is None
    assert _mails("nobody@example.com") == []


def test_a_reset_confirms_an_address_and_a_squatter_loses_the_account() -> None:
    recovery.request_sign_up("victim@example.com", "squatter pass 1", "Squatter")
    _, squatter_session = accounts.sign_in("victim@example.com", "squatter pass 1")
    recovery.request_password_reset("victim@example.com")
    link = _token(_mails("victim@example.com")[-1], "/reset")
    info = recovery.reset_password(link, "owner pass 123")
    assert info.email_confirmed
    assert accounts.user_for_token(squatter_session) is None


def test_reset_mails_per_address_are_capped_silently() -> None:
    accounts.register("flood@example.com", "old pass 123")
    for _ in range(recovery.RESETS_PER_EMAIL + 2):
        recovery.request_password_reset("flood@example.com")
    assert len(_mails("flood@example.com")) == recovery.RESETS_PER_EMAIL


def test_resend_confirmation_only_for_unconfirmed_accounts() -> None:
    recovery.request_sign_up("again@example.com", "good pass 123")
    with session_scope() as db:
        uid = db.exec(select(User.id).where(User.email == "again@example.com")).one()
    assert recovery.resend_confirmation(uid)
    first, second = _mails("again@example.com")
    assert recovery.confirm_email(_token(first, "/confirm")) is None  # replaced by the newer link
    assert recovery.confirm_email(_token(second, "/confirm")) is not None
    assert not recovery.resend_confirmation(uid)


def test_account_mail_html_escapes_the_text_and_links_only_urls() -> None:
    html = notices.as_html('Hi <Ana> & "co"\n\nOpen https://sbm.example/reset?token=a-b_c now')
    assert html == ('<p>Hi &lt;Ana&gt; &amp; &quot;co&quot;</p><p>Open <a href="https://sbm.example/reset?token=a-b_c">'
                    'https://sbm.example/reset?token=a-b_c</a> now</p>')

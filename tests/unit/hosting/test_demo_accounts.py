"""One fresh, isolated demo account per visitor, and keeping it as a real account."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlmodel import func, select

from services import accounts
from services.accounts import AccountError
from services.accounts.models import AuthSession, User
from services.catalog.models import DemoLibrary, DemoPlaylist, DemoSavedTrack
from services.db import as_utc, session_scope, utcnow
from services.hosting.demo import convert, demo_sign_in

pytestmark = pytest.mark.usefixtures("small_catalog")


def _playlists(user_id: int) -> list[str]:
    with session_scope() as db:
        return sorted(db.exec(select(DemoPlaylist.name).where(DemoPlaylist.user_id == user_id)).all())


def test_each_visitor_gets_a_fresh_seeded_demo_account() -> None:
    started = time.perf_counter()
    first, token1 = demo_sign_in("10.0.0.1")
    second, token2 = demo_sign_in("10.0.0.2")
    assert time.perf_counter() - started < 6  # about a second each, even on a busy machine
    assert first.id != second.id and first.is_demo and second.is_demo
    assert first.email != second.email and "Demo Listener" in first.display_name
    assert accounts.user_for_token(token1) == first and accounts.user_for_token(token2) == second
    with session_scope() as db:
        assert db.get(DemoLibrary, first.id) is not None and db.get(DemoLibrary, second.id) is not None
    assert _playlists(first.id) and _playlists(first.id) != _playlists(second.id)


def test_a_demo_password_cannot_be_guessed_or_used() -> None:
    user, _ = demo_sign_in("10.0.0.3")
    with pytest.raises(AccountError, match="Wrong email or password"):
        accounts.sign_in(user.email, "demo demo 123", "10.0.0.3")


def test_converting_keeps_the_data_and_allows_sign_in() -> None:
    user, token = demo_sign_in("10.0.0.4")
    before = _playlists(user.id)
    with session_scope() as db:
        saved = db.exec(select(func.count()).select_from(DemoSavedTrack).where(DemoSavedTrack.user_id == user.id)).one()
    info = convert(user.id, "Keeper@Example.com", "keep this 123", "Kim")
    assert info.id == user.id and not info.is_demo and info.email == "keeper@example.com" and info.display_name == "Kim"
    assert _playlists(user.id) == before
    with session_scope() as db:
        assert db.exec(select(func.count()).select_from(DemoSavedTrack).where(DemoSavedTrack.user_id == user.id)).one() == saved
    assert accounts.user_for_token(token) == info  # still signed in
    again, _ = accounts.sign_in("keeper@example.com", "keep this 123", "10.0.0.4")
    assert again.id == user.id and not again.email_confirmed
    from services.accounts import notices
    from services.mail import outbox

    notices.drain()
    assert [m.subject for m in outbox(user.id, to="keeper@example.com")] == ["Confirm your email address"]


def test_converting_explains_bad_input_and_taken_addresses() -> None:
    user, _ = demo_sign_in("10.0.0.5")
    accounts.sign_up("taken-demo@example.com", "good pass 123")
    with pytest.raises(AccountError, match="already exists") as taken:
        convert(user.id, "taken-demo@example.com", "good pass 123")
    assert taken.value.field == "email"
    with pytest.raises(AccountError, match="at least 8") as weak:
        convert(user.id, "fine@example.com", "short")
    assert weak.value.field == "password"
    with session_scope() as db:
        assert db.get(User, user.id).is_demo  # nothing changed


def test_using_the_session_marks_the_account_active_cheaply() -> None:
    user, token = demo_sign_in("10.0.0.6")
    old = utcnow() - timedelta(days=3)
    with session_scope() as db:
        row = db.get(User, user.id)
        row.last_active_at = old
        db.add(row)
        for s in db.exec(select(AuthSession).where(AuthSession.user_id == user.id)).all():
            s.last_seen_at = old
            db.add(s)
    accounts.user_for_token(token)
    with session_scope() as db:
        assert as_utc(db.get(User, user.id).last_active_at) > utcnow() - timedelta(minutes=1)

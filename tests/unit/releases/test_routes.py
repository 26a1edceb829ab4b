"""The email-link routes: confirm and one-click unsubscribe act on a genuine token only;
a forged or expired link gets a clear page and changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.testclient import TestClient

from app.routes import build_api
from services.db import utcnow
from services.releases import digest_settings, people, subscribe
from services.releases.digests import confirm_url, unsubscribe_url


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_confirm_then_one_click_unsubscribe(make_user: Callable[[str], int]) -> None:
    uid = make_user("ann@example.com")
    subscribe(uid, "ann@example.com", "weekly", 4, 9, "Europe/Berlin")
    client = TestClient(build_api())

    forged = client.get("/releases/confirm?token=abc.def")
    assert forged.status_code == 400 and "not valid" in forged.text and "Nothing was changed" in forged.text
    assert digest_settings(uid).status == "pending"  # type: ignore[union-attr]

    ok = client.get(_path(confirm_url(uid, "ann@example.com")))
    assert ok.status_code == 200 and "confirmed" in ok.text and ok.headers["cache-control"] == "no-store"
    assert digest_settings(uid).status == "active"  # type: ignore[union-attr]

    expired = unsubscribe_url(uid, "ann@example.com", now=utcnow() - dt.timedelta(days=200))
    old = client.get(_path(expired))
    assert old.status_code == 400 and "expired" in old.text
    assert digest_settings(uid).status == "active"  # type: ignore[union-attr]

    # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the link.
    gone = client.post(_path(unsubscribe_url(uid, "ann@example.com")), content=b"List-Unsubscribe=One-Click",
                       headers={"content-type": "application/x-www-form-urlencoded"})
    assert gone.status_code == 200 and "unsubscribed" in gone.text
    assert digest_settings(uid).status == "unsubscribed"  # type: ignore[union-attr]


def test_a_confirm_token_cannot_unsubscribe(make_user: Callable[[str], int]) -> None:
    uid = make_user("bo@example.com")
    subscribe(uid, "bo@example.com")
    client = TestClient(build_api())
    confirm_token = _path(confirm_url(uid, "bo@example.com")).split("?", 1)[1]
    wrong = client.get(f"/releases/unsubscribe?{confirm_token}")
    assert wrong.status_code == 400
    assert digest_settings(uid).status == "pending"  # type: ignore[union-attr]


def test_watch_status(make_user: Callable[[str], int]) -> None:
    uid = make_user("cy@example.com")
    assert not people.watch_status(uid).watching
    assert people.watch(uid)
    status = people.watch_status(uid)
    assert status.watching and status.last_scan_at is None and status.artists_count == 0

"""Item 6: unsubscribe done right, through the real HTTP routes: GET (what a mail
scanner does) only asks and changes nothing; POST (the page's button, or a mail
client's RFC 8058 one-click) unsubscribes; digests carry both List-Unsubscribe headers."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from starlette.testclient import TestClient

from app.edge import SecurityHeaders
from app.routes import build_api
from services import accounts
from services.releases import confirm, digest_settings, subscribe
from services.releases.digests import build_digest, confirm_url, unsubscribe_url
from services.mail.smtp import build_mime

pytestmark = pytest.mark.usefixtures("db")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_get_changes_nothing_and_post_unsubscribes() -> None:
    user = accounts.register("digest@example.com", "good pass 123")
    subscribe(user.id, "digest@example.com")
    confirm(_path(confirm_url(user.id, "digest@example.com")).split("token=", 1)[1])
    client = TestClient(SecurityHeaders(build_api()))
    link = _path(unsubscribe_url(user.id, "digest@example.com"))

    for _ in range(3):  # scanners may open it several times
        page = client.get(link)
        assert page.status_code == 200 and "Unsubscribe from release digests?" in page.text
        assert 'method="post"' in page.text and "confirm-unsubscribe" in page.text
    assert digest_settings(user.id).status == "active"  # type: ignore[union-attr]

    done = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.text
    assert digest_settings(user.id).status == "unsubscribed"  # type: ignore[union-attr]

    forged = client.post(link.replace("token=", "token=x"))
    assert forged.status_code == 400 and "Nothing was changed" in forged.text


def test_digests_carry_rfc_8058_headers() -> None:
    link = "https://sbm.example/releases/unsubscribe?token=abc"
    message = build_digest([], "fan@example.com", link, test=True)
    mime = build_mime(message, "Simple Balance Music <noreply@sbm.example>")
    assert mime["List-Unsubscribe"] == f"<{link}>"
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

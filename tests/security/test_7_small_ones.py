"""Item 7, the small ones, through the real routes and state events: same-origin
redirects only, error codes mapped to our words (never echoed), malformed or huge
ids are 404, a private data directory, `TRUSTED_PROXIES`, a Pro person's upgrade
opens the portal, and security headers on every response."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from starlette.requests import Request
from starlette.testclient import TestClient

from app.edge import SecurityHeaders, UploadDoor
from app.request_user import request_address
from app.routes import build_api
from services import accounts
from services.billing.models import BillingCustomer
from services.billing import set_plan_override
from services.config import Settings
from services.db import session_scope
from services.spotify.connection import CONNECT_ERRORS, CONNECT_FAILED
from state.auth import AuthState
from state.billing import BillingState
from state.spotify import SpotifyState
from tests.contract.fake_stripe import FakeStripe
from tests.security.conftest import Tab, script_of

pytestmark = pytest.mark.usefixtures("db")
EVIL = ["//evil.example/x", "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/\r//evil.example",
        "https://evil.example/", "javascript:alert(1)", "/\x00/evil.example", "\\\\evil.example", " /evil"]


def _client() -> TestClient:
    return TestClient(SecurityHeaders(UploadDoor(build_api())), follow_redirects=False)


@pytest.mark.parametrize("target", EVIL)
async def test_sign_in_never_sends_anyone_off_site(target: str) -> None:
    accounts.register("next@example.com", "good pass 123")
    tab = Tab(path="/login", query={"next": target})
    effects = await tab.send(AuthState.sign_in, {"email": "next@example.com", "password": "good pass 123"})
    assert script_of(effects).endswith('&next=%2F")')  # the target was refused: home

    code = accounts.handoff_for(accounts.authenticate("next@example.com", "good pass 123", "5.6.7.8").id)
    answer = _client().get("/api/auth/complete", params={"code": code, "next": target})
    assert answer.status_code == 303 and answer.headers["location"] == "/"


async def test_a_same_site_next_is_kept() -> None:
    accounts.register("keep@example.com", "good pass 123")
    tab = Tab(path="/login", query={"next": "/party/ABC?x=1"})
    effects = await tab.send(AuthState.sign_in, {"email": "keep@example.com", "password": "good pass 123"})
    assert script_of(effects).endswith('&next=%2Fparty%2FABC%3Fx%3D1")')
    code = accounts.handoff_for(accounts.authenticate("keep@example.com", "good pass 123", "5.6.7.8").id)
    answer = _client().get("/api/auth/complete", params={"code": code, "next": "/party/ABC?x=1"})
    assert answer.headers["location"] == "/party/ABC?x=1"
    again = _client().get("/api/auth/complete", params={"code": code, "next": "/"})  # a code works once
    assert again.headers["location"].startswith("/login?error=link_expired")


async def test_codes_in_query_strings_are_mapped_never_echoed() -> None:
    _, token = accounts.sign_up("echo@example.com", "good pass 123")
    planted = "<img src=x onerror=alert(1)> Call +1 555 0100 to restore your account"
    tab = Tab(token=token, path="/account", query={"spotify_error": planted})
    await tab.send(SpotifyState.load)
    assert tab.state(SpotifyState).message == CONNECT_FAILED
    tab = Tab(token=token, path="/account", query={"spotify_error": "declined"})
    await tab.send(SpotifyState.load)
    assert tab.state(SpotifyState).message == CONNECT_ERRORS["declined"]
    for code, shown in ((planted, ""), ("link_expired", "That sign-in link has expired")):
        tab = Tab(path="/login", query={"error": code})
        await tab.send(AuthState.redirect_if_signed_in)
        assert tab.state(AuthState).error.startswith(shown) and planted not in tab.state(AuthState).error


@pytest.mark.parametrize("raw", ["99999999999999999999999", "2147483648", "-1", "0", "1e3", "0x10", "%00", "1%20", "١٢"])
def test_malformed_or_huge_ids_are_not_found(raw: str) -> None:
    _, token = accounts.sign_up("ids@example.com", "good pass 123")
    client = _client()
    client.cookies.set("sbm_session", token)
    assert client.get(f"/api/media/{raw}").status_code == 404
    assert client.get("/api/events/" + "9" * 500 + ".ics").status_code == 404


def test_the_data_directory_and_database_file_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    settings = Settings(DATA_DIR=str(data), SECRET_KEY="")  # type: ignore[call-arg]
    db_file = Path(settings.db_url.removeprefix("sqlite:///"))
    settings.secret_key  # noqa: B018 - generated on first use
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "secret_key").stat().st_mode) == 0o600


@pytest.mark.parametrize(("peer", "forwarded", "trusted", "seen"), [
    ("203.0.113.5", "1.2.3.4", "", "203.0.113.5"),                       # no proxy: the header is a lie
    ("203.0.113.5", "1.2.3.4", "10.0.0.0/8", "203.0.113.5"),             # not from our proxy
    ("10.0.0.2", "1.2.3.4", "10.0.0.0/8", "1.2.3.4"),                    # our proxy says who
    ("10.0.0.2", "6.6.6.6, 1.2.3.4, 10.0.0.9", "10.0.0.0/8", "1.2.3.4"),  # spoofed left part ignored
    ("10.0.0.2", "garbage", "10.0.0.0/8", "10.0.0.2"),
])
def test_trusted_proxies_decide_when_x_forwarded_for_counts(settings, peer, forwarded, trusted, seen) -> None:
    settings(TRUSTED_PROXIES=trusted)
    request = Request({"type": "http", "client": (peer, 1234), "headers": [(b"x-forwarded-for", forwarded.encode())]})
    assert request_address(request) == seen


async def test_a_pro_persons_upgrade_opens_the_portal_never_a_second_checkout(settings) -> None:
    fake = FakeStripe().start()
    try:
        settings(STRIPE_SECRET_KEY="sk_test_fake", STRIPE_API_BASE=fake.url, PRICE_PRO_MONTHLY="price_month")
        user, token = accounts.sign_up("pro@example.com", "good pass 123")
        fake.customers["cus_pro"] = {"id": "cus_pro", "object": "customer", "metadata": {"user_id": str(user.id)}}
        with session_scope() as db:
            set_plan_override(db, user.id, "pro")
            db.add(BillingCustomer(user_id=user.id, stripe_customer_id="cus_pro"))
        effects = await Tab(token=token, path="/billing").send(BillingState.checkout, "month")
        assert "billing.stripe.test/p/session" in repr(effects)
        assert fake.calls("POST", r"/v1/checkout/sessions") == []
    finally:
        fake.stop()


def test_every_response_carries_security_headers() -> None:
    for path in ("/healthz", "/api/media/1", "/releases/unsubscribe?token=x"):
        headers = _client().get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] in ("strict-origin-when-cross-origin", "no-referrer")
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]

"""Outgoing webhooks against a local receiver (tests/fakeapi.py, a real HTTP server): a
release scan sends a signed "release found" event the receiver verifies; a receiver that
keeps failing is retried with backoff, then the delivery is marked failed; the log says so."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta

import pytest

from services import webhooks
from services.accounts import register
from services.catalog.generator import seed_catalog
from services.db import utcnow
from services.releases.fetching import TTLCache
from services.releases.scan import scan_people
from tests.fakeapi import FakeAPI, Request, Response

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture(autouse=True)
def _local_receivers(env) -> None:  # type: ignore[no-untyped-def]
    """The receivers here listen on 127.0.0.1, a private address the instance refuses by default."""
    env(WEBHOOK_PRIVATE_ADDRESSES=1)


def _receiver(status: int) -> FakeAPI:
    api = FakeAPI()

    @api.route("POST", r"/hooks/sbm")
    def hook(_req: Request) -> Response:
        return Response.json({"ok": status < 300}, status=status)

    return api


def test_a_release_scan_sends_a_signed_release_found_event() -> None:
    seed_catalog(artists=120)
    ana = register("hooks@example.com", "correct horse battery", "Ana")
    with _receiver(200) as receiver:
        secret = webhooks.set_endpoint(ana.id, receiver.url + "/hooks/sbm", ["release.found", "world.refreshed"])
        counts = asyncio.run(scan_people([ana.id], cache=TTLCache(60)))
        assert counts.releases_found > 0
        sent = webhooks.deliver_due()
        [request] = receiver.calls("POST")
    assert sent.delivered == 1
    header = {k.lower(): v for k, v in request.headers.items()}["sbm-signature"]
    assert webhooks.verify(secret, header, request.body)
    body = json.loads(request.body)
    assert body["event"] == "release.found" and body["data"]["new_releases"] == counts.releases_found
    assert not webhooks.verify(secret, header, request.body.replace(b"release", b"relaase"))  # tampered
    assert not webhooks.verify("whsec_other", header, request.body)
    assert not webhooks.verify(secret, header, request.body, now=time.time() + 600)  # replayed later
    [logged] = webhooks.delivery_log(ana.id)
    assert (logged.status, logged.attempts, logged.last_status_code) == ("delivered", 1, 200)
    assert webhooks.deliver_due().delivered == 0  # sent once


def test_a_failing_receiver_is_retried_with_backoff_then_marked_failed() -> None:
    ana = register("hooks2@example.com", "correct horse battery", "Ana")
    with _receiver(500) as receiver:
        webhooks.set_endpoint(ana.id, receiver.url + "/hooks/sbm", ["release_pack.ready"])
        assert webhooks.emit(ana.id, "release_pack.ready", {"project_id": 1})
        assert not webhooks.emit(ana.id, "world.refreshed", {"world_id": 1})  # not subscribed
        now = utcnow()
        waits = []
        for _ in range(5):
            sent = webhooks.deliver_due(now=now)
            assert sent.delivered == 0 and sent.retried + sent.failed == 1
            assert webhooks.deliver_due(now=now).retried == 0  # not again before its time
            [row] = webhooks.delivery_log(ana.id)
            if row.next_attempt_at is not None:
                waits.append(row.next_attempt_at - now)
                now = row.next_attempt_at
        assert len(receiver.calls("POST")) == 5
    assert waits == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1)]
    [row] = webhooks.delivery_log(ana.id)
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == ("failed", 5, 500, "Answered 500")


def test_an_endpoint_needs_a_web_address_and_an_event() -> None:
    ana = register("hooks3@example.com", "correct horse battery", "Ana")
    for url in ("ftp://example.com/x", "javascript:alert(1)", "https://user:pw@example.com/x", ""):
        with pytest.raises(webhooks.WebhookError):
            webhooks.set_endpoint(ana.id, url, ["release.found"])
    with pytest.raises(webhooks.WebhookError):
        webhooks.set_endpoint(ana.id, "https://example.com/x", [])
    assert webhooks.endpoint_of(ana.id) is None


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/x", "http://localhost/x", "http://10.1.2.3/x", "http://[::1]/x",
                                 "http://169.254.169.254/latest/meta-data", "http://[::ffff:192.168.0.1]/x",
                                 "http://0.0.0.0/x", "http://app.localhost/x"])
def test_an_endpoint_on_the_servers_own_network_is_refused(env, url: str) -> None:  # type: ignore[no-untyped-def]
    env(WEBHOOK_PRIVATE_ADDRESSES=0)
    ana = register("hooks4@example.com", "correct horse battery", "Ana")
    with pytest.raises(webhooks.WebhookError, match="public address"):
        webhooks.set_endpoint(ana.id, url, ["release.found"])
    assert webhooks.endpoint_of(ana.id) is None


def test_a_delivery_is_not_sent_once_the_address_is_private(env) -> None:  # type: ignore[no-untyped-def]
    """Checked again before each delivery: an address allowed when it was set is not trusted later."""
    seed_catalog(artists=120)
    ana = register("hooks5@example.com", "correct horse battery", "Ana")
    with _receiver(200) as receiver:
        webhooks.set_endpoint(ana.id, receiver.url + "/hooks/sbm", ["release.found"])
        asyncio.run(scan_people([ana.id], cache=TTLCache(60)))
        env(WEBHOOK_PRIVATE_ADDRESSES=0)
        sent = webhooks.deliver_due()
        assert receiver.calls("POST") == []
    assert (sent.delivered, sent.retried) == (0, 1)
    [row] = webhooks.delivery_log(ana.id)
    assert row.last_error.startswith("Not sent: That address is this server's own machine") or "private network" in row.last_error

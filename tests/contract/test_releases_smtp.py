"""The digest over real SMTP (smtplib) to a local aiosmtpd server: headers, both parts,
the unsubscribe link, and credentials."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import os
import socket
from collections.abc import Iterator
from email.message import Message
from email.policy import default as default_policy
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from services.accounts.models import User
from services.config import get_settings
from services.db import session_scope
from services.releases import digests
from services.releases.fetching import RetryPolicy, TTLCache
from services.mail import OutboxMailer, get_mailer, outbox
from services.mail.smtp import SmtpMailer
from services.releases.scan import scan_people
from tests.unit.releases.memory_source import MemorySource, World, album

pytestmark = pytest.mark.usefixtures("db")
NOW = dt.datetime(2026, 11, 18, 12, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def _at_now() -> Iterator[None]:
    """The scan, the mail and the click on its link all happen around NOW, whatever the date."""
    with time_machine.travel(NOW, tick=True):
        yield


class Inbox:
    """aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: ANN001
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"


def _authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]  # noqa: ANN001
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"mailer", b"s3cret")
    return AuthResult(success=ok)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=_authenticator, auth_require_tls=False)
    controller.start()
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_STARTTLS": "false", "SMTP_USER": "mailer",
           "SMTP_PASSWORD": "s3cret", "SMTP_FROM": "Release Desk <releases@sbm.test>", "APP_URL": "https://sbm.test"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        yield inbox
    finally:
        controller.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def _person_with_releases() -> int:
    with session_scope() as s:
        user = User(email="ana@x.test", display_name="Ana", password_hash="-")
        s.add(user)
        s.flush()
        uid = user.id
    assert uid is not None
    w = World()
    w.add_artist("lorde", "Lorde", [album("l1", "Virgin", "lorde", "Lorde", NOW.date() - dt.timedelta(days=3))])
    w.add_artist("robyn", "Robyn", [album("r1", "Honey", "robyn", "Robyn", NOW.date() - dt.timedelta(days=1), album_type="single", tracks=1)])
    w.follows[uid] = ["lorde", "robyn"]
    asyncio.run(scan_people([uid], source_for=lambda u: MemorySource(w, u), cache=TTLCache(1), policy=RetryPolicy(attempts=1), now=NOW))
    digests.subscribe(uid, "ana@example.com", "weekly", 4, 9, "UTC", mailer=OutboxMailer(), now=NOW)
    confirm = next(line for line in outbox(uid)[0].text.splitlines() if "Confirm: " in line).split("Confirm: ")[1]
    digests.confirm(parse_qs(urlsplit(confirm).query)["token"][0], NOW)
    return uid


def _parts(msg: Message) -> dict[str, str]:
    return {part.get_content_type(): part.get_content() for part in msg.walk() if not part.is_multipart()}  # type: ignore[attr-defined]


def test_smtp_is_used_when_configured(smtp_server: Inbox) -> None:
    assert isinstance(get_mailer(), SmtpMailer)


def test_a_digest_over_smtp_has_headers_both_parts_and_a_working_unsubscribe_link(smtp_server: Inbox) -> None:
    uid = _person_with_releases()
    result = digests.send_digest(uid, now=NOW)
    assert result.sent and result.releases == 2

    [(mail_from, rcpt, raw)] = smtp_server.messages
    assert mail_from == "releases@sbm.test" and rcpt == ["ana@example.com"]
    msg = email.message_from_bytes(raw, policy=default_policy)
    assert msg["From"] == "Release Desk <releases@sbm.test>" and msg["To"] == "ana@example.com"
    assert msg["Subject"] == "2 new releases from 2 artists you follow"
    assert msg.get_content_type() == "multipart/alternative" and msg["Message-ID"] and msg["Date"]
    parts = _parts(msg)
    assert set(parts) == {"text/plain", "text/html"}
    assert "Lorde (1 new release)\r\n  * Virgin" in parts["text/plain"] and "https://open.spotify.com/album/r1" in parts["text/plain"]
    assert '<img src="https://img.test/l1.jpg"' in parts["text/html"]

    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = str(msg["List-Unsubscribe"]).strip("<>")
    assert link.startswith("https://sbm.test/releases/unsubscribe?token=")
    assert link in parts["text/plain"] and link.replace("&", "&amp;") in parts["text/html"]
    assert digests.unsubscribe(parse_qs(urlsplit(link).query)["token"][0]).status == "unsubscribed"

    [logged] = [m for m in outbox(uid) if m.sent_via == "smtp"]
    assert logged.subject == msg["Subject"]


def test_an_unreachable_server_fails_loudly_and_marks_nothing_as_sent(smtp_server: Inbox) -> None:
    uid = _person_with_releases()
    os.environ["SMTP_PORT"] = str(_free_port())  # nobody listens there
    get_settings.cache_clear()
    with pytest.raises(OSError):
        digests.send_digest(uid, now=NOW)
    assert smtp_server.messages == [] and not [m for m in outbox(uid) if m.sent_via == "smtp"]
    assert len(digests.pending_releases(uid, NOW)) == 2  # the next attempt still carries both

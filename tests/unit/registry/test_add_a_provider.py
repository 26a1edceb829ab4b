"""README's "How to add a provider", run as written: a toy mail provider added through
the registry in a few lines is what the app's own features then send with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from services import accounts
from services.mail import MailMessage, OutboxMailer, get_mailer, outbox
from services.registry import Adapter, registry
from services.releases import digests

pytestmark = pytest.mark.usefixtures("db")


class PigeonMailer:
    """A toy adapter: it implements `services.mail.Mailer` by keeping what it was given."""

    via = "pigeon"

    def __init__(self, loft: str) -> None:
        self.loft, self.carried = loft, []

    def send(self, message: MailMessage) -> str:
        self.carried.append(message)
        return self.via


@pytest.fixture
def pigeon() -> Iterator[None]:
    # The README's lines:
    registry.add("mail", Adapter("pigeon", PigeonMailer, when=lambda s: s.app_env == "test",
                                 kwargs=lambda s: {"loft": s.public_url}))
    yield
    registry.remove("mail", "pigeon")


def test_a_provider_added_through_the_registry_carries_the_apps_mail(pigeon: None) -> None:
    mailer = get_mailer()
    assert isinstance(mailer, PigeonMailer) and mailer.loft.startswith("http://localhost")
    assert registry.mode("mail") == "live" and get_mailer() is mailer  # built once
    user, _ = accounts.sign_up("ana@example.com", "good pass 123")
    digests.subscribe(user.id, "ana@example.com")  # the digest's confirmation mail
    (message,) = mailer.carried
    assert message.to == "ana@example.com" and "confirm" in message.text.lower()
    assert outbox(user.id) == []  # nothing went the offline way


def test_without_it_the_offline_default_answers_again(pigeon: None) -> None:
    registry.remove("mail", "pigeon")
    assert isinstance(get_mailer(), OutboxMailer) and registry.mode("mail") == "demo"

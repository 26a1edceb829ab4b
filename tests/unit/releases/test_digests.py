"""Digests as a person meets them: opt in, confirm, receive, never twice, unsubscribe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from services.db import session_scope
from services.releases import digests as d
from services.releases.fetching import RetryPolicy, TTLCache
from services.mail import OutboxMailer, outbox
from services.releases.models import DigestSubscription
from services.releases.scan import scan_people
from services.releases.tokens import TokenError, make_token
from tests.unit.releases.memory_source import MemorySource, World, album

pytestmark = pytest.mark.calendar  # date-sensitive: runs at every instant of the sweep

NOW = dt.datetime(2026, 11, 18, 12, tzinfo=dt.timezone.utc)  # Wednesday


def token_in(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def last_mail(user_id: int):  # type: ignore[no-untyped-def]
    return outbox(user_id)[0]


@pytest.fixture
def world() -> World:
    w = World()
    w.add_artist("lorde", "Lorde", [album("l1", "Virgin <Deluxe & More>", "lorde", "Lorde", NOW.date() - dt.timedelta(days=5))])
    w.add_artist("robyn", "Robyn", [album("r1", "Honey", "robyn", "Robyn", NOW.date() - dt.timedelta(days=2), album_type="single", tracks=1)])
    return w


async def scan(world: World, uid: int, now: dt.datetime = NOW) -> None:
    await scan_people([uid], source_for=lambda u: MemorySource(world, u), cache=TTLCache(1), policy=RetryPolicy(attempts=1), now=now)


@pytest.fixture
async def ana(world: World, make_user: Callable[[str], int]) -> int:
    uid = make_user("ana@x.test")
    world.follows[uid] = ["lorde", "robyn"]
    await scan(world, uid)
    return uid


def subscribe_and_confirm(uid: int, **kw: object) -> None:
    d.subscribe(uid, "Ana@Example.com", "weekly", 4, 9, "Europe/Berlin", mailer=OutboxMailer(), now=NOW, **kw)  # type: ignore[arg-type]
    link = next(line for line in last_mail(uid).text.splitlines() if "/releases/confirm?token=" in line)
    d.confirm(token_in(link.split("Confirm: ")[1]), NOW)


def test_subscribing_sends_only_a_confirmation_until_it_is_clicked(ana: int) -> None:
    view = d.subscribe(ana, " Ana@Example.com ", "weekly", 4, 9, "Europe/Berlin", mailer=OutboxMailer(), now=NOW)
    assert view.status == "pending" and view.email == "ana@example.com" and view.next_send_at is None
    mail = last_mail(ana)
    assert mail.to == "ana@example.com" and "Confirm" in mail.subject and "/releases/confirm?token=" in mail.html
    assert d.send_due_digests(NOW + dt.timedelta(days=30), OutboxMailer()).due == 0  # no consent, no digest
    assert len(outbox(ana)) == 1


def test_confirming_starts_the_schedule_in_the_persons_zone(ana: int) -> None:
    subscribe_and_confirm(ana)
    view = d.digest_settings(ana)
    assert view is not None and view.status == "active"
    assert view.next_send_at == dt.datetime(2026, 11, 20, 8, tzinfo=dt.timezone.utc)  # Friday 09:00 Berlin
    assert view.description == "Every Friday at 09:00 (Europe/Berlin)"


@pytest.mark.parametrize(
    ("email", "schedule", "weekday", "hour", "zone", "field"),
    [
        ("not-an-email", "weekly", 4, 9, "UTC", "email"),
        ("a@b", "weekly", 4, 9, "UTC", "email"),
        ("a b@example.com", "weekly", 4, 9, "UTC", "email"),
        ("a@example.com", "hourly", 4, 9, "UTC", "schedule"),
        ("a@example.com", "weekly", 9, 9, "UTC", "weekday"),
        ("a@example.com", "weekly", 4, 25, "UTC", "hour"),
        ("a@example.com", "weekly", 4, 9, "Nowhere/City", "time_zone"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(ana: int, email: str, schedule: str, weekday: int, hour: int, zone: str, field: str) -> None:
    subscribe_and_confirm(ana)
    before = d.digest_settings(ana)
    sent = len(outbox(ana))
    with pytest.raises(d.DigestError) as err:
        d.subscribe(ana, email, schedule, weekday, hour, zone, mailer=OutboxMailer(), now=NOW)
    assert err.value.field == field and err.value.message
    assert d.digest_settings(ana) == before and len(outbox(ana)) == sent


def test_a_due_digest_has_both_parts_covers_links_and_an_unsubscribe_link(ana: int) -> None:
    subscribe_and_confirm(ana)
    counts = d.send_due_digests(dt.datetime(2026, 11, 20, 8, 5, tzinfo=dt.timezone.utc), OutboxMailer())
    assert (counts.due, counts.sent, counts.errors) == (1, 1, 0)
    mail = last_mail(ana)
    assert mail.to == "ana@example.com" and mail.subject == "2 new releases from 2 artists you follow"
    assert '<img src="https://img.test/l1.jpg"' in mail.html and 'href="https://open.spotify.com/album/l1"' in mail.html
    assert "Virgin &lt;Deluxe &amp; More&gt;" in mail.html and "<Deluxe" not in mail.html  # escaped
    text = mail.text.splitlines()
    # Grouped by artist, the artist with the newest release first.
    assert text.index("Robyn (1 new release)") < text.index("Lorde (1 new release)")
    assert "  * Virgin <Deluxe & More>" in text and "https://open.spotify.com/album/r1" in mail.text
    assert "Single" in mail.text and "Album" in mail.text
    unsub = next(h for h in mail.headers.splitlines() if h.startswith("List-Unsubscribe:"))
    link = unsub.split("<")[1].rstrip(">")
    assert link in mail.text and "/releases/unsubscribe?token=" in link
    view = d.unsubscribe(token_in(link), NOW)
    assert view.status == "unsubscribed" and view.next_send_at is None
    assert d.send_due_digests(NOW + dt.timedelta(days=60), OutboxMailer()).due == 0


async def test_a_release_is_never_sent_twice(ana: int, world: World) -> None:
    subscribe_and_confirm(ana)
    first = d.send_digest(ana, mailer=OutboxMailer(), now=NOW)
    assert first.sent and first.releases == 2
    again = d.send_digest(ana, mailer=OutboxMailer(), now=NOW + dt.timedelta(days=7))
    assert not again.sent and again.reason == "nothing new"
    world.add_artist("robyn", "Robyn", [album("r2", "Fresh", "robyn", "Robyn", NOW.date())])
    await scan(world, ana, NOW + dt.timedelta(hours=4))
    third = d.send_digest(ana, mailer=OutboxMailer(), now=NOW + dt.timedelta(days=8))
    assert third.releases == 1
    assert "Fresh" in last_mail(ana).text and "Honey" not in last_mail(ana).text


def test_nothing_new_still_moves_the_schedule_on(ana: int) -> None:
    subscribe_and_confirm(ana)
    friday = dt.datetime(2026, 11, 20, 8, tzinfo=dt.timezone.utc)
    assert d.send_due_digests(friday, OutboxMailer()).sent == 1
    next_friday = friday + dt.timedelta(days=7)
    assert d.send_due_digests(next_friday - dt.timedelta(minutes=1), OutboxMailer()).due == 0
    counts = d.send_due_digests(next_friday, OutboxMailer())
    assert (counts.due, counts.sent, counts.empty) == (1, 0, 1)
    assert d.digest_settings(ana).next_send_at == next_friday + dt.timedelta(days=7)  # type: ignore[union-attr]


def test_the_test_digest_goes_out_without_using_up_releases(ana: int) -> None:
    result = d.send_test_digest(ana, mailer=OutboxMailer(), now=NOW)
    assert result.to == "ana@x.test" and result.releases == 2  # not confirmed: the account address
    assert last_mail(ana).subject.startswith("[Test] ")
    subscribe_and_confirm(ana)
    assert d.send_digest(ana, mailer=OutboxMailer(), now=NOW).releases == 2


def test_forged_and_expired_links_say_so_and_change_nothing(ana: int) -> None:
    subscribe_and_confirm(ana)
    with pytest.raises(TokenError, match="not valid"):
        d.unsubscribe("eyJmb3JnZWQiOjF9.AAAA", NOW)
    old = make_token("unsubscribe", ana, "ana@example.com", NOW - dt.timedelta(days=365))
    with pytest.raises(TokenError, match="expired"):
        d.unsubscribe(old, NOW)
    assert d.digest_settings(ana).status == "active"  # type: ignore[union-attr]


def test_a_confirmation_for_an_old_address_does_not_confirm_a_new_one(ana: int) -> None:
    d.subscribe(ana, "first@example.com", mailer=OutboxMailer(), now=NOW)
    first_link = token_in(next(line for line in last_mail(ana).text.splitlines() if "Confirm: " in line).split("Confirm: ")[1])
    d.subscribe(ana, "second@example.com", mailer=OutboxMailer(), now=NOW)
    with pytest.raises(d.DigestError, match="no longer subscribed"):
        d.confirm(first_link, NOW)
    with session_scope() as s:
        assert s.exec(select(DigestSubscription.status)).one() == "pending"


def test_changing_the_schedule_replans_and_off_stops_sending(ana: int) -> None:
    subscribe_and_confirm(ana)
    view = d.update_schedule(ana, "monthly", 0, 7, "America/New_York", NOW)
    assert view.next_send_at == dt.datetime(2026, 12, 7, 12, tzinfo=dt.timezone.utc)  # first Monday, 07:00 EST
    assert d.update_schedule(ana, "off", 0, 7, "America/New_York", NOW).next_send_at is None

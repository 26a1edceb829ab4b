"""My artists on tour and on-sale / new-date alerts against the Ticketmaster and
Bandsintown fakes: matched by id, tributes and namesakes left out, each alert sent once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone

import pytest

from services.accounts.models import User
from services.db import session_scope
from services.events.alerts import alert_user
from services.events.artist_match import FollowedArtist
from services.events.bandsintown import BandsintownSource
from services.events.finder import SearchRequest
from services.events.quota import ticketmaster_limiter
from services.events.ticketmaster import TicketmasterSource
from services.events.tour import tour_near
from services.mail import OutboxMailer, outbox
from services.releases.models import DigestSubscription
from tests.fakeapi import FakeAPI, Request, Response

pytestmark = pytest.mark.usefixtures("db")
NOVA = "4Z8W4fKeB5YxbusRsdQVPb"
NAMESAKE = "7dGJo4pcD2V6oG8kP0tJRR"
NOW = datetime(2030, 5, 1, 12, 0, tzinfo=timezone.utc)
BERLIN = (52.5111, 13.4430)
MUNICH = (48.1747, 11.5500)


def tm_show(ident: str, name: str, attraction: tuple[str, str, str], day: str, *, where: tuple[float, float] = BERLIN,
            onsale: str | None = None) -> dict:
    att_id, att_name, spotify = attraction
    item: dict = {
        "id": ident, "name": name, "url": f"https://tm.example/{ident}",
        "dates": {"start": {"localDate": day, "localTime": "20:00:00"}, "timezone": "Europe/Berlin"},
        "_embedded": {
            "venues": [{"name": "Uber Arena", "city": {"name": "Berlin"}, "country": {"countryCode": "DE"},
                        "location": {"latitude": str(where[0]), "longitude": str(where[1])}}],
            "attractions": [{"id": att_id, "name": att_name,
                             **({"externalLinks": {"spotify": [{"url": f"https://open.spotify.com/artist/{spotify}"}]}}
                                if spotify else {})}],
        },
    }
    if onsale:
        item["sales"] = {"public": {"startDateTime": onsale}}
    return item


class Fakes:
    def __init__(self, tm: FakeAPI, bit: FakeAPI) -> None:
        self.tm, self.bit = tm, bit
        self.tm_shows = [
            tm_show("T1", "Nova – World Tour", ("K-NOVA", "Nova", NOVA), "2030-06-10"),
            tm_show("T2", "Nova", ("K-OTHER", "Nova", NAMESAKE), "2030-06-12"),  # a namesake
            tm_show("T3", "A Tribute to Nova", ("K-TRIB", "Nova", ""), "2030-06-14"),  # a tribute billed as Nova
            tm_show("T4", "Nova – World Tour", ("K-NOVA", "Nova", NOVA), "2030-06-20", where=MUNICH),  # too far
        ]
        self.bit_shows = [
            {"id": "B1", "artist_id": "77", "datetime": "2030-06-10T20:00:00", "url": "https://bit.example/B1",
             "artist": {"id": "77", "name": "Nova", "links": [{"type": "spotify", "url": f"https://open.spotify.com/artist/{NOVA}"}]},
             "venue": {"name": "Uber Arena", "city": "Berlin", "country": "Germany", "latitude": "52.5111", "longitude": "13.4430"},
             "lineup": ["Nova"], "offers": [{"type": "Tickets", "url": "https://bit.example/t/B1", "status": "available"}]},
        ]

        @tm.route("GET", r"/discovery/v2/events\.json")
        def tm_events(req: Request) -> Response:
            keyword = (req.arg("keyword") or "").casefold()
            shows = [s for s in self.tm_shows if keyword in s["name"].casefold() or keyword in
                     s["_embedded"]["attractions"][0]["name"].casefold()]
            return Response.json({"_embedded": {"events": shows}, "page": {"totalPages": 1}})

        @bit.route("GET", r"/artists/(?P<name>.+)/events")
        def bit_events(req: Request) -> Response:
            return Response.json(self.bit_shows if "Nova" in req.path else [])

    def sources(self) -> list:
        return [TicketmasterSource(api_key="k", base_url=self.tm.url + "/discovery/v2/", limiter=ticketmaster_limiter(),
                                   sleep=lambda s: None),
                BandsintownSource(app_id="a", base_url=self.bit.url + "/", sleep=lambda s: None)]


@pytest.fixture
def fakes() -> Iterator[Fakes]:
    with FakeAPI() as tm, FakeAPI() as bit:
        yield Fakes(tm, bit)


def artists() -> list[FollowedArtist]:
    return [FollowedArtist.of("Nova", NOVA)]


def test_tour_near_keeps_the_artist_and_leaves_out_the_namesake_and_the_tribute(fakes: Fakes) -> None:
    req = SearchRequest(place="Berlin", radius=50, start=date(2030, 5, 1), end=date(2030, 8, 1))
    tour = tour_near(req, artists(), fakes.sources(), today=date(2030, 5, 1))
    found = tour.result.found
    assert len(found) == 1  # T1 and B1 are one show, merged; T4 is in Munich
    show = found[0].event
    assert show.local_date == date(2030, 6, 10) and set(show.sources) == {"ticketmaster", "bandsintown"}
    assert tour.left_out == {"namesake": 1, "tribute": 1}
    assert tour.calls == {"ticketmaster": 1, "bandsintown": 1}
    assert any("Left out: 1 namesake and 1 tribute or cover act" in n for n in tour.result.notices)


def _subscriber(email: str = "fan@example.com") -> int:
    with session_scope() as db:
        user = User(email=email, display_name="fan", password_hash="unused")
        db.add(user)
        db.flush()
        assert user.id is not None
        db.add(DigestSubscription(user_id=user.id, email=email, status="active"))
        return user.id


def test_a_new_date_and_an_on_sale_date_each_alert_exactly_once(fakes: Fakes) -> None:
    user_id = _subscriber()
    mailer = OutboxMailer()
    first = alert_user(user_id, "fan@example.com", fakes.sources(), mailer, artists(), now=NOW)
    assert (first.known, first.new_dates, first.on_sales, first.mailed) == (2, 0, 0, False)  # Berlin and Munich, silently
    assert outbox(user_id) == []

    fakes.tm_shows.append(tm_show("T5", "Nova – Extra Date", ("K-NOVA", "Nova", NOVA), "2030-07-01",
                                  onsale="2030-05-03T08:00:00Z"))
    fakes.tm_shows.append(tm_show("T6", "Nova", ("K-OTHER", "Nova", NAMESAKE), "2030-07-02",
                                  onsale="2030-05-03T08:00:00Z"))  # the namesake's new date: no alert
    second = alert_user(user_id, "fan@example.com", fakes.sources(), mailer, artists(), now=NOW)
    assert (second.new_dates, second.on_sales, second.mailed) == (1, 1, True)
    mails = outbox(user_id)
    assert len(mails) == 1
    assert mails[0].subject == "1 on-sale date and 1 new date from artists you follow"
    assert "Tickets on sale" in mails[0].text and "New date: Nova" in mails[0].text
    assert "/releases/unsubscribe" in mails[0].text and "List-Unsubscribe" in mails[0].headers

    third = alert_user(user_id, "fan@example.com", fakes.sources(), mailer, artists(), now=NOW)
    assert (third.new_dates, third.on_sales, third.mailed) == (0, 0, False)
    assert len(outbox(user_id)) == 1  # never repeated


def test_no_consent_no_alert_job_mail(fakes: Fakes) -> None:
    from services.events.alerts import subscribers

    user_id = _subscriber("pending@example.com")
    with session_scope() as db:
        row = db.get(DigestSubscription, user_id)
        assert row is not None
        row.status = "pending"
        db.add(row)
    assert subscribers() == []

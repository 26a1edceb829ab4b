"""`/api/v1/releases` and `/api/v1/events` through HTTP with tokens: the feed after a scan
(paged, filtered), the watch list, digest settings (a bad address refused, the new one
pending until confirmed), concerts near a place and my artists on tour (demo sources)."""

from __future__ import annotations

from services.mail import outbox
from services.releases import digest_settings
from services.releases.fetching import TTLCache
from services.releases.scan import scan_people
from tests.api.conftest import bearer, is_problem


async def _scan(user_id: int) -> None:
    counts = await scan_people([user_id], cache=TTLCache(60))  # no Spotify keys: the demo catalog
    assert counts.errors == 0 and counts.releases_found > 0


def test_the_feed_pages_and_filters(client, person, token) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    ana = person("Ana")
    secret = token(ana, "releases:read")
    assert client.get("/api/v1/releases/feed", headers=bearer(secret)).json() == {"items": [], "next_cursor": None}
    asyncio.run(_scan(ana.id))
    everything = client.get("/api/v1/releases/feed", params={"limit": 100}, headers=bearer(secret)).json()["items"]
    assert everything and all(i["title"] and i["artist_name"] for i in everything)
    seen, cursor = [], ""
    while True:
        page = client.get("/api/v1/releases/feed", params={"limit": 2, "cursor": cursor}, headers=bearer(secret)).json()
        seen += [i["release_id"] for i in page["items"]]
        if not page["next_cursor"]:
            break
        cursor = page["next_cursor"]
    assert seen == [i["release_id"] for i in everything]  # every card once, in the feed's order
    kind = everything[0]["kind"]
    only = client.get("/api/v1/releases/feed", params={"kind": kind, "limit": 100}, headers=bearer(secret)).json()["items"]
    assert only and {i["kind"] for i in only} == {kind}
    is_problem(client.get("/api/v1/releases/feed", params={"kind": "mixtape"}, headers=bearer(secret)), 422)
    is_problem(client.get("/api/v1/releases/feed", params={"cursor": "garbage!"}, headers=bearer(secret)), 400)


def test_watch_list_and_digest_settings(client, person, token) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "releases:write")
    watched = client.put("/api/v1/releases/watchlist/artist-1", json={"name": "Ada Rivers"}, headers=bearer(secret)).json()
    assert watched["watched"] == [{"artist_id": "artist-1", "name": "Ada Rivers"}]
    blocked = client.put("/api/v1/releases/watchlist/artist-2", json={"name": "Loud Band", "blocked": True},
                         headers=bearer(secret)).json()
    assert [a["artist_id"] for a in blocked["blocked"]] == ["artist-2"]
    assert client.delete("/api/v1/releases/watchlist/artist-1", headers=bearer(secret)).status_code == 204
    assert client.get("/api/v1/releases/watchlist", headers=bearer(secret)).json()["watched"] == []

    assert client.get("/api/v1/releases/digest", headers=bearer(secret)).json() is None
    bad = client.put("/api/v1/releases/digest", json={"email": "not-an-address"}, headers=bearer(secret))
    is_problem(bad, 422)
    assert digest_settings(ana.id) is None
    made = client.put("/api/v1/releases/digest", json={"email": "ana@example.com", "schedule": "weekly", "weekday": 4, "hour": 9},
                      headers=bearer(secret))
    assert made.status_code == 200 and made.json()["status"] == "pending"
    assert any("ana@example.com" in m.to for m in outbox(ana.id))  # the confirmation mail, as from the page
    assert client.delete("/api/v1/releases/digest", headers=bearer(secret)).json()["status"] == "unsubscribed"


def test_concerts_near_a_place_and_my_artists_on_tour(client, person, token) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "events:read")
    near = client.get("/api/v1/events/search", params={"place": "Berlin", "radius": 100, "limit": 5}, headers=bearer(secret))
    assert near.status_code == 200, near.text
    body = near.json()
    assert body["mode"] == "demo" and body["place"].startswith("Berlin") and 1 <= len(body["items"]) <= 5
    assert all(f["distance_km"] <= 100.5 for f in body["items"])
    if body["next_cursor"]:
        more = client.get("/api/v1/events/search", params={"place": "Berlin", "radius": 100, "limit": 5,
                                                           "cursor": body["next_cursor"]}, headers=bearer(secret)).json()
        assert not {f["event"]["id"] for f in more["items"]} & {f["event"]["id"] for f in body["items"]}
    unknown = client.get("/api/v1/events/search", params={"place": "Atlantis Nowhere"}, headers=bearer(secret))
    assert "No place called" in is_problem(unknown, 422)["detail"]
    mine = client.get("/api/v1/events/my-artists", params={"place": "London", "radius": 500}, headers=bearer(secret))
    assert mine.status_code == 200, mine.text
    from services.events import my_artists

    names = set(my_artists(ana.id).names)
    assert mine.json()["items"] and all(set(f["event"]["lineup"]) & names for f in mine.json()["items"])
    is_problem(client.get("/api/v1/events/search", params={"place": "Berlin"}, headers=bearer(token(ana, "party:read"))), 403)

"""`/api/v1/party` through HTTP with tokens: a bot opens a room, finds and queues a track of
the host's music, votes, reads now playing, skips, chats, lists people; a friend joins by
code; other people's rooms are 404; idempotency keys make a retried create a no-op."""

from __future__ import annotations

from services.party import my_rooms
from tests.api.conftest import bearer, is_problem


def _room(client, secret: str, name: str = "Friday", **settings) -> str:  # type: ignore[no-untyped-def]
    made = client.post("/api/v1/party/rooms", json={"name": name, **settings}, headers=bearer(secret))
    assert made.status_code == 201, made.text
    assert made.json()["me"]["role"] == "host"
    return made.json()["snapshot"]["room"]["code"]


def test_a_bot_runs_a_room_end_to_end(client, person, token) -> None:  # type: ignore[no-untyped-def]
    host, friend = person("Hana"), person("Finn")
    bot, pal = token(host, "party:write"), token(friend, "party:write")
    code = _room(client, bot)
    assert client.get("/api/v1/party/rooms", headers=bearer(bot)).json()["items"][0]["code"] == code

    found = client.get(f"/api/v1/party/rooms/{code}/search", params={"q": "pop"}, headers=bearer(bot)).json()
    assert len(found) >= 3 and all(t["track_id"] and t["title"] for t in found)
    first = client.post(f"/api/v1/party/rooms/{code}/queue", json={"track_id": found[0]["track_id"]}, headers=bearer(bot))
    assert first.status_code == 201 and first.json()["title"] == found[0]["title"]  # the title comes from the catalog
    again = client.post(f"/api/v1/party/rooms/{code}/queue", json={"track_id": found[0]["track_id"]}, headers=bearer(bot))
    assert "already in the queue" in is_problem(again, 422)["detail"]
    made_up = client.post(f"/api/v1/party/rooms/{code}/queue", json={"track_id": "no-such-track"}, headers=bearer(bot))
    is_problem(made_up, 422)

    # A friend is not in the room until they join with the code.
    is_problem(client.get(f"/api/v1/party/rooms/{code}/queue", headers=bearer(pal)), 404)
    joined = client.post(f"/api/v1/party/rooms/{code}/join", json={"display_name": "Finn"}, headers=bearer(pal))
    assert joined.status_code == 200 and joined.json()["me"]["role"] == "listener"
    second = client.post(f"/api/v1/party/rooms/{code}/queue", json={"track_id": found[1]["track_id"]}, headers=bearer(pal)).json()
    voted = client.post(f"/api/v1/party/rooms/{code}/queue/{second['id']}/vote", json={"value": 1}, headers=bearer(bot))
    assert voted.json()["up"] == 1
    queue = client.get(f"/api/v1/party/rooms/{code}/queue", params={"limit": 1}, headers=bearer(pal)).json()
    assert [q["id"] for q in queue["items"]] == [second["id"]] and queue["next_cursor"]
    rest = client.get(f"/api/v1/party/rooms/{code}/queue", params={"limit": 1, "cursor": queue["next_cursor"]},
                      headers=bearer(pal)).json()
    assert [q["id"] for q in rest["items"]] == [first.json()["id"]] and rest["next_cursor"] is None

    said = client.post(f"/api/v1/party/rooms/{code}/chat", json={"text": "next one is mine"}, headers=bearer(pal))
    assert said.status_code == 201
    assert client.get(f"/api/v1/party/rooms/{code}/chat", headers=bearer(bot)).json()["items"][-1]["text"] == "next one is mine"
    people = client.get(f"/api/v1/party/rooms/{code}/people", headers=bearer(bot)).json()
    assert sorted(p["display_name"] for p in people) == ["Finn", "Hana"]

    skip = client.post(f"/api/v1/party/rooms/{code}/skip", json={"now": True}, headers=bearer(bot))
    assert skip.status_code == 200
    playing = client.get(f"/api/v1/party/rooms/{code}/now-playing", headers=bearer(pal)).json()
    assert playing["track_id"] == found[1]["track_id"]  # the upvoted track played first
    listener_skip = client.post(f"/api/v1/party/rooms/{code}/skip", json={"now": True}, headers=bearer(pal))
    is_problem(listener_skip, 403)
    is_problem(client.delete(f"/api/v1/party/rooms/{code}", headers=bearer(pal)), 403)
    assert client.delete(f"/api/v1/party/rooms/{code}", headers=bearer(bot)).status_code == 204
    ended = client.post(f"/api/v1/party/rooms/{code}/chat", json={"text": "hello?"}, headers=bearer(pal))
    is_problem(ended, 409)


def test_other_peoples_rooms_and_items_are_404(client, person, token) -> None:  # type: ignore[no-untyped-def]
    mine = token(person("Mia"), "party:write")
    code = _room(client, mine)
    stranger = token(person("Sam"), "party:write")
    for path in ("", "/queue", "/chat", "/people", "/now-playing"):
        is_problem(client.get(f"/api/v1/party/rooms/{code}{path}", headers=bearer(stranger)), 404)
    is_problem(client.post(f"/api/v1/party/rooms/{code}/queue/1/vote", json={"value": 1}, headers=bearer(stranger)), 404)
    is_problem(client.get("/api/v1/party/rooms/ZZZZZZ", headers=bearer(mine)), 404)


def test_the_add_policy_holds_for_bots_too(client, person, token) -> None:  # type: ignore[no-untyped-def]
    host = token(person("Hal"), "party:write")
    code = _room(client, host, add_policy="hosts")
    guest = token(person("Gus"), "party:write")
    client.post(f"/api/v1/party/rooms/{code}/join", json={}, headers=bearer(guest))
    track = client.get(f"/api/v1/party/rooms/{code}/search", params={"q": "rock"}, headers=bearer(guest)).json()[0]
    is_problem(client.post(f"/api/v1/party/rooms/{code}/queue", json={"track_id": track["track_id"]}, headers=bearer(guest)), 403)


def test_an_idempotency_key_makes_a_retried_create_a_no_op(client, person, token) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "party:write")
    headers = {**bearer(secret), "Idempotency-Key": "room-2026-12-05"}
    first = client.post("/api/v1/party/rooms", json={"name": "Once"}, headers=headers)
    retry = client.post("/api/v1/party/rooms", json={"name": "Once"}, headers=headers)
    assert (first.status_code, retry.status_code) == (201, 201) and retry.headers["idempotent-replayed"] == "true"
    assert retry.json()["snapshot"]["room"]["code"] == first.json()["snapshot"]["room"]["code"]
    assert len(my_rooms(ana.id)) == 1
    other = client.post("/api/v1/party/rooms", json={"name": "Twice"}, headers=headers)
    assert is_problem(other, 422)["type"].endswith("/idempotency-key-reused")
    assert len(my_rooms(ana.id)) == 1
    refused = client.post("/api/v1/party/rooms", json={"name": ""}, headers={**bearer(secret), "Idempotency-Key": "k2"})
    is_problem(refused, 422)
    fixed = client.post("/api/v1/party/rooms", json={"name": "Fixed"}, headers={**bearer(secret), "Idempotency-Key": "k3"})
    assert fixed.status_code == 201 and len(my_rooms(ana.id)) == 2


def test_the_example_party_bot_queues_a_track_and_says_so(client, person, token) -> None:  # type: ignore[no-untyped-def]
    from scripts.party_bot import add_track

    host = token(person("Hana"), "party:write")
    code = _room(client, host)
    client.headers["Authorization"] = f"Bearer {token(person('Bot'), 'party:write')}"
    added = add_track(client, code.lower(), "pop")
    assert added is not None and added["added_by_name"] == "Party bot"
    del client.headers["Authorization"]
    queue = client.get(f"/api/v1/party/rooms/{code}/queue", headers=bearer(host)).json()["items"]
    chat = client.get(f"/api/v1/party/rooms/{code}/chat", headers=bearer(host)).json()["items"]
    assert [q["title"] for q in queue] == [added["title"]] and added["title"] in chat[-1]["text"]

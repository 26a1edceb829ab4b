"""Tokens at the door of `/api/v1`: missing, unknown, revoked and expired tokens are 401;
a token without the area's scope (or read-only on a write) is 403 and creates nothing;
each token has its own bucket in the app's one rate limiter (429 with `Retry-After`);
every refusal is one problem+json shape, bad bodies included."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from services.accounts import api_tokens
from services.db import utcnow
from services.party import my_rooms
from tests.api.conftest import bearer, is_problem


def test_no_token_or_a_wrong_one_is_401_with_a_challenge(client, person, token) -> None:  # type: ignore[no-untyped-def]
    body = is_problem(client.get("/api/v1/me"), 401)
    assert body["type"].endswith("/missing-token") and body["instance"] == "/api/v1/me"
    assert client.get("/api/v1/me").headers["www-authenticate"].startswith("Bearer")
    is_problem(client.get("/api/v1/me", headers=bearer("sbm_not-a-real-token")), 401)
    is_problem(client.get("/api/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"}), 401)


def test_a_revoked_token_stops_at_the_next_call(client, person, token) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "account:read")
    assert client.get("/api/v1/me", headers=bearer(secret)).json()["email"] == ana.email
    [info] = api_tokens.list_tokens(ana.id)
    assert api_tokens.revoke_token(ana.id, info.id)
    assert is_problem(client.get("/api/v1/me", headers=bearer(secret)), 401)["type"].endswith("/invalid-token")


def test_an_expired_token_is_refused(client, person) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret, _ = api_tokens.create_token(ana.id, "short", ["account:read"], expires_in_days=1)
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    with time_machine.travel(utcnow() + timedelta(days=1, minutes=1), tick=False):
        is_problem(client.get("/api/v1/me", headers=bearer(secret)), 401)


def test_only_the_hash_is_stored_and_last_use_is_recorded(client, person, token) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from services.accounts.models import ApiToken
    from services.db import session_scope

    ana = person("Ana")
    secret = token(ana, "account:read")
    with session_scope() as db:
        row = db.exec(select(ApiToken)).one()
        assert secret not in (row.token_hash, row.prefix, row.scopes) and row.last_used_at is None
    client.get("/api/v1/me", headers=bearer(secret))
    assert api_tokens.list_tokens(ana.id)[0].last_used_at is not None


def test_a_read_only_token_cannot_write_and_nothing_is_created(client, person, token) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    reader = token(ana, "party:read")
    body = is_problem(client.post("/api/v1/party/rooms", json={"name": "Nope"}, headers=bearer(reader)), 403)
    assert body["type"].endswith("/insufficient-scope") and "party:write" in body["detail"]
    assert my_rooms(ana.id) == []
    assert client.get("/api/v1/party/rooms", headers=bearer(reader)).status_code == 200
    other_area = token(ana, "worlds:write")
    is_problem(client.get("/api/v1/party/rooms", headers=bearer(other_area)), 403)
    is_problem(client.get("/api/v1/me", headers=bearer(other_area)), 403)


def test_each_token_has_its_own_bucket_in_the_rate_limiter(client, person, token, settings) -> None:  # type: ignore[no-untyped-def]
    settings(RATE_API_PER_MINUTE=3)
    ana = person("Ana")
    busy, calm = token(ana, "account:read"), token(ana, "account:read")
    for _ in range(3):
        assert client.get("/api/v1/me", headers=bearer(busy)).status_code == 200
    refused = client.get("/api/v1/me", headers=bearer(busy))
    body = is_problem(refused, 429)
    assert 1 <= int(refused.headers["retry-after"]) <= 20 and body["type"].endswith("/rate-limited")
    assert client.get("/api/v1/me", headers=bearer(calm)).status_code == 200


def test_bad_bodies_are_problems_and_create_nothing(client, person, token, settings) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "party:write")
    headers = {**bearer(secret), "Content-Type": "application/json"}
    assert is_problem(client.post("/api/v1/party/rooms", content=b'{"name": "Fri', headers=headers), 400)["type"].endswith(
        "/malformed-json")
    wrong = is_problem(client.post("/api/v1/party/rooms", json={"name": "X", "queue_limit": "lots"}, headers=headers), 422)
    assert wrong["errors"][0]["loc"] == ["body", "queue_limit"]
    unknown = is_problem(client.post("/api/v1/party/rooms", json={"name": "X", "admin": True}, headers=headers), 422)
    assert unknown["errors"][0]["type"] == "extra_forbidden"
    settings(API_MAX_BODY_KB=4)
    huge = client.post("/api/v1/party/rooms", json={"name": "X" * 10_000}, headers=headers)
    assert is_problem(huge, 413)
    assert my_rooms(ana.id) == []


def test_unknown_paths_and_methods_are_problems_too(client, person, token) -> None:  # type: ignore[no-untyped-def]
    secret = token(person("Ana"), "party:write")
    is_problem(client.get("/api/v1/nothing-here", headers=bearer(secret)), 404)
    is_problem(client.put("/api/v1/party/rooms", json={}, headers=bearer(secret)), 405)


WRITES = [
    ("post", "/api/v1/worlds", {"seeds": {"kind": "history", "history_range": "medium_term"}, "answers": {"mood": ["calm"]}}),
    ("post", "/api/v1/party/rooms", {"name": "Nope"}),
    ("put", "/api/v1/releases/watchlist/artist-1", {"name": "Ada"}),
    ("put", "/api/v1/releases/digest", {"email": "ana@example.com"}),
    ("post", "/api/v1/label/projects", {"name": "Nope"}),
]


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=[w[1].split("/")[3] + "-" + w[0] for w in WRITES])
def test_read_only_tokens_are_refused_on_every_area_s_writes(client, person, token, method, path, body) -> None:  # type: ignore[no-untyped-def]
    from services.label import list_projects
    from services.releases import artist_marks, digest_settings
    from services.worlds.repo import list_worlds

    ana = person("Ana")
    area = path.split("/")[3]
    reader = token(ana, f"{area}:read")
    refused = client.request(method.upper(), path, json=body, headers=bearer(reader))
    assert is_problem(refused, 403)["type"].endswith("/insufficient-scope")
    assert (list_worlds(ana.id), my_rooms(ana.id), artist_marks(ana.id)["pinned"], digest_settings(ana.id),
            list_projects(ana.id)) == ([], [], [], None, [])

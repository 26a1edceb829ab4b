"""`/api/v1/worlds` through HTTP with tokens: a world built from seeds and answers as a job,
saved within the plan's limit and exported; list, open, playlists; refresh and export;
bad seeds refused at once; other people's worlds 404."""

from __future__ import annotations

from services import webhooks
from services.worlds import repo
from tests.api.conftest import bearer, is_problem, wait_for_job

WORLD = {"seeds": {"kind": "history", "history_range": "medium_term"},
         "answers": {"sound": ["dusty"], "mood": ["melancholy"], "movement": ["slow drift"]}}


def test_build_open_refresh_and_export_a_world(client, person, token) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "worlds:write")
    started = client.post("/api/v1/worlds", json=WORLD, headers=bearer(secret))
    assert started.status_code == 202, started.text
    done = wait_for_job(client, secret, started.json()["job_id"], seconds=120)
    assert done["status"] == "done", done
    world_id = done["result"]["world_id"]
    assert "Saved" in done["result"]["export"]

    listed = client.get("/api/v1/worlds", headers=bearer(secret)).json()
    assert [w["id"] for w in listed["items"]] == [world_id] and listed["next_cursor"] is None
    world = client.get(f"/api/v1/worlds/{world_id}", headers=bearer(secret)).json()
    assert 3 <= len(world["playlists"]) <= 5 and all(p["tracks"] for p in world["playlists"])
    playlists = client.get(f"/api/v1/worlds/{world_id}/playlists", headers=bearer(secret)).json()
    assert [p["name"] for p in playlists] == [p["name"] for p in world["playlists"]]

    webhooks.set_endpoint(ana.id, "https://example.com/hooks", ["world.refreshed"])
    refreshed = client.post(f"/api/v1/worlds/{world_id}/refresh", headers=bearer(secret))
    assert refreshed.status_code == 200 and refreshed.json()["ok"], refreshed.text
    [event] = webhooks.delivery_log(ana.id)  # queued for the person's webhook, as from the page's button
    assert (event.event, event.status) == ("world.refreshed", "pending")
    again = client.post(f"/api/v1/worlds/{world_id}/refresh", headers=bearer(secret))  # Free: once a week
    assert is_problem(again, 402)["feature"] == "world_refresh"
    exported = client.post(f"/api/v1/worlds/{world_id}/export", headers=bearer(secret))
    assert exported.json()["ok"] and "updated" in exported.json()["message"]


def test_seeds_and_answers_the_builder_cannot_use_are_422_at_once(client, person, token) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "worlds:write")
    no_answers = client.post("/api/v1/worlds", json={**WORLD, "answers": {}}, headers=bearer(secret))
    assert "Answer at least one" in is_problem(no_answers, 422)["detail"]
    few = client.post("/api/v1/worlds", json={**WORLD, "seeds": {"kind": "tracks", "track_ids": ["x"]}}, headers=bearer(secret))
    assert "Pick at least" in is_problem(few, 422)["detail"]
    is_problem(client.post("/api/v1/worlds", json={**WORLD, "seeds": {"kind": "vibes"}}, headers=bearer(secret)), 422)
    assert repo.list_worlds(ana.id) == []


def test_other_peoples_worlds_are_404(client, person, token) -> None:  # type: ignore[no-untyped-def]
    from services.worlds.builder import build_for_user
    from services.worlds.library import save_built
    from services.worlds.seeds import SeedChoice

    ana, eve = person("Ana"), person("Eve")
    built = build_for_user(ana.id, SeedChoice("history", history_range="medium_term"), WORLD["answers"], {})
    world_id, _ = save_built(ana.id, built)
    stranger = token(eve, "worlds:write")
    for path in ("", "/playlists"):
        is_problem(client.get(f"/api/v1/worlds/{world_id}{path}", headers=bearer(stranger)), 404)
    for path in ("/refresh", "/export"):
        is_problem(client.post(f"/api/v1/worlds/{world_id}{path}", headers=bearer(stranger)), 404)
    assert client.get("/api/v1/worlds", headers=bearer(stranger)).json()["items"] == []

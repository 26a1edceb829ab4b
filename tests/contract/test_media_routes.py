"""The label's media route through Starlette: the owner gets the file (ranges too),
anyone else, a signed-out visitor or a bad id gets 404."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from app.routes import label_media
from services import accounts
from services.label import projects

pytestmark = pytest.mark.usefixtures("db")


def _client(email: str) -> tuple[TestClient, int]:
    client = TestClient(Starlette(routes=[Route("/api/media/{asset_id}", label_media)]))
    user, token = accounts.sign_up(email, "route pass 123")
    client.cookies.set("sbm_session", token)
    return client, user.id


def test_media_is_served_to_its_owner_only() -> None:
    ana, ana_id = _client("ana-media@example.com")
    bo, _ = _client("bo-media@example.com")
    project = projects.create_project(ana_id, "Night drive")
    name = projects.new_file_name("master", "wav")
    (projects.project_dir(ana_id, project.id) / name).write_bytes(b"RIFF" + bytes(range(256)) * 4)
    asset = projects.add_asset(ana_id, project.id, "master", name, mime="audio/wav")

    mine = ana.get(f"/api/media/{asset.id}")
    assert mine.status_code == 200 and mine.headers["content-type"] == "audio/wav" and len(mine.content) == 1028
    assert mine.headers["content-disposition"].startswith("inline")
    part = ana.get(f"/api/media/{asset.id}", headers={"Range": "bytes=4-7"})
    assert part.status_code == 206 and part.content == bytes([0, 1, 2, 3])
    download = ana.get(f"/api/media/{asset.id}?download=1")
    assert download.headers["content-disposition"] == "attachment; filename*=utf-8''Night%20drive%20-%20master.wav"

    assert bo.get(f"/api/media/{asset.id}").status_code == 404
    assert ana.get("/api/media/99999").status_code == 404
    assert ana.get("/api/media/abc").status_code == 404
    ana.cookies.clear()
    assert ana.get(f"/api/media/{asset.id}").status_code == 404


def test_voice_cues_are_served_to_signed_in_people_by_hash_only() -> None:
    from app.routes import label_cue
    from services.label import stage_cue

    client = TestClient(Starlette(routes=[Route("/api/label/cue/{name}", label_cue)]))
    cue = stage_cue("beat", "chill")  # espeak-ng locally; cached by hash
    assert client.get(f"/api/label/cue/{cue.path.name}").status_code == 404  # signed out
    _, token = accounts.sign_up("cue@example.com", "route pass 123")
    client.cookies.set("sbm_session", token)
    got = client.get(f"/api/label/cue/{cue.path.name}")
    assert got.status_code == 200 and got.headers["content-type"] == cue.mime and got.content == cue.path.read_bytes()
    assert client.get("/api/label/cue/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/api/label/cue/not-a-hash.wav").status_code == 404

"""`/api/v1/label` through HTTP with tokens: projects within the plan's limit (402 past it,
nothing created), stages, a take uploaded as the body (a file that is not audio refused,
nothing kept), mix and master as a job, the release pack's readiness and download, and
other people's projects 404."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from services.label import list_projects, projects
from services.label.audio_io import write_wav
from services.label.beat_stage import make_project_beat
from services.label.beatmaker import BeatRequest
from tests.api.conftest import bearer, is_problem, wait_for_job


def _vocal(path: Path, seconds: float = 6.0) -> bytes:
    sr = 44100
    t = np.arange(int(seconds * sr)) / sr
    mono = 0.3 * np.sin(2 * np.pi * 220 * t) * (np.sin(2 * np.pi * 2.0 * t) > -0.3)
    return write_wav(path, np.stack([mono, mono], axis=1).astype(np.float32)).read_bytes()


def test_projects_stages_takes_mix_and_pack(client, person, token, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ana = person("Ana")
    secret = token(ana, "label:write")
    made = client.post("/api/v1/label/projects", json={"name": "Rain City"}, headers=bearer(secret))
    assert made.status_code == 201
    project = made.json()
    assert project["current_stage"] == "beat" and [s["id"] for s in project["stages"]][:3] == ["beat", "lyrics", "upload"]
    pid = project["id"]

    # Free allows one project: the second is refused with the plan's words, and not created.
    second = client.post("/api/v1/label/projects", json={"name": "Another"}, headers=bearer(secret))
    body = is_problem(second, 402)
    assert body["feature"] == "label_projects" and "Free plan allows 1" in body["detail"]
    assert len(list_projects(ana.id)) == 1

    not_audio = client.post(f"/api/v1/label/projects/{pid}/takes", params={"name": "notes.wav"}, content=b"just text" * 100,
                            headers={**bearer(secret), "Content-Type": "application/octet-stream"})
    is_problem(not_audio, 422)
    assert projects.list_assets(ana.id, pid, "vocal") == []
    take = client.post(f"/api/v1/label/projects/{pid}/takes", params={"name": "lead.wav"}, content=_vocal(tmp_path / "v.wav"),
                       headers={**bearer(secret), "Content-Type": "application/octet-stream"})
    assert take.status_code == 201, take.text
    assert take.json()["kind"] == "vocal" and 5.9 <= take.json()["duration_s"] <= 6.1

    no_beat = client.post(f"/api/v1/label/projects/{pid}/mix", json={}, headers=bearer(secret))
    assert no_beat.status_code == 202
    failed = wait_for_job(client, secret, no_beat.json()["job_id"])
    assert failed["status"] == "failed" and "beat first" in failed["error"]

    make_project_beat(ana.id, pid, BeatRequest(bpm=96, key="D minor", genre="hip hop", mood="dark", seed=4))
    started = client.post(f"/api/v1/label/projects/{pid}/mix", json={"target": "spotify", "preset": "warm"}, headers=bearer(secret))
    done = wait_for_job(client, secret, started.json()["job_id"])
    assert done["status"] == "done", done
    assert abs(done["result"]["master_lufs"] - (-14.0)) <= 1.0
    kinds = {a["kind"] for a in client.get(f"/api/v1/label/projects/{pid}/assets", headers=bearer(secret)).json()["items"]}
    assert {"vocal", "beat", "mix", "master", "master_mp3"} <= kinds
    master = next(a for a in done["result"]["assets"] if a["kind"] == "master")
    wav = client.get(master["download_url"], headers=bearer(secret))
    assert wav.status_code == 200 and wav.content[:4] == b"RIFF"

    is_problem(client.get(f"/api/v1/label/projects/{pid}/release-pack", headers=bearer(secret)), 404)
    pack = client.post(f"/api/v1/label/projects/{pid}/release-pack", headers=bearer(secret))
    not_ready = wait_for_job(client, secret, pack.json()["job_id"])
    assert not_ready["status"] == "failed" and not_ready["error"]  # the readiness list: artist, cover…


def test_other_peoples_projects_and_files_are_404(client, person, token, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ana, eve = person("Ana"), person("Eve")
    mine = token(ana, "label:write")
    pid = client.post("/api/v1/label/projects", json={"name": "Mine"}, headers=bearer(mine)).json()["id"]
    stranger = token(eve, "label:write")
    for path in ("", "/assets", "/release-pack"):
        is_problem(client.get(f"/api/v1/label/projects/{pid}{path}", headers=bearer(stranger)), 404)
    for path in ("/mix", "/release-pack"):
        is_problem(client.post(f"/api/v1/label/projects/{pid}{path}", json={}, headers=bearer(stranger)), 404)
    upload = client.post(f"/api/v1/label/projects/{pid}/takes", content=_vocal(tmp_path / "v.wav", 1.0),
                         headers={**bearer(stranger), "Content-Type": "application/octet-stream"})
    is_problem(upload, 404)
    is_problem(client.get("/api/v1/label/assets/1", headers=bearer(stranger)), 404)
    reader = token(ana, "label:read")
    is_problem(client.post("/api/v1/label/projects", json={"name": "x"}, headers=bearer(reader)), 403)
    assert len(list_projects(ana.id)) == 1 and list_projects(eve.id) == []



def test_a_take_larger_than_the_free_storage_is_refused_before_it_is_read(client, person, token, settings,
                                                                          tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings(STORAGE_QUOTA_MB=1)
    ana = person("Ana")
    secret = token(ana, "label:write")
    pid = client.post("/api/v1/label/projects", json={"name": "Big"}, headers=bearer(secret)).json()["id"]
    big = client.post(f"/api/v1/label/projects/{pid}/takes", content=_vocal(tmp_path / "v.wav", 12.0),
                      headers={**bearer(secret), "Content-Type": "application/octet-stream"})
    assert "does not fit" in is_problem(big, 413)["detail"]
    assert projects.list_assets(ana.id, pid, "vocal") == []

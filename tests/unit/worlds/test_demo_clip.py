"""Demo sounds: each demo track gets a short clip made from its own tempo, key, mood and genre,
rendered once, served to signed-in people only."""

from __future__ import annotations

import wave
from collections.abc import Iterator

import pytest
from sqlmodel import SQLModel, select
from starlette.testclient import TestClient

from services import accounts
from services.catalog.generator import seed_catalog
from services.catalog.models import CatalogTrack
from services.db import get_engine, session_scope
from services.worlds.demo_clip import CLIP_SECONDS, SAMPLE_RATE, clip_path, spec_for


@pytest.fixture(scope="module")
def catalog(_schema: None) -> Iterator[None]:
    seed_catalog(artists=60)
    yield
    with get_engine().begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


def _two_tracks() -> tuple[CatalogTrack, CatalogTrack]:
    with session_scope() as db:
        rows = db.exec(select(CatalogTrack).order_by(CatalogTrack.tempo)).all()
        slow, fast = rows[0], rows[-1]
        db.expunge(slow)
        db.expunge(fast)
        return slow, fast


def test_a_clip_follows_the_tracks_attributes_and_is_rendered_once(catalog: None) -> None:
    slow, fast = _two_tracks()
    a, b = spec_for(slow.id), spec_for(fast.id)
    assert a is not None and b is not None and a.bpm < b.bpm and a.bpm == pytest.approx(slow.tempo)
    assert a.key == slow.key % 12 and a.major == bool(slow.mode) and a.energy == pytest.approx(slow.energy)
    path = clip_path(slow.id)
    assert path is not None and path.exists()
    with wave.open(str(path)) as w:
        assert w.getframerate() == SAMPLE_RATE and w.getnchannels() == 1
        assert abs(w.getnframes() / SAMPLE_RATE - CLIP_SECONDS) < 0.1
    stamp = path.stat().st_mtime_ns
    assert clip_path(slow.id) == path and path.stat().st_mtime_ns == stamp  # cached, not rendered again
    assert clip_path(fast.id).read_bytes() != path.read_bytes()
    assert spec_for("../../etc/passwd") is None and clip_path("nope") is None


def test_the_route_serves_signed_in_people_only(catalog: None) -> None:
    from app.routes import build_api

    slow, _ = _two_tracks()
    client = TestClient(build_api())
    assert client.get(f"/api/worlds/demo-clip/{slow.id}.wav").status_code == 401
    _, token = accounts.sign_up("clip@example.com", "good pass 123", "Clip")
    client.cookies.set("sbm_session", token)
    resp = client.get(f"/api/worlds/demo-clip/{slow.id}.wav")
    assert resp.status_code == 200 and resp.headers["content-type"] == "audio/wav" and resp.content[:4] == b"RIFF"
    assert client.get("/api/worlds/demo-clip/unknown.wav").status_code == 404

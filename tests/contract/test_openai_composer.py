"""OpenAIComposer with the real `openai` client against a local fake server:
structured answers are used, anything else falls back to the offline composer
(and says so), and every answered call's tokens are recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from services.ai import (
    FALLBACK_SOURCE,
    LocalComposer,
    LyricsBrief,
    OpenAIComposer,
    TrackBrief,
    WorldBrief,
    get_composer,
)
from services.ai.models import AIUsage
from services.ai.schemas import PlaylistFacts
from services.ai.usage import estimate_cost, usage_this_month
from services.config import get_settings
from services.db import session_scope
from tests.contract.fake_openai import FakeOpenAI, Reply, good, rate_limited

pytestmark = pytest.mark.usefixtures("db")

SONG = LyricsBrief(genre="soul", mood="hopeful", theme="rebuilding after the flood")
TRACK = TrackBrief(title="Salt Roads", artist="Juno Reyes", genre="soul", mood="hopeful")
WORLD = WorldBrief(asked=["warm"], playlists=[PlaylistFacts(family="R&B and soul", count=12, energy_word="calm"),
                                               PlaylistFacts(family="jazz", count=10), PlaylistFacts(family="folk", count=9)],
                   seed_genres=["soul"])

LIVE_LYRICS = {
    "title": "Higher Ground Again",
    "sections": [
        {"kind": "verse", "lines": ["Water on the stairs, we carry out the chairs"]},
        {"kind": "chorus", "lines": ["We build it back, we build it back"]},
    ],
}


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as api:
        yield api


@pytest.fixture
def fake(_server: FakeOpenAI) -> FakeOpenAI:
    """One server per module (starting and stopping costs ~0.5 s), reset for each test."""
    _server.reset()
    return _server


def composer_for(fake: FakeOpenAI, **kw) -> OpenAIComposer:
    kw.setdefault("timeout", 2.0)
    kw.setdefault("max_retries", 2)
    return OpenAIComposer("sk-test", fake.base_url, model="gpt-4o-mini", **kw)


def usage_rows() -> list[AIUsage]:
    with session_scope() as db:
        return list(db.exec(select(AIUsage)).all())


def test_a_good_structured_answer_is_used_and_its_cost_recorded(fake: FakeOpenAI) -> None:
    fake.answer(good(LIVE_LYRICS, prompt_tokens=300, completion_tokens=150))
    song = composer_for(fake).lyrics(SONG, user_id=None)
    assert song.title == "Higher Ground Again" and song.sections[1].lines == ["We build it back, we build it back"]
    assert song.source == "OpenAI gpt-4o-mini" and song.fallback_reason is None
    request = fake.calls("POST", "/chat/completions")[0].json()
    assert request["model"] == "gpt-4o-mini"
    fmt = request["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert "source" not in fmt["json_schema"]["schema"]["properties"]  # provenance is ours, not the model's
    assert "rebuilding after the flood" in request["messages"][1]["content"]
    [row] = usage_rows()
    assert (row.task, row.model, row.tokens_in, row.tokens_out) == ("lyrics", "gpt-4o-mini", 300, 150)
    assert row.cost_usd == pytest.approx(estimate_cost("gpt-4o-mini", 300, 150))


def test_usage_is_attributed_to_the_user(fake: FakeOpenAI) -> None:
    from services.accounts.models import User

    with session_scope() as db:
        user = User(email="ana@example.com", display_name="Ana", password_hash="x")
        db.add(user)
        db.flush()
        uid = user.id
    copy = {"description": "Salt Roads, live.", "press_pitch": "Juno Reyes pitch.", "tagline": "Salt Roads."}
    fake.answer(good(copy, prompt_tokens=1000, completion_tokens=500))
    composer_for(fake).release_copy(TRACK, user_id=uid)
    summary = usage_this_month(uid)
    assert summary.calls == 1 and summary.by_task[0].task == "release_copy" and summary.tokens_in == 1000


def test_malformed_json_falls_back_to_the_offline_composer(fake: FakeOpenAI, caplog) -> None:
    fake.answer(Reply(content='{"title": "Broken", "sections": [ {"kind": "verse", "lines": '))
    song = composer_for(fake).lyrics(SONG)
    assert song.source == FALLBACK_SOURCE and song.fallback_reason
    assert song.content() == LocalComposer().lyrics(SONG).content()
    assert "fell back" in caplog.text
    assert len(usage_rows()) == 1  # the tokens of the unusable answer were still paid for


def test_an_answer_that_breaks_the_schema_falls_back(fake: FakeOpenAI) -> None:
    bad_world = {"world_name": "X" * 90, "description": "d", "playlists": []}
    fake.answer(good(bad_world))
    world = composer_for(fake).world_definition(WORLD)
    assert world.source == FALLBACK_SOURCE
    assert len(world.playlists) == 3 and len(world.world_name) <= 60
    assert world.content() == LocalComposer().world_definition(WORLD).content()


def test_a_refusal_falls_back(fake: FakeOpenAI) -> None:
    fake.answer(Reply(content=None, refusal="I can't help with that."))
    idea = composer_for(fake).video_idea(TRACK)
    assert idea.source == FALLBACK_SOURCE and "refused" in (idea.fallback_reason or "")
    assert "Salt Roads" in idea.idea


def test_a_429_is_retried_then_answered(fake: FakeOpenAI) -> None:
    pack = {"captions": ["a", "b", "c"], "hashtags": ["#a", "#b", "#c", "#d", "#e"], "hooks": ["x", "y", "z"],
            "posting_strategy": "Post at night.", "ideas": ["i", "j", "k"]}
    fake.answer(rate_limited(), good(pack))
    result = composer_for(fake).content_pack(TRACK)
    assert result.source == "OpenAI gpt-4o-mini" and result.captions == ["a", "b", "c"]
    assert len(fake.calls("POST", "/chat/completions")) == 2


def test_persistent_429s_fall_back_after_bounded_retries(fake: FakeOpenAI) -> None:
    fake.answer(rate_limited())
    blurb_source = composer_for(fake, max_retries=2).release_copy(TRACK).source
    assert blurb_source == FALLBACK_SOURCE
    assert len(fake.calls("POST", "/chat/completions")) == 3  # one try and two retries, no more
    assert usage_rows() == []  # nothing answered, nothing to pay


def test_a_timeout_falls_back(fake: FakeOpenAI) -> None:
    fake.answer(Reply(content="{}", delay=1.5))
    song = composer_for(fake, timeout=0.3, max_retries=0).lyrics(SONG)
    assert song.source == FALLBACK_SOURCE and "Timeout" in (song.fallback_reason or "")
    assert "flood" in song.text.lower()


def test_factory_goes_live_with_a_key_and_the_base_url(fake: FakeOpenAI, monkeypatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("OPENAI_BASE_URL", fake.base_url)
    monkeypatch.setenv("OPENAI_MODEL", "gpt-4.1-nano")
    get_settings.cache_clear()
    try:
        composer = get_composer()
        fake.answer(good(LIVE_LYRICS))
        song = composer.lyrics(SONG)
        assert isinstance(composer, OpenAIComposer) and song.source == "OpenAI gpt-4.1-nano"
        assert fake.calls("POST", "/chat/completions")[0].headers["authorization"] == "Bearer sk-test"
    finally:
        get_settings.cache_clear()

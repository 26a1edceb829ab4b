"""Analytics: per-project and per-account series for charts, and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest

from services.billing import set_plan_override
from services.db import session_scope

from services.ai.usage import record_usage
from services.label import projects
from services.label.analytics import collect, to_csv
from services.label.projects import LabelError
from services.label.schedule import schedule_post
from tests.unit.label.conftest import Song, add_master

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def test_project_and_account_series(song: Song, make_user) -> None:  # type: ignore[no-untyped-def]
    for stage in ("beat", "lyrics", "mix"):
        projects.mark_stage_done(song.user_id, song.project_id, stage)
    schedule_post(song.user_id, song.project_id, "tiktok", "2026-12-04", "18:00", "UTC", "a", now=NOW)
    schedule_post(song.user_id, song.project_id, "reels", "2026-12-04", "19:00", "UTC", "b", now=NOW)
    record_usage("release_copy", "gpt-4o-mini", 1000, 500, song.user_id)
    with session_scope() as db:  # a second saved project needs the Pro plan
        set_plan_override(db, song.user_id, "pro")
    other = projects.create_project(song.user_id, "B-side")
    add_master(song.user_id, other.id, seconds=2)
    projects.mark_stage_done(song.user_id, other.id, "beat")

    a = collect(song.user_id, song.project_id)
    assert a.scope == "project" and a.title == "Night Drive" and not a.empty
    assert a.stages_over_time[-1]["completed"] == 3
    assert a.content == [{"date": "2026-12-04", "tiktok": 1, "shorts": 0, "reels": 1, "total": 2}]
    assert a.ai_usage[0]["calls"] == 1 and a.ai_usage[0]["cost_usd"] == pytest.approx(0.00045)
    assert len(a.loudness) == 1 and a.loudness[0]["lufs"] == -14.02 and a.loudness[0]["target_lufs"] == -14.0
    assert a.releases == [] and a.totals["posts_scheduled"] == 2

    acc = collect(song.user_id)
    assert acc.scope == "account" and acc.totals["projects"] == 2 and acc.totals["stages_completed"] == 4
    assert len(acc.loudness) == 2 and acc.loudness[1]["name"].startswith("B-side")

    rows = list(csv.DictReader(io.StringIO(to_csv(a))))
    assert {"scope", "series", "x", "key", "value"} == set(rows[0])
    assert {"series": "content_scheduled", "x": "2026-12-04", "key": "reels", "value": "1", "scope": "Night Drive"} in rows
    assert any(r["series"] == "master_loudness" and r["key"] == "lufs" and r["value"] == "-14.02" for r in rows)


def test_analytics_are_private(song: Song, make_user) -> None:  # type: ignore[no-untyped-def]
    other = make_user("bo@example.com")
    with pytest.raises(LabelError):
        collect(other, song.project_id)
    empty = collect(other)
    assert empty.empty and empty.totals["projects"] == 0

"""Refresh for every plan: Free once a week per world by hand, Pro any time and on schedule; the
limit is claimed in one transaction, a running refresh blocks a second, a failed one does not count."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from services import accounts
from services.billing.entitlements import set_plan_override
from services.db import session_scope, utcnow
from services.worlds import repo
from services.worlds.engine import build_world
from services.worlds.entries import WorldDraft, playlist_entries
from services.worlds.intent import read_answers
from services.worlds.refresh_plan import RefreshLimited, claim_refresh, policy
from services.worlds.views import history_rows
from tests.unit.worlds.synthetic import make_catalog

pytestmark = pytest.mark.usefixtures("db")


def _world(plan: str = "free") -> tuple[int, int]:
    user, _ = accounts.sign_up(f"refresh-{plan}-{utcnow().timestamp()}@example.com", "good pass 123", "R")
    if plan == "pro":
        with session_scope() as db:
            set_plan_override(db, user.id, "pro")
    cat = make_catalog(800, seed=2, dim=16)
    wb = build_world(cat.seeds(4, np.random.default_rng(2)), cat.tracks, intent=read_answers({"mood": ["calm"]}, {}),
                     size=10)
    wid = repo.save_world(user.id, WorldDraft(name="W", playlists=playlist_entries(wb), profile=wb.profile.to_dict()))
    return user.id, wid


def test_free_refreshes_each_world_by_hand_once_a_week() -> None:
    uid, wid = _world()
    now = utcnow()
    assert policy(uid, wid, now).can_refresh_now and not policy(uid, wid, now).scheduled_allowed
    first = claim_refresh(uid, wid, "manual", now)
    with pytest.raises(RefreshLimited, match="right now"):  # still running: a double click does nothing
        claim_refresh(uid, wid, "manual", now)
    repo.record_refresh(uid, wid, first, [], [], 0, 0)
    with pytest.raises(RefreshLimited, match="once a week") as err:
        claim_refresh(uid, wid, "manual", now + timedelta(days=3))
    assert err.value.next_at is not None and err.value.next_at > now + timedelta(days=6)
    later = policy(uid, wid, now + timedelta(days=2))
    assert not later.can_refresh_now and later.next_manual_at is not None and later.history_limit == 1
    assert claim_refresh(uid, wid, "manual", now + timedelta(days=8))  # a week later: again


def test_a_failed_refresh_does_not_use_up_the_week() -> None:
    uid, wid = _world()
    now = utcnow()
    rid = claim_refresh(uid, wid, "manual", now)
    repo.record_refresh_failure(uid, wid, "Spotify said 503", rid)
    assert claim_refresh(uid, wid, "manual", now + timedelta(minutes=1))
    rows = history_rows(repo.refresh_history(uid, wid))
    assert rows[0].text.startswith("Refresh failed") and not rows[0].ok


def test_pro_refreshes_any_time_and_keeps_the_whole_history() -> None:
    uid, wid = _world("pro")
    now = utcnow()
    for i in range(3):
        rid = claim_refresh(uid, wid, "manual", now + timedelta(minutes=20 * i))
        repo.record_refresh(uid, wid, rid, [], [{"name": "A", "kept": ["x"], "added": ["y", "z"], "removed": ["w"],
                                                 "titles": {"y": "Y — Ana"}}], 2, 1)
    rules = policy(uid, wid)
    assert rules.can_refresh_now and rules.scheduled_allowed and rules.history_limit is None
    rows = history_rows(repo.refresh_history(uid, wid, None))
    assert len(rows) == 3 and rows[0].text.startswith("Refreshed by you: +2 new")
    assert rows[0].diff[0].summary == "+2 new · 1 kept · −1 gone · 50% continuity"
    assert rows[0].diff[0].added == ["Y — Ana", "z"]


def test_someone_elses_world_cannot_be_claimed() -> None:
    _, wid = _world()
    other, _ = accounts.sign_up("other-refresh@example.com", "good pass 123", "O")
    with pytest.raises(LookupError):
        claim_refresh(other.id, wid, "manual")

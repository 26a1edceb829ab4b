"""Back to Free: nothing is deleted; worlds kept beyond the Free limit stay readable but
do not change (rename, refresh, save over), the oldest ones within the limit stay editable."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from services import accounts
from services.billing import UpgradeRequired
from services.billing.models import Subscription
from services.db import session_scope
from services.worlds import repo
from services.worlds.export import rename_world_everywhere
from services.worlds.jobs import refresh_one
from services.worlds.models import World

pytestmark = pytest.mark.usefixtures("db")
T0 = datetime(2026, 12, 1, tzinfo=timezone.utc)


def test_worlds_beyond_the_free_limit_are_kept_read_only() -> None:
    uid = accounts.sign_up("downgraded@example.com", "good pass 123")[0].id
    with session_scope() as db:
        db.add(Subscription(stripe_subscription_id="sub_d", user_id=uid, status="active"))
        worlds = [World(user_id=uid, name=f"World {n}", cadence="off", created_at=T0 + timedelta(days=n)) for n in range(4)]
        db.add_all(worlds)
        db.flush()
        ids = [w.id for w in worlds]
    rename_world_everywhere(uid, ids[3], "Still Pro")  # Pro: every world changes
    with session_scope() as db:
        sub = db.get(Subscription, "sub_d")
        assert sub is not None
        sub.status = "canceled"  # the period ended: Free (2 saved worlds)
        db.add(sub)
    rename_world_everywhere(uid, ids[1], "Second, still mine")
    with pytest.raises(UpgradeRequired, match="kept and stays readable") as refused:
        rename_world_everywhere(uid, ids[2], "Third")
    assert refused.value.feature == "worlds"
    outcome = refresh_one(uid, ids[3], trigger="manual")
    assert not outcome.ok and outcome.limited and "beyond the Free plan" in outcome.summary
    assert [w.name for w in repo.list_worlds(uid)].count("World 2") == 1 and len(repo.list_worlds(uid)) == 4


def test_label_projects_beyond_the_free_limit_are_kept_read_only() -> None:
    from services.label import projects
    from services.label.projects import LabelError, ProjectReadOnly

    uid = accounts.sign_up("label-down@example.com", "good pass 123")[0].id
    with session_scope() as db:
        db.add(Subscription(stripe_subscription_id="sub_l", user_id=uid, status="active"))
    first = projects.create_project(uid, "First")
    second = projects.create_project(uid, "Second")
    projects.update_project_data(uid, second.id, mood="warm")  # Pro: both change
    with session_scope() as db:
        sub = db.get(Subscription, "sub_l")
        assert sub is not None
        sub.status = "canceled"
        db.add(sub)
    projects.rename_project(uid, first.id, "First, still editable")
    with pytest.raises(ProjectReadOnly) as refused:
        projects.update_project_data(uid, second.id, mood="cold")
    assert isinstance(refused.value, LabelError) and isinstance(refused.value, UpgradeRequired)
    assert "saved label projects" in str(refused.value)
    assert projects.get_project(uid, second.id).data["mood"] == "warm"  # readable, unchanged
    assert len(projects.list_projects(uid)) == 2

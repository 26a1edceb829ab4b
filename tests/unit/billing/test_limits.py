"""Free and Pro limits, enforced in the service that performs the action."""

from __future__ import annotations

import pytest

from services import accounts
from services.billing import UpgradeRequired, billing_status, enforce, record_use, set_plan_override
from services.billing.models import Subscription
from services.db import session_scope

pytestmark = [pytest.mark.calendar, pytest.mark.usefixtures("db")]


def _user() -> int:
    return accounts.sign_up(f"u{id(object())}@example.com", "good pass 123")[0].id


@pytest.mark.parametrize(("feature", "free_allows"), [("label_projects", 1), ("worlds", 2), ("party_size", 10), ("world_refresh", 0)])
def test_free_plan_counts(feature: str, free_allows: int) -> None:
    uid = _user()
    with session_scope() as db:
        for used in range(free_allows):
            enforce(db, uid, feature, used)
        with pytest.raises(UpgradeRequired) as err:
            enforce(db, uid, feature, free_allows)
    assert err.value.feature == feature and "Upgrade to Pro" in err.value.message


def test_release_packs_are_counted_per_day() -> None:
    uid = _user()
    with session_scope() as db:
        enforce(db, uid, "release_packs")
        record_use(db, uid, "release_packs")
    with session_scope() as db, pytest.raises(UpgradeRequired, match="per 24 hours"):
        enforce(db, uid, "release_packs")


def test_pro_lifts_the_limits_and_admin_override_wins() -> None:
    uid = _user()
    with session_scope() as db:
        db.add(Subscription(stripe_subscription_id="sub_x", user_id=uid, status="active"))
    with session_scope() as db:
        enforce(db, uid, "label_projects", 5)
        set_plan_override(db, uid, "free")
    with session_scope() as db, pytest.raises(UpgradeRequired):
        enforce(db, uid, "label_projects", 5)
    with session_scope() as db:
        set_plan_override(db, uid, "stripe")
    assert billing_status(uid).plan == "pro"


def test_canceled_subscription_is_free() -> None:
    uid = _user()
    with session_scope() as db:
        db.add(Subscription(stripe_subscription_id="sub_c", user_id=uid, status="canceled"))
    assert billing_status(uid).plan == "free"

"""50 people voting at the same moment: every vote counts exactly once (no lost update).

Each voter is a thread with its own database session, released together by a
barrier. Runs on the test SQLite file and, when the server is reachable, on
PostgreSQL at 127.0.0.1:5432 (database `test`) in a throw-away schema.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from services import party
from services.config import get_settings
from services.db import get_engine, make_engine
from services.billing import set_plan_override
from services.db import session_scope
from services.party import Identity
from services.party.guest import new_guest_key
from tests.unit.party.conftest import later, make_user, track

VOTERS = 50
PG_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def _storm(code: str, voters: list[Identity], up_item: int, flip_item: int, gone_item: int) -> list[BaseException]:
    """Every voter, at once: a vote on `up_item` (a third of them down), an up vote
    on `flip_item` changed to down, and a vote on the removed `gone_item`."""
    barrier = threading.Barrier(len(voters))
    errors: list[BaseException] = []

    def run(i: int, who: Identity) -> None:
        try:
            barrier.wait()
            party.vote(code, who, up_item, -1 if i % 3 == 0 else 1)
            party.vote(code, who, flip_item, 1)
            party.vote(code, who, flip_item, -1)
            try:
                party.vote(code, who, gone_item, 1)
            except party.ItemGone:
                pass
            else:
                raise AssertionError("a vote on a removed item was accepted")
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, who)) for i, who in enumerate(voters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


def _exact_counts_under_concurrency() -> None:
    host = make_user("Hana")
    with session_scope() as db:  # fifty people: more than the Free plan's room size
        set_plan_override(db, host.user_id or 0, "pro")
    code = party.create_room(host.user_id or 0, "Crowd").code
    up_item = party.add_to_queue(code, host, track(1), now=later(1))
    flip_item = party.add_to_queue(code, host, track(2), now=later(2))
    gone_item = party.add_to_queue(code, host, track(3), now=later(3))
    party.remove_item(code, host, gone_item)
    voters = []
    for i in range(VOTERS):
        who = party.new_guest()
        party.join_room(code, who, f"Voter {i}")
        voters.append(who)

    errors = _storm(code, voters, up_item, flip_item, gone_item)
    assert errors == []

    downs = len([i for i in range(VOTERS) if i % 3 == 0])
    queue = {q.id: q for q in party.room_view(code, host).queue}
    assert (queue[up_item].up, queue[up_item].down) == (VOTERS - downs, downs)
    assert (queue[flip_item].up, queue[flip_item].down) == (0, VOTERS)
    assert gone_item not in queue
    assert party.room_view(code, voters[0]).me.my_votes == {up_item: -1, flip_item: -1}
    # nothing left half-written: one version step per accepted vote, plus setup
    assert party.room_snapshot(code).version == 1 + 4 + VOTERS + 3 * VOTERS


def _limit_holds_under_concurrency() -> None:
    """One person hammering "add" from several tabs at once still gets only their limit."""
    host = make_user("Hana")
    code = party.create_room(host.user_id or 0, "Greedy", settings=party.RoomSettings(queue_limit=3)).code
    greedy = party.new_guest()
    party.join_room(code, greedy, "Greedy")
    barrier = threading.Barrier(10)
    outcomes: list[str] = []

    def add(n: int) -> None:
        barrier.wait()
        try:
            party.add_to_queue(code, greedy, track(n))
            outcomes.append("added")
        except party.QueueLimitReached:
            outcomes.append("refused")

    threads = [threading.Thread(target=add, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["added"] * 3 + ["refused"] * 7
    assert len(party.room_view(code, greedy).queue) == 3


def test_fifty_concurrent_voters_on_sqlite(db: None) -> None:
    _exact_counts_under_concurrency()


def test_queue_limit_holds_under_concurrent_adds_on_sqlite(db: None) -> None:
    _limit_holds_under_concurrency()


def _pg_reachable() -> bool:
    try:
        engine = make_engine(PG_URL + "?connect_timeout=2")
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture
def postgres_db(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the app at a fresh PostgreSQL schema for one test, then drop it."""
    if not _pg_reachable():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (database test, user postgres)")
    from services.accounts.models import User
    from services.billing import models as bm
    from services.party import models as pm

    schema = f"party_test_{secrets.token_hex(4)}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    monkeypatch.setenv("DB_URL", f"{PG_URL}?options=-csearch_path%3D{schema}")
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        tables = [User.__table__, bm.PlanOverride.__table__, bm.Subscription.__table__, bm.UsageEvent.__table__, *(m.__table__ for m in (  # type: ignore[attr-defined]
            pm.PartyRoom, pm.PartyMember, pm.PartyQueueItem, pm.PartyVote, pm.PartySkipVote,
            pm.PartyChatMessage, pm.PartyFallbackTrack))]
        pm.PartyRoom.metadata.create_all(get_engine(), tables=tables)
        assert get_engine().dialect.name == "postgresql"
        yield
    finally:
        get_engine().dispose()
        monkeypatch.delenv("DB_URL")
        get_settings.cache_clear()
        get_engine.cache_clear()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
def test_fifty_concurrent_voters_on_postgresql(postgres_db: None) -> None:
    _exact_counts_under_concurrency()


@pytest.mark.postgres
def test_queue_limit_holds_under_concurrent_adds_on_postgresql(postgres_db: None) -> None:
    _limit_holds_under_concurrency()


def _one_browser_many_tabs_one_vote() -> None:
    """Ten tabs of one browser (one guest cookie) join and vote at once: one seat, one vote;
    then the host removes the guest and no tab gets back in."""
    host = make_user("Hana")
    code = party.create_room(host.user_id or 0, "Tabs").code
    item = party.add_to_queue(code, host, track(1), now=later(1))
    party.add_to_queue(code, host, track(2), now=later(2))
    browser = Identity.guest(new_guest_key())
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def tab() -> None:
        try:
            barrier.wait()
            party.join_room(code, browser, "Tabby")
            party.vote(code, browser, item, 1)
        except BaseException as exc:  # the unique keys may refuse a racing insert: say so
            errors.append(exc)

    threads = [threading.Thread(target=tab) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    party.join_room(code, browser, "Tabby")  # whatever raced, the browser has its seat
    party.vote(code, browser, item, 1)
    view = party.room_view(code, host)
    assert [m.display_name for m in view.members].count("Tabby") == 1
    assert next(q for q in view.queue if q.id == item).up == 1
    assert all(isinstance(e, party.PartyError) for e in errors), errors
    party.remove_member(code, host, party.room_view(code, browser).me.member_id)
    for _ in range(3):
        with pytest.raises(party.MemberRemoved):
            party.join_room(code, browser, "Tabby")


def test_many_tabs_of_one_browser_vote_once_on_sqlite(db: None) -> None:
    _one_browser_many_tabs_one_vote()


@pytest.mark.postgres
def test_many_tabs_of_one_browser_vote_once_on_postgresql(postgres_db: None) -> None:
    _one_browser_many_tabs_one_vote()


def _a_view_is_read_as_of_one_moment() -> None:
    """A room view is read in several statements; a change committed between two of them
    (here a chat line, posted by another session halfway) is either wholly in the view
    or wholly out of it, never in one part and not the other (`services.db._one_snapshot`)."""
    from sqlmodel import func, select

    from services.db import run_in_transaction
    from services.party.models import PartyChatMessage

    host = make_user("Hana")
    code = party.create_room(host.user_id or 0, "One moment").code

    def read_twice(db: object) -> list[int]:
        def lines() -> int:
            return int(db.exec(select(func.count()).select_from(PartyChatMessage)).one())  # type: ignore[attr-defined]

        first = lines()
        writer = threading.Thread(target=party.post_message, args=(code, host, "said halfway"))
        writer.start()
        writer.join(30)
        return [first, lines()]

    assert run_in_transaction(read_twice, read_only=True) == [0, 0]  # as of when the view began
    assert run_in_transaction(read_twice, read_only=True) == [1, 1]  # the line, in both reads
    assert run_in_transaction(read_twice) == [2, 3]  # a unit that writes takes what is committed


def test_a_view_is_read_as_of_one_moment_on_sqlite(db: None) -> None:
    _a_view_is_read_as_of_one_moment()


@pytest.mark.postgres
def test_a_view_is_read_as_of_one_moment_on_postgresql(postgres_db: None) -> None:
    _a_view_is_read_as_of_one_moment()

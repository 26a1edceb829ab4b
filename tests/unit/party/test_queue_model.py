"""The queue's order against a small reference model, for random sequences of
votes, pins, moves and removals (property-based)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services import party
from tests.unit.party.conftest import later, make_user, track

pytestmark = pytest.mark.usefixtures("db")

ITEMS = 5
PEOPLE = 3

op = st.one_of(
    st.tuples(st.just("vote"), st.integers(0, PEOPLE - 1), st.integers(0, ITEMS - 1), st.sampled_from([-1, 0, 1])),
    st.tuples(st.just("pin"), st.integers(0, ITEMS - 1), st.booleans()),
    st.tuples(st.just("move"), st.integers(0, ITEMS - 1), st.integers(0, ITEMS)),
    st.tuples(st.just("remove"), st.integers(0, ITEMS - 1)),
)


class Model:
    """The queue rules written the plainest way."""

    def __init__(self) -> None:
        self.votes: dict[tuple[int, int], int] = {}
        self.pinned: list[int] = []
        self.removed: set[int] = set()

    def score(self, item: int) -> int:
        return sum(v for (_, i), v in self.votes.items() if i == item)

    def order(self) -> list[int]:
        rest = [i for i in range(ITEMS) if i not in self.removed and i not in self.pinned]
        return self.pinned + sorted(rest, key=lambda i: (-self.score(i), i))

    def move(self, item: int, to: int) -> None:
        order = [i for i in self.order() if i != item]
        to = min(to, len(order))
        order.insert(to, item)
        self.pinned = [i for k, i in enumerate(order) if k <= to or i in self.pinned]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, max_size=12))
def test_queue_order_matches_the_rules(ops: list[tuple]) -> None:  # type: ignore[type-arg]
    host = make_user("Hana")
    code = party.create_room(host.user_id or 0, "Model").code
    people = [party.new_guest() for _ in range(PEOPLE)]
    for n, who in enumerate(people):
        party.join_room(code, who, f"P{n}")
    ids = [party.add_to_queue(code, host, track(n), now=later(n)) for n in range(ITEMS)]
    model = Model()
    for step in ops:
        kind, *args = step
        gone = kind != "vote" and args[0] in model.removed or kind == "vote" and args[1] in model.removed
        if gone:
            with pytest.raises(party.ItemGone):
                if kind == "vote":
                    party.vote(code, people[args[0]], ids[args[1]], args[2])
                else:
                    party.remove_item(code, host, ids[args[0]])
            continue
        if kind == "vote":
            person, item, value = args
            party.vote(code, people[person], ids[item], value)
            if value:
                model.votes[(person, item)] = value
            else:
                model.votes.pop((person, item), None)
        elif kind == "pin":
            item, pinned = args
            party.pin_item(code, host, ids[item], pinned)
            if pinned and item not in model.pinned:
                model.pinned.append(item)
            elif not pinned and item in model.pinned:
                model.pinned.remove(item)
        elif kind == "move":
            item, to = args
            party.move_item(code, host, ids[item], to)
            model.move(item, to)
        else:
            (item,) = args
            party.remove_item(code, host, ids[item])
            model.removed.add(item)
            if item in model.pinned:
                model.pinned.remove(item)
    queue = party.room_view(code, host).queue
    assert [ids.index(q.id) for q in queue] == model.order()
    assert [q.score for q in queue] == [model.score(i) for i in model.order()]
    assert [q.pinned for q in queue] == [i in model.pinned for i in model.order()]

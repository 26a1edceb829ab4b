"""Item 2 through the pages' real state events: eight tabs of one free account press
"New project" at the same moment (each event runs the service in a worker thread, as
on the server), three times over: never more projects than the plan allows, and every
refused tab is answered with the upgrade dialog rather than an error."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import func, select

from services import accounts, billing
from services.db import session_scope
from services.label.models import LabelProject
from state.label import LabelState
from tests.security.conftest import Tab

pytestmark = pytest.mark.usefixtures("db")
TABS = 8


async def test_eight_tabs_creating_projects_at_once_never_pass_the_free_limit() -> None:
    allowed = billing.LIMITS["label_projects"].free
    for round_no in range(3):
        user, token = accounts.sign_up(f"tabs{round_no}@example.com", "good pass 123")
        tabs = [Tab(token=token, path="/label") for _ in range(TABS)]
        answers = await asyncio.gather(*(tab.send(LabelState.new_project) for tab in tabs))
        with session_scope() as db:
            made = db.exec(select(func.count()).select_from(LabelProject).where(LabelProject.user_id == user.id)).one()
        assert made == allowed, (round_no, made)
        refused = [a for a in answers if any("upgrade" in str(e).lower() for e in a)]
        assert len(refused) == TABS - allowed, answers
        assert all(tab.state(LabelState).error == "" for tab in tabs)

"""The operator command that changes a plan for demos."""

from __future__ import annotations

import pytest

from app.cli import main
from services import accounts
from services.billing import billing_status

pytestmark = pytest.mark.usefixtures("db")


def test_plan_set_changes_and_restores_the_plan(capsys: pytest.CaptureFixture[str]) -> None:
    user, _ = accounts.sign_up("op@example.com", "good pass 123")
    assert main(["plan", "set", "OP@example.com", "pro"]) == 0
    assert billing_status(user.id).plan == "pro" and "plan is now pro" in capsys.readouterr().out
    assert main(["plan", "set", "op@example.com", "stripe"]) == 0
    assert billing_status(user.id).plan == "free"


def test_plan_set_for_an_unknown_email_fails_clearly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "set", "nobody@example.com", "pro"]) == 1
    assert "no account" in capsys.readouterr().err


def test_outbox_prints_an_addresss_newest_mail_with_its_link(capsys: pytest.CaptureFixture[str]) -> None:
    from services.accounts import notices, recovery

    accounts.register("forgot@example.com", "good pass 123")
    recovery.request_password_reset("forgot@example.com")
    notices.drain()
    assert main(["outbox", "Forgot@example.com"]) == 0
    out = capsys.readouterr().out
    assert "Set a new password" in out and "/reset?token=" in out
    assert main(["outbox", "nobody@example.com"]) == 1

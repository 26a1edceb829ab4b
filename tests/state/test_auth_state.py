"""The auth state: its redirect rule (only same-site paths, so a crafted
`/login?next=https://evil.example` link cannot send a person elsewhere) and
where the session check runs."""

from __future__ import annotations

import threading

import pytest
from reflex.istate.data import RouterData

from services import accounts
from state.auth import AuthState, _safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/worlds", "/worlds"),
        ("/party/ABC123?x=1", "/party/ABC123?x=1"),
        ("", "/"),
        ("https://evil.example/", "/"),
        ("//evil.example/path", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("/%09/evil.example", "/%09/evil.example"),  # stays a path on this site
    ],
)
def test_next_targets_stay_on_this_site(target: str, expected: str) -> None:
    assert _safe_next(target) == expected


async def test_a_session_is_checked_in_a_worker_thread_not_on_the_event_loop(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`current_user` runs for most events: its database read must leave the event loop
    free to write every other tab's frames. A signed-out tab costs no read at all."""
    user, token = accounts.sign_up("loop@example.com", "good pass 123", "Loop")
    checked_on: list[threading.Thread] = []
    real = accounts.user_for_token

    def recording(session_token: str):  # type: ignore[no-untyped-def]
        checked_on.append(threading.current_thread())
        return real(session_token)

    monkeypatch.setattr(accounts, "user_for_token", recording)
    state = AuthState(_reflex_internal_init=True)  # type: ignore[call-arg]

    assert await state.resolve_user() is None and checked_on == []
    state.router = RouterData.from_router_data({"headers": {"cookie": f"theme=dark; sbm_session={token}"}})
    resolved = await state.resolve_user()

    assert resolved is not None and resolved.id == user.id
    assert state.signed_in and state.user_name == "Loop"
    assert checked_on and checked_on[0] is not threading.main_thread()

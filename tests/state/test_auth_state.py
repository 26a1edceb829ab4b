"""The auth state's redirect rule: only same-site paths, so a crafted
`/login?next=https://evil.example` link cannot send a person elsewhere."""

from __future__ import annotations

import pytest

from state.auth import _safe_next


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
    ],
)
def test_next_targets_stay_on_this_site(target: str, expected: str) -> None:
    assert _safe_next(target) == expected

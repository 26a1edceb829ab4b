"""Fixtures of the registry tests: environment values for one test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from services.config import get_settings


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """`env(OPENAI_API_KEY="sk-test", ...)` sets environment values (new settings) for this test."""

    def apply(**values: object) -> None:
        for key, value in values.items():
            monkeypatch.setenv(key, str(value))
        get_settings.cache_clear()

    yield apply
    monkeypatch.undo()
    get_settings.cache_clear()

"""Settings: live or demo per service, and the secret key rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.config import SERVICE_KEYS, Settings


def make(tmp_path: Path, **env: str) -> Settings:
    return Settings(DATA_DIR=str(tmp_path), **env)  # type: ignore[call-arg]


def test_every_service_is_demo_without_keys(tmp_path: Path) -> None:
    assert set(make(tmp_path).modes().values()) == {"demo"}


def test_keys_switch_one_service_live(tmp_path: Path) -> None:
    settings = make(tmp_path, OPENAI_API_KEY="sk-test", STRIPE_SECRET_KEY="sk_test_1")
    modes = settings.modes()
    assert modes["openai"] == "live" and modes["stripe"] == "live"
    assert {k for k, v in modes.items() if v == "demo"} == set(SERVICE_KEYS) - {"openai", "stripe"}


def test_local_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = make(tmp_path, SECRET_KEY="").secret_key
    second = make(tmp_path, SECRET_KEY="").secret_key
    assert first == second and len(first) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        _ = make(tmp_path, APP_ENV="production", SECRET_KEY="").secret_key


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    assert make(tmp_path, DB_URL="").db_url == f"sqlite:///{tmp_path / 'app.db'}"
    assert make(tmp_path, DB_URL="postgresql://x/y").db_url == "postgresql://x/y"

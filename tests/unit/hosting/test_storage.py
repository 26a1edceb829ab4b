"""The per-account media quota: shown, and checked before an upload is written."""

from __future__ import annotations

import pytest

from services import storage
from services.config import get_settings
from services.label import projects
from services.label.audio_io import AudioError
from services.label.vocals import add_vocal_take

pytestmark = pytest.mark.usefixtures("db")


def test_usage_and_the_quota_check(settings, make_user) -> None:
    settings(STORAGE_QUOTA_MB=1, STORAGE_QUOTA_MB_DEMO=1)
    ana = make_user()
    (storage.user_dir(ana) / "1").mkdir(parents=True)
    (storage.user_dir(ana) / "1" / "a.wav").write_bytes(b"x" * 600_000)
    usage = storage.storage_usage(ana)
    assert usage.used == 600_000 and usage.text == "0.6 MB of 1 MB" and usage.percent == 57
    storage.check_storage(ana, 400_000)
    with pytest.raises(storage.StorageFull, match="does not fit: you use 0.6 MB of 1 MB of storage"):
        storage.check_storage(ana, 500_000)


def test_derived_files_and_the_folders_they_are_built_in_are_not_counted(settings, make_user) -> None:
    settings(STORAGE_QUOTA_MB=1)
    ana = make_user()
    folder = storage.user_dir(ana) / "1"
    (folder / f"{storage.DERIVED_PREFIX}work").mkdir(parents=True)
    (folder / "take.wav").write_bytes(b"x" * 300_000)
    (folder / f"{storage.DERIVED_PREFIX}release_pack-1.zip").write_bytes(b"x" * 900_000)
    (folder / f"{storage.DERIVED_PREFIX}work" / "pack.zip").write_bytes(b"x" * 900_000)
    assert storage.storage_usage(ana).used == 300_000
    storage.check_storage(ana, 600_000)


def test_demo_accounts_get_less_room(settings, make_user) -> None:
    settings(STORAGE_QUOTA_MB=10, STORAGE_QUOTA_MB_DEMO=1)
    demo = make_user(is_demo=True)
    with pytest.raises(storage.StorageFull):
        storage.check_storage(demo, 2 * 1024 * 1024)
    storage.check_storage(make_user(), 2 * 1024 * 1024)


def test_an_upload_beyond_the_quota_is_refused_before_it_is_written(settings, make_user) -> None:
    settings(STORAGE_QUOTA_MB=1)
    ana = make_user()
    project = projects.create_project(ana, "Song")
    incoming = get_settings().media_dir / ".incoming"
    before = set(incoming.iterdir()) if incoming.exists() else set()
    with pytest.raises(AudioError, match="does not fit"):
        add_vocal_take(ana, project.id, b"\0" * (2 * 1024 * 1024), "big.wav")
    after = set(incoming.iterdir()) if incoming.exists() else set()
    assert after == before
    assert list(projects.project_dir(ana, project.id).iterdir()) == []


def test_pro_gives_more_room_and_the_message_says_so(settings, make_user) -> None:
    import services.billing  # noqa: F401  (tells storage how to read plans)
    from services.billing import set_plan_override
    from services.db import session_scope

    settings(STORAGE_QUOTA_MB=1, STORAGE_QUOTA_MB_PRO=4)
    ana = make_user()
    with pytest.raises(storage.StorageFull, match=r"Pro gives 4 MB: see Pricing"):
        storage.check_storage(ana, 2 * 1024 * 1024)
    with session_scope() as db:
        set_plan_override(db, ana, "pro")
    storage.check_storage(ana, 2 * 1024 * 1024)
    assert storage.storage_usage(ana).text.endswith("of 4 MB")

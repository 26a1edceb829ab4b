"""What uses the account's storage: the label's files by kind (beats, takes, mixes and
masters, covers, videos), in the open project and across the account, each with where
on the page it can be freed, so the artist sees what to delete before the quota bites.

Release packs are derived (`storage.DERIVED_PREFIX`) and shown as not counted; files
under the account's folder that no label row names (other features' uploads, files
a crash left behind) are one "other files" line, so the rows add up to the meter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import select

from services.db import session_scope
from services.label.models import Asset
from services.storage import DERIVED_PREFIX, used_bytes

# (category, asset kinds, where it is freed)
CATEGORIES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Mixes and masters", ("mix", "master", "master_mp3"),
     "Versions: delete old mixes (the mix, its master and MP3 go together)."),
    ("Beats", ("beat",), "Versions: delete beats you no longer use."),
    ("Vocal takes", ("vocal",), "Takes: delete takes you will not use."),
    ("Videos", ("video", "video_audio"), "Content: delete videos you have posted."),
    ("Covers", ("cover_candidate", "cover_3000", "cover_1500", "cover_vertical", "cover_upload"),
     "Covers are small; a new pick replaces the old ones."),
)
PACKS = "Release packs"
OLD_PACKS = "Older release packs"
OTHER = "Other files"


@dataclass(frozen=True)
class StorageUse:
    """One line of the breakdown."""

    category: str
    files: int
    project_bytes: int  # in the open project
    total_bytes: int  # across the account
    counted: bool
    how_to_free: str


def _category(kind: str) -> str:
    if kind == "release_pack":  # made before packs were derived: counted until a new pack replaces them
        return OLD_PACKS
    for name, kinds, _ in CATEGORIES:
        if kind in kinds or (name == "Covers" and kind.startswith("cover")):
            return name
    return OTHER


def storage_use(user_id: int, project_id: int = 0) -> list[StorageUse]:
    """The breakdown, largest first; release packs last (not counted)."""
    with session_scope() as db:
        rows = db.exec(select(Asset).where(Asset.user_id == user_id)).all()
        assets = [(r.kind, r.project_id, r.file_name, int(r.size_bytes or 0), bool((r.meta or {}).get("replaced")))
                  for r in rows]
    files: dict[str, int] = defaultdict(int)
    here: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for kind, pid, name, size, replaced in assets:
        if replaced:
            continue
        cat = PACKS if name.startswith(DERIVED_PREFIX) else _category(kind)
        files[cat] += 1
        total[cat] += size
        if pid == project_id:
            here[cat] += size
    counted = sum(v for k, v in total.items() if k != PACKS)
    stray = used_bytes(user_id) - counted
    if stray > 0:
        total[OTHER] += stray
    hints = {name: hint for name, _, hint in CATEGORIES}
    hints[OTHER] = "Files outside the label's lists (other features' uploads)."
    hints[OLD_PACKS] = "Build the pack again: the new one replaces them and is not counted."
    out = [StorageUse(cat, files[cat], here[cat], total[cat], True, hints.get(cat, ""))
           for cat in total if cat != PACKS and total[cat] > 0]
    out.sort(key=lambda u: u.total_bytes, reverse=True)
    if total.get(PACKS):
        out.append(StorageUse(PACKS, files[PACKS], here[PACKS], total[PACKS], False,
                              "Not counted: a pack is rebuilt in seconds from your master, covers and texts."))
    return out

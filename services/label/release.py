"""The release stage's facts: title, artist, genre, mood, explicit, release date and the
optional ISRC and UPC, validated and kept in the project's `data["release"]`; the
release copy from the Composer; and what is still missing before a pack can be built.

ISRC: `CC-XXX-YY-NNNNN` (country, registrant, year, designation), with or without
hyphens, stored as its 12 characters. UPC-A: 12 digits whose last is the check digit.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from services.ai import ReleaseCopy, TrackBrief, get_composer
from services.ai.text import fix_articles
from services.label import projects
from services.label.projects import LabelError

MAX_TEXT = 120
_ISRC = re.compile(r"^([A-Z]{2})-?([A-Z0-9]{3})-?(\d{2})-?(\d{5})$")


@dataclass(frozen=True)
class ReleaseInfo:
    """The release as the page edits it (strings as typed, validated)."""

    title: str = ""
    artist: str = ""
    genre: str = ""
    mood: str = ""
    explicit: bool = False
    release_date: str = ""  # ISO yyyy-mm-dd
    isrc: str = ""  # 12 characters, no hyphens
    upc: str = ""  # 12 digits
    writers: str = ""  # credits, as the artist types them ("Ana Lux, Bo Kim")
    producer: str = ""
    performer: str = ""
    commercial: bool = True  # released for sale/streaming (not a personal demo)
    licence_confirmed: bool = False  # the artist confirmed rights to a non-commercial beat

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def isrc_display(self) -> str:
        return format_isrc(self.isrc) if self.isrc else ""


@dataclass(frozen=True)
class Missing:
    """One thing a release pack still needs, and where the person gets it."""

    item: str
    where: str

    def __str__(self) -> str:
        return f"{self.item} ({self.where})"


@dataclass
class Readiness:
    missing: list[Missing] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing

    def message(self) -> str:
        """One sentence naming everything missing (empty when ready)."""
        if not self.missing:
            return ""
        return "The release pack still needs: " + "; ".join(str(m) for m in self.missing) + "."


# --- validation ---------------------------------------------------------------------

def normalize_isrc(value: str) -> str:
    """'' for blank; else the 12-character ISRC, or a `LabelError` saying the format."""
    cleaned = (value or "").strip().upper().replace(" ", "")
    if not cleaned:
        return ""
    m = _ISRC.match(cleaned)
    if not m:
        raise LabelError(
            f"ISRC {value.strip()!r} is not valid: use CC-XXX-YY-NNNNN (country letters, 3-character registrant, "
            "2-digit year, 5-digit number), e.g. US-S1Z-25-00001."
        )
    return "".join(m.groups())


def format_isrc(isrc: str) -> str:
    """CCXXXYYNNNNN -> CC-XXX-YY-NNNNN."""
    return f"{isrc[:2]}-{isrc[2:5]}-{isrc[5:7]}-{isrc[7:]}" if len(isrc) == 12 else isrc


def upc_check_digit(first_eleven: str) -> int:
    """UPC-A check digit: 3x the digits in odd positions plus the even ones, to the next 10."""
    digits = [int(c) for c in first_eleven]
    total = 3 * sum(digits[0::2]) + sum(digits[1::2])
    return (10 - total % 10) % 10


def normalize_upc(value: str) -> str:
    """'' for blank; else 12 digits with a correct check digit, or a `LabelError`."""
    cleaned = re.sub(r"[\s-]", "", value or "")
    if not cleaned:
        return ""
    if not cleaned.isdigit() or len(cleaned) != 12:
        raise LabelError(f"UPC {value.strip()!r} is not valid: a UPC-A code has exactly 12 digits.")
    expected = upc_check_digit(cleaned[:11])
    if int(cleaned[11]) != expected:
        raise LabelError(f"UPC {cleaned} has a wrong check digit: the last digit should be {expected}. Check for a typo.")
    return cleaned


def parse_release_date(value: str) -> str:
    """'' for blank; else an ISO date (yyyy-mm-dd), or a `LabelError` saying what is wrong."""
    text = (value or "").strip()
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise LabelError(f"Release date {text!r} is not a date: use YYYY-MM-DD, e.g. 2026-12-04.") from None


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())[:MAX_TEXT]


def _flag(value: Any) -> bool:
    return bool(value) and str(value).lower() not in ("false", "0", "no", "off")


def validate(fields: dict[str, Any]) -> ReleaseInfo:
    """A `ReleaseInfo` from raw fields; every problem is collected into one `LabelError`."""
    problems: list[str] = []
    out: dict[str, Any] = {k: _text(fields.get(k)) for k in ("title", "artist", "genre", "mood", "writers", "producer",
                                                              "performer")}
    for flag in ("explicit", "commercial", "licence_confirmed"):
        out[flag] = _flag(fields.get(flag, flag == "commercial"))
    for key, fn in (("release_date", parse_release_date), ("isrc", normalize_isrc), ("upc", normalize_upc)):
        try:
            out[key] = fn(str(fields.get(key) or ""))
        except LabelError as exc:
            problems.append(str(exc))
            out[key] = ""
    if problems:
        raise LabelError(" ".join(problems))
    return ReleaseInfo(**out)


# --- stored on the project ----------------------------------------------------------------

def song_title(data: dict[str, Any], project_name: str) -> str:
    """The song's own title: the lyrics' title when the lyrics have one, else the project's name."""
    current = (data.get("lyrics") or {}).get("current") if isinstance(data.get("lyrics"), dict) else None
    title = str((current or {}).get("title") or "").strip()
    return title if title and title.lower() != "untitled" else project_name


def get_release(user_id: int, project_id: int) -> ReleaseInfo:
    """The saved release, with defaults from the project (the song's title, genre, mood).
    A title the artist never typed follows the song (so a renamed project or new lyrics
    title never leaves a stale one behind)."""
    project = projects.get_project(user_id, project_id)
    saved = dict(project.data.get("release") or {})
    defaults = {"title": song_title(project.data, project.name), "genre": project.data.get("genre", ""),
                "mood": project.data.get("mood", "")}
    if not saved.get("title_typed"):
        saved.pop("title", None)
    merged = {**defaults, **{k: v for k, v in saved.items() if v not in (None, "")}}
    known = set(ReleaseInfo.__dataclass_fields__)
    return ReleaseInfo(**{k: v for k, v in merged.items() if k in known})


def save_release(user_id: int, project_id: int, **fields: Any) -> ReleaseInfo:
    """Validate and store the release; on a bad field nothing is saved (and nothing lost)."""
    before = get_release(user_id, project_id)
    project = projects.get_project(user_id, project_id)
    info = validate({**before.as_dict(), **fields})
    typed = bool((project.data.get("release") or {}).get("title_typed")) or (
        "title" in fields and info.title != song_title(project.data, project.name))
    projects.update_project_data(user_id, project_id, release={**info.as_dict(), "title_typed": typed})
    return info


def track_brief(user_id: int, project_id: int, transcript: str = "") -> TrackBrief:
    """What the Composer is told about the track."""
    info = get_release(user_id, project_id)
    project = projects.get_project(user_id, project_id)
    return TrackBrief(title=info.title or project.name, artist=info.artist, genre=info.genre, mood=info.mood,
                      lyrics=lyrics_text(project.data)[:4000], transcript=transcript[:4000])


def lyrics_text(data: dict[str, Any]) -> str:
    """The project's lyrics as plain text, whichever shape the lyrics stage saved them in."""
    value = data.get("lyrics")
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict) and isinstance(value.get("current"), dict):  # as the lyrics stage saves them
        return lyrics_text({"lyrics": value["current"]})
    if isinstance(value, dict):
        if isinstance(value.get("text"), str):
            return value["text"].strip()
        sections = value.get("sections") or []
        blocks = []
        for s in sections:
            if isinstance(s, dict):
                lines = [str(x) for x in s.get("lines") or []]
                blocks.append(f"[{str(s.get('kind', '')).capitalize()}]\n" + "\n".join(lines))
        return "\n\n".join(blocks).strip()
    return ""


def generate_copy(user_id: int, project_id: int) -> ReleaseCopy:
    """Description, press pitch and tagline from the Composer, kept on the project."""
    copy = get_composer().release_copy(track_brief(user_id, project_id), user_id=user_id)
    projects.update_project_data(user_id, project_id, release_copy={
        "description": fix_articles(copy.description), "press_pitch": fix_articles(copy.press_pitch),
        "tagline": fix_articles(copy.tagline), "source": copy.source,
    })
    return copy


def saved_copy(user_id: int, project_id: int) -> dict[str, str]:
    return dict(projects.get_project(user_id, project_id).data.get("release_copy") or {})


def readiness(user_id: int, project_id: int) -> Readiness:
    """Everything the pack needs that the project does not have yet."""
    info = get_release(user_id, project_id)
    out = Readiness()
    if not info.title:
        out.missing.append(Missing("a title", "Release details"))
    if not info.artist:
        out.missing.append(Missing("an artist name", "Release details"))
    if not projects.list_assets(user_id, project_id, "master"):
        out.missing.append(Missing("mastered audio", "mix and master the song in the Mix stage"))
    if not projects.list_assets(user_id, project_id, "cover_3000"):
        out.missing.append(Missing("a cover", "make cover candidates and pick one, or upload your own"))
    licence = beat_licence(user_id, project_id)
    if info.commercial and licence and not licence["commercial"] and not info.licence_confirmed:
        out.missing.append(Missing(
            f"a licence decision: the master's beat was made with {licence['generator']} ({licence['licence']}, "
            "non-commercial)", "confirm you hold commercial rights to it, or re-render the beat with the local synth"))
    return out


def used_master(user_id: int, project_id: int) -> projects.AssetInfo | None:
    """The master the pack uses: the artist's chosen version, else the newest."""
    project = projects.get_project(user_id, project_id)
    masters = projects.list_assets(user_id, project_id, "master")
    wanted = int(project.data.get("master_asset_id") or 0)
    return next((m for m in masters if m.id == wanted), masters[0] if masters else None)


def beat_licence(user_id: int, project_id: int) -> dict[str, Any] | None:
    """Generator and licence of the beat inside the master the pack uses."""
    master = used_master(user_id, project_id)
    if master is None:
        return None
    beat_id = int(master.meta.get("beat_id") or 0)
    beat = next((b for b in projects.list_assets(user_id, project_id, "beat") if b.id == beat_id), None)
    meta = beat.meta if beat else master.meta
    return {"generator": str(meta.get("generator") or meta.get("beat_source") or "the local synth"),
            "licence": str(meta.get("licence") or "our own code"), "commercial": bool(meta.get("commercial", True)),
            "bpm": (beat.meta.get("bpm") if beat else None), "key": (beat.meta.get("key") if beat else None)}

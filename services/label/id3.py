"""ID3v2.3 tags of the release MP3, written with mutagen: title, artist, album, genre,
year, ISRC, BPM, key, credits (writers as composer, producer and performer in the
people list), the lyrics in an unsynchronised-lyrics frame (USLT) and the front cover
(APIC). The audio frames are never touched."""

from __future__ import annotations

from pathlib import Path

from mutagen.id3 import (
    APIC,
    COMM,
    ID3,
    TALB,
    TBPM,
    TCOM,
    TCON,
    TIPL,
    TIT2,
    TKEY,
    TPE1,
    TPE2,
    TSRC,
    TYER,
    USLT,
    ID3NoHeaderError,
)

from services.label.beat_synth import parse_key
from services.label.release import ReleaseInfo

_NOTES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def id3_key(key: str) -> str:
    """ID3's TKEY notation: 'A minor' -> 'Am', 'F# major' -> 'F#' (empty when unknown)."""
    if not key:
        return ""
    root, minor = parse_key(key)
    return _NOTES[root] + ("m" if minor else "")


def tag_mp3(path: Path, info: ReleaseInfo, *, lyrics: str = "", cover: Path | None = None, bpm: float | None = None,
            key: str = "") -> None:
    """Replace the file's tags with the release's."""
    try:
        ID3(path).delete(path)
    except ID3NoHeaderError:
        pass
    tags = ID3()
    text = {TIT2: info.title, TPE1: info.performer or info.artist, TPE2: info.artist, TALB: info.title,
            TCON: info.genre, TSRC: info.isrc, TCOM: info.writers, TKEY: id3_key(key)}
    for frame, value in text.items():
        if value:
            tags.add(frame(encoding=3, text=value))
    if info.release_date:
        tags.add(TYER(encoding=3, text=info.release_date[:4]))
    if bpm:
        tags.add(TBPM(encoding=3, text=str(int(round(float(bpm))))))
    people = [[role, name] for role, name in (("producer", info.producer), ("performer", info.performer)) if name]
    if people:
        tags.add(TIPL(encoding=3, people=people))
    if info.explicit:
        tags.add(COMM(encoding=3, lang="eng", desc="", text="Explicit"))
    if lyrics.strip():
        tags.add(USLT(encoding=3, lang="eng", desc="", text=lyrics.strip()[:20000]))
    if cover is not None:
        tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="Cover (front)", data=cover.read_bytes()))
    tags.save(path, v2_version=3)

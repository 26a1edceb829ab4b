"""A catalogue of artists with realistic discographies for the fake Spotify, and the truth
about which of their releases are new in a window: for the release-scan recall test and
`bench/releases.py`.

Each artist gets old albums and singles (day, month and year precision), releases just
before the window, and, for many, new releases inside it: some in several editions
(explicit and clean with the same title, a "(Deluxe Edition)" a few days later), some
dated only by month, some on the window's first and last day, collaborations with
another followed artist; plus pre-releases dated after today, a year-only date this
year (read as 1 January), and compilations they appear on (not asked for by default).
Names are sometimes not ASCII.

`truth` maps every edition's album id to its release; a release is `new` when it is in
the window by the rules of `services/releases/window.py`, decided here from how it was
made, not by calling that code.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from tests.contract.fake_spotify import VARIOUS_ARTISTS, FakeSpotify

NAMES = ("Lumen", "Björk Tide", "Sigur Ró", "Beyoncé Echo", "坂本 Wave", "Zoë Drift", "Ünder", "Mañana", "Øresund",
         "Dvořák Club", "Ceþ", "Åsa", "Ekin Çağ", "Ωmega", "Jalebi", "Noor", "Kāinga", "Ðusk", "Fjørd", "Saudade")


@dataclass
class Release:
    """One release as made: its editions (album ids) and whether it is new in the window."""

    key: str
    artist_ids: tuple[str, ...]
    editions: list[str] = field(default_factory=list)
    new: bool = False


@dataclass
class World:
    artists: list[str]
    truth: dict[str, Release]  # album id -> its release

    def new_releases(self, followed: set[str]) -> set[str]:
        """Keys of the releases new in the window for someone following `followed`."""
        return {r.key for r in self.truth.values() if r.new and followed & set(r.artist_ids)}


def _iso(day: dt.date, precision: str) -> str:
    return {"year": f"{day.year}", "month": f"{day:%Y-%m}"}.get(precision, day.isoformat())


class _Maker:
    def __init__(self, fake: FakeSpotify, rng: random.Random, since: dt.date, today: dt.date, prefix: str) -> None:
        self.fake, self.rng, self.since, self.today, self.prefix = fake, rng, since, today, prefix
        self.truth: dict[str, Release] = {}
        self.count = 0

    def album(self, release: Release, artists: list[tuple[str, str]], title: str, kind: str, day: dt.date,
              precision: str = "day", tracks: int = 0) -> str:
        self.count += 1
        album_id = f"{self.prefix}al{self.count:06d}"
        self.fake.albums[album_id] = {
            "id": album_id, "type": "album", "uri": f"spotify:album:{album_id}", "name": title,
            "album_type": kind, "total_tracks": tracks or (1 if kind == "single" else 10),
            "release_date": _iso(day, precision), "release_date_precision": precision,
            "artists": [{"id": a, "name": n, "type": "artist"} for a, n in artists],
            "images": [] if self.rng.random() < 0.1 else [{"url": f"https://img.example/{album_id}.jpg", "width": 640, "height": 640}],
            "label": "Fake Records",
        }
        release.editions.append(album_id)
        self.truth[album_id] = release
        return album_id

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randrange((last - first).days + 1))

    def release(self, artists: list[tuple[str, str]], title: str, kind: str, day: dt.date, *, new: bool,
                precision: str = "day") -> Release:
        release = Release(f"{artists[0][0]}:{title}", tuple(a for a, _ in artists), new=new)
        self.album(release, artists, title, kind, day, precision)
        return release


def populate(fake: FakeSpotify, *, artists: int, since: dt.date, today: dt.date, seed: int = 7, prefix: str = "w") -> World:
    """Add `artists` artists (ids `{prefix}ar00000`...) and their discographies to the fake."""
    rng = random.Random(seed)
    make = _Maker(fake, rng, since, today, prefix)
    ids: list[str] = []
    for n in range(artists):
        aid = f"{prefix}ar{n:05d}"
        name = f"{rng.choice(NAMES)} {n}"
        fake.artists[aid] = {"id": aid, "type": "artist", "uri": f"spotify:artist:{aid}", "name": name,
                             "genres": [], "popularity": rng.randrange(100), "followers": {"total": n}, "images": []}
        ids.append(aid)
        me = [(aid, name)]
        # The back catalogue: old albums and singles, some dated only by month or year.
        for k in range(max(0, int(rng.lognormvariate(2.3, 0.8)))):
            kind = rng.choice(("album", "single", "single"))
            day = since - dt.timedelta(days=60 + rng.randrange(5000))
            precision = rng.choices(("day", "month", "year"), weights=(8, 1, 1))[0]
            make.release(me, f"Old {kind} {k}", kind, day, new=False, precision=precision)
        # Just before the window: read (they are within a month of it) but never new.
        for k in range(rng.randrange(3)):
            make.release(me, f"Near miss {k}", rng.choice(("album", "single")), since - dt.timedelta(days=1 + rng.randrange(30)), new=False)
        if rng.random() < 0.65:
            _new_music(make, me, rng)
        if rng.random() < 0.1:  # a pre-release listed ahead of its day: new only once that day comes
            make.release(me, "Coming soon", "single", today + dt.timedelta(days=1 + rng.randrange(14)), new=False)
        if rng.random() < 0.1:  # a date that says only "this year": read as 1 January
            make.release(me, "Sometime this year", "album", today.replace(month=1, day=1), new=since <= today.replace(month=1, day=1),
                         precision="year")
        if rng.random() < 0.2:  # a compilation they appear on (not read unless asked for)
            make.release([(VARIOUS_ARTISTS, "Various Artists"), *me], f"Hits Volume {n}", "compilation",
                         make.day_between(since, today), new=False)
    for n in range(0, artists - 1, 23):  # collaborations: one release, two followed artists
        a, b = ids[n], ids[n + 1]
        make.release([(a, fake.artists[a]["name"]), (b, fake.artists[b]["name"])], f"Together {n}", "single",
                     make.day_between(since, today), new=True)
    return World(ids, make.truth)


def _new_music(make: _Maker, me: list[tuple[str, str]], rng: random.Random) -> None:
    since, today = make.since, make.today
    for k in range(1 + rng.randrange(3)):
        kind = rng.choice(("album", "single", "single"))
        title = f"New {kind} {k}"
        roll = rng.random()
        if roll < 0.1:
            day = since  # the window's first day
        elif roll < 0.2:
            day = today  # out today
        else:
            day = make.day_between(since, today)
        release = make.release(me, title, kind, day, new=True)
        if rng.random() < 0.3:  # explicit and clean: the same title twice
            make.album(release, me, title, kind, day)
        if kind == "album" and rng.random() < 0.25 and day + dt.timedelta(days=3) <= today:
            make.album(release, me, f"{title} (Deluxe Edition)", kind, day + dt.timedelta(days=3), tracks=16)
    if rng.random() < 0.3:  # dated only by month: new when that month overlaps the window
        month = rng.choice([today, since, since.replace(day=1) - dt.timedelta(days=1)])  # the last one is before it
        first = month.replace(day=1)
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        make.release(me, "Month only", "album", first, new=first <= today and last >= since, precision="month")


def follow(fake: FakeSpotify, artist_ids: list[str]) -> None:
    """The fake's listener follows exactly these artists."""
    fake.followed_ids = list(artist_ids)


def broken_entries() -> list[Any]:
    """Records a listing may hold that cannot be read: null, no id, no name, a date that is no date."""
    return [
        None,
        {"type": "album", "name": "No id", "release_date": "2026-11-01", "artists": []},
        {"id": "noname01", "type": "album", "name": "  ", "release_date": "2026-11-01", "artists": []},
        {"id": "nodate01", "type": "album", "name": "No date", "album_type": "album", "release_date": "soon", "artists": []},
        "not even an object",
    ]

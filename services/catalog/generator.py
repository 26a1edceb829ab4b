"""The deterministic demo catalog: artists, albums and tracks generated from a fixed seed.

Each artist (and everything they released) comes from its own random stream keyed
by seed and artist number, so a smaller catalog (`artists=`) is an exact prefix of
the full one and any row can be regenerated to check determinism. Nothing is
downloaded; artwork is generated SVG.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from services.catalog import artwork, names, search_index
from services.catalog.genres import GENRES, GenreProfile, genres_in_family
from services.catalog.models import CatalogAlbum, CatalogArtist, CatalogMeta, CatalogTrack
from services.db import get_engine, session_scope

log = logging.getLogger(__name__)

SEED = 20_240_917
FULL_ARTISTS = 2_100
LAST_YEAR = 2025  # releases generated for the catalog stop here; fresh ones are per library
MARKETS = ("US", "GB", "DE", "FR", "JP", "BR", "MX", "CA", "AU", "SE", "NL", "ES", "IT", "KR", "NG", "IN")
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_FEATURING_FAMILIES = {"pop", "hip hop", "r&b", "electronic", "world"}


def make_id(seed: int, kind: str, key: str) -> str:
    """A 22-character base-62 id, like Spotify's, derived from what the row is."""
    digest = hashlib.sha256(f"{seed}:{kind}:{key}".encode()).digest()
    return "".join([_B62[b % 62] for b in digest[:22]])


def _clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return low if value < low else high if value > high else value


def join(values: Any) -> str:
    """Lists are stored as "|"-joined text."""
    return "|".join(values)


@dataclass
class GeneratedCatalog:
    """Rows ready for bulk insert, in generation order."""

    artists: list[dict[str, Any]] = field(default_factory=list)
    albums: list[dict[str, Any]] = field(default_factory=list)
    tracks: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        genres = {g for a in self.artists for g in a["genres"].split("|")}
        return {"artists": len(self.artists), "albums": len(self.albums), "tracks": len(self.tracks),
                "genres": len(genres)}


@dataclass
class _ArtistDraft:
    id: str
    name: str
    genre: GenreProfile
    genres: tuple[str, ...]
    popularity: int
    explicit_rate: float
    offsets: dict[str, float]
    start: int
    end: int


def _features(rng: random.Random, g: GenreProfile, off: dict[str, float]) -> dict[str, Any]:
    """Audio features drawn around the genre's means, shifted by the artist's own sound."""
    energy = _clamp(rng.gauss(g.energy + off["energy"], 0.09))
    return {
        "danceability": round(_clamp(rng.gauss(g.dance + off["dance"], 0.09)), 3),
        "energy": round(energy, 3),
        "valence": round(_clamp(rng.gauss(g.valence + off["valence"], 0.13)), 3),
        "acousticness": round(_clamp(rng.gauss(g.acoustic + off["acoustic"], 0.1)), 3),
        "instrumentalness": round(_clamp(rng.gauss(g.instrumental + off["instrumental"], 0.08)), 3),
        "speechiness": round(_clamp(rng.gauss(g.speech, 0.04), 0.02, 0.95), 3),
        "liveness": round(_clamp(rng.expovariate(1 / g.live), 0.02, 0.98), 3),
        "tempo": round(_clamp(rng.gauss(g.tempo[0], g.tempo[1] / 2), 50, 210), 3),
        "key": rng.randrange(12),
        "mode": 1 if rng.random() < g.major else 0,
        "loudness": round(_clamp(rng.gauss(g.loudness + (energy - g.energy) * 8, 1.5), -35, -1), 2),
    }


def _tags(rng: random.Random, g: GenreProfile, feats: dict[str, Any], year: int) -> list[str]:
    """Texture, mood, era and instrumentation words, plus what the features say out loud."""
    tags = [rng.choice(g.textures), rng.choice(g.moods), f"{year // 10 * 10}s"]
    tags += rng.sample(g.instruments, k=1 + (rng.random() < 0.5))
    if feats["danceability"] > 0.78:
        tags.append("danceable")
    if feats["energy"] > 0.85:
        tags.append("high-energy")
    elif feats["energy"] < 0.3:
        tags.append("mellow")
    if feats["instrumentalness"] > 0.75:
        tags.append("instrumental")
    if feats["acousticness"] > 0.75:
        tags.append("acoustic")
    if feats["valence"] > 0.75:
        tags.append("upbeat")
    elif feats["valence"] < 0.25:
        tags.append("melancholic")
    return list(dict.fromkeys(tags))


def _draft_artist(seed: int, index: int, rng: random.Random, taken: set[str]) -> _ArtistDraft:
    g = GENRES[index % len(GENRES)]
    name = names.artist_name(rng, g.family)
    attempt = 0
    while name.lower() in taken:
        attempt += 1
        name = names.artist_name(rng, g.family) if attempt < 12 else f"{name} {attempt}"
    taken.add(name.lower())
    siblings = [s.name for s in genres_in_family(g.family) if s.name != g.name]
    extra = rng.sample(siblings, k=min(len(siblings), rng.choice((0, 1, 1, 2))))
    start = rng.randint(*g.era)
    return _ArtistDraft(
        id=make_id(seed, "artist", str(index)),
        name=name,
        genre=g,
        genres=(g.name, *extra),
        popularity=int(_clamp(rng.betavariate(2.2, 3.0) + rng.gauss(0, 0.03)) * 100),
        explicit_rate=_clamp(g.explicit * rng.uniform(0.3, 1.7)),
        offsets={k: rng.gauss(0, 0.06) for k in ("dance", "energy", "valence", "acoustic", "instrumental")},
        start=min(start, LAST_YEAR),
        end=min(LAST_YEAR, start + rng.randint(2, 35)),
    )


def _release_plan(rng: random.Random, a: _ArtistDraft) -> list[tuple[str, int]]:
    """(album_type, track count) for each release, oldest first."""
    family = a.genre.family
    long_form = a.genre.name in ("post-rock", "doom metal", "classical", "ambient", "jazz fusion")
    album_len = (4, 7) if long_form else (9, 14) if a.genre.name == "punk" else (6, 11)
    plan = [("album", rng.randint(*album_len)) for _ in range(1 + (rng.random() < 0.35) + (rng.random() < 0.1))]
    for _ in range(rng.choice((0, 1, 1, 1, 2)) if family != "classical" else rng.choice((0, 1))):
        plan.append(("single", rng.randint(4, 6) if rng.random() < 0.2 else 1 + (rng.random() < 0.3)))
    rng.shuffle(plan)
    if a.popularity > 55 and a.start < 2008 and rng.random() < 0.35:
        plan.append(("compilation", rng.randint(10, 16)))
    return plan


def _artist_rows(seed: int, index: int, taken: set[str], by_family: dict[str, list[tuple[str, str]]],
                 out: GeneratedCatalog) -> None:
    """Generate one artist with their releases and tracks into `out`."""
    rng = random.Random(f"{seed}:artist:{index}")
    a = _draft_artist(seed, index, rng, taken)
    g = a.genre
    followers = int(10 ** (2 + a.popularity / 100 * 5.2 + rng.gauss(0, 0.25)))
    out.artists.append({
        "id": a.id, "seq": index, "name": a.name, "genres": join(a.genres), "family": g.family,
        "popularity": a.popularity, "followers": followers,
        "image_url": artwork.artist_portrait(index * 7919 + seed % 1000, g.hue, a.name),
        "search_text": " ".join((a.name, *a.genres)).lower(),
    })
    label = names.label_name(rng)
    plan = _release_plan(rng, a)
    span_days = max(1, (dt.date(a.end, 12, 31) - dt.date(a.start, 1, 1)).days)
    offsets = sorted(rng.randrange(span_days) for _ in plan)
    earlier_titles: list[str] = []
    peers = by_family.setdefault(g.family, [])
    for r, ((album_type, n_tracks), day) in enumerate(zip(plan, offsets)):
        album_id = make_id(seed, "album", f"{index}:{r}")
        released = dt.date(a.start, 1, 1) + dt.timedelta(days=day)
        precision = "day"
        if released.year < 1990 and rng.random() < 0.15:
            released, precision = dt.date(released.year, 1, 1), "year"
        album_pop = int(_clamp(a.popularity / 100 + rng.gauss(0, 0.08)) * 100)
        if album_type == "compilation":
            title = rng.choice(("Greatest Hits", "The Best of " + a.name, "Anthology", "Essentials", "Collected"))
        elif album_type == "single":
            title = ""  # named after its lead track below
        else:
            title = names.album_title(rng, g.family, a.name)
        tracks: list[dict[str, Any]] = []
        for t in range(n_tracks):
            if album_type == "compilation" and earlier_titles:
                track_title = rng.choice(earlier_titles)
            else:
                track_title = names.track_title(rng, g.family, t + 1)
                earlier_titles.append(track_title)
            artist_ids, artist_names = [a.id], [a.name]
            if g.family in _FEATURING_FAMILIES and peers and rng.random() < 0.08:
                peer_id, peer_name = rng.choice(peers)
                artist_ids.append(peer_id)
                artist_names.append(peer_name)
            feats = _features(rng, g, a.offsets)
            duration = int(_clamp(rng.gauss(*g.duration_s), 70, 1500) * 1000) + rng.randrange(1000)
            pop = int(_clamp(album_pop / 100 + rng.gauss(0, 0.09) - 0.01 * t + (0.08 if t == 0 else 0)) * 100)
            tags = _tags(rng, g, feats, released.year)
            explicit = rng.random() < a.explicit_rate
            tracks.append({
                "id": make_id(seed, "track", f"{index}:{r}:{t}"), "seq": len(out.tracks) + len(tracks),
                "name": track_title,
                "artist_id": a.id, "artist_ids": join(artist_ids), "artist_names": join(artist_names),
                "album_id": album_id, "track_number": t + 1, "duration_ms": duration,
                "release_date": released, "popularity": pop, "explicit": explicit,
                "genre": g.name, "genres": join(a.genres), "tags": join(tags), **feats,
                "search_text": " ".join((track_title, *artist_names, *a.genres, *tags)).lower(),
            })
        if album_type == "single":
            title = tracks[0]["name"] if n_tracks < 4 else f"{tracks[0]['name']} EP"
        album_artist_ids = list(dict.fromkeys(i for tr in tracks for i in tr["artist_ids"].split("|")))[:1]
        markets = MARKETS if rng.random() < 0.85 else tuple(rng.sample(MARKETS, k=rng.randint(3, 10)))
        out.albums.append({
            "id": album_id, "seq": len(out.albums), "name": title, "album_type": album_type, "artist_id": a.id,
            "artist_ids": join(album_artist_ids), "artist_names": a.name, "release_date": released,
            "release_date_precision": precision, "total_tracks": n_tracks,
            "image_url": artwork.album_cover(int(album_id[:6], 36), g.hue),
            "label": label, "markets": join(markets), "explicit": any(tr["explicit"] for tr in tracks),
            "genre": g.name, "popularity": album_pop,
            "search_text": " ".join((title, a.name, g.name, label)).lower(),
        })
        out.tracks.extend(tracks)
    peers.append((a.id, a.name))


def generate_catalog(seed: int = SEED, artists: int = FULL_ARTISTS) -> GeneratedCatalog:
    """The whole catalog in memory (about a second for the full size)."""
    out = GeneratedCatalog()
    taken: set[str] = set()
    by_family: dict[str, list[tuple[str, str]]] = {}
    for index in range(artists):
        _artist_rows(seed, index, taken, by_family, out)
    return out


def catalog_counts() -> dict[str, int] | None:
    """What `seed_catalog` stored, or None before seeding."""
    with session_scope() as db:
        meta = db.get(CatalogMeta, "catalog")
        if meta is None:
            return None
        return {"artists": meta.artists, "albums": meta.albums, "tracks": meta.tracks, "seed": meta.seed}


def seed_catalog(seed: int = SEED, artists: int = FULL_ARTISTS) -> dict[str, Any]:
    """Generate and store the demo catalog; a no-op returning the stored counts when already seeded.

    Bulk inserts in one transaction: all or nothing. The lead's setup command calls this.
    """
    existing = catalog_counts()
    if existing is not None:
        return {**existing, "seeded": False, "seconds": 0.0}
    started = time.perf_counter()
    cat = generate_catalog(seed, artists)
    counts = cat.counts()
    try:
        with get_engine().begin() as conn:
            conn.execute(insert(CatalogMeta.__table__), [{
                "key": "catalog", "seed": seed, "artists": counts["artists"], "albums": counts["albums"],
                "tracks": counts["tracks"], "seeded_at": dt.datetime.now(dt.timezone.utc)}])
            for table, rows in ((CatalogArtist, cat.artists), (CatalogAlbum, cat.albums), (CatalogTrack, cat.tracks)):
                for i in range(0, len(rows), 5000):
                    conn.execute(insert(table.__table__), rows[i:i + 5000])
            search_index.build(conn)
    except IntegrityError:
        log.info("demo catalog seeded concurrently by another process")
        return {**(catalog_counts() or {}), "seeded": False, "seconds": 0.0}
    seconds = round(time.perf_counter() - started, 2)
    log.info("demo catalog seeded: %s in %.1fs", counts, seconds)
    return {**counts, "seed": seed, "seeded": True, "seconds": seconds}


def ensure_catalog() -> None:
    """Seed the catalog if nobody has yet (a page opened before the setup command ran),
    and build the search index if an older seed lacks it."""
    with session_scope() as db:
        seeded = db.exec(select(func.count()).select_from(CatalogMeta)).one()
    if not seeded:
        seed_catalog()
    elif search_index.supported(get_engine()) and not search_index.available(get_engine()):
        with get_engine().begin() as conn:
            search_index.build(conn)

"""Measures of one built world for `bench/world_quality.py`, read from the demo catalog's own rows."""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from typing import Any

from sqlmodel import col, select

from bench._world_scenarios import Scenario
from services.worlds.claims import TrackView
from services.worlds.taxonomy import family_of
from services.worlds.text_checks import check_world


def _rows(ids: list[str]) -> dict[str, Any]:
    from services.catalog.models import CatalogTrack
    from services.db import session_scope

    with session_scope() as db:
        rows = db.exec(select(CatalogTrack).where(col(CatalogTrack.id).in_(ids))).all()
        for r in rows:
            db.expunge(r)
    return {r.id: r for r in rows}


def _view(r: Any) -> TrackView:
    return TrackView(
        genres=tuple(r.genres.split("|")) if r.genres else (), artists=tuple(r.artist_names.split("|")),
        year=r.release_date.year, tags=tuple(r.tags.split("|")) if r.tags else (),
        signals={"energy": r.energy, "valence": r.valence, "tempo": r.tempo, "acousticness": r.acousticness,
                 "instrumentalness": r.instrumentalness, "danceability": r.danceability},
        tempo_measured=True)


def _avoid_violations(s: Scenario, r: Any, forbidden_artists: set[str]) -> bool:
    genres = set(r.genres.split("|")) if r.genres else set()
    return bool(
        genres & set(s.forbid_genres)
        or (s.forbid_explicit and r.explicit)
        or (s.min_instrumental is not None and r.instrumentalness < s.min_instrumental)
        or (s.max_tempo is not None and r.tempo > s.max_tempo)
        or (s.min_tempo is not None and r.tempo < s.min_tempo)
        or (s.max_popularity is not None and r.popularity > s.max_popularity)
        or bool(set(r.artist_ids.split("|")) & forbidden_artists)
    )


def _rule_breaks(playlists: list[list[Any]]) -> int:
    breaks = 0
    seen: set[str] = set()
    for tracks in playlists:
        breaks += len(tracks) > 50
        artists = Counter(a for r in tracks for a in set(r.artist_ids.split("|")))
        albums = Counter(r.album_id for r in tracks)
        genres = Counter(r.genre for r in tracks)
        breaks += sum(n > 1 for n in artists.values()) + sum(n > 1 for n in albums.values())
        breaks += sum(n > 8 for n in genres.values())
        breaks += sum(r.id in seen for r in tracks)
        seen.update(r.id for r in tracks)
    return breaks


def _distinct(playlists: list[list[Any]]) -> float:
    def sig(tracks: list[Any]) -> tuple:
        fam = Counter(family_of(r.genre) for r in tracks).most_common(1)[0][0] if tracks else ""
        med = {k: statistics.median(getattr(r, k) for r in tracks) if tracks else 0.0
               for k in ("energy", "valence", "tempo", "acousticness", "danceability")}
        return fam, med

    sigs = [sig(t) for t in playlists]
    pairs = list(itertools.combinations(sigs, 2))
    if not pairs:
        return 1.0
    steps = {"energy": 0.08, "valence": 0.08, "tempo": 8, "acousticness": 0.1, "danceability": 0.08}
    distinct = sum(a[0] != b[0] or any(abs(a[1][k] - b[1][k]) >= steps[k] for k in steps) for a, b in pairs)
    return distinct / len(pairs)


def measure(s: Scenario, built: Any, source: Any, free: dict[str, str], seconds: float) -> dict:
    lists = [pl.track_ids for pl in built.build.playlists.playlists]
    rows = _rows([t for ids in lists for t in ids])
    playlists = [[rows[t] for t in ids if t in rows] for ids in lists]
    every = [r for tracks in playlists for r in tracks]
    forbidden_artists: set[str] = set()
    if s.avoid_top_artist:
        top = source.top_artists("short_term", limit=1).items
        forbidden_artists = {top[0].id} if top else set()
    in_band = [all(lo <= getattr(r, k) <= hi for k, (lo, hi) in s.band.items()) for r in every]
    family_shares = []
    for tracks in playlists:
        fams = Counter(family_of(r.genre) for r in tracks)
        family_shares.append(fams.most_common(1)[0][1] / len(tracks) if tracks else 0.0)
    typed = [t for q, t in free.items() if q != "avoid" and t.strip()]  # naming what was kept out is not an echo
    report = check_world(built.definition, [[_view(r) for r in tracks] for tracks in playlists], typed)
    notes = list(built.notes)
    problems = report.problems()
    if s.expect_note and not any(s.expect_note in n for n in notes):
        problems.append(f"expected a note saying “{s.expect_note}”")
    return {
        "playlists": len(playlists), "tracks": len(every),
        "avoid": sum(_avoid_violations(s, r, forbidden_artists) for r in every),
        "in_band": (sum(in_band) / len(in_band)) if in_band and s.band else 1.0,
        "family": statistics.mean(family_shares) if family_shares else 0.0,
        "family_min": min(family_shares, default=0.0),
        "distinct": _distinct(playlists),
        "claims": len(report.claims), "claims_true": sum(c.true for c in report.claims),
        "grammar": len(report.grammar), "jargon": len(report.jargon), "echo": len(report.echo),
        "rules": _rule_breaks(playlists) + len(built.build.violations()) + (0 if every else 1),
        "seconds": seconds, "notes": notes, "problems": problems,
        "texts": built.definition.model_dump_json(exclude={"source", "fallback_reason"}),
    }

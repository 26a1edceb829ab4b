"""Scenarios for `bench/world_quality.py`: answers a real person would give, and what that person
would then expect of the music, written as plain checks on the catalog's own data (genres,
explicit flag, audio features), independent of how the builder reads the answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services.worlds.seeds import SeedChoice

HIP_HOP = ("hip hop", "trap", "boom bap", "lo-fi hip hop")
COUNTRY = ("country", "bluegrass")
METAL = ("heavy metal", "metalcore", "doom metal")
ELECTRONIC = ("house", "deep house", "techno", "drum and bass", "ambient", "synthwave", "downtempo", "uk garage")


@dataclass(frozen=True)
class Scenario:
    name: str
    seeds: str  # "history:medium_term", "playlists:2", "tracks:jazz" (a catalog search)
    answers: Mapping[str, list[str]] = field(default_factory=dict)
    free_text: Mapping[str, str] = field(default_factory=dict)
    band: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # what the person expects
    forbid_genres: tuple[str, ...] = ()
    forbid_explicit: bool = False
    min_instrumental: float | None = None
    max_tempo: float | None = None
    min_tempo: float | None = None
    max_popularity: float | None = None
    avoid_top_artist: bool = False  # type the name of the listener's own top artist into "avoid"
    expect_note: str = ""  # a note the page must show

    def resolve(self, source: Any) -> tuple[SeedChoice, str]:
        """The seed choice for this listener, and extra avoid text (an artist's name)."""
        kind, _, arg = self.seeds.partition(":")
        if kind == "history":
            choice = SeedChoice("history", history_range=arg)
        elif kind == "playlists":
            ids = tuple(p.id for p in source.playlists(limit=10).items[: int(arg or 1)])
            choice = SeedChoice("playlists", playlist_ids=ids)
        else:
            ids = tuple(t.id for t in source.search(arg, ("track",), limit=10).tracks.items[:5])
            choice = SeedChoice("tracks", track_ids=ids)
        avoid = ""
        if self.avoid_top_artist:
            top = source.top_artists("short_term", limit=1).items
            avoid = top[0].name if top else ""
        return choice, avoid


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("calm evening", "history:medium_term", {"mood": ["calm"], "setting": ["late night"]},
             band={"energy": (0.0, 0.5)}),
    Scenario("serene piano (seeds dance)", "tracks:house", {"mood": ["serene"], "sound": ["piano"]},
             band={"energy": (0.0, 0.5), "acousticness": (0.5, 1.0)}),
    Scenario("workout, no rap", "history:recent", {"setting": ["workout"], "avoid": ["rap"]},
             band={"energy": (0.65, 1.0)}, forbid_genres=HIP_HOP),
    Scenario("country seeds, avoid country", "tracks:country", {"mood": ["hopeful"], "avoid": ["country"]},
             band={"valence": (0.45, 1.0)}, forbid_genres=COUNTRY),
    Scenario("falling asleep", "history:short_term", {"setting": ["falling asleep"]}, {"mood": "soft and slow"},
             band={"energy": (0.0, 0.35)}),
    Scenario("party, no explicit", "history:long_term", {"setting": ["party"], "avoid": ["explicit lyrics"]},
             band={"energy": (0.6, 1.0), "danceability": (0.6, 1.0)}, forbid_explicit=True),
    Scenario("focus without vocals", "history:medium_term", {"setting": ["focus"], "avoid": ["vocals"]},
             band={"energy": (0.0, 0.6)}, min_instrumental=0.5),
    Scenario("rainy melancholy", "playlists:1", {"mood": ["melancholy"], "setting": ["rainy day"]},
             band={"valence": (0.0, 0.5)}),
    Scenario("hopeful acoustic morning", "history:short_term",
             {"mood": ["hopeful"], "setting": ["morning"], "sound": ["acoustic"]},
             band={"valence": (0.45, 1.0), "acousticness": (0.5, 1.0)}),
    Scenario("road trip, no metal", "history:long_term", {"setting": ["road trip"], "avoid": ["metal"]},
             band={"energy": (0.5, 1.0)}, forbid_genres=METAL),
    Scenario("dinner, jazz and soul", "history:medium_term", {"setting": ["dinner with friends"]},
             {"sound": "jazz and soul, nothing too loud"}, band={"energy": (0.0, 0.7)}),
    Scenario("contradiction: full power + sleep", "history:recent",
             {"movement": ["full power"], "setting": ["falling asleep"]}, band={"energy": (0.65, 1.0)},
             expect_note="opposite directions"),
    Scenario("avoid almost everything", "history:medium_term", {"mood": ["calm"]},
             {"avoid": "pop, rock, metal, hip hop, electronic, jazz, classical, folk, country, blues, r&b, "
                       "reggae, latin, afrobeats"}, expect_note="relaxed"),
    Scenario("emoji and a very long text", "history:short_term", {},
             {"mood": "🌙🎹 quiet piano for reading late at night, " + "the kind of hush you find in an old "
                      "library after everyone has gone home and the radiators tick, " * 6},
             band={"energy": (0.0, 0.5)}, expect_note="up to 300 characters"),
    Scenario("unknown genres to avoid", "history:recent", {"mood": ["dreamy"]}, {"avoid": "zydecore, vaporwave"},
             band={"energy": (0.0, 0.6)}, expect_note="steered away"),
    Scenario("avoid my top artist", "history:short_term", {"mood": ["euphoric"]}, band={"energy": (0.6, 1.0)},
             avoid_top_artist=True),
    Scenario("tender, nothing above 110 bpm", "playlists:2", {"mood": ["tender"]},
             {"avoid": "nothing above 110 bpm"}, band={"energy": (0.0, 0.55)}, max_tempo=110),
    Scenario("dark, no electronic (playlists)", "playlists:3", {"mood": ["dark"], "avoid": []},
             {"avoid": "electronic"}, band={"valence": (0.0, 0.45)}, forbid_genres=ELECTRONIC),
    Scenario("upbeat summer (typed)", "history:long_term", {}, {"setting": "upbeat summer afternoons"},
             band={"valence": (0.5, 1.0)}),
    Scenario("ambient seeds, study, instrumental", "tracks:ambient",
             {"setting": ["focus"], "sound": ["instrumental only"]},
             band={"energy": (0.0, 0.6), "instrumentalness": (0.5, 1.0)}),
    Scenario("driving, no slow songs", "history:recent", {"movement": ["driving"], "avoid": []},
             {"avoid": "slow songs"}, band={"energy": (0.6, 1.0)}, min_tempo=85),
    Scenario("free text only: dusty jazz nights", "history:medium_term", {},
             {"mood": "dusty late night jazz, a bit melancholy"}, band={"valence": (0.0, 0.5), "energy": (0.0, 0.65)}),
    Scenario("calm, no overplayed hits", "history:long_term", {"mood": ["calm"], "avoid": ["overplayed hits"]},
             band={"energy": (0.0, 0.5)}, max_popularity=70),
    Scenario("folk but not country", "tracks:folk", {"sound": []}, {"sound": "folk", "avoid": "country"},
             forbid_genres=COUNTRY),
)

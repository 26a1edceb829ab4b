"""Genre families: which family any genre string belongs to, and what "avoid X" covers.

The demo catalog's genres (`services.catalog.genres`) are known by name; any other
genre string (Spotify's artists carry thousands, e.g. "progressive bluegrass" or
"pop rap") is placed by its words, the rightmost recognised word deciding, as English
compounds do ("country rock" is rock, "pop rap" is hip hop, "alt-country" is country).

Families are one level finer than the catalog's where the catalog lumps sounds a
listener keeps apart: its "folk" holds folk, country and blues; here they are three
families, so "avoid country" removes country, alt-country and bluegrass but not
indie folk. Each family keeps a typical sound (the mean of its catalog genres'
profiles), used as an estimate where a source has no audio features.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from services.catalog.genres import GENRES, GenreProfile


@dataclass(frozen=True, slots=True)
class Family:
    """A family a playlist can be about: a label, the words that mark it, its catalog genres."""

    key: str
    label: str
    markers: tuple[str, ...]  # words or phrases that put a genre in this family
    catalog_genres: tuple[str, ...]


FAMILIES: tuple[Family, ...] = (
    Family("country", "country", ("country", "alt-country", "bluegrass", "americana", "honky tonk", "outlaw",
                                  "red dirt", "western swing", "cowboy", "newgrass", "nashville"),
           ("country", "bluegrass")),
    Family("metal", "metal", ("metal", "metalcore", "deathcore", "grindcore", "djent", "doom", "sludge", "thrash",
                              "black metal", "death metal"), ("heavy metal", "metalcore", "doom metal")),
    Family("hip hop", "hip hop", ("hip hop", "hip-hop", "hiphop", "rap", "trap", "drill", "boom bap", "grime",
                                  "crunk", "phonk"), ("hip hop", "trap", "boom bap", "lo-fi hip hop")),
    Family("electronic", "electronic", ("electronic", "electronica", "house", "techno", "edm", "trance", "dubstep",
                                        "drum and bass", "dnb", "jungle", "ambient", "idm", "garage", "synthwave",
                                        "downtempo", "breakbeat", "electro", "chillwave", "trip hop", "hardstyle",
                                        "footwork", "bass music", "uk garage", "drone"),
           ("house", "deep house", "techno", "drum and bass", "ambient", "synthwave", "downtempo", "uk garage")),
    Family("jazz", "jazz", ("jazz", "bebop", "bop", "swing", "big band", "jazz fusion", "cool jazz", "free jazz"),
           ("jazz", "bebop", "jazz fusion")),
    Family("classical", "classical", ("classical", "orchestra", "orchestral", "baroque", "opera", "chamber",
                                      "minimalism", "neoclassical", "neo-classical", "symphony", "choral",
                                      "string quartet", "compositional", "soundtrack", "score"),
           ("classical", "modern classical")),
    Family("r&b", "R&B and soul", ("r&b", "rnb", "soul", "neo soul", "funk", "disco", "motown", "quiet storm",
                                   "new jack swing", "gospel"), ("r&b", "neo soul", "funk", "disco")),
    Family("blues", "blues", ("blues", "delta blues", "chicago blues"), ("blues",)),
    Family("folk", "folk", ("folk", "singer-songwriter", "indie folk", "freak folk", "chamber folk", "celtic"),
           ("folk", "indie folk")),
    Family("rock", "rock", ("rock", "punk", "shoegaze", "grunge", "emo", "post-rock", "post-punk", "garage rock",
                            "psychedelic", "indie", "math rock", "new wave", "britpop", "hardcore"),
           ("classic rock", "alternative rock", "indie rock", "punk", "shoegaze", "post-rock")),
    Family("pop", "pop", ("pop", "k-pop", "j-pop", "synth-pop", "synthpop", "electropop", "city pop", "idol",
                          "boy band", "girl group", "europop", "dance pop"),
           ("pop", "dance pop", "indie pop", "synth-pop", "k-pop", "city pop")),
    Family("reggae", "reggae", ("reggae", "dub", "dancehall", "ska", "rocksteady", "roots reggae"), ("reggae",)),
    Family("latin", "Latin", ("latin", "reggaeton", "bossa nova", "salsa", "bachata", "cumbia", "samba", "mpb",
                              "tango", "corrido", "mariachi", "flamenco", "merengue", "latin pop", "urbano"),
           ("latin pop", "reggaeton", "bossa nova")),
    Family("african", "African pop", ("afrobeats", "afrobeat", "afropop", "afro", "highlife", "amapiano",
                                      "afro house", "soukous", "gqom"), ("afrobeats",)),
)
FAMILY_BY_KEY: dict[str, Family] = {f.key: f for f in FAMILIES}
UNKNOWN = ""

# Other ways people name a family (a genre word they type is looked up here first).
ALIASES: dict[str, str] = {
    "r and b": "r&b", "rhythm and blues": "r&b", "soul music": "r&b", "hip hop music": "hip hop",
    "rap music": "hip hop", "edm": "electronic", "dance music": "electronic", "club music": "electronic",
    "classic": "classical", "orchestral music": "classical", "heavy metal": "metal", "latino": "latin",
    "afro beats": "african", "country music": "country", "rap": "hip hop", "hip-hop": "hip hop",
    "hiphop": "hip hop", "rnb": "r&b",
}

_TOKEN = re.compile(r"[a-z0-9&]+(?:[-'][a-z0-9&]+)*")


def normalize(text: str) -> str:
    """Lower case, one space, hyphens kept ("Alt-Country " -> "alt-country")."""
    return " ".join(_TOKEN.findall((text or "").lower().replace("_", " ")))


@lru_cache(maxsize=1)
def _marker_table() -> list[tuple[tuple[str, ...], str]]:
    """(marker as tokens, family key), longest markers first."""
    table = [(tuple(normalize(m).split()), f.key) for f in FAMILIES for m in f.markers]
    table += [(tuple(normalize(a).split()), key) for a, key in ALIASES.items()]
    return sorted(table, key=lambda item: -len(item[0]))


def _expand(tokens: list[str]) -> list[str]:
    """Tokens plus the parts of hyphenated ones ("alt-country" also counts as "country")."""
    out: list[str] = []
    for t in tokens:
        out.append(t)
        if "-" in t:
            out.extend(p for p in t.split("-") if p)
    return out


def _markers_in(genre: str) -> list[tuple[int, str]]:
    """(end position, family) of every marker found in a genre name."""
    tokens = normalize(genre).split()
    found: list[tuple[int, str]] = []
    for i in range(len(tokens)):
        for marker, key in _marker_table():
            n = len(marker)
            if tuple(tokens[i:i + n]) == marker:
                found.append((i + n, key))
        parts = tokens[i].split("-")
        if len(parts) > 1:  # "alt-country": the last recognised part decides
            for part in parts:
                for marker, key in _marker_table():
                    if marker == (part,):
                        found.append((i + 1, key))
    return found


@lru_cache(maxsize=20_000)
def family_of(genre: str) -> str:
    """The family key of one genre string ("" when no word of it is known)."""
    g = normalize(genre)
    if not g:
        return UNKNOWN
    for fam in FAMILIES:
        if g in fam.catalog_genres:
            return fam.key
    if g in ALIASES:
        return ALIASES[g]
    found = _markers_in(g)
    if not found:
        return UNKNOWN
    # The rightmost marker decides; among markers ending at the same place, the longest (found first).
    return max(found, key=lambda item: item[0])[1]


def family_of_track(genres: Iterable[str]) -> str:
    """A track's family: its first genre with a known family."""
    for g in genres:
        fam = family_of(g)
        if fam:
            return fam
    return UNKNOWN


def family_label(key: str) -> str:
    fam = FAMILY_BY_KEY.get(key)
    return fam.label if fam else "mixed genres"


@dataclass(frozen=True, slots=True)
class GenreMatch:
    """What a typed genre word names: a whole family, or one genre and the genres named after it."""

    text: str
    family: str = ""  # set when the word names (or stands for) a whole family
    term: tuple[str, ...] = ()  # the word as tokens, matched inside genre names

    def covers(self, genre: str) -> bool:
        """True when `genre` falls under this word ("country" covers "alt-country" and "bluegrass")."""
        if self.family and family_of(genre) == self.family:
            return True
        n = len(self.term)
        if n == 0:
            return False
        tokens = normalize(genre).split()
        if any(tuple(tokens[i:i + n]) == self.term for i in range(len(tokens))):
            return True
        return n == 1 and self.term[0] in _expand(tokens)  # "country" inside "alt-country"


def _known_genre_names() -> set[str]:
    """Every genre name we can recognise: catalog genres and family markers."""
    return {normalize(g.name) for g in GENRES} | {" ".join(m) for m, _ in _marker_table()}


@lru_cache(maxsize=4096)
def match_genre(text: str) -> GenreMatch | None:
    """What a typed word or phrase names, or None when it is not a genre we know.

    A family's own name or an alias of it ("country", "rap", "edm") names the whole
    family plus any genre carrying the word ("country rock"); any other genre name
    ("bluegrass", "deep house") names itself and the genres built on it
    ("progressive bluegrass", "deep house"), not its whole family.
    """
    t = normalize(text)
    if not t:
        return None
    singular = t[:-1] if t.endswith("s") and not t.endswith("ss") else t
    for candidate in dict.fromkeys((t, singular)):
        family = ALIASES.get(candidate) or (candidate if candidate in FAMILY_BY_KEY else "")
        if family:
            return GenreMatch(text=text, family=family, term=tuple(candidate.split()))
        if candidate in _known_genre_names():
            return GenreMatch(text=text, term=tuple(candidate.split()))
    return None


# -- the typical sound of a family, for sources without audio features --------------------------
@dataclass(frozen=True, slots=True)
class Sound:
    """Typical values of the signals (0..1, tempo in BPM) for a genre or family."""

    energy: float
    valence: float
    tempo: float
    acousticness: float
    instrumentalness: float
    danceability: float


def _sound(profiles: Iterable[GenreProfile]) -> Sound | None:
    ps = list(profiles)
    if not ps:
        return None
    n = len(ps)
    return Sound(
        energy=sum(p.energy for p in ps) / n, valence=sum(p.valence for p in ps) / n,
        tempo=sum(p.tempo[0] for p in ps) / n, acousticness=sum(p.acoustic for p in ps) / n,
        instrumentalness=sum(p.instrumental for p in ps) / n, danceability=sum(p.dance for p in ps) / n,
    )


@lru_cache(maxsize=20_000)
def typical_sound(genre: str) -> Sound | None:
    """The catalog genre's own profile, else its family's mean; None for an unknown genre."""
    g = normalize(genre)
    for p in GENRES:
        if p.name == g:
            return _sound([p])
    fam = family_of(g)
    if not fam:
        return None
    return _sound(p for p in GENRES if p.name in FAMILY_BY_KEY[fam].catalog_genres)


def track_sound(genres: Iterable[str]) -> Sound | None:
    """A track's estimated sound from its genres (first known one)."""
    for g in genres:
        s = typical_sound(g)
        if s is not None:
            return s
    return None

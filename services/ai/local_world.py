"""The offline writer of a world's texts: a name, a description, a title and a description per playlist.

Written only from the facts of the built playlists (their genres, tempo range,
true feel words, instruments, artists) and the understood wishes (the setting,
what was kept out), never from the person's typed words, so every sentence holds
for the music and nothing is echoed. Grammar (articles, plurals, counts) goes
through `services.ai.grammar`. The same brief always gives the same texts.
"""

from __future__ import annotations

from services.ai.grammar import capitalize, count, join
from services.ai.schemas import PlaylistFacts, PlaylistText, WorldBrief, WorldDefinition
from services.ai.text import stable_rng

_SMALL = {"and", "of", "for", "the", "a", "an", "in", "to", "with", "on"}


def title_case(text: str) -> str:
    """Title case that leaves small words and "R&B"-style words alone ("Jazz for Late Nights")."""
    words = text.split()
    return " ".join(w if (i and w.lower() in _SMALL) or not w[:1].islower() else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))

# How a setting reads in a title ("Jazz for Late Nights") and in a sentence ("for late nights").
SETTING_PHRASES: dict[str, str] = {
    "late-night": "late nights", "morning": "mornings", "focus": "focus", "reading": "reading", "workout": "workouts",
    "running": "runs", "dinner": "dinner", "cooking": "the kitchen", "road-trip": "the road", "night-drive": "night drives",
    "rainy-day": "rainy days", "sleep": "sleep", "party": "the party", "meditation": "stillness", "summer": "summer",
    "winter": "winter",
}
# Places a world is named after, by its overall feel.
PLACES: dict[str, tuple[str, ...]] = {
    "low": ("Lamplight Rooms", "Harbour Lights", "Night Garden", "Linen Hours", "Orchard Hours", "Glasshouse"),
    "mid": ("Open Windows", "Corner Café", "Long Table", "Back Porch", "Side Streets", "Green Room"),
    "high": ("Neon Yard", "Open Road", "Main Stage", "Rooftop", "Engine Room", "Boiler Room"),
}
_LOW = {"hushed", "calm", "easy", "still", "quiet", "soft", "gentle", "mellow"}
_HIGH = {"lively", "high-energy", "energetic", "driving", "intense"}


def _genre_phrase(p: PlaylistFacts, limit: int = 2) -> str:
    """"jazz and bebop", or the family when no genre leads."""
    main = [g.name for g in p.genres if g.share >= 0.2][:limit]
    return join(main) if main else p.family


def playlist_title(p: PlaylistFacts, setting: str, position: int, taken: set[str]) -> str:
    """A short title from what the playlist is: its feel, its genre, maybe the setting; the pattern
    turns with the playlist's position so a world's titles do not all read alike."""
    genre = title_case(_genre_phrase(p, 1)) if p.genres else title_case(p.family)
    adjective = p.slice_word or p.energy_word or p.mood_word
    options = []
    if adjective:
        options.append(f"{title_case(adjective)} {genre}")
    if setting in SETTING_PHRASES:
        options.append(f"{genre} for {title_case(SETTING_PHRASES[setting])}")
    if p.mood_word and p.mood_word != adjective:
        options.append(f"{title_case(p.mood_word)} {genre}")
    if p.tags:
        options.append(f"{genre} and {title_case(p.tags[0])}")
    if options:
        k = position % len(options)
        options = options[k:] + options[:k]
    options.append(genre)
    for title in options:
        if title.lower() not in taken:
            return title[:60]
    return f"{options[0]} {len(taken) + 1}"[:60]


def playlist_description(p: PlaylistFacts) -> str:
    """Two short sentences, every word of them true of the tracks."""
    first = f"{count(p.count, f'{_genre_phrase(p)} track')}"
    if len(p.tempo_range) == 2:
        lo, hi = p.tempo_range
        first += f" between {lo} and {hi} BPM" if lo != hi else f" around {lo} BPM"
    feel = [w for w in (p.energy_word, p.mood_word, p.sound_word, p.vocals_word) if w]
    if feel:
        first += f", mostly {join(feel)}"
    sentences = [capitalize(first) + "."]
    if p.tags:
        sentences.append(f"Listen for {join(p.tags[:2])}.")
    if p.artists:
        sentences.append(f"With artists like {join(p.artists[:2])}.")
    return " ".join(sentences)[:300]


def _world_name(brief: WorldBrief, rng) -> str:  # type: ignore[no-untyped-def]
    energies = [p.energy_word for p in brief.playlists]
    level = "low" if sum(e in _LOW for e in energies) > len(energies) / 2 else (
        "high" if sum(e in _HIGH for e in energies) > len(energies) / 2 else "mid")
    return rng.choice(PLACES[level])


def _world_description(brief: WorldBrief, titles: list[str]) -> str:
    n = len(brief.playlists)
    setting = SETTING_PHRASES.get(brief.setting, "")
    opening = f"{count(n, 'playlist')}" + (f" for {setting}" if setting else "")
    sentences = [capitalize(opening) + f": {join(titles)}."]
    families = list(dict.fromkeys(p.family for p in brief.playlists))
    if len(families) > 1:
        sentences.append(f"Each keeps to its own sound, from {families[0]} to {families[-1]}.")
    if brief.avoided:
        sentences.append(f"Kept out: {join(brief.avoided[:4])}.")
    return " ".join(sentences)[:400]


def compose_world(brief: WorldBrief) -> WorldDefinition:
    """The world's texts from `brief`, deterministically."""
    rng = stable_rng("world", brief.model_dump())
    taken: set[str] = set()
    texts = []
    for i, p in enumerate(brief.playlists or [PlaylistFacts(family="mixed genres", count=0)]):
        title = playlist_title(p, brief.setting, i, taken)
        taken.add(title.lower())
        texts.append(PlaylistText(title=title, description=playlist_description(p)))
    name = _world_name(brief, rng)
    return WorldDefinition(world_name=name, description=_world_description(brief, [t.title for t in texts]),
                           playlists=texts)

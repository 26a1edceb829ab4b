"""The offline world definition: the person's own words mapped onto seed 002's world.

Every field is derived from the brief: axes from a lexicon of production and mood
words (answers, free text, genres, tags) plus the seed tracks' feature centroid;
keywords from the free text first, then the options; the name and the
intersections from those keywords. The same brief always gives the same world.
"""

from __future__ import annotations

import math

from services.ai.schemas import (
    EmotionalGeometry,
    FeatureFilter,
    Intersection,
    IntersectionBias,
    WorldBrief,
    WorldDefinition,
)
from services.ai.text import content_words, join_words, stable_rng, title_case, unique, words

# word -> (darkness_warmth, intimate_expansive, acoustic_electronic); -1 is the first word of an axis.
AXIS_LEXICON: dict[str, tuple[float, float, float]] = {
    # warmth (+) and darkness (-)
    "warm": (0.6, 0, -0.1), "warmth": (0.6, 0, -0.1), "dusty": (0.3, 0, -0.2), "vinyl": (0.3, 0, -0.2),
    "analog": (0.3, 0, -0.3), "analogue": (0.3, 0, -0.3), "tape": (0.2, 0, -0.2), "golden": (0.6, 0, 0),
    "sunny": (0.7, 0.2, 0), "summer": (0.5, 0.2, 0), "bright": (0.5, 0.1, 0.1), "cozy": (0.6, -0.4, -0.2),
    "cosy": (0.6, -0.4, -0.2), "candlelight": (0.5, -0.4, -0.3), "hopeful": (0.6, 0.1, 0), "joyful": (0.7, 0.2, 0),
    "happy": (0.7, 0.1, 0), "uplifting": (0.6, 0.3, 0), "romantic": (0.5, -0.3, 0), "tender": (0.4, -0.5, -0.2),
    "calm": (0.3, 0, -0.1), "serene": (0.3, 0.2, -0.1), "gentle": (0.3, -0.3, -0.2), "soft": (0.2, -0.3, -0.1),
    "dark": (-0.7, 0, 0.1), "darker": (-0.7, 0, 0.1), "mysterious": (-0.5, 0.2, 0.1), "melancholic": (-0.4, -0.1, 0),
    "melancholy": (-0.4, -0.1, 0), "sad": (-0.5, -0.2, 0), "brooding": (-0.6, 0, 0.1), "haunted": (-0.6, 0.2, 0),
    "haunting": (-0.5, 0.3, 0), "cold": (-0.5, 0.2, 0.3), "night": (-0.4, 0.1, 0.1), "nocturnal": (-0.4, 0.1, 0.2),
    "shadow": (-0.6, 0, 0), "gothic": (-0.7, 0.3, 0.1), "grief": (-0.5, -0.2, 0), "lonely": (-0.4, -0.3, 0),
    "contemplative": (-0.2, -0.1, -0.1), "ruined": (-0.5, 0.3, 0), "aggressive": (-0.5, 0.1, 0.3), "harsh": (-0.4, 0, 0.3),
    # expansive (+) and intimate (-)
    "spacious": (0, 0.6, 0), "reverberant": (0, 0.5, 0), "reverb": (0, 0.4, 0), "echo": (0, 0.4, 0.1),
    "cathedral": (0, 0.7, -0.1), "vast": (0, 0.7, 0), "cinematic": (0, 0.7, 0.1), "expansive": (0, 0.7, 0),
    "ambient": (0, 0.5, 0.3), "transcendent": (0.1, 0.6, 0), "spiritual": (0.1, 0.5, -0.1), "epic": (0, 0.7, 0.1),
    "oceanic": (0, 0.6, 0), "airy": (0.1, 0.4, 0), "drift": (0, 0.4, 0.1), "dreamy": (0.1, 0.4, 0.1),
    "intimate": (0.1, -0.7, -0.1), "close": (0.1, -0.5, 0), "bedroom": (0, -0.6, 0), "whisper": (0, -0.6, -0.1),
    "whispered": (0, -0.6, -0.1), "room": (0, -0.3, -0.1), "wooden": (0.3, -0.4, -0.5), "kitchen": (0.3, -0.5, -0.3),
    "dry": (0, -0.4, 0), "stripped": (0, -0.5, -0.4), "sparse": (0, -0.2, 0), "lo-fi": (0.2, -0.4, 0.1), "lofi": (0.2, -0.4, 0.1),
    "handmade": (0.3, -0.3, -0.5), "human": (0.2, -0.2, -0.4), "breathing": (0.1, -0.2, -0.3), "imperfection": (0.1, -0.2, -0.3),
    # acoustic (-) and electronic (+)
    "acoustic": (0.1, -0.1, -0.7), "organic": (0.2, 0, -0.6), "guitar": (0.1, 0, -0.5), "guitars": (0.1, 0, -0.5),
    "strings": (0, 0.2, -0.5), "wood": (0.2, -0.2, -0.5), "folk": (0.2, -0.2, -0.6), "piano": (0, -0.1, -0.4),
    "jazz": (0.1, -0.1, -0.4), "soul": (0.3, 0, -0.2), "blues": (-0.1, -0.1, -0.4), "classical": (0, 0.3, -0.6),
    "chamber": (0, 0, -0.4), "country": (0.2, -0.1, -0.5), "singer-songwriter": (0.1, -0.4, -0.6),
    "electronic": (0, 0.1, 0.7), "synth": (0, 0.1, 0.6), "synths": (0, 0.1, 0.6), "synthesizer": (0, 0.1, 0.6),
    "digital": (-0.1, 0, 0.6), "techno": (-0.2, 0.2, 0.8), "house": (0.2, 0.1, 0.7), "glitch": (-0.2, 0, 0.7),
    "electronica": (0, 0.2, 0.7), "hybrid": (0, 0, 0.1), "blended": (0, 0, 0.1), "drum": (0, 0, 0.2),
    "edm": (0.2, 0.4, 0.8), "trap": (-0.3, 0, 0.6), "hip-hop": (-0.1, -0.1, 0.4), "hip": (0, 0, 0.2), "hop": (0, 0, 0.2),
    "polished": (0.1, 0.1, 0.3), "crisp": (0, 0, 0.2), "clean": (0, 0, 0.2), "hi-fi": (0, 0.1, 0.2),
    "pop": (0.4, 0.2, 0.3), "psychedelic": (0, 0.4, 0.2), "shoegaze": (-0.1, 0.6, 0.3), "post-rock": (-0.1, 0.6, 0),
}

TEXTURE_WORDS = frozenset(
    "warm grainy analog analogue dusty tape vinyl hiss clean crisp polished glossy lush hazy raw gritty "
    "handmade organic lo-fi lofi saturated fuzzy velvet silky dry wet shimmering textured sparse dense "
    "muddy airy brittle crunchy smooth silky".split()
)
SPACE_WORDS = frozenset(
    "reverberant spacious intimate close cathedral echo vast cavernous roomy airy dry expansive "
    "wide enveloping distant claustrophobic cinematic oceanic bedroom".split()
)
TEMPO_WORDS = frozenset(
    "slow patient unhurried meditative mid-tempo groove steady head-nod driving fast upbeat uptempo "
    "blooming swaying lilting pulsing rolling relentless frantic languid loping propulsive danceable".split()
)
# BPM by which a full (+-1) tempo bias moves an intersection's tempo window.
TEMPO_BIAS_BPM = 30.0
# Words that describe a texture but should not be world keywords.
_WEAK = frozenset("qualities quality draw options option type own want".split())


def _clip(x: float, lo: float = -1.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def _wanted_text(brief: WorldBrief) -> list[str]:
    """Everything the person chose or wrote, except what they want to avoid (free text first)."""
    free = [t for q, t in brief.free_text.items() if q != "avoid" and t.strip()]
    options = [o for q, opts in brief.answers.items() if q != "avoid" for o in opts]
    return free + options


def _avoid_text(brief: WorldBrief) -> list[str]:
    return [*brief.answers.get("avoid", []), brief.free_text.get("avoid", "")]


def _geometry(brief: WorldBrief) -> tuple[EmotionalGeometry, dict[str, float]]:
    sums = [0.0, 0.0, 0.0]
    hits = 0

    def add(text: str, weight: float) -> None:
        nonlocal hits
        for w in words(text):
            if w in AXIS_LEXICON:
                hits += 1
                for i, v in enumerate(AXIS_LEXICON[w]):
                    sums[i] += weight * v

    for text in _wanted_text(brief):
        add(text, 1.0)
    for text in [*brief.seed_genres, *brief.seed_tags]:
        add(text, 0.5)
    for text in _avoid_text(brief):  # avoiding "polished" pushes away from it
        add(text, -0.5)
    taste = brief.taste
    if "valence" in taste:
        sums[0] += (taste["valence"] - 0.5) * 2.0
    if "acousticness" in taste:
        sums[2] += (0.5 - taste["acousticness"]) * 2.0
    scale = 1.0 + 0.15 * hits
    axes = [round(math.tanh(s / scale * 1.6), 2) for s in sums]
    return (
        EmotionalGeometry(darkness_warmth=axes[0], intimate_expansive=axes[1], acoustic_electronic=axes[2]),
        {"hits": float(hits)},
    )


def _pick(texts: list[str], vocab: frozenset[str], limit: int) -> list[str]:
    found = [w for t in texts for w in words(t) if w in vocab]
    return unique(found)[:limit]


def _tempo_band(tempo_words: list[str], taste: dict[str, float]) -> tuple[float, float]:
    if "tempo" in taste:
        center = taste["tempo"]
    elif any(w in {"fast", "upbeat", "uptempo", "driving", "frantic", "relentless", "propulsive", "danceable"} for w in tempo_words):
        center = 128.0
    elif any(w in {"slow", "patient", "unhurried", "meditative", "languid", "blooming"} for w in tempo_words):
        center = 82.0 if not any(w in {"mid-tempo", "groove", "steady", "head-nod"} for w in tempo_words) else 92.0
    else:
        center = 105.0
    return center - 25.0, center + 25.0


# Intersection archetypes: (lean in words, bias, filter shifts (valence, energy, acousticness), nouns,
# relevance weights on the axes (warmth, expansive, electronic) and on slowness).
_ARCHETYPES: list[tuple[str, IntersectionBias, tuple[float, float, float], tuple[str, ...], tuple[float, float, float, float]]] = [
    ("darker, more textural, slower", IntersectionBias(valence=-0.2, energy=-0.1, acousticness=0.0, tempo=-0.3),
     (-0.15, -0.1, 0.0), ("Ruins", "Hollow", "Dusk", "Cellar"), (-1.0, 0.2, 0.0, 0.6)),
    ("warmer, slightly brighter, patient groove", IntersectionBias(valence=0.15, energy=0.0, acousticness=0.2, tempo=0.0),
     (0.15, 0.0, 0.1), ("Drift", "Hearth", "Afternoon", "Glow"), (1.0, 0.0, -0.3, 0.2)),
    ("wider and more ambient, letting the space ring", IntersectionBias(valence=0.0, energy=-0.2, acousticness=0.05, tempo=-0.4),
     (0.0, -0.2, 0.0), ("Horizon", "Nave", "Tide", "Canopy"), (0.0, 1.0, 0.2, 0.4)),
    ("closer and stripped back: voice, wood and breath", IntersectionBias(valence=0.05, energy=-0.1, acousticness=0.3, tempo=-0.15),
     (0.05, -0.1, 0.25), ("Parlour", "Letters", "Lamp", "Porch"), (0.3, -1.0, -0.8, 0.2)),
    ("more electronic pulse, a steady head-nod", IntersectionBias(valence=0.0, energy=0.15, acousticness=-0.3, tempo=0.25),
     (0.0, 0.15, -0.25), ("Circuit", "Signal", "Neon", "Relay"), (0.0, 0.0, 1.0, -0.6)),
]


def _intersections(brief: WorldBrief, geo: EmotionalGeometry, keywords: list[str], tempo_words: list[str], count: int) -> list[Intersection]:
    rng = stable_rng("intersections", brief.model_dump())
    slowness = 1.0 if any(w in {"slow", "patient", "meditative", "unhurried"} for w in tempo_words) else 0.0
    axes = (geo.darkness_warmth, geo.intimate_expansive, geo.acoustic_electronic)
    scored = sorted(
        range(len(_ARCHETYPES)),
        key=lambda i: (-(sum(a * w for a, w in zip(axes, _ARCHETYPES[i][4][:3])) + slowness * _ARCHETYPES[i][4][3]), i),
    )
    taste = brief.taste
    v0 = taste.get("valence", 0.5 + 0.25 * geo.darkness_warmth)
    e0 = taste.get("energy", 0.45 - (0.15 if slowness else 0.0) + 0.1 * geo.acoustic_electronic)
    a0 = taste.get("acousticness", 0.5 - 0.35 * geo.acoustic_electronic)
    t_lo, t_hi = _tempo_band(tempo_words, taste)
    images = unique([*keywords, *brief.seed_genres]) or ["Home"]
    out: list[Intersection] = []
    for n, idx in enumerate(sorted(scored[:count])):
        lean, bias, (dv, de, da), nouns, _ = _ARCHETYPES[idx]
        image = images[n % len(images)]
        name = f"{title_case(image)} {rng.choice(nouns)}"
        genre = brief.seed_genres[n % len(brief.seed_genres)] if brief.seed_genres else ""
        desc = f"{lean.capitalize()}: where '{image}' leads" + (f", by way of {genre}" if genre else "") + "."
        vc, ec, ac = _clip(v0 + dv, 0, 1), _clip(e0 + de, 0, 1), _clip(a0 + da, 0, 1)
        out.append(
            Intersection(
                name=name[:60],
                description=desc,
                bias=bias,
                filter=FeatureFilter(
                    valence_min=round(_clip(vc - 0.3, 0, 1), 2), valence_max=round(_clip(vc + 0.3, 0, 1), 2),
                    energy_min=round(_clip(ec - 0.3, 0, 1), 2), energy_max=round(_clip(ec + 0.3, 0, 1), 2),
                    acousticness_min=round(_clip(ac - 0.35, 0, 1), 2), acousticness_max=round(_clip(ac + 0.35, 0, 1), 2),
                    tempo_min=round(_clip(t_lo + TEMPO_BIAS_BPM * bias.tempo, 40, 220)),
                    tempo_max=round(_clip(t_hi + TEMPO_BIAS_BPM * bias.tempo, 40, 220)),
                ),
            )
        )
    return out


def _place(geo: EmotionalGeometry, rng) -> str:  # type: ignore[no-untyped-def]
    if geo.intimate_expansive > 0.25:
        pool = ["Cathedral", "Horizon", "Observatory", "Coast"]
    elif geo.intimate_expansive < -0.25:
        pool = ["Parlour", "Room", "Attic", "Kitchen"]
    elif geo.acoustic_electronic > 0.25:
        pool = ["Circuit", "Station", "Arcade"]
    elif geo.darkness_warmth < -0.25:
        pool = ["Hollow", "Crypt", "Forest"]
    else:
        pool = ["Garden", "Harbour", "Orchard"]
    return rng.choice(pool)


def compose_world(brief: WorldBrief) -> WorldDefinition:
    """The world of seed 002 from `brief`, deterministically."""
    rng = stable_rng("world", brief.model_dump())
    wanted = _wanted_text(brief)
    geo, _ = _geometry(brief)
    texture = _pick(wanted, TEXTURE_WORDS, 3) or _pick([*brief.seed_tags, *brief.seed_genres], TEXTURE_WORDS, 3)
    space = _pick(wanted, SPACE_WORDS, 2)
    tempo_words = _pick(wanted, TEMPO_WORDS, 2)
    if not texture:
        texture = ["warm" if geo.darkness_warmth >= 0 else "dark", "acoustic" if geo.acoustic_electronic <= 0 else "electronic"]
    if not space:
        space = ["expansive" if geo.intimate_expansive > 0.2 else "intimate" if geo.intimate_expansive < -0.2 else "balanced"]
    if not tempo_words:
        tempo_words = ["mid-tempo"] if "tempo" not in brief.taste else (
            ["slow"] if brief.taste["tempo"] < 95 else ["upbeat"] if brief.taste["tempo"] > 120 else ["mid-tempo"]
        )

    avoid = unique(w for t in _avoid_text(brief) for w in content_words(t))
    free = unique(w for q, t in brief.free_text.items() if q != "avoid" for w in content_words(t))
    option_words = unique(w for q, opts in brief.answers.items() if q != "avoid" for o in opts for w in content_words(o))
    avoid_set = set(avoid)
    keywords = [w for w in unique([*free, *option_words, *(t.lower() for t in brief.seed_tags)]) if w not in avoid_set and w not in _WEAK]
    keywords = keywords[:10] or [g.lower() for g in brief.seed_genres[:3]] or texture
    genres = unique(brief.seed_genres)

    key_image = next((w for w in free if w in AXIS_LEXICON or len(w) > 4), None) or (keywords[0] if keywords else texture[0])
    adjective = next((w for w in [*texture, *keywords] if w != key_image), texture[0])
    world_name = f"{title_case(adjective)} {title_case(key_image)} {_place(geo, rng)}"

    lean = [
        "warm" if geo.darkness_warmth > 0.15 else "dark" if geo.darkness_warmth < -0.15 else "between light and shade",
        "intimate" if geo.intimate_expansive < -0.15 else "expansive" if geo.intimate_expansive > 0.15 else "neither close nor far",
        "acoustic" if geo.acoustic_electronic < -0.15 else "electronic" if geo.acoustic_electronic > 0.15 else "hybrid",
    ]
    parts = [
        f"Your center of gravity sits in {'-'.join(texture)} territory, with {'-'.join(space)} space and a {'-'.join(tempo_words)} pulse.",
        f"It leans {join_words(lean)}.",
    ]
    if genres:
        parts.append(f"Its roots are in {join_words(genres[:3])}.")
    quote = next((t.strip() for q, t in brief.free_text.items() if q != "avoid" and t.strip()), "")
    if quote:
        parts.append(f"In your words: \u201c{quote[:120]}\u201d.")
    if avoid:
        parts.append(f"It keeps clear of anything {join_words(avoid[:4], 'or')}.")

    hits = len(keywords) + len(genres)
    count = 3 if hits < 5 else 4 if hits < 9 else 5
    return WorldDefinition(
        world_name=world_name[:60],
        description=" ".join(parts),
        texture="-".join(texture),
        space="-".join(space),
        tempo_preference="-".join(tempo_words),
        emotional_geometry=geo,
        keywords=keywords[:12],
        exclude_keywords=avoid[:12],
        intersections=_intersections(brief, geo, keywords, tempo_words, count),
    )

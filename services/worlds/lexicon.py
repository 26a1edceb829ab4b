"""The words the wizard understands, and what each asks of the music.

A *concept* ("late-night", "calm", "piano") is a target: bands on the signals a
track may have (energy, mood, tempo, acoustic feel, vocals, groove, each 0..1 but
tempo in BPM), demo-catalog tags it should carry, families it leans to. An *avoid
concept* ("vocals", "fast tempos") is a hard rule on one signal. Phrases are matched
whole words, longest first; the wizard's options are phrases of this table (a unit
test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The signals a band can target, with their full range and one "step" of closeness.
SIGNAL_RANGE: dict[str, tuple[float, float]] = {
    "energy": (0.0, 1.0), "valence": (0.0, 1.0), "tempo": (40.0, 220.0),
    "acousticness": (0.0, 1.0), "instrumentalness": (0.0, 1.0), "danceability": (0.0, 1.0),
}
SIGNAL_STEP: dict[str, float] = {
    "energy": 0.08, "valence": 0.08, "tempo": 8.0, "acousticness": 0.1, "instrumentalness": 0.1, "danceability": 0.08,
}
SIGNAL_WORDS: dict[str, str] = {
    "energy": "energy", "valence": "mood", "tempo": "tempo", "acousticness": "acoustic feel",
    "instrumentalness": "vocals", "danceability": "groove",
}


@dataclass(frozen=True, slots=True)
class Concept:
    """What one understood phrase asks for."""

    label: str  # how the page and the texts name it ("late-night")
    kind: str  # mood | energy | setting | sound
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)
    tags: tuple[str, ...] = ()  # demo-catalog tags that carry it (instruments, textures)
    families: tuple[str, ...] = ()  # families it leans to (soft)


def _c(label: str, kind: str, tags: tuple[str, ...] = (), families: tuple[str, ...] = (),
       **bands: tuple[float, float]) -> Concept:
    return Concept(label, kind, dict(bands), tags, families)


_CALM = (0.0, 0.5)
CONCEPTS: dict[str, Concept] = {
    # mood
    "calm": _c("calm", "mood", energy=_CALM),
    "serene": _c("serene", "mood", energy=(0.0, 0.45), valence=(0.3, 1.0)),
    "peaceful": _c("peaceful", "mood", energy=(0.0, 0.45), valence=(0.3, 1.0)),
    "melancholy": _c("melancholy", "mood", valence=(0.0, 0.45)),
    "sad": _c("melancholy", "mood", valence=(0.0, 0.4)),
    "hopeful": _c("hopeful", "mood", valence=(0.45, 1.0)),
    "happy": _c("bright", "mood", valence=(0.6, 1.0)),
    "joyful": _c("bright", "mood", valence=(0.6, 1.0)),
    "euphoric": _c("euphoric", "mood", valence=(0.55, 1.0), energy=(0.65, 1.0)),
    "dark": _c("dark", "mood", valence=(0.0, 0.4)),
    "tender": _c("tender", "mood", energy=(0.0, 0.55)),
    "dreamy": _c("dreamy", "mood", energy=(0.0, 0.6), tags=("dreamy", "hazy")),
    "tense": _c("tense", "mood", valence=(0.0, 0.45), energy=(0.4, 1.0)),
    "romantic": _c("romantic", "mood", energy=(0.0, 0.65), valence=(0.35, 1.0)),
    "nostalgic": _c("nostalgic", "mood", tags=("nostalgic",)),
    "angry": _c("fierce", "mood", energy=(0.7, 1.0), valence=(0.0, 0.5)),
    "relaxed": _c("relaxed", "mood", energy=(0.0, 0.55)),
    "chill": _c("relaxed", "mood", energy=(0.0, 0.55)),
    "mellow": _c("mellow", "mood", energy=(0.0, 0.5)),
    "moody": _c("moody", "mood", valence=(0.0, 0.5)),
    # energy and movement
    "still": _c("still", "energy", energy=(0.0, 0.3)),
    "slow drift": _c("slow", "energy", energy=(0.0, 0.45), tempo=(40.0, 105.0)),
    "slow": _c("slow", "energy", tempo=(40.0, 100.0)),
    "gentle": _c("gentle", "energy", energy=(0.0, 0.5)),
    "steady pulse": _c("steady", "energy", energy=(0.4, 0.75), tempo=(90.0, 130.0)),
    "steady": _c("steady", "energy", energy=(0.4, 0.75)),
    "driving": _c("driving", "energy", energy=(0.65, 1.0), tempo=(110.0, 220.0)),
    "danceable": _c("danceable", "energy", danceability=(0.65, 1.0)),
    "dance": _c("danceable", "energy", danceability=(0.65, 1.0)),
    "full power": _c("full-power", "energy", energy=(0.8, 1.0)),
    "energetic": _c("energetic", "energy", energy=(0.65, 1.0)),
    "upbeat": _c("upbeat", "energy", energy=(0.55, 1.0), valence=(0.5, 1.0)),
    "fast": _c("fast", "energy", tempo=(120.0, 220.0)),
    "intense": _c("intense", "energy", energy=(0.75, 1.0)),
    "quiet": _c("quiet", "energy", energy=(0.0, 0.4)),
    "soft": _c("soft", "energy", energy=(0.0, 0.45)),
    # settings
    "late night": _c("late-night", "setting", energy=(0.0, 0.6), valence=(0.0, 0.6)),
    "night": _c("late-night", "setting", energy=(0.0, 0.6), valence=(0.0, 0.6)),
    "midnight": _c("late-night", "setting", energy=(0.0, 0.6), valence=(0.0, 0.6)),
    "after hours": _c("late-night", "setting", energy=(0.0, 0.6), valence=(0.0, 0.6)),
    "morning": _c("morning", "setting", energy=(0.25, 0.7), valence=(0.45, 1.0)),
    "sunday morning": _c("morning", "setting", energy=(0.2, 0.6), valence=(0.45, 1.0)),
    "focus": _c("focus", "setting", energy=(0.0, 0.55), instrumentalness=(0.5, 1.0)),
    "study": _c("focus", "setting", energy=(0.0, 0.55), instrumentalness=(0.5, 1.0)),
    "studying": _c("focus", "setting", energy=(0.0, 0.55), instrumentalness=(0.5, 1.0)),
    "work": _c("focus", "setting", energy=(0.0, 0.6), instrumentalness=(0.4, 1.0)),
    "reading": _c("reading", "setting", energy=(0.0, 0.4)),
    "workout": _c("workout", "setting", energy=(0.7, 1.0), tempo=(115.0, 220.0)),
    "gym": _c("workout", "setting", energy=(0.7, 1.0), tempo=(115.0, 220.0)),
    "running": _c("running", "setting", energy=(0.7, 1.0), tempo=(120.0, 220.0)),
    "dinner with friends": _c("dinner", "setting", energy=(0.25, 0.65), valence=(0.4, 1.0)),
    "dinner": _c("dinner", "setting", energy=(0.25, 0.65), valence=(0.4, 1.0)),
    "cooking": _c("cooking", "setting", energy=(0.3, 0.7), valence=(0.45, 1.0)),
    "road trip": _c("road-trip", "setting", energy=(0.55, 1.0), valence=(0.45, 1.0)),
    "driving at night": _c("night-drive", "setting", energy=(0.45, 0.85), valence=(0.0, 0.6)),
    "rainy day": _c("rainy-day", "setting", energy=(0.0, 0.55), valence=(0.0, 0.55)),
    "rain": _c("rainy-day", "setting", energy=(0.0, 0.55), valence=(0.0, 0.55)),
    "falling asleep": _c("sleep", "setting", energy=(0.0, 0.3), tempo=(40.0, 100.0)),
    "sleep": _c("sleep", "setting", energy=(0.0, 0.3), tempo=(40.0, 100.0)),
    "bedtime": _c("sleep", "setting", energy=(0.0, 0.3), tempo=(40.0, 100.0)),
    "party": _c("party", "setting", energy=(0.7, 1.0), danceability=(0.65, 1.0)),
    "meditation": _c("meditation", "setting", energy=(0.0, 0.25), instrumentalness=(0.6, 1.0)),
    "yoga": _c("meditation", "setting", energy=(0.0, 0.35)),
    "summer": _c("summer", "setting", valence=(0.55, 1.0)),
    "winter": _c("winter", "setting", energy=(0.0, 0.55)),
    # sound
    "acoustic": _c("acoustic", "sound", acousticness=(0.6, 1.0)),
    "unplugged": _c("acoustic", "sound", acousticness=(0.6, 1.0)),
    "electronic": _c("electronic", "sound", acousticness=(0.0, 0.3)),
    "synths": _c("synth", "sound", acousticness=(0.0, 0.35), tags=("synths", "analog synths", "pads")),
    "synth": _c("synth", "sound", acousticness=(0.0, 0.35), tags=("synths", "analog synths", "pads")),
    "piano": _c("piano", "sound", acousticness=(0.5, 1.0), tags=("piano", "felt piano", "rhodes piano", "electric piano")),
    "guitars": _c("guitar", "sound", tags=("acoustic guitar", "electric guitar", "fingerpicked guitar", "jangle guitar", "nylon guitar", "clean guitar")),
    "guitar": _c("guitar", "sound", tags=("acoustic guitar", "electric guitar", "fingerpicked guitar", "jangle guitar", "nylon guitar", "clean guitar")),
    "strings": _c("strings", "sound", acousticness=(0.5, 1.0), tags=("string quartet", "strings", "string section", "string ensemble", "cello")),
    "voices": _c("voices", "sound", instrumentalness=(0.0, 0.4), tags=("vocal harmonies", "harmonies", "layered vocals")),
    "vocals": _c("voices", "sound", instrumentalness=(0.0, 0.4)),
    "instrumental": _c("instrumental", "sound", instrumentalness=(0.6, 1.0)),
    "instrumental only": _c("instrumental", "sound", instrumentalness=(0.6, 1.0)),
    "warm analog": _c("warm", "sound", tags=("warm", "analog", "tape-saturated", "dusty")),
    "warm": _c("warm", "sound", tags=("warm",)),
    "dusty": _c("dusty", "sound", tags=("dusty", "vinyl crackle")),
    "glassy": _c("glassy", "sound", tags=("glassy", "shimmering")),
    "lo-fi": _c("lo-fi", "sound", energy=(0.0, 0.55), tags=("lo-fi", "dusty", "tape-saturated")),
    "spacious": _c("spacious", "sound", tags=("spacious", "vast", "cinematic")),
    "field recordings": _c("field recordings", "sound", instrumentalness=(0.6, 1.0), tags=("field recordings",)),
    "horns": _c("horns", "sound", tags=("horn section", "brass stabs", "saxophone", "trumpet")),
    "bass": _c("bass-heavy", "sound", tags=("sub bass", "808 bass", "bass-heavy", "808s")),
}


@dataclass(frozen=True, slots=True)
class AvoidConcept:
    """A hard rule: keep tracks whose `signal` lies in [lo, hi] (or that are not explicit / not hits)."""

    label: str  # "vocals", "fast tempos"
    signal: str  # a SIGNAL_RANGE key, or "explicit", "popularity"
    lo: float = 0.0
    hi: float = 1.0
    relax_order: int = 5  # lower is relaxed first when nothing would be left


AVOID_CONCEPTS: dict[str, AvoidConcept] = {
    "vocals": AvoidConcept("vocals", "instrumentalness", 0.5, 1.0, 3),
    "vocal": AvoidConcept("vocals", "instrumentalness", 0.5, 1.0, 3),
    "singing": AvoidConcept("vocals", "instrumentalness", 0.5, 1.0, 3),
    "lyrics": AvoidConcept("vocals", "instrumentalness", 0.5, 1.0, 3),
    "voices": AvoidConcept("vocals", "instrumentalness", 0.5, 1.0, 3),
    "instrumentals": AvoidConcept("instrumentals", "instrumentalness", 0.0, 0.5, 3),
    "instrumental": AvoidConcept("instrumentals", "instrumentalness", 0.0, 0.5, 3),
    "explicit": AvoidConcept("explicit lyrics", "explicit", 0, 0, 6),
    "explicit lyrics": AvoidConcept("explicit lyrics", "explicit", 0, 0, 6),
    "swearing": AvoidConcept("explicit lyrics", "explicit", 0, 0, 6),
    "profanity": AvoidConcept("explicit lyrics", "explicit", 0, 0, 6),
    "parental advisory": AvoidConcept("explicit lyrics", "explicit", 0, 0, 6),
    "fast": AvoidConcept("fast tempos", "tempo", 40.0, 125.0, 2),
    "fast tempos": AvoidConcept("fast tempos", "tempo", 40.0, 125.0, 2),
    "fast songs": AvoidConcept("fast tempos", "tempo", 40.0, 125.0, 2),
    "slow": AvoidConcept("slow tempos", "tempo", 85.0, 220.0, 2),
    "slow tempos": AvoidConcept("slow tempos", "tempo", 85.0, 220.0, 2),
    "ballads": AvoidConcept("slow tempos", "tempo", 85.0, 220.0, 2),
    "loud": AvoidConcept("loud and harsh", "energy", 0.0, 0.78, 2),
    "loud and harsh": AvoidConcept("loud and harsh", "energy", 0.0, 0.78, 2),
    "loud drops": AvoidConcept("loud and harsh", "energy", 0.0, 0.78, 2),
    "harsh": AvoidConcept("loud and harsh", "energy", 0.0, 0.78, 2),
    "harsh noise": AvoidConcept("loud and harsh", "energy", 0.0, 0.78, 2),
    "aggressive": AvoidConcept("loud and harsh", "energy", 0.0, 0.78, 2),
    "noise": AvoidConcept("loud and harsh", "energy", 0.0, 0.78, 2),
    "heavy": AvoidConcept("loud and harsh", "energy", 0.0, 0.78, 2),
    "sad": AvoidConcept("sad songs", "valence", 0.3, 1.0, 2),
    "depressing": AvoidConcept("sad songs", "valence", 0.3, 1.0, 2),
    "gloomy": AvoidConcept("sad songs", "valence", 0.3, 1.0, 2),
    "cheesy": AvoidConcept("cheesy", "valence", 0.0, 0.75, 2),
    "happy": AvoidConcept("happy songs", "valence", 0.0, 0.65, 2),
    "upbeat": AvoidConcept("upbeat songs", "energy", 0.0, 0.6, 2),
    "dance": AvoidConcept("dance beats", "danceability", 0.0, 0.7, 2),
    "dance beats": AvoidConcept("dance beats", "danceability", 0.0, 0.7, 2),
    "danceable": AvoidConcept("dance beats", "danceability", 0.0, 0.7, 2),
    "synths": AvoidConcept("electronic sounds", "acousticness", 0.3, 1.0, 2),
    "acoustic": AvoidConcept("acoustic sounds", "acousticness", 0.0, 0.7, 2),
    "overplayed hits": AvoidConcept("overplayed hits", "popularity", 0.0, 70.0, 1),
    "hits": AvoidConcept("overplayed hits", "popularity", 0.0, 70.0, 1),
    "mainstream": AvoidConcept("overplayed hits", "popularity", 0.0, 70.0, 1),
    "top 40": AvoidConcept("overplayed hits", "popularity", 0.0, 70.0, 1),
    "popular songs": AvoidConcept("overplayed hits", "popularity", 0.0, 70.0, 1),
}

# Emoji people type, read as words (anything else non-verbal is dropped, and the page says so).
EMOJI_WORDS: dict[str, str] = {
    "🌙": "night", "🌃": "night", "🌌": "night", "☀": "summer", "🌞": "summer", "🏖": "summer", "🔥": "energetic",
    "⚡": "energetic", "😴": "sleep", "💤": "sleep", "🛌": "sleep", "🎹": "piano", "🎸": "guitar", "🎻": "strings",
    "🎷": "horns", "🎺": "horns", "🥁": "driving", "💃": "dance", "🕺": "dance", "🌧": "rain", "☔": "rain",
    "😢": "sad", "😭": "sad", "😊": "happy", "😀": "happy", "🥰": "romantic", "❤": "romantic", "🏃": "running",
    "🏋": "workout", "📚": "study", "☕": "morning", "🍷": "dinner", "🚗": "road trip", "🧘": "meditation",
    "🌊": "calm", "🎉": "party", "🖤": "dark",
}

# Words that start a clause saying what not to have, in any answer.
NEGATIONS = ("no", "not", "without", "never", "avoid", "nothing", "zero", "less", "hate", "dislike", "except")
# Filler around an avoid phrase ("no sad songs please" -> "sad").
FILLER = frozenset(
    "a an the any some too very really please anything stuff things songs song music tracks track vibes vibe "
    "kind of type sort at all much more lots lot also i me my we dont don't do want like or and".split()
)

"""Plausible, varied and inoffensive names for the demo catalog's artists, albums and tracks.

Every function draws from the `random.Random` it is given, so the catalog is the
same on every machine for the same seed.
"""

from __future__ import annotations

import random

FIRST_NAMES = (
    "Ada", "Alma", "Amara", "Anika", "Aria", "Astrid", "Bea", "Bruno", "Caleb", "Camille", "Carmen",
    "Cass", "Cleo", "Dara", "Dev", "Dominic", "Eli", "Elio", "Elsa", "Emeka", "Esme", "Ezra", "Farah",
    "Felix", "Freya", "Gideon", "Greta", "Hana", "Hugo", "Idris", "Ines", "Iris", "Isaak", "Jada",
    "Jonah", "Juno", "Kai", "Kasimir", "Keiko", "Kofi", "Lena", "Leon", "Lior", "Lucia", "Luka",
    "Mabel", "Maya", "Mateo", "Milo", "Mira", "Nadia", "Nico", "Nina", "Noor", "Oda", "Omar", "Oscar",
    "Otis", "Paloma", "Quinn", "Rafa", "Remy", "Rosa", "Rowan", "Ruby", "Sami", "Sena", "Silas",
    "Sofia", "Tariq", "Tess", "Theo", "Uma", "Valentina", "Vera", "Wes", "Willa", "Yara", "Yusuf",
    "Zadie", "Zeno", "Aiko", "Bram", "Cyrus", "Delphine", "Emil", "Ivo", "Lars", "Marisol", "Priya",
)
LAST_NAMES = (
    "Abara", "Alder", "Amsel", "Bakker", "Baptiste", "Bellamy", "Brandt", "Calloway", "Castellano",
    "Chandra", "Costa", "Dahl", "Delacroix", "Doyle", "Eriksen", "Esposito", "Fairweather", "Falk",
    "Fontaine", "Garland", "Haddad", "Hale", "Hartmann", "Holloway", "Ibarra", "Ishikawa", "Jansen",
    "Kader", "Kowalski", "Lindqvist", "Lowe", "Madsen", "Marlowe", "Moreau", "Nakamura", "Novak",
    "Okafor", "Oyelaran", "Pajari", "Park", "Pereira", "Quill", "Rahman", "Reyes", "Rinaldi", "Rowe",
    "Sato", "Sandoval", "Silva", "Solberg", "Strand", "Tanaka", "Thorne", "Udoh", "Valdez", "Vance",
    "Vasquez", "Varga", "Wainwright", "Whitlock", "Winter", "Xu", "Yamada", "Young", "Zamora", "Ziegler",
    "Achterberg", "Bianchi", "Carver", "Duarte", "Ellery", "Ferreira", "Gallo", "Kim", "Mendel",
)
ADJECTIVES = (
    "Amber", "Ancient", "Azure", "Blue", "Borrowed", "Brave", "Bright", "Broken", "Burning", "Calm",
    "Cobalt", "Cold", "Copper", "Crimson", "Crystal", "Dancing", "Distant", "Dreaming", "Electric",
    "Emerald", "Endless", "Faded", "Falling", "First", "Floating", "Fragile", "Frozen", "Gentle",
    "Ghostly", "Gilded", "Glass", "Golden", "Hidden", "Hollow", "Honest", "Indigo", "Iron", "Ivory",
    "Last", "Lazy", "Liquid", "Lonely", "Lost", "Loud", "Lucky", "Lunar", "Magnetic", "Marble",
    "Midnight", "Mirrored", "Modern", "Neon", "Northern", "Open", "Paper", "Pastel", "Patient",
    "Quiet", "Radiant", "Restless", "Rising", "Rusty", "Sacred", "Salt", "Secret", "Silent", "Silver",
    "Simple", "Slow", "Solar", "Southern", "Static", "Sudden", "Sunday", "Tender", "Tidal", "Velvet",
    "Violet", "Wandering", "Warm", "Western", "Wild", "Winter", "Wooden", "Young", "Hazy", "Kind",
)
NOUNS = (
    "Anchor", "Arrow", "Atlas", "Avenue", "Balcony", "Beacon", "Birch", "Bloom", "Bridge", "Canyon",
    "Carousel", "Cathedral", "Cloud", "Comet", "Compass", "Coral", "Crown", "Dawn", "Desert", "Dream",
    "Dune", "Echo", "Ember", "Engine", "Feather", "Fever", "Field", "Fire", "Flame", "Forest",
    "Fountain", "Garden", "Glacier", "Harbor", "Heart", "Highway", "Horizon", "Island", "Jungle",
    "Kingdom", "Lantern", "Letter", "Light", "Lighthouse", "Machine", "Meadow", "Memory", "Mirror",
    "Moon", "Morning", "Mountain", "Ocean", "Orchard", "Paradise", "Planet", "Postcard", "Prism",
    "Radio", "Rain", "River", "Rocket", "Room", "Satellite", "Season", "Shadow", "Signal", "Sky",
    "Smoke", "Snow", "Spark", "Star", "Station", "Storm", "Stranger", "Summer", "Sun", "Telescope",
    "Thunder", "Tide", "Tower", "Train", "Valley", "Velocity", "Voyage", "Wave", "Window", "Wire",
    "Zephyr", "Lagoon", "Parade", "Magnolia", "Satin", "Sapphire", "Skyline", "Heartbeat", "Polaroid",
)
PLURALS = (
    "Anchors", "Arrows", "Astronauts", "Balloons", "Bees", "Birds", "Cartographers", "Cats", "Clouds",
    "Comets", "Cousins", "Daydreams", "Deer", "Engines", "Foxes", "Gardeners", "Giants", "Hearts",
    "Herons", "Horses", "Kites", "Lanterns", "Lions", "Magpies", "Mariners", "Moths", "Neighbours",
    "Owls", "Painters", "Pilots", "Planets", "Poets", "Rivers", "Robins", "Sailors", "Satellites",
    "Shadows", "Sparrows", "Strangers", "Swans", "Tigers", "Travellers", "Voices", "Wolves", "Wrens",
)
PLACES = (
    "Lisbon", "Osaka", "Lagos", "Berlin", "Memphis", "Havana", "Seoul", "Reykjavik", "Marseille",
    "Detroit", "Kingston", "Nairobi", "Oslo", "Tokyo", "Rio", "Montreal", "Glasgow", "Bristol",
    "Valencia", "Tbilisi", "Accra", "Manila", "Kyoto", "Brooklyn", "Santiago", "Helsinki", "Athens",
)
VERBS_ING = (
    "Chasing", "Dancing", "Drifting", "Falling", "Floating", "Holding", "Leaving", "Running",
    "Searching", "Waiting", "Walking", "Waking", "Burning", "Calling", "Climbing", "Dreaming",
    "Fading", "Finding", "Flying", "Glowing", "Humming", "Racing", "Sailing", "Singing", "Turning",
)
ABSTRACT = (
    "Gravity", "Silence", "Midnight", "Tomorrow", "Yesterday", "Forever", "Nowhere", "Home", "Gold",
    "Heaven", "Paradise", "Daylight", "Moonlight", "Starlight", "Wonder", "Freedom", "Patience",
    "Kindness", "Distance", "Motion", "Wildflowers", "Sunrise", "Sunset", "Weather", "Rhythm",
)
LABEL_WORDS = (
    "Northbound", "Lighthouse", "Paper Moon", "Blue Heron", "Copperfield", "Saltwater", "Sundial",
    "Redwood", "Kite String", "Glasshouse", "Midnight Oil", "Hollow Tree", "Tidewater", "Orchard",
    "Velvet Hammer", "Polar", "Magnetic", "Fieldnote", "Brightside", "Sixth Wave", "Lanternfly",
    "Low Tide", "Open Window", "Greenroom", "Static Bloom", "Second Floor", "Wildwood", "Harbourlight",
)
LABEL_SUFFIXES = ("Records", "Recordings", "Music", "Sound", "Audio", "Editions", "Label")
CLASSICAL_FORMS = ("Sonata", "Nocturne", "Prelude", "Étude", "Suite", "Concerto", "Partita",
                   "Fantasia", "Impromptu", "Serenade", "Quartet", "Symphony", "Rhapsody", "Ballade")
CLASSICAL_MOVEMENTS = ("Allegro", "Adagio", "Andante", "Largo", "Presto", "Scherzo", "Menuetto",
                       "Allegretto", "Vivace", "Andantino", "Moderato", "Rondo")
KEY_NAMES = ("C", "C-sharp", "D", "E-flat", "E", "F", "F-sharp", "G", "A-flat", "A", "B-flat", "B")
ROMAN = ("I", "II", "III", "IV", "V", "VI")
ENSEMBLES = ("Quartet", "Trio", "Ensemble", "Orchestra", "Consort", "Chamber Players", "Collective")
RAP_PREFIXES = ("MC", "Lil", "Young", "Big", "DJ", "Kid")
RAP_WORDS = ("Nova", "Echo", "Blaze", "Cipher", "Jet", "Vibe", "Halo", "Flux", "Kairo", "Saint",
             "Prism", "Riddle", "Atlas", "Nimbus", "Onyx", "Pharaoh", "Rhyme", "Sable", "Tempo", "Zion")
ELECTRO_WORDS = ("Aether", "Kinetic", "Lumen", "Parallax", "Vektor", "Oscill", "Halcyon", "Monolith",
                 "Prism", "Tessera", "Nebula", "Quasar", "Solace", "Meridian", "Orbital", "Helix",
                 "Strata", "Axiom", "Photon", "Radiant", "Ultraviolet", "Cascade", "Fractal", "Sonar")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def artist_name(rng: random.Random, family: str) -> str:
    """A name in the habits of the family: bands for rock, ensembles for classical, aliases for rap."""
    roll = rng.random()
    if family == "classical":
        if roll < 0.55:
            return _person(rng)
        if roll < 0.8:
            return f"{rng.choice(LAST_NAMES)} {rng.choice(ENSEMBLES)}"
        return f"{rng.choice(PLACES)} {rng.choice(ENSEMBLES)}"
    if family == "jazz":
        if roll < 0.6:
            return _person(rng)
        return f"{_person(rng)} {rng.choice(('Trio', 'Quartet', 'Quintet', 'Sextet', 'Big Band'))}"
    if family == "hip hop":
        if roll < 0.45:
            return f"{rng.choice(RAP_PREFIXES)} {rng.choice(RAP_WORDS)}"
        if roll < 0.7:
            return rng.choice(RAP_WORDS) + rng.choice(("", " Gold", " Kid", "wave", " Supreme", "tone"))
        return _person(rng)
    if family == "electronic":
        if roll < 0.4:
            return rng.choice(ELECTRO_WORDS) + rng.choice(("", "", " Systems", " Drive", "ia", " Theory", "tron"))
        if roll < 0.65:
            return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if roll < 0.8:
            return rng.choice(FIRST_NAMES) + rng.choice(("", " " + rng.choice(ELECTRO_WORDS)))
        return _person(rng)
    if family in ("rock", "metal"):
        if roll < 0.35:
            return f"The {rng.choice(ADJECTIVES)} {rng.choice(PLURALS)}"
        if roll < 0.6:
            return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
        if roll < 0.75:
            return f"{rng.choice(NOUNS)} {rng.choice(('Club', 'Parade', 'Society', 'Machine', 'Union', 'Theory'))}"
        return f"{rng.choice(PLURALS)} of {rng.choice(ABSTRACT)}"
    if family == "folk":
        if roll < 0.55:
            return _person(rng)
        if roll < 0.8:
            return f"The {rng.choice(LAST_NAMES)} {rng.choice(('Family', 'Sisters', 'Brothers', 'Band', 'String Band'))}"
        return f"{rng.choice(NOUNS)} & {rng.choice(NOUNS)}"
    # pop, r&b, world
    if roll < 0.5:
        return _person(rng)
    if roll < 0.7:
        return rng.choice(FIRST_NAMES).upper() if rng.random() < 0.3 else rng.choice(FIRST_NAMES)
    if roll < 0.85:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    return f"{rng.choice(FIRST_NAMES)} & the {rng.choice(PLURALS)}"


def track_title(rng: random.Random, family: str, number: int = 1) -> str:
    """A song title; classical works get form, key and movement."""
    if family == "classical":
        form = rng.choice(CLASSICAL_FORMS)
        key = f"{rng.choice(KEY_NAMES)} {rng.choice(('major', 'minor'))}"
        title = f"{form} No. {rng.randint(1, 24)} in {key}"
        if rng.random() < 0.6:
            title += f": {ROMAN[(number - 1) % len(ROMAN)]}. {rng.choice(CLASSICAL_MOVEMENTS)}"
        return title
    roll = rng.random()
    if roll < 0.22:
        title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    elif roll < 0.36:
        title = f"{rng.choice(VERBS_ING)} {rng.choice(ABSTRACT)}"
    elif roll < 0.48:
        title = rng.choice(ABSTRACT + NOUNS)
    elif roll < 0.58:
        title = f"{rng.choice(NOUNS)} of {rng.choice(ABSTRACT)}"
    elif roll < 0.66:
        title = f"{rng.choice(PLACES)} {rng.choice(('Nights', 'Morning', 'Summer', 'Rain', 'Skyline', 'Blues', 'Lights'))}"
    elif roll < 0.74:
        title = f"{rng.choice(('Call Me', 'Take Me', 'Meet Me', 'Hold Me', 'Show Me', 'Tell Me'))} {rng.choice(('Home', 'Tonight', 'Softly', 'Again', 'Anyway', 'Slowly'))}"
    elif roll < 0.82:
        title = f"{rng.choice(('All', 'No', 'One More', 'Every', 'Another'))} {rng.choice(NOUNS)}"
    elif roll < 0.9:
        title = f"{rng.choice(('Under the', 'Over the', 'Across the', 'Beyond the', 'Into the'))} {rng.choice(NOUNS)}"
    else:
        title = f"{rng.choice(FIRST_NAMES)}{rng.choice(('', ', Again', ' in the Rain', ' by the Sea'))}"
    if family == "hip hop" and rng.random() < 0.15:
        title = title.upper()
    if family == "electronic" and rng.random() < 0.1:
        title += f" ({rng.choice(ELECTRO_WORDS)} Remix)"
    if rng.random() < 0.04:
        title += rng.choice((" (Live)", " (Acoustic)", " - Remastered", " (Demo)"))
    return title


def album_title(rng: random.Random, family: str, artist: str) -> str:
    """An album title; sometimes self-titled, numbered or a lone word."""
    roll = rng.random()
    if roll < 0.05:
        return artist
    if family == "classical" and roll < 0.5:
        return f"{rng.choice(CLASSICAL_FORMS)}s & {rng.choice(CLASSICAL_FORMS)}s"
    if roll < 0.3:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    if roll < 0.45:
        return rng.choice(ABSTRACT + NOUNS)
    if roll < 0.55:
        return f"{rng.choice(NOUNS)}s and {rng.choice(NOUNS)}s"
    if roll < 0.65:
        return f"The {rng.choice(NOUNS)} {rng.choice(('Sessions', 'Tapes', 'Years', 'Diaries', 'Letters'))}"
    if roll < 0.75:
        return f"{rng.choice(('Songs from the', 'Notes from the', 'Postcards from the', 'Live at the'))} {rng.choice(NOUNS)}"
    if roll < 0.85:
        return f"{rng.choice(VERBS_ING)} {rng.choice(ABSTRACT)}"
    return f"{rng.choice(PLACES)}{rng.choice(('', ' Nights', ' Diaries', ' Hours'))}"


def label_name(rng: random.Random) -> str:
    """A record label."""
    return f"{rng.choice(LABEL_WORDS)} {rng.choice(LABEL_SUFFIXES)}"


def playlist_title(rng: random.Random) -> str:
    """A personal playlist name."""
    return rng.choice((
        f"{rng.choice(ADJECTIVES)} {rng.choice(('Mornings', 'Evenings', 'Drives', 'Sundays', 'Rain', 'Nights'))}",
        f"{rng.choice(VERBS_ING)} {rng.choice(ABSTRACT)}",
        f"{rng.choice(PLACES)} {rng.choice(('Trip', 'Summer', 'Memories', 'Nights'))}",
    ))

"""Genre profiles of the demo catalog: where each genre's audio features, lengths,
eras and descriptive words come from.

Numbers are rough portraits of real genres (metal is loud and energetic, ambient is
quiet and instrumental, hip hop is wordy), so that anything built on the features
(worlds, party ordering) behaves believably offline.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GenreProfile:
    """Means of the features (0..1 unless noted) and the words that describe the genre."""

    name: str
    family: str
    dance: float
    energy: float
    valence: float
    acoustic: float
    instrumental: float
    speech: float
    live: float
    tempo: tuple[float, float]  # mean, spread in BPM
    loudness: float  # dB, mean
    duration_s: tuple[int, int]  # mean, spread in seconds
    explicit: float  # probability
    major: float  # probability of a major key
    era: tuple[int, int]  # years in which artists of the genre start out
    textures: tuple[str, ...]
    moods: tuple[str, ...]
    instruments: tuple[str, ...]
    hue: int  # base hue of the genre's artwork


def _g(name: str, family: str, f: tuple[float, ...], tempo: tuple[float, float], loud: float,
       dur: tuple[int, int], explicit: float, major: float, era: tuple[int, int],
       textures: str, moods: str, instruments: str, hue: int) -> GenreProfile:
    dance, energy, valence, acoustic, instrumental, speech, live = f
    return GenreProfile(name, family, dance, energy, valence, acoustic, instrumental, speech, live,
                        tempo, loud, dur, explicit, major, era,
                        tuple(textures.split(", ")), tuple(moods.split(", ")),
                        tuple(instruments.split(", ")), hue)


#                 dance energy valence acoustic instrumental speech live
GENRES: tuple[GenreProfile, ...] = (
    # pop
    _g("pop", "pop", (.68, .68, .58, .15, .01, .06, .14), (118, 14), -5.8, (205, 25), .15, .65, (1995, 2023),
       "glossy, polished, bright, punchy", "euphoric, romantic, carefree, bittersweet, confident",
       "synths, vocal harmonies, drum machine, electric piano", 330),
    _g("dance pop", "pop", (.75, .78, .62, .08, .02, .06, .15), (122, 6), -5.0, (200, 20), .12, .6, (2000, 2023),
       "glossy, shimmering, punchy", "euphoric, flirtatious, upbeat, confident",
       "synths, four-on-the-floor kick, vocal chops, bass synth", 310),
    _g("indie pop", "pop", (.62, .58, .55, .35, .06, .05, .15), (115, 18), -7.5, (210, 30), .05, .6, (2005, 2024),
       "jangly, airy, lo-fi, warm", "wistful, dreamy, playful, nostalgic",
       "jangle guitar, glockenspiel, synths, handclaps", 20),
    _g("synth-pop", "pop", (.66, .66, .55, .08, .1, .05, .12), (120, 12), -7.0, (230, 30), .03, .55, (1978, 2022),
       "neon, shimmering, chrome, analog", "nocturnal, wistful, romantic, cool",
       "analog synths, drum machine, arpeggiator, vocoder", 280),
    _g("k-pop", "pop", (.72, .8, .6, .1, .01, .08, .16), (124, 14), -4.2, (200, 20), .05, .6, (2008, 2024),
       "glossy, maximal, crisp, bright", "confident, euphoric, playful, dramatic",
       "synths, trap drums, vocal harmonies, brass stabs", 300),
    _g("city pop", "pop", (.7, .62, .72, .25, .05, .04, .12), (112, 10), -9.0, (260, 30), .0, .7, (1976, 1992),
       "sunlit, smooth, silky, polished", "breezy, nostalgic, romantic, carefree",
       "slap bass, electric piano, horn section, clean guitar", 35),
    # rock
    _g("classic rock", "rock", (.5, .72, .58, .15, .06, .05, .25), (124, 22), -8.5, (260, 60), .02, .7, (1964, 1985),
       "crunchy, warm, analog, raw", "triumphant, rebellious, carefree, swaggering",
       "electric guitar, hammond organ, bass guitar, live drums", 15),
    _g("alternative rock", "rock", (.48, .74, .42, .1, .06, .05, .2), (126, 20), -6.5, (230, 40), .12, .6, (1985, 2015),
       "distorted, loud-quiet-loud, gritty, wiry", "restless, brooding, anthemic, angsty",
       "electric guitar, bass guitar, live drums, feedback", 200),
    _g("indie rock", "rock", (.52, .68, .48, .18, .1, .05, .18), (128, 20), -7.2, (220, 35), .08, .6, (2000, 2024),
       "jangly, scrappy, bright, garage", "restless, wistful, wry, hopeful",
       "electric guitar, bass guitar, live drums, tambourine", 190),
    _g("punk", "rock", (.45, .92, .5, .03, .03, .08, .3), (170, 22), -4.5, (150, 35), .25, .65, (1976, 2010),
       "raw, fast, abrasive, scrappy", "rebellious, angry, gleeful, restless",
       "overdriven guitar, bass guitar, fast drums, gang vocals", 0),
    _g("shoegaze", "rock", (.35, .72, .3, .05, .35, .04, .14), (118, 16), -7.5, (280, 50), .01, .45, (1988, 2024),
       "hazy, swirling, washed-out, fuzzed", "dreamy, melancholic, hypnotic, tender",
       "fuzz guitar, reverb, whammy bar, distant vocals", 260),
    _g("post-rock", "rock", (.3, .55, .25, .2, .85, .04, .15), (110, 20), -10.5, (430, 120), .0, .5, (1994, 2024),
       "cinematic, slow-building, vast, shimmering", "contemplative, triumphant, melancholic, hopeful",
       "tremolo guitar, glockenspiel, strings, live drums", 210),
    # metal
    _g("heavy metal", "metal", (.4, .93, .35, .01, .2, .07, .22), (136, 26), -4.0, (280, 60), .15, .3, (1975, 2015),
       "heavy, galloping, thunderous, razor-sharp", "aggressive, epic, defiant, dark",
       "distorted guitar, double bass drum, guitar solo, power vocals", 350),
    _g("metalcore", "metal", (.42, .96, .28, .01, .08, .1, .2), (145, 25), -3.5, (230, 35), .3, .3, (2000, 2024),
       "crushing, chugging, polished, massive", "aggressive, cathartic, furious, anthemic",
       "drop-tuned guitar, breakdowns, screamed vocals, double bass drum", 355),
    _g("doom metal", "metal", (.28, .78, .15, .03, .45, .05, .15), (72, 12), -6.0, (480, 120), .05, .15, (1985, 2024),
       "crushing, sludgy, slow, cavernous", "ominous, mournful, heavy-hearted, dark",
       "downtuned guitar, organ, slow drums, distortion", 250),
    # hip hop
    _g("hip hop", "hip hop", (.78, .66, .52, .12, .02, .28, .18), (94, 12), -6.2, (210, 30), .6, .45, (1988, 2024),
       "punchy, sample-based, crisp, boom-heavy", "confident, swaggering, reflective, defiant",
       "808s, sampled soul, turntables, rapped vocals", 45),
    _g("trap", "hip hop", (.76, .64, .4, .1, .01, .24, .15), (140, 10), -5.8, (185, 25), .78, .4, (2010, 2024),
       "booming, dark, crisp, spacey", "menacing, confident, hedonistic, moody",
       "808 bass, hi-hat rolls, synths, auto-tuned vocals", 270),
    _g("boom bap", "hip hop", (.8, .62, .55, .2, .05, .3, .2), (90, 6), -7.0, (220, 25), .55, .45, (1990, 2010),
       "dusty, crunchy, sample-based, gritty", "nostalgic, reflective, confident, streetwise",
       "sampled breaks, vinyl crackle, jazz samples, rapped vocals", 30),
    _g("lo-fi hip hop", "hip hop", (.7, .38, .48, .6, .85, .06, .1), (82, 8), -11.0, (150, 30), .0, .55, (2013, 2024),
       "dusty, warm, mellow, tape-saturated", "calm, cosy, nostalgic, studious",
       "rhodes piano, vinyl crackle, soft drums, jazz guitar", 25),
    # r&b and soul
    _g("r&b", "r&b", (.7, .55, .5, .2, .02, .1, .12), (98, 16), -6.8, (215, 30), .3, .45, (1995, 2024),
       "silky, lush, smooth, late-night", "sensual, romantic, vulnerable, confident",
       "electric piano, finger snaps, sub bass, layered vocals", 320),
    _g("neo soul", "r&b", (.66, .5, .55, .4, .08, .08, .16), (90, 12), -8.0, (250, 40), .12, .5, (1995, 2024),
       "warm, organic, smoky, velvety", "soulful, introspective, sensual, uplifting",
       "rhodes piano, live bass, brushed drums, horn section", 20),
    _g("funk", "r&b", (.82, .74, .8, .15, .2, .07, .25), (108, 10), -8.0, (260, 60), .03, .6, (1968, 1985),
       "tight, greasy, syncopated, brassy", "groovy, joyful, swaggering, carefree",
       "slap bass, wah guitar, horn section, clavinet", 40),
    _g("disco", "r&b", (.8, .78, .82, .1, .15, .05, .18), (120, 6), -8.5, (300, 70), .01, .65, (1974, 1984),
       "glittering, lush, four-on-the-floor, orchestral", "euphoric, glamorous, joyful, carefree",
       "string section, octave bass, hi-hats, horn section", 50),
    # electronic
    _g("house", "electronic", (.8, .76, .6, .05, .55, .06, .12), (124, 3), -7.0, (370, 60), .02, .5, (1986, 2024),
       "pumping, warm, four-on-the-floor, soulful", "euphoric, uplifting, hypnotic, joyful",
       "drum machine, piano stabs, bass synth, vocal samples", 290),
    _g("deep house", "electronic", (.78, .6, .45, .08, .6, .06, .1), (121, 3), -8.5, (400, 60), .01, .45, (1990, 2024),
       "deep, smooth, warm, rolling", "late-night, sensual, hypnotic, calm",
       "sub bass, pads, drum machine, rhodes chords", 240),
    _g("techno", "electronic", (.7, .86, .22, .02, .85, .06, .1), (132, 5), -7.5, (400, 70), .0, .35, (1988, 2024),
       "driving, metallic, hypnotic, industrial", "dark, relentless, trance-like, cold",
       "TB-303, TR-909, modular synths, distorted kick", 200),
    _g("drum and bass", "electronic", (.55, .92, .4, .02, .7, .08, .15), (174, 2), -4.5, (320, 60), .03, .4, (1993, 2024),
       "rolling, breakbeat, razor-sharp, heavy", "energetic, urgent, dark, euphoric",
       "amen break, reese bass, pads, MC vocals", 180),
    _g("ambient", "electronic", (.2, .15, .2, .6, .92, .04, .1), (80, 20), -19.0, (420, 150), .0, .6, (1978, 2024),
       "spacious, drifting, glacial, weightless", "calm, contemplative, serene, mysterious",
       "pads, field recordings, drones, piano", 190),
    _g("synthwave", "electronic", (.62, .72, .45, .03, .75, .04, .12), (110, 14), -7.0, (280, 50), .0, .4, (2008, 2024),
       "neon, retro, chrome, gated-reverb", "nocturnal, nostalgic, driving, heroic",
       "analog synths, gated drums, arpeggiator, saxophone", 290),
    _g("downtempo", "electronic", (.62, .45, .4, .35, .6, .06, .12), (95, 10), -10.0, (280, 50), .01, .45, (1992, 2024),
       "smoky, laid-back, textured, cinematic", "chilled, introspective, moody, calm",
       "breakbeats, sampled strings, sub bass, trip-hop drums", 170),
    _g("uk garage", "electronic", (.8, .75, .6, .05, .3, .08, .12), (132, 3), -6.5, (250, 40), .05, .45, (1996, 2024),
       "skippy, shuffling, swung, bass-heavy", "upbeat, flirtatious, late-night, euphoric",
       "2-step drums, pitched vocals, organ bass, stabs", 160),
    # jazz
    _g("jazz", "jazz", (.5, .35, .5, .8, .7, .06, .25), (120, 35), -13.0, (320, 90), .0, .55, (1950, 2020),
       "smoky, swinging, warm, intimate", "sophisticated, relaxed, playful, wistful",
       "upright bass, saxophone, piano, brushed drums", 40),
    _g("bebop", "jazz", (.48, .55, .6, .8, .8, .06, .4), (200, 30), -12.0, (300, 90), .0, .55, (1944, 1965),
       "virtuosic, fast, swinging, bright", "restless, joyful, fiery, playful",
       "alto saxophone, trumpet, upright bass, ride cymbal", 55),
    _g("jazz fusion", "jazz", (.55, .62, .5, .3, .8, .05, .3), (118, 25), -10.0, (380, 100), .0, .5, (1969, 2020),
       "electric, virtuosic, funky, shimmering", "adventurous, groovy, cosmic, exuberant",
       "fretless bass, electric piano, synths, electric guitar", 150),
    # classical
    _g("classical", "classical", (.22, .15, .25, .95, .9, .04, .12), (100, 30), -21.0, (420, 200), .0, .55, (1955, 2020),
       "orchestral, stately, luminous, intricate", "majestic, serene, melancholic, dramatic",
       "string quartet, piano, orchestra, woodwinds", 45),
    _g("modern classical", "classical", (.25, .22, .2, .9, .88, .04, .1), (90, 25), -20.0, (330, 120), .0, .45, (1990, 2024),
       "minimal, glassy, spacious, intimate", "contemplative, melancholic, tender, hopeful",
       "felt piano, cello, string ensemble, electronics", 210),
    # folk and country
    _g("folk", "folk", (.5, .35, .45, .85, .1, .05, .18), (108, 22), -11.0, (230, 40), .01, .65, (1962, 2024),
       "acoustic, earthy, intimate, homespun", "wistful, tender, reflective, pastoral",
       "acoustic guitar, harmonica, fiddle, harmonies", 95),
    _g("indie folk", "folk", (.5, .4, .4, .75, .12, .04, .15), (110, 22), -10.0, (235, 40), .02, .6, (2005, 2024),
       "hushed, warm, layered, woody", "melancholic, hopeful, wistful, tender",
       "fingerpicked guitar, banjo, pump organ, harmonies", 110),
    _g("country", "folk", (.6, .66, .62, .35, .01, .04, .18), (116, 20), -6.0, (205, 25), .03, .8, (1970, 2024),
       "twangy, polished, sunny, roadhouse", "heartfelt, carefree, nostalgic, proud",
       "pedal steel, acoustic guitar, fiddle, telecaster", 40),
    _g("bluegrass", "folk", (.55, .6, .68, .9, .3, .05, .3), (140, 25), -9.5, (190, 30), .0, .8, (1950, 2024),
       "high-lonesome, nimble, acoustic, rustic", "joyful, rollicking, homesick, spirited",
       "banjo, mandolin, fiddle, upright bass", 80),
    _g("blues", "folk", (.55, .5, .5, .55, .15, .05, .3), (96, 25), -10.0, (250, 50), .02, .5, (1950, 2015),
       "gritty, smoky, raw, slow-burning", "soulful, heartbroken, defiant, weary",
       "slide guitar, harmonica, upright bass, electric guitar", 220),
    # world
    _g("reggae", "world", (.78, .55, .7, .2, .1, .1, .2), (80, 10), -8.0, (240, 40), .02, .6, (1970, 2020),
       "laid-back, dubby, warm, offbeat", "uplifting, peaceful, defiant, easygoing",
       "skank guitar, bass guitar, organ bubble, one-drop drums", 120),
    _g("afrobeats", "world", (.82, .7, .78, .15, .04, .1, .15), (106, 8), -5.5, (200, 25), .1, .55, (2008, 2024),
       "bouncy, sunny, percussive, crisp", "joyful, flirtatious, carefree, celebratory",
       "log drum, shakers, synths, guitar licks", 60),
    _g("latin pop", "world", (.74, .74, .72, .18, .01, .07, .15), (104, 14), -5.0, (205, 25), .08, .6, (1995, 2024),
       "sunny, polished, rhythmic, bright", "passionate, romantic, festive, carefree",
       "nylon guitar, congas, synths, brass", 25),
    _g("reggaeton", "world", (.82, .76, .65, .1, .01, .12, .12), (95, 4), -4.5, (200, 20), .35, .5, (2004, 2024),
       "booming, dembow, glossy, humid", "flirtatious, hedonistic, confident, festive",
       "dembow drums, 808 bass, synths, auto-tuned vocals", 350),
    _g("bossa nova", "world", (.62, .3, .55, .85, .35, .05, .15), (128, 20), -14.0, (190, 30), .0, .5, (1958, 1975),
       "gentle, breezy, hushed, syncopated", "relaxed, romantic, saudade, serene",
       "nylon guitar, brushed drums, flute, soft vocals", 75),
)

GENRE_BY_NAME: dict[str, GenreProfile] = {g.name: g for g in GENRES}
FAMILIES: tuple[str, ...] = tuple(dict.fromkeys(g.family for g in GENRES))


def genres_in_family(family: str) -> tuple[GenreProfile, ...]:
    """Every genre of one family, for an artist's secondary genres."""
    return tuple(g for g in GENRES if g.family == family)

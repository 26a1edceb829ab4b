"""The offline writer for the label and the events page: lyrics (and their
refinement), release copy, content packs, video ideas and event blurbs.

Everything is built from the brief's own words (theme, title, genre, mood, lyric
lines, artists, venue) with a generator seeded by the brief, so the same input
always gives the same text and different inputs give different text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from services.ai.schemas import (
    ContentPack,
    EventBlurb,
    EventBrief,
    LyricSection,
    Lyrics,
    LyricsBrief,
    ReleaseCopy,
    TrackBrief,
    VideoIdea,
)
from services.ai.text import STOPWORDS, article, content_words, hashtag, join_words, sentence, stable_rng, title_case, unique, words

# mood -> (images, verbs): the words a line borrows to carry the mood.
MOODS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "melancholic": (("grey", "rain-heavy", "faded", "blue"), ("fading", "drifting", "letting go")),
    "sad": (("grey", "empty", "blue", "broken"), ("falling", "missing you", "letting go")),
    "dark": (("black", "shadowed", "cold", "midnight"), ("sinking", "hiding", "burning low")),
    "energetic": (("electric", "loud", "burning", "wild"), ("running", "rising", "breaking out")),
    "happy": (("golden", "bright", "sunlit", "warm"), ("dancing", "shining", "laughing")),
    "hopeful": (("dawn-lit", "open", "new", "clear"), ("rising", "holding on", "reaching")),
    "romantic": (("velvet", "tender", "candlelit", "soft"), ("holding you", "falling in", "staying")),
    "calm": (("still", "quiet", "slow", "soft"), ("breathing", "floating", "resting")),
    "angry": (("jagged", "red", "burning", "loud"), ("fighting", "breaking", "tearing down")),
    "chill": (("easy", "hazy", "slow", "low-lit"), ("cruising", "floating", "letting it ride")),
    "confident": (("gold", "sharp", "untouchable", "loud"), ("winning", "standing tall", "taking over")),
    "nostalgic": (("faded", "polaroid", "old", "sepia"), ("remembering", "rewinding", "going back")),
}
# Mood words the refiner swaps when asked for a different feeling.
REFINE_TARGETS: dict[str, str] = {
    "darker": "dark", "dark": "dark", "sadder": "sad", "sad": "sad", "happier": "happy", "happy": "happy",
    "brighter": "happy", "uplifting": "hopeful", "hopeful": "hopeful", "angrier": "angry", "angry": "angry",
    "calmer": "calm", "softer": "calm", "romantic": "romantic", "energetic": "energetic", "hype": "energetic",
    "nostalgic": "nostalgic", "confident": "confident", "melancholic": "melancholic",
}
GENRE_SCENES: dict[str, tuple[str, ...]] = {
    "hip hop": ("the bass under the streetlights", "a cipher on the corner", "the beat in my headphones"),
    "rap": ("the bass under the streetlights", "a cipher on the corner", "the mic in my hand"),
    "trap": ("the 808 shaking the window", "a hi-hat rolling through the night", "tinted glass"),
    "r&b": ("slow jams on the late drive", "a low-lit room", "your voice over the chords"),
    "pop": ("the chorus on the radio", "neon on the dance floor", "a song we know by heart"),
    "rock": ("the amp turned up", "a garage with the door open", "a chord that rings out"),
    "folk": ("a fiddle at the kitchen door", "the creek behind the house", "an old guitar case"),
    "country": ("a dirt road at sundown", "the porch light on", "a pickup on the gravel"),
    "electronic": ("the strobe on the ceiling", "a synth that hums like a wire", "the drop at 2 a.m."),
    "house": ("the four-on-the-floor", "a warehouse at sunrise", "the kick through the wall"),
    "jazz": ("a brushed snare in a basement bar", "the horn section", "smoke over the piano"),
    "lo-fi": ("tape hiss and rain", "a desk lamp at midnight", "a dusty sample"),
    "soul": ("an organ in the back", "Sunday morning", "a choir behind the door"),
}
# Words of an instruction that name the song's parts or ask for quality, not a subject.
_STRUCTURE = frozenset(
    "bridge verse verses chorus choruses hook hooks line lines lyric lyrics song part parts intro outro "
    "better again rewrite redo different change improve catchier stronger punchier title rhyme rhymes "
    "try make please keep give turn version take another new".split()
)


def _mood_words(mood: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    for w in words(mood):
        if w in MOODS:
            return MOODS[w]
    own = tuple(content_words(mood)) or ("restless",)
    return own, ("holding on", "moving on")


def _scenes(genre: str) -> tuple[str, ...]:
    g = genre.lower().strip()
    for key, scenes in GENRE_SCENES.items():
        if key in g or g in key and g:
            return scenes
    return (f"a {g} groove" if g else "a low groove", f"the {g} night" if g else "the long night", "the last chord")


def _theme_words(brief: LyricsBrief) -> list[str]:
    found = content_words(brief.theme) or content_words(brief.title) or content_words(brief.beat_context)
    return found or content_words(f"{brief.mood} {brief.genre}") or ["tonight"]


_VERSE = (
    "I keep the {w} close where the {v} used to be",
    "{Img} streets and the {w} that won't let go of me",
    "Counting every {w} like it's the last one left",
    "{Scene}, and I'm {verb} with every breath",
    "You said the {w} would fade, but it's {img} and it stays",
    "Wrote your name in {w} on a {img} windowpane",
    "Every {v} I find is {img} around the edge",
    "Half a {w}, half a promise that I never said",
    "Out past the {w}, {scene}",
    "I'm {verb} where the {w} and the {v} collide",
)
_CHORUS = (
    "{Title}, {title}",
    "{Img} like the {w} when the night gets long",
    "{Verb}, {verb}, till it turns into a song",
    "{Title}, and I'm {verb} tonight",
)
_BRIDGE = (
    "If the {w} breaks, let it break",
    "If the {v} bends, let it bend",
    "{Scene} is the only place I've been",
    "And it's {img} again, {img} again",
)


def _fill(template: str, rng, brief: LyricsBrief, theme: list[str], title: str, w: str | None = None) -> str:  # type: ignore[no-untyped-def]
    images, verbs = _mood_words(brief.mood)
    w = w or rng.choice(theme)
    v = rng.choice([t for t in theme if t != w] or theme)
    img, verb, scene = rng.choice(images), rng.choice(verbs), rng.choice(_scenes(brief.genre))
    text = template.format(
        w=w, v=v, img=img, Img=img.capitalize(), verb=verb, Verb=verb.capitalize(),
        scene=scene, Scene=scene[:1].upper() + scene[1:], title=title.lower(), Title=title,
    )
    return text


def _lines(templates: Sequence[str], n: int, rng, brief: LyricsBrief, theme: list[str], title: str, first_theme: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    picks = rng.sample(list(templates), k=min(n, len(templates)))
    lines = [_fill(t, rng, brief, theme, title) for t in picks]
    if first_theme and theme and not any(theme[0] in ln.lower() for ln in lines):
        lines[0] = _fill(_VERSE[0], rng, brief, theme, title, w=theme[0])
    return lines


def _line_count(bpm: int | None) -> int:
    """Fast songs get shorter verses (more syllables per bar), slow ones longer."""
    if bpm is None:
        return 4
    return 4 if bpm >= 80 else 6


def compose_lyrics(brief: LyricsBrief) -> Lyrics:
    rng = stable_rng("lyrics", brief.model_dump())
    theme = _theme_words(brief)
    title = brief.title.strip() or title_case(" ".join(theme[:3]))
    n = _line_count(brief.bpm)
    chorus = [_fill(t, rng, brief, theme, title) for t in _CHORUS]
    sections = [
        LyricSection(kind="verse", lines=_lines(_VERSE, n, rng, brief, theme, title)),
        LyricSection(kind="chorus", lines=chorus),
        LyricSection(kind="verse", lines=_lines(_VERSE, n, rng, brief, theme[1:] or theme, title, first_theme=False)),
        LyricSection(kind="chorus", lines=list(chorus)),
        LyricSection(kind="bridge", lines=[_fill(t, rng, brief, theme, title) for t in _BRIDGE]),
        LyricSection(kind="chorus", lines=list(chorus)),
    ]
    return Lyrics(title=title, sections=sections)


def _swap_mood(lyrics: Lyrics, target: str) -> list[LyricSection]:
    """Replace every mood word of the song with words of the target mood."""
    new_images, new_verbs = MOODS[target]
    mapping: dict[str, str] = {}
    for images, verbs in MOODS.values():
        for i, img in enumerate(images):
            if img not in new_images:
                mapping[img] = new_images[i % len(new_images)]
        for i, verb in enumerate(verbs):
            if verb not in new_verbs:
                mapping[verb] = new_verbs[i % len(new_verbs)]
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")\b", re.I)

    def swap(m: re.Match[str]) -> str:
        out = mapping[m.group(0).lower()]
        return out.capitalize() if m.group(0)[0].isupper() else out

    return [LyricSection(kind=s.kind, lines=[pattern.sub(swap, ln) for ln in s.lines]) for s in lyrics.sections]


def refine_lyrics(lyrics: Lyrics, instruction: str, history: Sequence[str] = (), brief: LyricsBrief | None = None) -> Lyrics:
    """Apply one plain-language instruction ("shorter", "darker", "add a bridge",
    "more about the ocean") to `lyrics`. `history` holds earlier instructions; a
    repeated instruction gets a fresh variation rather than the same edit."""
    text = instruction.lower()
    rng = stable_rng("refine", lyrics.content(), instruction, list(history))
    base = brief or LyricsBrief(genre="", mood="", theme=lyrics.title)
    title = lyrics.title
    sections = [LyricSection(kind=s.kind, lines=list(s.lines)) for s in lyrics.sections]
    changed = False

    if re.search(r"\b(shorter|shorten|trim|cut|tighter)\b", text):
        sections = [LyricSection(kind=s.kind, lines=s.lines[: max(2, math.ceil(len(s.lines) * 2 / 3))]) for s in sections]
        changed = True
    if re.search(r"\b(longer|extend|lengthen|expand)\b", text):
        theme = content_words(" ".join(base.theme.split()) or title) or ["tonight"]
        for s in sections:
            if s.kind == "verse":
                s.lines.extend(_lines(_VERSE, 2, rng, base, theme, title, first_theme=False))
        changed = True
    if re.search(r"\b(no|remove|drop|without)\b.*\bbridge\b", text):
        sections = [s for s in sections if s.kind != "bridge"] or sections
        changed = True
    elif "bridge" in text and not any(s.kind == "bridge" for s in sections):
        theme = content_words(base.theme or title) or ["tonight"]
        bridge = LyricSection(kind="bridge", lines=[_fill(t, rng, base, theme, title) for t in _BRIDGE])
        last_chorus = max((i for i, s in enumerate(sections) if s.kind == "chorus"), default=len(sections) - 1)
        sections.insert(last_chorus, bridge)
        changed = True
    for word in words(text):
        if word in REFINE_TARGETS:
            swapped = _swap_mood(Lyrics(title=title, sections=sections), REFINE_TARGETS[word])
            changed = changed or swapped != sections
            sections = swapped
            base = base.model_copy(update={"mood": REFINE_TARGETS[word]})
            break
    if re.search(r"\b(catch\w*|hook\w*|repeat\w*|anthem\w*|singalong|sing-along)\b", text):
        hook = f"{title}, {title.lower()}"
        for s in sections:
            if s.kind == "chorus":
                s.lines = [hook, *s.lines[1:-1], hook] if len(s.lines) > 2 else [hook, *s.lines]
        changed = True
    topic = re.search(r"\b(?:about|mention|include|add|more)\s+(?:the\s+|a\s+|an\s+|my\s+)?([a-z][a-z '\-]{2,40})", text)
    topic_words = [w for w in content_words(topic.group(1)) if w not in _STRUCTURE] if topic else []
    if not changed and not topic_words:
        topic_words = [w for w in content_words(instruction) if w not in _STRUCTURE]
    if not changed and not topic_words:
        # Nothing to go on but "again": a fresh take on the second verse.
        theme = content_words(base.theme or title) or ["tonight"]
        verses = [s for s in sections if s.kind == "verse"]
        if verses:
            target = verses[1] if len(verses) > 1 else verses[0]
            target.lines = _lines(_VERSE, len(target.lines), rng, base, theme, title, first_theme=False)
    if topic_words:
        # Weave the new subject into the last line of every verse and the chorus's second line.
        for s in sections:
            if s.kind == "verse" and s.lines:
                s.lines[-1] = _fill(rng.choice(_VERSE), rng, base, topic_words, title)
        chorus_line = _fill(_CHORUS[1], rng, base, topic_words, title)
        for s in sections:
            if s.kind == "chorus" and len(s.lines) > 1:
                s.lines[1] = chorus_line
    return Lyrics(title=title, sections=sections)


# --- release copy, content, video ------------------------------------------------------


def _frequent_words(text: str, limit: int) -> list[str]:
    """The most repeated content words of `text` (ties: first seen first)."""
    all_words = [w for w in words(text) if len(w) >= 3 and w not in STOPWORDS]
    order = {w: i for i, w in reversed(list(enumerate(all_words)))}
    return sorted(order, key=lambda w: (-all_words.count(w), order[w]))[:limit]


def _track_words(brief: TrackBrief) -> list[str]:
    return unique([*content_words(brief.title), *_frequent_words(brief.lyrics, 8), *_frequent_words(brief.transcript, 4)])


def _hook_line(brief: TrackBrief) -> str:
    """The lyric line most likely to be the hook: the most repeated one, else the first."""
    lines = [ln.strip() for ln in brief.lyrics.splitlines() if ln.strip() and not ln.strip().startswith("[")]
    if not lines:
        return ""
    counts = {ln: lines.count(ln) for ln in lines}
    return max(lines, key=lambda ln: (counts[ln], -lines.index(ln)))


def _describe(brief: TrackBrief) -> str:
    """"melancholic hip hop" from the brief's mood and genre."""
    return " ".join(x for x in (brief.mood.lower(), brief.genre.lower()) if x) or "new"


def compose_release_copy(brief: TrackBrief) -> ReleaseCopy:
    rng = stable_rng("release", brief.model_dump())
    images, verbs = _mood_words(brief.mood or "calm")
    artist = brief.artist or "the artist"
    hook = _hook_line(brief)
    topics = [w for w in _track_words(brief) if w not in content_words(brief.title)][:3]
    desc = [f"\u201c{brief.title}\u201d is {article(_describe(brief))} {_describe(brief)} track by {artist}."]
    if topics:
        desc.append(f"It turns on {join_words(topics)}, {rng.choice(verbs)} through {rng.choice(_scenes(brief.genre))}.")
    if hook:
        desc.append(f"The line that stays: \u201c{hook}\u201d.")
    chorus = f"a chorus built on \u201c{hook}\u201d" if hook else "a hook that arrives early"
    pitch = (
        f"For playlists of {brief.genre or 'new music'} with {article(brief.mood.lower() or 'distinct')} "
        f"{brief.mood.lower() or 'distinct'} edge: "
        f"{artist}'s \u201c{brief.title}\u201d pairs {rng.choice(images)} production with {chorus}. "
        + sentence(f"{artist} is available for interviews and session requests around the release")
    )
    tag_img = rng.choice(images)
    tagline = f"{brief.title}: {tag_img} {brief.genre.lower() or 'music'}" + (f" about {join_words(topics[:2])}" if topics else "")
    return ReleaseCopy(description=" ".join(desc), press_pitch=pitch, tagline=tagline[:140])


def compose_content_pack(brief: TrackBrief) -> ContentPack:
    rng = stable_rng("content", brief.model_dump())
    images, verbs = _mood_words(brief.mood or "calm")
    hook = _hook_line(brief)
    artist = brief.artist or "me"
    topics = [w for w in _track_words(brief) if w not in content_words(brief.title)] or content_words(brief.genre) or ["this"]
    captions = [
        f"\u201c{brief.title}\u201d is out now \u2014 {_describe(brief)} for when you're {rng.choice(verbs)}.",
        (f"\u201c{hook}\u201d \u2014 tell me who you thought of." if hook else f"Who do you play \u201c{brief.title}\u201d for? Tag them."),
        f"Made this one about {join_words(topics[:2])}. {rng.choice(images).capitalize()} and honest. Link in bio.",
    ]
    tags = unique([
        hashtag(brief.title), hashtag(brief.artist) if brief.artist else "", hashtag(brief.genre) if brief.genre else "",
        hashtag(brief.mood) if brief.mood else "", *(hashtag(t) for t in topics[:3]), "#NewMusic", "#IndieArtist",
        f"{hashtag(brief.genre)}Music" if brief.genre else "#OutNow", "#OutNow",
    ])
    tags = [t for t in tags if len(t) > 1][:10]
    hooks = [
        f"POV: {rng.choice(topics)} hits different at 2 a.m.",
        f"I wrote \u201c{brief.title}\u201d in one night. Here's the part that made me cry." if "sad" in brief.mood.lower() or "melanch" in brief.mood.lower()
        else f"I wrote \u201c{brief.title}\u201d in one night. Here's the part I'm proudest of.",
        f"If you like {brief.genre + ' songs' if brief.genre else 'songs'} that feel {rng.choice(images)}, stay for the chorus.",
    ]
    evening = any(m in brief.mood.lower() for m in ("melanch", "sad", "dark", "calm", "romantic", "chill", "nostalg"))
    strategy = (
        f"Post the chorus clip {'in the evening (8-10 p.m. local)' if evening else 'at lunchtime and again after 6 p.m.'} "
        f"on TikTok and Reels first, then the {'lyric' if brief.lyrics else 'studio'} cut on Shorts two days later."
    )
    ideas = [
        f"A lyric video over {rng.choice(_scenes(brief.genre))}" + (f", text synced to \u201c{hook}\u201d" if hook else ""),
        f"Behind the track: how the {brief.genre or 'song'} beat for \u201c{brief.title}\u201d was built, in 30 seconds",
        f"Ask followers to stitch their own {rng.choice(topics)} story with the chorus",
    ]
    return ContentPack(captions=captions, hashtags=tags, hooks=hooks, posting_strategy=strategy, ideas=ideas)


def compose_video_idea(brief: TrackBrief) -> VideoIdea:
    rng = stable_rng("video", brief.model_dump())
    images, verbs = _mood_words(brief.mood or "calm")
    hook = _hook_line(brief)
    topics = [w for w in _track_words(brief) if w not in content_words(brief.title)] or [brief.title.lower()]
    subject = rng.choice(topics)
    scene = rng.choice(_scenes(brief.genre))
    idea = f"One take of {scene}, following {subject} from first light to last, cut to \u201c{brief.title}\u201d."
    opener = f"\u201c{hook}\u201d" if hook else f"the first bar of \u201c{brief.title}\u201d"
    script = (
        f"0-3 s: close-up on {subject}, on-screen text {opener}. "
        f"3-10 s: pull back to {scene}; the {_describe(brief)} beat drops in. "
        f"10-20 s: {rng.choice(verbs)} \u2014 quick cuts on the downbeats. "
        f"20-30 s: back to {subject}, {brief.artist or 'the artist'} looks at the camera; title card \u201c{brief.title}\u201d, out now."
    )
    visual = f"{rng.choice(images).capitalize()} colour grade, handheld, natural light; {subject} as the recurring object."
    hook_text = f"Wait for what happens to the {subject} at the chorus." if subject else f"Wait for the chorus of \u201c{brief.title}\u201d."
    return VideoIdea(idea=idea, hook=hook_text, script=script, visual=visual)


def compose_event_blurb(brief: EventBrief) -> EventBlurb:
    rng = stable_rng("event", brief.model_dump())
    lead = brief.artists[0] if brief.artists else brief.name
    others = brief.artists[1:3]
    where = ", ".join(x for x in (brief.venue, brief.city) if x)
    headline = f"{lead}{' with ' + join_words(others) if others else ''}" + (f" \u2014 {brief.city}" if brief.city else "")
    parts = [f"{brief.name}{' at ' + where if where else ''}{', ' + brief.date if brief.date else ''}."]
    genres = unique(brief.genres)
    if genres:
        parts.append(f"Expect {join_words(genres[:3])}" + (f" from {lead}" if brief.artists else "") + ".")
    overlap = [k for k in brief.listener_keywords if any(k.lower() in g.lower() or g.lower() in k.lower() for g in genres)]
    if overlap:
        parts.append(f"Close to your world: it shares {join_words(overlap[:3])}.")
    elif brief.listener_keywords:
        parts.append(f"A step sideways from your {rng.choice(brief.listener_keywords)} world \u2014 worth the detour.")
    if brief.distance_km is not None:
        parts.append(f"About {brief.distance_km:.0f} km away.")
    return EventBlurb(headline=headline[:120], blurb=" ".join(parts))

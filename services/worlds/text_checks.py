"""Checks every world text must pass, whoever wrote it: grammar, no jargon, no echo, true claims.

* grammar: "a"/"an" as `inflect` says ("an upbeat", "a unicorn"), a number agreeing
  with its noun ("1 tracks"), no doubled word, sentences starting with a capital,
  balanced quotes and brackets, no stray spaces;
* jargon: none of the engine's words (valence, acousticness, embedding...);
* echo: no run of three or more of the person's typed words, and no quoting them;
* claims: see `services.worlds.claims`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from services.ai.grammar import article, is_plural
from services.ai.schemas import WorldDefinition
from services.worlds.claims import Claim, TrackView, check_claims

JARGON = ("valence", "acousticness", "danceability", "instrumentalness", "speechiness", "embedding", "centroid",
          "cosine", "percentile", "vector", "semantic", "intersection", "feature space", "center of gravity",
          "centre of gravity", "territory", "algorithm", "score", "bpm range", "audio features")
_ARTICLE = re.compile(r"\b([Aa]n?)\s+([\w'’-]+)")
_ONE = re.compile(r"\b(1|one|a|an)\s+([a-z]+s)\b", re.I)
_MANY = re.compile(r"\b([2-9]|\d{2,}|two|three|four|five|six|seven|eight|nine|ten)\s+(track|song|playlist|artist)\b", re.I)
_DOUBLE = re.compile(r"\b(\w+)\s+\1\b", re.I)
_SENTENCE = re.compile(r"(?:^|[.!?]\s+)([a-z])")
_ECHO_RUN = 3


@dataclass(slots=True)
class TextReport:
    """Everything wrong with a world's texts, by kind; `claims` lists every claim found."""

    grammar: list[str] = field(default_factory=list)
    jargon: list[str] = field(default_factory=list)
    echo: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    fields_failing: set[str] = field(default_factory=set)  # "world_name", "description", "playlist 2 title"...

    @property
    def false_claims(self) -> list[str]:
        return [c.text for c in self.claims if not c.true]

    @property
    def ok(self) -> bool:
        return not (self.grammar or self.jargon or self.echo or self.false_claims)

    def problems(self) -> list[str]:
        out = [f"grammar: {g}" for g in self.grammar] + [f"jargon: {j}" for j in self.jargon]
        out += [f"copies the listener's words: {e}" for e in self.echo]
        out += [f"not true of the tracks: {c}" for c in self.false_claims]
        return out


def grammar_slips(text: str) -> list[str]:
    slips: list[str] = []
    for m in _ARTICLE.finditer(text):
        art, word = m.group(1).lower(), m.group(2)
        if word[:1].isdigit() or word.lower() in ("few", "lot", "little"):
            continue
        if article(word) != art:
            slips.append(f"“{m.group(0)}”")
    for m in _ONE.finditer(text):
        if is_plural(m.group(2)):
            slips.append(f"“{m.group(0)}”")
    for m in _MANY.finditer(text):
        slips.append(f"“{m.group(0)}”")
    for m in _DOUBLE.finditer(text):
        if not m.group(1).isdigit():
            slips.append(f"“{m.group(0)}”")
    for m in _SENTENCE.finditer(text):
        slips.append(f"a sentence starts with “{m.group(1)}”")
    if "  " in text or re.search(r"\s[,.;:!?]", text):
        slips.append("stray spaces")
    for open_, close in (("(", ")"), ("“", "”"), ("[", "]")):
        if text.count(open_) != text.count(close):
            slips.append(f"unbalanced {open_}{close}")
    if text.count('"') % 2:
        slips.append('unbalanced "')
    return slips


def jargon_in(text: str) -> list[str]:
    lower = text.lower()
    return [w for w in JARGON if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![a-z])", lower)]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))


def echoes(text: str, typed: Sequence[str]) -> list[str]:
    """Runs of three or more typed words found in `text` (and any quoted typed answer)."""
    found: list[str] = []
    body = " " + " ".join(_tokens(text)) + " "
    for answer in typed:
        words = _tokens(answer)
        for i in range(len(words) - _ECHO_RUN + 1):
            run = " ".join(words[i:i + _ECHO_RUN])
            if f" {run} " in body and run not in found:
                found.append(run)
        short = answer.strip().lower()
        if short and (f"“{short}”" in text.lower() or f'"{short}"' in text.lower()):
            found.append(short)
    return found


def check_world(texts: WorldDefinition, playlist_tracks: Sequence[Sequence[TrackView]],
                typed: Sequence[str] = ()) -> TextReport:
    """Check a world's texts against its playlists' tracks (same order) and the typed answers."""
    report = TextReport()
    every = [t for tracks in playlist_tracks for t in tracks]
    fields: list[tuple[str, str, Sequence[TrackView], bool]] = [
        ("world_name", texts.world_name, every, False), ("description", texts.description, every, True)]
    for i, (pl, tracks) in enumerate(zip(texts.playlists, playlist_tracks, strict=False)):
        fields.append((f"playlist {i + 1} title", pl.title, tracks, False))
        fields.append((f"playlist {i + 1} description", pl.description, tracks, False))
    for name, text, tracks, world_level in fields:
        before = (len(report.grammar), len(report.jargon), len(report.echo), len(report.false_claims))
        report.grammar += grammar_slips(text)
        report.jargon += jargon_in(text)
        report.echo += echoes(text, typed)
        claims = check_claims(text, tracks, playlists=len(texts.playlists) if world_level else None)
        if world_level:  # the world's description names playlists' genres: true when any playlist holds them
            claims = [c if c.true or not _genre_claim_somewhere(c, playlist_tracks) else Claim(c.text, True)
                      for c in claims]
        report.claims += claims
        after = (len(report.grammar), len(report.jargon), len(report.echo), len(report.false_claims))
        if after != before:
            report.fields_failing.add(name)
    if len({p.title.lower() for p in texts.playlists}) < len(texts.playlists):
        report.grammar.append("two playlists share a title")
        report.fields_failing.add("titles")
    return report


def _genre_claim_somewhere(claim: Claim, playlist_tracks: Sequence[Sequence[TrackView]]) -> bool:
    return any(any(c.true for c in check_claims(claim.text, tracks) if c.text == claim.text)
               for tracks in playlist_tracks)

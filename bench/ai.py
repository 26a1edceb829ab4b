"""Figures of the offline AI layer: LocalEmbedder load time and throughput, the
embed cache's hit rate and speed on a repeat run, LocalComposer latency per task.

    .venv/bin/python bench/ai.py [--texts 5000]

Runs against a throw-away SQLite database; nothing touches `data/`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="sbm-bench-ai-")
for key in ("DB_URL", "OPENAI_API_KEY"):
    os.environ.pop(key, None)

from services.db import get_engine  # noqa: E402
from services.models import metadata  # noqa: E402

GENRES = ["indie folk", "chamber pop", "dream pop", "techno", "hip hop", "ambient", "soul", "post-rock", "jazz", "house"]
STYLES = ["warm acoustic, slow", "bright electronic, driving", "dark reverberant, patient", "dusty analog groove", "clean hi-fi pop"]


def descriptions(n: int, salt: str = "") -> list[str]:
    """Short track descriptions like the world builder embeds (seed 002, step 4c)."""
    return [
        f"Artist {i % 811}{salt} - Song {i}. Album {i % 97}. Genres: {GENRES[i % 10]}, {GENRES[(i * 7) % 10]}. "
        f"Era: {1965 + i % 60}. Style: {STYLES[i % 5]}"
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=5000)
    args = parser.parse_args()
    metadata.create_all(get_engine())
    load1 = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load1:.1f} (figures below scale down with load)")

    from services.ai import embedder as emb_mod

    t0 = time.perf_counter()
    model = emb_mod.load_local_model()
    load_s = time.perf_counter() - t0
    print(f"LocalEmbedder load ({emb_mod.LOCAL_MODEL_NAME}): {load_s:.2f} s")

    emb = emb_mod.LocalEmbedder()
    texts = descriptions(args.texts)
    emb.encode(texts[:200])  # warm the tokenizer
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        emb.encode(texts)
        runs.append(time.perf_counter() - t0)
    best = min(runs)
    print(f"LocalEmbedder raw throughput: {args.texts / best:,.0f} texts/s ({args.texts} texts in {best * 1000:.0f} ms, best of 3)")

    cached = emb_mod.LocalEmbedder()
    t0 = time.perf_counter()
    cached.embed(texts)
    cold = time.perf_counter() - t0
    print(f"embed() cold, cache empty: {cold * 1000:.0f} ms, {cached.computed} embedded ({args.texts / cold:,.0f} texts/s incl. cache writes)")
    repeat = emb_mod.LocalEmbedder()
    mixed = texts[: args.texts * 9 // 10] + descriptions(args.texts // 10, salt="b")
    t0 = time.perf_counter()
    repeat.embed(mixed)
    warm = time.perf_counter() - t0
    hit_rate = 1 - repeat.computed / len(mixed)
    print(f"embed() repeat run (90% seen before): {warm * 1000:.0f} ms, hit rate {hit_rate:.1%}, {repeat.computed} embedded")
    again = emb_mod.LocalEmbedder()
    t0 = time.perf_counter()
    again.embed(texts)
    full = time.perf_counter() - t0
    print(f"embed() same {args.texts} texts again: {full * 1000:.0f} ms, hit rate {1 - again.computed / len(texts):.1%}")

    from services.ai import EventBrief, LocalComposer, LyricsBrief, TrackBrief, WorldBrief
    from services.ai.schemas import GenreShare, PlaylistFacts

    composer = LocalComposer()
    world = WorldBrief(
        asked=["calm", "late-night"], setting="late-night", avoided=["country"],
        playlists=[PlaylistFacts(family="folk", genres=[GenreShare(name="indie folk", share=0.6)], count=24,
                                 tempo_range=[80, 105], energy_word="hushed", mood_word="bittersweet",
                                 artists=["Mira Vale"]),
                   PlaylistFacts(family="jazz", count=20, energy_word="calm"),
                   PlaylistFacts(family="classical", count=9, energy_word="hushed")],
        seed_genres=["indie folk", "chamber pop", "neo-psychedelic"],
    )
    song = LyricsBrief(genre="hip hop", mood="melancholic", theme="leaving my hometown on the last train", bpm=92)
    lyrics = composer.lyrics(song)
    track = TrackBrief(title="Last Train Home", artist="Mira Vale", genre="hip hop", mood="melancholic", lyrics=lyrics.text)
    event = EventBrief(name="Night Folk Sessions", artists=["Big Thief"], venue="Paradiso", city="Amsterdam",
                       genres=["indie folk"], listener_keywords=["folk"])
    tasks = {
        "world_definition": lambda: composer.world_definition(world),
        "lyrics": lambda: composer.lyrics(song),
        "refine_lyrics": lambda: composer.refine_lyrics(lyrics, "darker and more about the ocean", brief=song),
        "release_copy": lambda: composer.release_copy(track),
        "content_pack": lambda: composer.content_pack(track),
        "video_idea": lambda: composer.video_idea(track),
        "event_blurb": lambda: composer.event_blurb(event),
    }
    print("LocalComposer latency (median of 50):")
    for name, fn in tasks.items():
        fn()
        samples = []
        for _ in range(50):
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
        print(f"  {name:<17} {statistics.median(samples) * 1000:6.2f} ms")
    del model


if __name__ == "__main__":
    main()

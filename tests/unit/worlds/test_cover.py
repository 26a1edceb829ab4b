"""Covers: the right formats and sizes, stable per playlist, different between playlists."""

from __future__ import annotations

import io

from PIL import Image

from services.palette import parse_palette
from services.worlds.cover import SPOTIFY_MAX_BYTES, cover_jpeg, cover_png, render_cover

PALETTE = ["#3d2c2e", "#a4785a", "#e8d5b5"]


def test_png_for_the_page_and_jpeg_under_256_kb_for_spotify() -> None:
    png = cover_png("Ruined Cathedral", PALETTE, world="Velvet Dirt Cathedral", size=320)
    jpg = cover_jpeg("Ruined Cathedral", PALETTE, world="Velvet Dirt Cathedral", size=640)
    with Image.open(io.BytesIO(png)) as im:
        assert im.format == "PNG" and im.size == (320, 320)
    with Image.open(io.BytesIO(jpg)) as im:
        assert im.format == "JPEG" and im.mode == "RGB" and im.size == (640, 640)
    assert len(jpg) <= SPOTIFY_MAX_BYTES


def test_jpeg_shrinks_until_it_fits_a_tight_limit() -> None:
    jpg = cover_jpeg("Late Summer Drift", PALETTE, size=640, max_bytes=12_000)
    assert len(jpg) <= 12_000
    with Image.open(io.BytesIO(jpg)) as im:
        assert im.format == "JPEG"


def test_same_playlist_same_cover_other_playlist_other_cover() -> None:
    a = render_cover("Ruined Cathedral", PALETTE, size=128).tobytes()
    assert a == render_cover("Ruined Cathedral", PALETTE, size=128).tobytes()
    assert a != render_cover("Late Summer Drift", PALETTE, size=128).tobytes()


def test_palette_colours_are_used_and_bad_ones_fall_back() -> None:
    img = render_cover("Red", ["#ff0000", "#ee0000"], size=96)
    r, g, b = img.resize((1, 1)).getpixel((0, 0))
    assert r > 150 and g < 90 and b < 90
    assert parse_palette(["nonsense", "#abc"]) [0] == (0xAA, 0xBB, 0xCC)
    assert len(parse_palette(["nonsense"])) >= 2
    assert render_cover("", None, size=64).size == (64, 64)

"""Generated artwork: small SVG data URIs, so the demo catalog ships no image files.

Each picture is a gradient and a shape chosen from a seed number; a few hundred
bytes per row and identical on every machine.
"""

from __future__ import annotations

from urllib.parse import quote


_ESCAPES = str.maketrans({"%": "%25", "#": "%23", "<": "%3C", ">": "%3E", '"': "%22"})


def _data_uri(svg: str) -> str:
    """Percent-encode only what a data URI cannot carry (the SVG is ASCII apart from initials)."""
    return "data:image/svg+xml;utf8," + quote(svg.translate(_ESCAPES), safe=" =:/;,'()-.%?&@+!*$~_")


def _hsl(hue: int, sat: int, light: int) -> str:
    return f"hsl({hue % 360},{sat}%,{light}%)"


def album_cover(seed: int, hue: int) -> str:
    """A square cover: two-tone gradient with one of six shapes."""
    h1, h2 = hue + seed % 40 - 20, hue + 60 + seed % 90
    a, b = _hsl(h1, 55 + seed % 30, 35 + seed % 25), _hsl(h2, 50 + seed % 35, 20 + seed % 30)
    ink = _hsl(h2 + 180, 70, 80)
    x, y, r = 30 + seed % 40, 25 + (seed // 7) % 50, 12 + (seed // 11) % 22
    shape = (
        f"<circle cx='{x}' cy='{y}' r='{r}' fill='{ink}' opacity='.85'/>",
        f"<rect x='{x - r}' y='{y - r}' width='{2 * r}' height='{2 * r}' fill='{ink}' opacity='.7' transform='rotate({seed % 90} {x} {y})'/>",
        f"<path d='M0 {y} Q50 {y - r} 100 {y + r} L100 100 L0 100Z' fill='{ink}' opacity='.6'/>",
        f"<circle cx='{x}' cy='{y}' r='{r}' fill='none' stroke='{ink}' stroke-width='6'/>",
        f"<path d='M{x} {y - r} L{x + r} {y + r} L{x - r} {y + r}Z' fill='{ink}' opacity='.8'/>",
        "".join(f"<rect x='0' y='{i * 14 + seed % 10}' width='100' height='5' fill='{ink}' opacity='.35'/>" for i in range(7)),
    )[seed % 6]
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'>"
        f"<defs><linearGradient id='g' x1='0' y1='0' x2='1' y2='1'><stop offset='0' stop-color='{a}'/>"
        f"<stop offset='1' stop-color='{b}'/></linearGradient></defs>"
        f"<rect width='100' height='100' fill='url(#g)'/>{shape}</svg>"
    )
    return _data_uri(svg)


def artist_portrait(seed: int, hue: int, name: str) -> str:
    """A round-friendly portrait: radial gradient with the artist's initials."""
    words = [w for w in name.replace("&", " ").split() if w[:1].isalnum() and w.lower() != "the"]
    initials = "".join(w[0] for w in words[:2]).upper() or "?"
    a, b = _hsl(hue + seed % 50, 60, 55), _hsl(hue + 200 + seed % 60, 45, 22)
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'>"
        f"<defs><radialGradient id='g' cx='.3' cy='.3' r='.9'><stop offset='0' stop-color='{a}'/>"
        f"<stop offset='1' stop-color='{b}'/></radialGradient></defs>"
        "<rect width='100' height='100' fill='url(#g)'/>"
        "<text x='50' y='62' font-family='sans-serif' font-size='34' font-weight='700' "
        f"text-anchor='middle' fill='white' opacity='.9'>{initials}</text></svg>"
    )
    return _data_uri(svg)

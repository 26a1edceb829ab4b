"""Release cover art: three candidates, one picked, the distributor sizes made from it.

Candidates come from an OpenAI image model when a key is set (`OPENAI_BASE_URL` is
honoured) and otherwise from local generative art drawn with Pillow from the
project's palette and mood. Either way the only text on a cover is the title and
the artist, drawn by us (the image model is asked for no lettering), so the
distributor rule "no text beyond title and artist" holds by construction and is
recorded with each file. The picked cover becomes a 3000x3000 and a 1500x1500 RGB
JPEG and a 1080x1920 vertical; each is checked against the rules before it is kept.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from services.ai.usage import record_usage
from services.config import get_settings
from services.label import projects
from services.label.cover_text import draw_credits, same_text
from services.label.projects import LabelError
from services.worlds.cover import parse_palette

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
CANDIDATES = 3
PREVIEW_SIZE = 1000
FINAL_SIZES: dict[str, tuple[int, int]] = {"cover_3000": (3000, 3000), "cover_1500": (1500, 1500),
                                           "cover_vertical": (1080, 1920)}
MIN_SIDE = 1000
IMAGE_MODEL = "gpt-image-1"
STYLES = ("soft gradient with floating shapes", "bold geometric bands", "grainy concentric rings")

# mood word -> palette (dark to light); a project's own `palette` wins.
MOOD_PALETTES: dict[str, tuple[str, ...]] = {
    "dark": ("#0d0d14", "#2b1e3f", "#6b2d5c", "#c9a0dc"),
    "sad": ("#1b2838", "#34506b", "#7a9cb8", "#d5e1ea"),
    "chill": ("#1f3b4d", "#3f7c85", "#9bc1bc", "#f4f1de"),
    "happy": ("#ff7b00", "#ffb700", "#ffd166", "#fff3c4"),
    "energetic": ("#14080e", "#e4003a", "#ff6b35", "#ffd23f"),
    "romantic": ("#3d0c1b", "#9e2a4b", "#f08ca0", "#fde2e4"),
    "dreamy": ("#2e2352", "#6c5b9e", "#b8a9e0", "#f3e8ff"),
    "angry": ("#0b0b0b", "#5c0a0a", "#c1121f", "#f6bd60"),
}


@dataclass(frozen=True)
class CoverCheck:
    """A file measured against the distributor rules; `problems` empty means it passes."""

    width: int
    height: int
    mode: str
    format: str
    text: tuple[str, ...]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_cover(path: Path, text: Sequence[str], title: str, artist: str, *, square: bool = True) -> CoverCheck:
    """Square (for the store covers), at least 1000 px, RGB JPEG, and no text but title and artist."""
    with Image.open(path) as img:
        width, height, mode, fmt = img.width, img.height, img.mode, img.format or ""
    problems: list[str] = []
    if square and width != height:
        problems.append(f"not square ({width}x{height})")
    if min(width, height) < MIN_SIDE:
        problems.append(f"smaller than {MIN_SIDE} px ({width}x{height})")
    if mode != "RGB":
        problems.append(f"colour mode {mode}, not RGB")
    if fmt != "JPEG":
        problems.append(f"format {fmt or 'unknown'}, not JPEG")
    extra = same_text(text, title, artist)
    if extra:
        problems.append(f"text other than title and artist: {', '.join(extra)}")
    return CoverCheck(width, height, mode, fmt, tuple(text), problems)


def palette_for(mood: str, palette: Sequence[str] | None = None) -> list[tuple[int, int, int]]:
    """The project's palette if it has one, else one chosen by the mood's words."""
    if palette:
        return parse_palette(palette)
    words = (mood or "").lower().split()
    for word in words:
        for key, colours in MOOD_PALETTES.items():
            if key in word or word in key:
                return parse_palette(colours)
    digest = hashlib.sha256((mood or "").encode()).digest()
    keys = sorted(MOOD_PALETTES)
    return parse_palette(MOOD_PALETTES[keys[digest[0] % len(keys)]])


def render_art(seed: str, colours: Sequence[tuple[int, int, int]], style: int, size: int) -> Image.Image:
    """Local generative art (no text), deterministic for a seed, style 0-2.

    Everything but the grain is soft, so it is drawn at a quarter of the size and scaled
    up; the grain is added at full size so big prints do not look smeared."""
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    cols = list(colours) or [(30, 30, 40), (200, 160, 90)]
    a, b = np.array(cols[0], np.float32), np.array(cols[-1], np.float32)
    small = max(64, size // 4)
    unit = small / 1000
    yy, xx = np.mgrid[0:small, 0:small].astype(np.float32) / (small - 1)
    if style % 3 == 0:  # soft diagonal gradient
        ramp = (xx + yy) / 2
    elif style % 3 == 1:  # bands
        angle = rng.uniform(0, np.pi)
        ramp = np.floor((np.cos(angle) * xx + np.sin(angle) * yy) * 6) / 6
    else:  # rings around a point
        cx, cy = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8)
        ramp = np.clip(np.hypot(xx - cx, yy - cy) * 1.4, 0, 1)
        ramp = (np.sin(ramp * np.pi * rng.randint(3, 7)) + 1) / 4 + ramp / 2
    ramp = np.clip(ramp, 0, 1)[..., None]
    base = Image.fromarray(np.clip(a + ramp * (b - a), 0, 255).astype(np.uint8), "RGB")
    art = base
    for _ in range(rng.randint(3, 6)):
        # Each shape is a blurred mask over a solid colour, so soft edges never darken.
        c = cols[rng.randrange(len(cols))]
        mask = Image.new("L", (small, small), 0)
        d = ImageDraw.Draw(mask)
        r = int(rng.randint(100, 333) * unit)
        x, y = int(rng.randint(0, 1000) * unit), int(rng.randint(0, 1000) * unit)
        if style % 3 == 1:
            d.rectangle((x - r, y - r // 4, x + r, y + r // 4), fill=rng.randint(80, 160))
        elif rng.random() < 0.6:
            d.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(60, 140))
        else:
            d.arc((x - r, y - r, x + r, y + r), rng.randint(0, 180), rng.randint(200, 360), fill=180,
                  width=max(2, int(14 * unit)))
        art = Image.composite(Image.new("RGB", (small, small), c), art, mask.filter(ImageFilter.GaussianBlur(8 * unit)))
    art = art.resize((size, size), Image.Resampling.BICUBIC)
    grain = np.random.default_rng(rng.getrandbits(32)).integers(-4, 5, (size, size, 1), dtype=np.int16)
    pixels = np.asarray(art, dtype=np.int16) + grain
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def vertical_from(square: Image.Image, width: int = 1080, height: int = 1920) -> Image.Image:
    """A 9:16 story/canvas image: the cover centred on a blurred, darkened copy of itself."""
    # Blurred at a quarter of the size (it is a blur: nothing is lost), then scaled up.
    q = height // 4
    back = square.resize((q, q), Image.Resampling.BILINEAR)
    left = (q - width // 4) // 2
    back = back.crop((left, 0, left + width // 4, q)).filter(ImageFilter.GaussianBlur(10))
    back = back.resize((width, height), Image.Resampling.BILINEAR)
    back = Image.blend(back, Image.new("RGB", back.size, (0, 0, 0)), 0.35)
    front = square.resize((width, width), Image.Resampling.LANCZOS)
    back.paste(front, (0, (height - width) // 2))
    return back


def save_jpeg(img: Image.Image, path: Path, quality: int = 92) -> Path:
    img.convert("RGB").save(path, format="JPEG", quality=quality, optimize=True, subsampling=0)
    return path


# --- candidate sources ---------------------------------------------------------------------

class ArtSource(Protocol):
    """Makes the art under the lettering: a square RGB image without text."""

    source: str

    def art(self, prompt: str, seed: str, colours: Sequence[tuple[int, int, int]], style: int, user_id: int | None) -> Image.Image: ...


class LocalArt:
    source = "local generative art"

    def art(self, prompt: str, seed: str, colours: Sequence[tuple[int, int, int]], style: int, user_id: int | None) -> Image.Image:
        return render_art(seed, colours, style, PREVIEW_SIZE)


class OpenAIArt:
    """Images from an OpenAI image model; the answer's base64 (or URL) is decoded here."""

    def __init__(self, api_key: str, base_url: str = "", model: str = IMAGE_MODEL, timeout: float = 120.0) -> None:
        from openai import OpenAI

        self.model = model
        self.source = f"OpenAI {model}"
        self.client = OpenAI(api_key=api_key, base_url=base_url or None, timeout=timeout, max_retries=1)

    def art(self, prompt: str, seed: str, colours: Sequence[tuple[int, int, int]], style: int, user_id: int | None) -> Image.Image:
        hexes = ", ".join("#%02x%02x%02x" % c for c in colours)
        text = (f"Album cover artwork, {STYLES[style % len(STYLES)]}. {prompt} Colour palette: {hexes}. "
                "Absolutely no text, letters, numbers, logos or watermarks.")
        try:
            result = self.client.images.generate(model=self.model, prompt=text[:3900], n=1, size="1024x1024")
        except Exception as exc:
            raise LabelError(f"The image model could not make a cover ({type(exc).__name__}); try again or later.") from exc
        usage = getattr(result, "usage", None)
        record_usage("cover_art", self.model, int(getattr(usage, "input_tokens", 0) or 0),
                     int(getattr(usage, "output_tokens", 0) or 0), user_id)
        item = (result.data or [None])[0]
        if item is None:
            raise LabelError("The image model answered without an image; try again.")
        if item.b64_json:
            raw = base64.b64decode(item.b64_json)
        elif item.url:
            import httpx

            raw = httpx.get(item.url, timeout=60).content
        else:
            raise LabelError("The image model answered without an image; try again.")
        try:
            img = Image.open(io.BytesIO(raw))
            img.load()
        except Exception as exc:
            raise LabelError("The image model sent something that is not an image; try again.") from exc
        side = min(img.size)
        img = img.convert("RGB").crop(((img.width - side) // 2, (img.height - side) // 2,
                                       (img.width + side) // 2, (img.height + side) // 2))
        return img.resize((PREVIEW_SIZE, PREVIEW_SIZE), Image.Resampling.LANCZOS)


def make_art_source() -> ArtSource:
    """OpenAI images when `OPENAI_API_KEY` is set, else local generative art."""
    s = get_settings()
    if s.mode("openai") == "live":
        return OpenAIArt(s.openai_api_key, s.openai_base_url)
    return LocalArt()


# --- the project's covers ------------------------------------------------------------------

def make_candidates(user_id: int, project_id: int, *, source: ArtSource | None = None,
                    on_progress: Progress | None = None) -> list[projects.AssetInfo]:
    """Three new cover candidates (1000x1000 JPEGs with title and artist), replacing older ones."""
    from services.label.release import get_release

    say = on_progress or (lambda _f, _m: None)
    info = get_release(user_id, project_id)
    project = projects.get_project(user_id, project_id)
    if not info.title:
        raise LabelError("Give the release a title first: it is printed on the cover.")
    art = source or make_art_source()
    colours = palette_for(info.mood, project.data.get("palette"))
    prompt = f"For the song '{info.title}'" + (f", {info.genre}" if info.genre else "") + (f", mood {info.mood}." if info.mood else ".")
    folder = projects.project_dir(user_id, project_id)
    batch = hashlib.sha256(f"{project_id}:{info.title}:{random.random()}".encode()).hexdigest()[:8]
    made: list[tuple[str, dict[str, Any]]] = []
    try:
        for i in range(CANDIDATES):
            say(i / CANDIDATES, f"Drawing cover {i + 1} of {CANDIDATES}")
            seed = f"{batch}:{i}"
            img = art.art(prompt, seed, colours, i, user_id)
            img, drawn = draw_credits(img, info.title, info.artist)
            name = projects.new_file_name("cover_candidate", "jpg")
            save_jpeg(img, folder / name)
            made.append((name, {"seed": seed, "style": i, "source": art.source, "text": list(drawn),
                                "palette": ["#%02x%02x%02x" % c for c in colours]}))
    except Exception:
        for name, _ in made:
            (folder / name).unlink(missing_ok=True)
        raise
    for old in projects.list_assets(user_id, project_id, "cover_candidate"):
        projects.delete_asset(user_id, old.id)
    assets = [projects.add_asset(user_id, project_id, "cover_candidate", name, label=f"Cover candidate {i + 1}",
                                 mime="image/jpeg", meta=meta) for i, (name, meta) in enumerate(made)]
    say(1.0, "Covers ready")
    return assets


def pick_cover(user_id: int, project_id: int, candidate_id: int) -> list[projects.AssetInfo]:
    """Make the distributor files from one candidate: 3000 and 1500 squares and the vertical."""
    from services.label.release import get_release

    cand = projects.get_asset(user_id, candidate_id)
    if cand.project_id != project_id or cand.kind != "cover_candidate":
        raise LabelError("That cover candidate does not exist; make new candidates.")
    path = projects.asset_path(user_id, candidate_id)
    if path is None:
        raise LabelError("That cover's file is missing; make new candidates.")
    info = get_release(user_id, project_id)
    meta = dict(cand.meta)
    if meta.get("source", "").startswith("local"):
        # Local art is drawn again at full size so the 3000 px file is sharp, not upscaled.
        colours = parse_palette(meta.get("palette")) or palette_for(info.mood)
        big = render_art(meta["seed"], colours, int(meta.get("style", 0)), 3000)
        big, drawn = draw_credits(big, info.title, info.artist)
    else:
        with Image.open(path) as src:
            base = src.convert("RGB").resize((3000, 3000), Image.Resampling.LANCZOS)
        # The candidate's lettering is already in the image; redrawing would double it.
        big, drawn = base, tuple(meta.get("text") or ())
    return write_finals(user_id, project_id, big, drawn, str(meta.get("source", "")), candidate_id)


def write_finals(user_id: int, project_id: int, big: Image.Image, drawn: Sequence[str], source: str,
                 candidate_id: int = 0) -> list[projects.AssetInfo]:
    """The 3000 and 1500 squares and the 1080x1920 vertical from a 3000 px cover, each
    checked against the distributor rules; they replace the previous finals."""
    from services.label.release import get_release

    info = get_release(user_id, project_id)
    drawn = tuple(drawn)
    folder = projects.project_dir(user_id, project_id)
    images = {"cover_3000": big, "cover_1500": big.resize((1500, 1500), Image.Resampling.LANCZOS),
              "cover_vertical": vertical_from(big)}
    written: dict[str, str] = {}
    try:
        for kind, img in images.items():
            name = projects.new_file_name(kind, "jpg")
            save_jpeg(img, folder / name)
            written[kind] = name
            check = check_cover(folder / name, drawn, info.title, info.artist, square=kind != "cover_vertical")
            if not check.ok:
                raise LabelError(f"The {kind.replace('_', ' ')} breaks distributor rules: {'; '.join(check.problems)}.")
    except Exception:
        for name in written.values():
            (folder / name).unlink(missing_ok=True)
        raise
    for kind in FINAL_SIZES:
        for old in projects.list_assets(user_id, project_id, kind):
            projects.delete_asset(user_id, old.id)
    out = []
    for kind, name in written.items():
        w, h = FINAL_SIZES[kind]
        out.append(projects.add_asset(user_id, project_id, kind, name, label=f"Cover {w}x{h}", mime="image/jpeg",
                                      meta={"width": w, "height": h, "text": list(drawn), "candidate_id": candidate_id,
                                            "source": source}))
    projects.update_project_data(user_id, project_id, cover_candidate_id=candidate_id)
    return out


MAX_COVER_BYTES = 20 * 1024 * 1024


def upload_cover(user_id: int, project_id: int, data: bytes) -> list[projects.AssetInfo]:
    """The artist's own artwork as the cover: any JPEG/PNG/WebP of at least 1000 px a
    side (a non-square one is centre-cropped), made into the distributor sizes as it
    is (nothing is printed on it). Pillow's decompression-bomb guard stays on."""
    projects.get_project(user_id, project_id)
    if not data:
        raise LabelError("The image is empty (0 bytes). Choose the file again.")
    if len(data) > MAX_COVER_BYTES:
        raise LabelError(f"The image is {len(data) / 1048576:.1f} MB; a cover may be 20 MB at most.")
    try:
        with Image.open(io.BytesIO(data)) as src:
            if src.format not in ("JPEG", "PNG", "WEBP"):
                raise LabelError(f"This image is {src.format or 'an unknown format'}; upload a JPEG, PNG or WebP.")
            if src.width * src.height > 80_000_000:
                raise LabelError("The image is too large in pixels; export it at 3000×3000.")
            src.load()
            img = src.convert("RGB")
    except LabelError:
        raise
    except Exception as exc:
        raise LabelError("This is not an image we can read (whatever its name says). Upload a JPEG, PNG or WebP.") from exc
    side = min(img.size)
    if side < MIN_SIDE:
        raise LabelError(f"The image is {img.width}×{img.height}; stores need at least {MIN_SIDE}×{MIN_SIDE} "
                         "(3000×3000 is best).")
    img = img.crop(((img.width - side) // 2, (img.height - side) // 2, (img.width + side) // 2, (img.height + side) // 2))
    big = img.resize((3000, 3000), Image.Resampling.LANCZOS)
    out = write_finals(user_id, project_id, big, (), "your own artwork")
    projects.update_project_data(user_id, project_id, cover_candidate_id=0, cover_uploaded=True)
    return out

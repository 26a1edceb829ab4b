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

import hashlib
import io
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageFilter

from services.ai.images import ImageMaker, get_image_maker
from services.ai.local_art import render_art
from services.label import projects
from services.label.cover_text import draw_credits, same_text
from services.label.projects import LabelError
from services.palette import parse_palette

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
CANDIDATES = 3
PREVIEW_SIZE = 1000
FINAL_SIZES: dict[str, tuple[int, int]] = {"cover_3000": (3000, 3000), "cover_1500": (1500, 1500),
                                           "cover_vertical": (1080, 1920)}
MIN_SIDE = 1000

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


# --- the project's covers ------------------------------------------------------------------

def make_candidates(user_id: int, project_id: int, *, source: ImageMaker | None = None,
                    on_progress: Progress | None = None) -> list[projects.AssetInfo]:
    """Three new cover candidates (1000x1000 JPEGs with title and artist), replacing older ones."""
    from services.label.release import get_release

    say = on_progress or (lambda _f, _m: None)
    info = get_release(user_id, project_id)
    project = projects.get_project(user_id, project_id)
    if not info.title:
        raise LabelError("Give the release a title first: it is printed on the cover.")
    art = source or get_image_maker()
    colours = palette_for(info.mood, project.data.get("palette"))
    prompt = f"For the song '{info.title}'" + (f", {info.genre}" if info.genre else "") + (f", mood {info.mood}." if info.mood else ".")
    folder = projects.project_dir(user_id, project_id)
    batch = hashlib.sha256(f"{project_id}:{info.title}:{random.random()}".encode()).hexdigest()[:8]
    made: list[tuple[str, dict[str, Any]]] = []
    try:
        for i in range(CANDIDATES):
            say(i / CANDIDATES, f"Drawing cover {i + 1} of {CANDIDATES}")
            seed = f"{batch}:{i}"
            made_art = art.art(prompt, seed, colours, i, user_id, size=PREVIEW_SIZE)
            img, drawn = draw_credits(made_art.image, info.title, info.artist)
            name = projects.new_file_name("cover_candidate", "jpg")
            save_jpeg(img, folder / name)
            made.append((name, {"seed": seed, "style": i, "source": made_art.source, "note": made_art.note, "text": list(drawn),
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

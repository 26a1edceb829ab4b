"""Images: square artwork without lettering, from an OpenAI image model or drawn offline.

`LocalImages` draws generative art from the seed and the palette (`local_art`);
`OpenAIImages` asks an OpenAI image model (`OPENAI_BASE_URL` honoured). A live call
counts against the `ai_media` quota and its tokens and cost are recorded; when the
quota is used up, or the model fails or answers something that is not an image, the
offline art is drawn for that one picture and the result says so (`note`).
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from PIL import Image

from services import quotas
from services.ai.local_art import render_art
from services.ai.openai_client import openai_client
from services.ai.usage import record_usage
from services.registry import registry

log = logging.getLogger(__name__)

RGB = tuple[int, int, int]
IMAGE_MODEL = "gpt-image-1"
LOCAL_ART_SOURCE = "local generative art"
STYLES = ("soft gradient with floating shapes", "bold geometric bands", "grainy concentric rings")


@dataclass(frozen=True)
class Art:
    """A square RGB picture and what made it (`note`: why offline art replaced a live one)."""

    image: Image.Image
    source: str
    note: str = ""


@runtime_checkable
class ImageMaker(Protocol):
    """Makes square art without text for a prompt; `seed` and `style` (0-2) make the
    offline art repeatable; `user_id` attributes a live call's cost."""

    source: str

    def art(self, prompt: str, seed: str, colours: Sequence[RGB], style: int, user_id: int | None = None,
            *, size: int = 1000) -> Art: ...


class LocalImages:
    """Offline: generative art in the palette (no network, no cost)."""

    source = LOCAL_ART_SOURCE

    def art(self, prompt: str, seed: str, colours: Sequence[RGB], style: int, user_id: int | None = None,
            *, size: int = 1000) -> Art:
        return Art(render_art(seed, colours, style, size), self.source)


class ImageUnusable(RuntimeError):
    """The image model answered without a usable picture."""


class OpenAIImages:
    """An OpenAI image model; the answer's base64 (or URL) is decoded and cropped square."""

    def __init__(self, api_key: str, base_url: str | None = None, model: str = IMAGE_MODEL,
                 timeout: float = 120.0, max_retries: int = 1) -> None:
        self.model = model
        self.source = f"OpenAI {model}"
        self.client = openai_client(api_key, base_url, timeout=timeout, max_retries=max_retries)
        self._local = LocalImages()

    def art(self, prompt: str, seed: str, colours: Sequence[RGB], style: int, user_id: int | None = None,
            *, size: int = 1000) -> Art:
        hexes = ", ".join("#%02x%02x%02x" % tuple(c) for c in colours)
        text = (f"Album cover artwork, {STYLES[style % len(STYLES)]}. {prompt} Colour palette: {hexes}. "
                "Absolutely no text, letters, numbers, logos or watermarks.")
        try:
            with quotas.spend(user_id, "ai_media"):
                raw = self._generate(text[:3900], user_id)
        except quotas.QuotaExceeded as exc:
            return self._fallback(prompt, seed, colours, style, user_id, size, exc.message)
        except Exception as exc:  # HTTP errors after retries, timeouts, refusals
            return self._fallback(prompt, seed, colours, style, user_id, size,
                                  f"the image model failed ({type(exc).__name__})")
        try:
            return Art(_square(raw, size), self.source)
        except ImageUnusable as exc:
            return self._fallback(prompt, seed, colours, style, user_id, size, str(exc))

    def _generate(self, text: str, user_id: int | None) -> bytes:
        result = self.client.images.generate(model=self.model, prompt=text, n=1, size="1024x1024")
        usage = getattr(result, "usage", None)
        tokens_in, tokens_out = int(getattr(usage, "input_tokens", 0) or 0), int(getattr(usage, "output_tokens", 0) or 0)
        record_usage("images", self.model, tokens_in, tokens_out, user_id, units=1, media=True)
        item = (result.data or [None])[0]
        if item is not None and item.b64_json:
            return base64.b64decode(item.b64_json)
        if item is not None and item.url:
            import httpx

            return httpx.get(item.url, timeout=60).content
        return b""

    def _fallback(self, prompt: str, seed: str, colours: Sequence[RGB], style: int, user_id: int | None,
                  size: int, reason: str) -> Art:
        log.warning("OpenAI images fell back to local art: %s", reason)
        local = self._local.art(prompt, seed, colours, style, user_id, size=size)
        return Art(local.image, local.source, f"Drawn offline: {reason}")


def _square(raw: bytes, size: int) -> Image.Image:
    """The centre square of the answer at `size` px, RGB."""
    if not raw:
        raise ImageUnusable("the image model answered without an image")
    try:
        img: Any = Image.open(io.BytesIO(raw))
        img.load()
    except Exception as exc:
        raise ImageUnusable("the image model sent something that is not an image") from exc
    side = min(img.size)
    img = img.convert("RGB").crop(((img.width - side) // 2, (img.height - side) // 2,
                                   (img.width + side) // 2, (img.height + side) // 2))
    return img.resize((size, size), Image.Resampling.LANCZOS)


def get_image_maker() -> ImageMaker:
    """The registry's image maker: OpenAI images when `OPENAI_API_KEY` is set, else local art."""
    maker: ImageMaker = registry.get("images")
    return maker

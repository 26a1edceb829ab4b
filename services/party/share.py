"""Ways to invite people: the join link and its QR code."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg

from services.config import get_settings
from services.party.tx import normalize_code


def join_url(code: str, base: str = "") -> str:
    """The link that opens the room's join screen: on `APP_URL` (the public address
    people reach), else on `base` (the address the host's page was opened at, so a
    phone on the same network gets a link that works), else the local default."""
    settings = get_settings()
    root = (settings.app_url or base or settings.public_url).rstrip("/")
    return f"{root}/party/{normalize_code(code)}"


def qr_svg(code: str, base: str = "") -> str:
    """An SVG QR code of the join link (scales to any size, no image files)."""
    image = qrcode.make(join_url(code, base), image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def qr_data_uri(code: str, base: str = "") -> str:
    """The QR code as a `data:` URI, ready for an `<img src>`."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(code, base).encode()).decode()

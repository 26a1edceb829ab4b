"""Lyrics as a small, real PDF (selectable text in Helvetica), written without a library.

A4 pages, the title and artist on top of the first page, section headers in bold,
lines wrapped to the page, as many pages as needed. Text is Windows-1252 (the
standard fonts' encoding); characters outside it become '?'.
"""

from __future__ import annotations

from pathlib import Path

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN = 56
BODY, HEAD, TITLE = 11, 12, 22
LEADING = 15
_AVG_CHAR = 0.5  # Helvetica's average width per point of size, for wrapping


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrap(line: str, size: int) -> list[str]:
    limit = max(10, int((PAGE_W - 2 * MARGIN) / (size * _AVG_CHAR)))
    out: list[str] = []
    for word in line.split(" "):
        if out and len(out[-1]) + 1 + len(word) <= limit:
            out[-1] += " " + word
        else:
            out.append(word)
    return out or [""]


def _layout(title: str, artist: str, lyrics: str) -> list[list[tuple[str, int, str]]]:
    """Pages of (font, size, text) lines."""
    lines: list[tuple[str, int, str]] = [("F2", TITLE, title), ("F1", HEAD, artist), ("F1", BODY, "")]
    for raw in (lyrics or "").splitlines():
        text = raw.rstrip()
        if text.startswith("[") and text.endswith("]"):
            lines.append(("F2", HEAD, text.strip("[]")))
        else:
            lines.extend(("F1", BODY, part) for part in _wrap(text, BODY))
    per_page = (PAGE_H - 2 * MARGIN) // LEADING
    return [lines[i: i + per_page] for i in range(0, len(lines), per_page)] or [[]]


def lyrics_pdf(title: str, artist: str, lyrics: str) -> bytes:
    """The PDF's bytes."""
    pages = _layout(title.strip() or "Untitled", artist.strip(), lyrics.strip() or "(Instrumental: no lyrics)")
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        ops = [b"BT"]
        y = PAGE_H - MARGIN
        for font, size, text in page:
            y -= LEADING if size <= HEAD else size + 6
            ops.append(b"/%s %d Tf 1 0 0 1 %d %d Tm (%s) Tj" % (font.encode(), size, MARGIN, y, _escape(text)))
        ops.append(b"ET")
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                        % (pages_obj, PAGE_W, PAGE_H, content, f1, f2)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = add(b"<< /Title (%s) /Author (%s) /Producer (Simple Balance Music) >>" % (_escape(title), _escape(artist)))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref)
    return bytes(out)


def write_lyrics_pdf(path: Path, title: str, artist: str, lyrics: str) -> Path:
    path.write_bytes(lyrics_pdf(title, artist, lyrics))
    return path

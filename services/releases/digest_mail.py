"""The digest email itself: releases grouped by artist, in HTML and plain text.

One section per followed artist (the one with the newest release first), their
releases newest first; an artist with many releases at once shows the first few
and "N more in your feed", so one prolific artist cannot flood the mail. Every
digest carries a one-click unsubscribe link (also as List-Unsubscribe headers).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from services.config import get_settings
from services.releases.feed import FeedItem
from services.mail import MailMessage

KIND_LABELS = {"album": "Album", "single": "Single", "ep": "EP", "compilation": "Compilation"}
MAX_PER_ARTIST = 4


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class ArtistGroup:
    """One artist's section: the releases shown and how many more wait in the feed."""

    artist_name: str
    items: list[FeedItem]
    more: int


def group_by_artist(items: Sequence[FeedItem], per_artist: int = MAX_PER_ARTIST) -> list[ArtistGroup]:
    """Releases per followed artist; artists ordered by their newest release, then name."""
    by_artist: dict[str, list[FeedItem]] = {}
    for item in items:
        by_artist.setdefault(item.artist_id, []).append(item)
    groups = []
    for releases in by_artist.values():
        releases.sort(key=lambda i: (-i.release_date.toordinal(), i.title.lower()))
        groups.append(ArtistGroup(releases[0].artist_name, releases[:per_artist], max(0, len(releases) - per_artist)))
    groups.sort(key=lambda g: (-g.items[0].release_date.toordinal(), g.artist_name.lower()))
    return groups


def subject_for(items: Sequence[FeedItem], groups: Sequence[ArtistGroup]) -> str:
    if len(groups) == 1:
        return f"{plural(len(items), 'new release')} from {groups[0].artist_name}"
    return f"{plural(len(items), 'new release')} from {len(groups)} artists you follow"


def _facts(item: FeedItem) -> str:
    kind = KIND_LABELS.get(item.kind, item.kind.title())
    tracks = plural(item.total_tracks, "track") if item.total_tracks else ""
    return " · ".join(x for x in (kind, item.release_date.isoformat(), tracks) if x)


def _credit(item: FeedItem) -> str:
    """Who else is credited, when it is not just the followed artist."""
    if item.album_group == "appears_on":
        return f"{item.artists or 'various artists'} (appears on)"
    return item.artists if item.artists and item.artists != item.artist_name else ""


def _img(thumb: str) -> str:
    if not thumb:
        return '<div style="width:64px;height:64px;background:#ddd;border-radius:4px"></div>'
    return (f'<img src="{html.escape(thumb, quote=True)}" width="64" height="64" alt="" '
            'style="display:block;border-radius:4px;object-fit:cover">')


def _release_row(item: FeedItem, link: str) -> str:
    href = html.escape(link, quote=True)
    credit = _credit(item)
    return (
        "<tr>"
        f'<td style="padding:6px 12px 6px 0;vertical-align:top"><a href="{href}">{_img(item.thumb_url or item.image_url)}</a></td>'
        '<td style="padding:6px 0;vertical-align:top;font-family:sans-serif">'
        f'<a href="{href}" style="font-weight:bold;color:#111;text-decoration:none">{html.escape(item.title)}</a><br>'
        + (f'<span style="color:#333">{html.escape(credit)}</span><br>' if credit else "")
        + f'<span style="color:#777;font-size:13px">{html.escape(_facts(item))}</span>'
        "</td></tr>"
    )


def build_digest(items: list[FeedItem], to: str, unsubscribe_link: str, *, test: bool = False,
                 user_id: int | None = None) -> MailMessage:
    """The digest email: per artist, cover thumbnails and links; the same in plain text."""
    feed_link = f"{get_settings().public_url}/releases"
    groups = group_by_artist(items)
    subject = ("[Test] " if test else "") + subject_for(items, groups)
    lines = [subject, ""]
    sections = []
    for group in groups:
        count = plural(len(group.items) + group.more, "new release")
        lines.append(f"{group.artist_name} ({count})")
        rows = []
        for item in group.items:
            link = item.url or feed_link
            credit = _credit(item)
            lines += [f"  * {item.title}" + (f" – {credit}" if credit else ""), f"    {_facts(item)}", f"    {link}"]
            rows.append(_release_row(item, link))
        if group.more:
            lines.append(f"  … and {plural(group.more, 'more release')} in your feed: {feed_link}")
            rows.append(f'<tr><td></td><td style="padding:4px 0;font-family:sans-serif"><a href="{html.escape(feed_link, quote=True)}">'
                        f"… and {plural(group.more, 'more release')} in your feed</a></td></tr>")
        lines.append("")
        sections.append(
            f'<h2 style="font-size:16px;margin:16px 0 4px">{html.escape(group.artist_name)} '
            f'<span style="color:#777;font-weight:normal;font-size:13px">{html.escape(count)}</span></h2>'
            f'<table role="presentation" cellspacing="0" cellpadding="0">{"".join(rows)}</table>'
        )
    lines += [f"See everything: {feed_link}", "", f"Unsubscribe with one click: {unsubscribe_link}"]
    body = (
        '<!doctype html><html><body style="margin:0;padding:16px;background:#fafafa">'
        '<div style="max-width:560px;margin:auto;background:#fff;padding:16px;font-family:sans-serif">'
        f'<h1 style="font-size:20px">{html.escape(subject)}</h1>{"".join(sections)}'
        f'<p><a href="{html.escape(feed_link, quote=True)}">See everything in your release feed</a></p>'
        '<p style="color:#777;font-size:12px">You get this because you asked for release digests. '
        f'<a href="{html.escape(unsubscribe_link, quote=True)}">Unsubscribe with one click</a>.</p>'
        "</div></body></html>"
    )
    headers = {"List-Unsubscribe": f"<{unsubscribe_link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return MailMessage(to=to, subject=subject, html=body, text="\n".join(lines) + "\n", headers=headers, user_id=user_id)


def confirmation_message(user_id: int, email: str, description: str, link: str) -> MailMessage:
    """The opt-in mail: nothing else is sent until its link is clicked."""
    subject = "Confirm your new-release digest"
    text = (
        "Someone (hopefully you) asked Simple Balance Music to email this address about new releases "
        f"from followed artists ({description}).\n\nConfirm: {link}\n\n"
        "If it was not you, ignore this message: nothing more will be sent. The link expires in 3 days.\n"
    )
    body = (
        '<!doctype html><html><body style="font-family:sans-serif">'
        f"<p>Someone (hopefully you) asked Simple Balance Music to email this address about new releases "
        f"from followed artists ({html.escape(description)}).</p>"
        f'<p><a href="{html.escape(link, quote=True)}">Confirm the digest</a></p>'
        "<p>If it was not you, ignore this message: nothing more will be sent. The link expires in 3 days.</p>"
        "</body></html>"
    )
    return MailMessage(to=email, subject=subject, html=body, text=text, user_id=user_id)

"""What the release page shows, built from a real feed: cards grouped by week with
type labels and track counts; the outbox's links and its preview frame."""

from __future__ import annotations

import datetime as dt

from services.accounts.models import User
from services.db import session_scope, utcnow
from services.releases.feed import FeedFilter
from services.releases.models import Release, UserRelease
from state.digests import _mail_links, _preview_html
from state.releases import _snapshot


def _release(db, user_id: int, title: str, kind: str, day: dt.date, tracks: int) -> None:  # type: ignore[no-untyped-def]
    row = Release(artist_id="a1", artist_name="Lumen", edition_key=f"lumen|{title}", album_id=title, title=title,
                  kind=kind, release_date=day, total_tracks=tracks)
    db.add(row)
    db.flush()
    db.add(UserRelease(user_id=user_id, release_id=row.id))


def test_snapshot_groups_cards_by_week_and_filters(db: None) -> None:
    today = utcnow().date()
    with session_scope() as s:
        user = User(email="st@example.com", display_name="St", password_hash="-")
        s.add(user)
        s.flush()
        uid = user.id
        _release(s, uid, "Now", "ep", today, 5)
        _release(s, uid, "Earlier", "single", today - dt.timedelta(days=14), 1)
    snap = _snapshot(uid, FeedFilter())
    assert [len(w.cards) for w in snap.weeks] == [1, 1]
    first = snap.weeks[0].cards[0]
    assert (first.title, first.kind_label, first.tracks, first.seen) == ("Now", "EP", "5 tracks", False)
    assert snap.weeks[1].cards[0].tracks == "1 track" and snap.unseen == 2
    assert snap.weeks[0].label.startswith("Week of") and snap.weeks[0].count == "1 release"
    only_singles = _snapshot(uid, FeedFilter(kinds=("single",)))
    assert [c.title for w in only_singles.weeks for c in w.cards] == ["Earlier"]


def test_outbox_links_and_preview() -> None:
    text = "Confirm: http://localhost:3000/releases/confirm?token=abc.def\n\nSee http://localhost:3000/releases."
    assert _mail_links(text) == ["http://localhost:3000/releases/confirm?token=abc.def", "http://localhost:3000/releases"]
    assert '<base target="_blank">' in _preview_html("<!doctype html><html><body>x</body></html>")

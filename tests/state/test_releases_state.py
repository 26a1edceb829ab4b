"""The release page's state, driven through its real handlers on a real state tree: what a
signed-in person sees after a scan that went well, one that failed for them, filters,
preferences and the release playlist; and the page's view models built by the service."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import reflex as rx

from services import accounts, job_results
from services.db import session_scope, utcnow
from services.job_results import Outcome
from services.releases import feed
from services.releases.models import Release, UserRelease
from services.releases.status import SCAN_JOB
from services.releases.view import date_text
from tests.state.tabs import with_session_cookie
from state.releases import ReleasesState

pytestmark = pytest.mark.usefixtures("db")


async def _page_for(email: str) -> tuple[ReleasesState, int]:
    user, token = accounts.sign_up(email, "good pass 123", "Pat")
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    with_session_cookie(root, token)
    return await root.get_state(ReleasesState), user.id


def _release(user_id: int, title: str, kind: str, day: dt.date, tracks: int, precision: str = "day") -> None:
    with session_scope() as db:
        row = Release(artist_id="a1", artist_name="Lumen", edition_key=f"lumen|{title}", album_id=title, title=title,
                      kind=kind, release_date=day, total_tracks=tracks, date_precision=precision)
        db.add(row)
        db.flush()
        db.add(UserRelease(user_id=user_id, release_id=row.id))  # type: ignore[arg-type]


async def test_a_first_visit_starts_watching_and_scans_in_the_background() -> None:
    state, _uid = await _page_for("first@example.com")
    events = await ReleasesState.load.fn(state)
    assert state.loaded and state.looking and state.scan_state == "never" and state.shown == 0
    assert ReleasesState.first_scan in events  # runs after the page is shown
    again = await ReleasesState.load.fn(state)
    assert ReleasesState.first_scan not in again


async def test_cards_weeks_and_filters() -> None:
    state, uid = await _page_for("cards@example.com")
    today = utcnow().date()
    _release(uid, "Now", "ep", today, 5)
    _release(uid, "Earlier", "single", today - dt.timedelta(days=14), 1)
    _release(uid, "Sometime In October", "album", dt.date(2026, 10, 1), 9, precision="month")
    await ReleasesState.load.fn(state)
    first = state.weeks[0].cards[0]
    assert (first.title, first.kind_label, first.tracks, first.seen) == ("Now", "EP", "5 tracks", False)
    assert state.weeks[0].label == "This week" and state.weeks[0].count == "1 release" and state.unseen == 3
    assert date_text(dt.date(2026, 10, 1), "month") == "Oct 2026" and date_text(dt.date(2026, 1, 1), "year") == "2026"
    await ReleasesState.set_kind.fn(state, "single")
    assert [c.title for w in state.weeks for c in w.cards] == ["Earlier"] and state.filtered
    await ReleasesState.set_kind.fn(state, "mixtape")  # not a choice: back to all
    assert state.kind == "all" and state.shown == 3


async def test_after_a_failed_scan_the_page_says_so_instead_of_nothing_new() -> None:
    state, uid = await _page_for("failed@example.com")
    job_results.record_people(SCAN_JOB, {uid: Outcome(0, 45, Counter({"Spotify refused the request": 45}))})
    await ReleasesState.load.fn(state)
    assert state.shown == 0 and state.scan_state == "failed"
    assert state.scan_message.startswith("Couldn't check your artists: Spotify refused the request.")
    job_results.record_people(SCAN_JOB, {uid: Outcome(45, 0)})
    await ReleasesState.load.fn(state)
    assert state.scan_state == "ok" and state.scan_message == ""


async def test_preferences_and_the_release_playlist() -> None:
    state, uid = await _page_for("prefs@example.com")
    await ReleasesState.load.fn(state)
    assert state.playlist == "New releases"
    await ReleasesState.set_hide_remixes.fn(state, True)
    assert feed.get_prefs(uid).hide_remixes and state.hide_remixes
    follow_up = await ReleasesState.set_include_appearances.fn(state, True)
    assert state.include_appearances and state.looking and follow_up is ReleasesState.first_scan
    await ReleasesState.choose_playlist.fn(state, "not-my-playlist")
    assert state.playlist == "New releases"
    await ReleasesState.choose_playlist.fn(state, "running")
    assert state.playlist == "New releases"


async def test_a_signed_out_tab_gets_nothing() -> None:
    root = rx.State(_reflex_internal_init=True)  # type: ignore[call-arg]
    state = await root.get_state(ReleasesState)
    assert await ReleasesState.load.fn(state) is None and not state.loaded and state.weeks == []

"""Finding music to add in a party room: search, the host's playlists, "suggested next".

Vars: `search_results`, `searched`, `playlists`, `playlist_id`, `playlist_tracks`,
`suggestions` (rows the add card shows). Tracks a tab may add are kept
server-side (`_tracks`), so a browser can only queue a track it was offered.
The music is the HOST's (`services.party.music`): its ids are what the host's
player plays.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from services import party
from services.party import PartyError, TrackRef, music
from services.party.rows import PlaylistOption, TrackPick, track_picks
from state.party import PartyMeState

KEEP_TRACKS = 300  # offered tracks remembered per tab (the oldest are forgotten past 500)


class PartyPickState(rx.State):
    """The add card of the room page; see the module docstring."""

    search_results: list[TrackPick] = []
    searched: bool = False
    playlists: list[PlaylistOption] = []
    playlist_id: str = ""
    playlist_tracks: list[TrackPick] = []
    suggestions: list[TrackPick] = []
    _tracks: dict[str, TrackRef] = {}

    async def _me(self) -> PartyMeState | None:
        """This tab's room part, if I am in the room (else None: nothing to pick for)."""
        me = await self.get_state(PartyMeState)
        return me if me.phase == "room" and await me._who() is not None else None

    def _offer(self, refs: list[TrackRef]) -> list[TrackPick]:
        """Remember the tracks offered (what `add_track` accepts) and show them."""
        tracks = {**self._tracks, **{r.track_id: r for r in refs}}
        if len(tracks) > KEEP_TRACKS + 200:
            tracks = dict(list(tracks.items())[-KEEP_TRACKS:])
        self._tracks = tracks
        return track_picks(refs)

    @rx.event
    def open_room(self):
        """A room is shown (load or join): start afresh, then read suggestions and playlists."""
        self.search_results, self.searched, self.playlist_tracks, self.playlist_id = [], False, [], ""
        return [PartyPickState.load_suggestions, PartyPickState.load_playlists]

    @rx.event
    async def search(self, form: dict[str, str]):
        """Search the host's music source for tracks."""
        query = music.clean_query(form.get("query") or "")
        if not query:
            self.search_results, self.searched = [], False
            return
        me = await self._me()
        if me is None:
            return
        try:
            who = await me._who()
            found = await asyncio.to_thread(music.search, me.room_code, query, who)  # type: ignore[arg-type]
        except PartyError as exc:
            return rx.toast.error(exc.message)
        self.search_results, self.searched = self._offer(found), True

    @rx.event
    async def load_playlists(self):
        """The host's playlists (cached a few minutes) for picking tracks."""
        me = await self._me()
        if me is None:
            return
        try:
            self.playlists = await asyncio.to_thread(music.host_playlists, me.room_code)
        except PartyError:
            self.playlists = []

    @rx.event
    async def open_playlist(self, playlist_id: str):
        """Show the tracks of one of the host's playlists (one this tab was offered)."""
        me = await self._me()
        if me is None or playlist_id not in {p.id for p in self.playlists}:
            return
        self.playlist_id = playlist_id
        try:
            found = await asyncio.to_thread(music.playlist_tracks, me.room_code, playlist_id)
        except PartyError as exc:
            return rx.toast.error(exc.message)
        self.playlist_tracks = self._offer(found)

    @rx.event
    async def load_suggestions(self):
        """"Suggested next": search-based, from the artists queued and played in the room."""
        me = await self._me()
        if me is None:
            return
        try:
            found = await asyncio.to_thread(music.suggestions, me.room_code)
        except PartyError:
            return
        self.suggestions = self._offer(found)

    @rx.event
    async def add_track(self, track_id: str):
        """Queue a track this tab was offered (its details come from the server's copy, not the browser)."""
        ref = self._tracks.get(track_id)
        if ref is None:
            return rx.toast.error("That track is no longer in your results; search again.")
        me = await self.get_state(PartyMeState)
        done, _, effect = await me._act(party.add_to_queue, ref, ok=f"Added “{ref.title}”.")
        if done:
            self.suggestions = [s for s in self.suggestions if s.id != track_id]
        return effect

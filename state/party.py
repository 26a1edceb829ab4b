"""Party room states: the lobby (`/party`) and each tab's own view of a room.

- `PartyRoomState` (`state.party_room`) holds what everyone in a room sees alike;
  the room channel (`state.party_channel`) is the only thing that writes it into
  the browser: one view per change, one message to every socket in the room.
- `PartyMeState` holds what is private to one tab: who I am here (`member_id`,
  my votes, my guest key in a backend-only var), the join form, search results,
  playlists and suggestions. My role and permissions are read from the shared
  member list on the page, so a promotion reaches me live; the server checks
  every action again.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import reflex as rx

from services import party
from services.billing import UpgradeRequired
from services.catalog import get_source
from services.catalog.source import SourceError
from services.catalog.suggest import Seed, cached_playlist_tracks, cached_playlists, suggest_next
from services.catalog.types import Track
from services.party import Identity, PartyError, RoomSettings, TrackRef
from services.party import search as party_search
from state.auth import current_user
from state import party_channel
from state.party_room import PartyRoomState, duration_text

SEARCH_MAX_CHARS = 100

__all__ = ["PartyLobbyState", "PartyMeState", "PartyRoomState"]


def _track_row(track: Track) -> dict[str, str]:
    return {
        "id": track.id,
        "title": track.name,
        "artists": track.artist_name,
        "image": track.image_url or "",
        "duration": duration_text(track.duration_ms),
    }


def _code_from_path(path: str) -> str:
    parts = [p for p in (path or "").split("/") if p]
    return party.normalize_code(parts[1]) if len(parts) >= 2 and parts[0] == "party" else ""


# --------------------------------------------------------------------------- my view of a room


class PartyMeState(rx.State):
    """One tab's own part of the room page; see the module docstring."""

    room_code: str = ""
    phase: str = "loading"  # loading | join | room | missing
    problem: str = ""  # why the room cannot be shown or joined
    join_error: str = ""
    preview_name: str = ""
    preview_host: str = ""
    preview_present: int = 0
    preview_locked: bool = False
    preview_ended: bool = False
    signed_in: bool = False
    member_id: int = 0
    member_key: str = ""
    my_name: str = ""
    is_guest: bool = False
    my_votes: dict[str, int] = {}
    skip_voted_seq: int = -1
    share_url: str = ""
    qr: str = ""
    busy: bool = False
    search_results: list[dict[str, str]] = []
    searched: bool = False
    playlists: list[dict[str, str]] = []
    playlist_id: str = ""
    playlist_tracks: list[dict[str, str]] = []
    suggestions: list[dict[str, str]] = []
    _guest_keys: dict[str, str] = {}
    _tracks: dict[str, dict[str, Any]] = {}

    # ---- identity (always resolved on the server)

    async def _who(self) -> Identity | None:
        user = await current_user(self)
        if user is not None:
            return Identity.user(user.id)
        key = self._guest_keys.get(self.room_code)
        return Identity.guest(key) if key else None

    def _remember(self, tracks: list[Track]) -> list[dict[str, str]]:
        for t in tracks:
            self._tracks[t.id] = {
                "track_id": t.id, "title": t.name, "artists": t.artist_name,
                "image_url": t.image_url or "", "duration_ms": int(t.duration_ms or 0),
            }
        if len(self._tracks) > 500:
            self._tracks = dict(list(self._tracks.items())[-300:])
        return [_track_row(t) for t in tracks]

    async def _show_room(self, who: Identity) -> None:
        """Link this tab to the room and show it (the caller checked membership)."""
        view = await asyncio.to_thread(party.room_view, self.room_code, who)
        me = view.me
        self.member_id, self.member_key, self.my_name = me.member_id, str(me.member_id), me.display_name
        self.is_guest = me.is_guest
        self.my_votes = {str(k): v for k, v in me.my_votes.items()}
        self.skip_voted_seq = view.now_playing.play_seq if (me.skip_voted and view.now_playing) else -1
        self.share_url = party.join_url(self.room_code)
        self.qr = party.qr_data_uri(self.room_code)
        session = self.router.session
        await party_channel.welcome(self.room_code, session.session_id, session.client_token, who, view.snapshot)
        self.phase = "room"

    def _fail(self, exc: PartyError):
        return rx.toast.error(exc.message)

    def _gone(self, exc: PartyError):
        """The room ended, or I was removed: leave the room view with the reason."""
        self.problem = exc.message
        self.phase = "missing" if isinstance(exc, party.RoomNotFound | party.MemberRemoved) else self.phase
        return rx.toast.error(exc.message)

    # ---- loading and joining

    @rx.event
    async def load(self):
        """Open `/party/CODE`: the room for members, the join screen for everyone else."""
        self.room_code = _code_from_path(self.router.url.path)
        self.phase, self.problem, self.join_error = "loading", "", ""
        self.search_results, self.searched, self.playlist_tracks, self.playlist_id = [], False, [], ""
        user = await current_user(self)
        self.signed_in = user is not None
        try:
            preview = await asyncio.to_thread(party.room_preview, self.room_code)
        except PartyError as exc:
            self.problem, self.phase = exc.message, "missing"
            return
        self.preview_name, self.preview_host = preview.name, preview.host_name
        self.preview_present, self.preview_locked, self.preview_ended = preview.present_count, preview.locked, preview.ended
        who = await self._who()
        if who is not None:
            try:
                if not preview.ended:
                    await asyncio.to_thread(party.join_room, self.room_code, who)  # a returning member: present again
                await self._show_room(who)
                return [PartyMeState.load_suggestions, PartyMeState.load_playlists]
            except UpgradeRequired as exc:
                self.join_error = self._full_message(exc)
            except (party.NotAMember, party.RoomLocked, party.RoomEnded, party.MemberRemoved) as exc:
                self.join_error = exc.message if not isinstance(exc, party.NotAMember) else ""
            except PartyError as exc:
                self.join_error = exc.message
        self.phase = "join"

    @staticmethod
    def _full_message(exc: UpgradeRequired) -> str:
        return f"This party is full: the host's {exc.plan.title()} plan allows {exc.allowed} people in a room at once."

    @rx.event
    async def join(self, form: dict[str, str]):
        """Join as the signed-in person, or as a guest with the display name typed."""
        user = await current_user(self)
        name = (form.get("display_name") or "").strip()
        if user is not None:
            who = Identity.user(user.id)
        else:
            if not name:
                self.join_error = "Choose a display name to join as a guest."
                return
            key = self._guest_keys.get(self.room_code)
            who = Identity.guest(key) if key else party.new_guest()
        self.busy = True
        try:
            member = await asyncio.to_thread(party.join_room, self.room_code, who, name)
            if member.guest_key:
                self._guest_keys = {**self._guest_keys, self.room_code: member.guest_key}
            self.join_error = ""
            await self._show_room(who)
        except UpgradeRequired as exc:
            self.join_error = self._full_message(exc)
            return
        except PartyError as exc:
            self.join_error = exc.message
            return
        finally:
            self.busy = False
        return [rx.toast.success(f"You joined “{self.preview_name}”."), PartyMeState.load_suggestions, PartyMeState.load_playlists]

    @rx.event
    async def leave(self):
        """Leave the room: no longer present, unlinked from its updates, back to the lobby."""
        who = await self._who()
        code, session = self.room_code, self.router.session
        await party_channel.leave(code, session.session_id, session.client_token)
        if who is not None:
            with contextlib.suppress(PartyError):
                await asyncio.to_thread(party.leave_room, code, who)
        self.phase = "loading"
        return rx.redirect("/party")

    # ---- queue

    async def _act(self, fn, *args, ok: str = ""):
        """Run a room action as me; PartyErrors become toasts. Returns (done, result, effect)."""
        who = await self._who()
        if who is None:
            return False, None, rx.toast.error("Join the party first.")
        party_channel.note_received(self.room_code)
        try:
            # In a worker thread; the room channel sends the change to every tab in the room.
            result = await party_channel.act(self.room_code, fn, who, *args)
        except (party.RoomNotFound, party.MemberRemoved) as exc:
            return False, None, self._gone(exc)
        except PartyError as exc:
            return False, None, self._fail(exc)
        return True, result, (rx.toast.success(ok) if ok else None)

    @rx.event
    async def add_track(self, track_id: str):
        """Queue a track this tab was shown (details come from the server's copy, not the browser)."""
        details = self._tracks.get(track_id)
        if details is None:
            return rx.toast.error("That track is no longer in your results; search again.")
        ref = TrackRef(**details)
        done, _, effect = await self._act(party.add_to_queue, ref, ok=f"Added “{ref.title}”.")
        if done:
            self.suggestions = [s for s in self.suggestions if s["id"] != track_id]
        return effect

    @rx.event
    async def vote(self, item_id: str, value: int):
        """Up or down; the same vote again withdraws it."""
        current = self.my_votes.get(item_id, 0)
        new = 0 if current == value else value
        done, _, effect = await self._act(party.vote, int(item_id), new)
        if done:
            votes = dict(self.my_votes)
            if new:
                votes[item_id] = new
            else:
                votes.pop(item_id, None)
            self.my_votes = votes
        return effect

    @rx.event
    async def remove_item(self, item_id: str):
        return (await self._act(party.remove_item, int(item_id), ok="Removed from the queue."))[2]

    @rx.event
    async def pin_item(self, item_id: str, pinned: bool):
        return (await self._act(party.pin_item, int(item_id), pinned))[2]

    @rx.event
    async def move_item(self, item_id: str, to_index: int):
        return (await self._act(party.move_item, int(item_id), max(0, int(to_index))))[2]

    # ---- playback

    @rx.event
    async def vote_skip(self):
        """Vote to skip the track playing now (again: withdraw); the room says whether I voted."""
        who = await self._who()
        view = None
        if who is not None:
            with contextlib.suppress(PartyError):
                view = await asyncio.to_thread(party.room_view, self.room_code, who)
        withdraw = bool(view and view.me.skip_voted)
        play_seq = view.now_playing.play_seq if view and view.now_playing else -1
        done, tally, effect = await self._act(party.vote_skip, None, withdraw)
        party.drive_soon(self.room_code)
        if done:
            self.skip_voted_seq = -1 if (withdraw or tally.skipped) else play_seq
            if tally.skipped:
                return rx.toast.info("Skipped by vote.")
        return effect

    @rx.event
    async def skip_now(self):
        return await self._playback(party.skip_now)

    @rx.event
    async def pause(self):
        return await self._playback(party.pause)

    @rx.event
    async def resume(self):
        return await self._playback(party.resume)

    @rx.event
    async def retry_device(self):
        """Host or co-host: try the host's Spotify device again now (the server checks the role)."""
        return await self._playback(party.retry_device)

    async def _playback(self, fn):
        """A playback action, then the host's device follows at once (in the background)."""
        effect = (await self._act(fn))[2]
        party.drive_soon(self.room_code)
        return effect

    # ---- room management (host; the server refuses others)

    @rx.event
    async def set_locked(self, locked: bool):
        return (await self._act(party.set_locked, locked, ok="Room locked." if locked else "Room unlocked."))[2]

    @rx.event
    async def end_party(self):
        return (await self._act(party.end_room, ok="The party has ended."))[2]

    @rx.event
    async def set_role(self, member_id: str, role: str):
        return (await self._act(party.set_role, int(member_id), role))[2]

    @rx.event
    async def remove_member(self, member_id: str):
        return (await self._act(party.remove_member, int(member_id), ok="Removed from the party."))[2]

    # ---- chat

    @rx.event
    async def send_chat(self, form: dict[str, str]):
        """Post the message; a refused one stays in the box so nothing typed is lost."""
        done, _, effect = await self._act(party.post_message, form.get("message", ""))
        if done:
            return rx.set_value("party-chat-input", "")
        return effect

    @rx.event
    async def delete_message(self, message_id: str):
        return (await self._act(party.delete_message, int(message_id)))[2]

    # ---- finding music (the host's source: its ids are what the host's player plays)

    def _source(self):
        host_id = party.room_host_id(self.room_code)
        return host_id, get_source(host_id)

    @rx.event
    async def search(self, form: dict[str, str]):
        """Search the host's music source for tracks, within the room's search budget."""
        query = (form.get("query") or "").strip()[:SEARCH_MAX_CHARS]
        if not query:
            self.search_results, self.searched = [], False
            return
        who = await self._who()
        if who is None:
            return
        try:
            tracks = await asyncio.to_thread(party_search.search_tracks, self.room_code, who, query)
        except (SourceError, PartyError) as exc:
            return rx.toast.error(exc.message)
        self.search_results, self.searched = self._remember(tracks), True

    @rx.event
    async def load_playlists(self):
        """The host's playlists (cached a few minutes) for picking tracks."""
        if await self._who() is None:
            return

        def run():
            host_id, source = self._source()
            return cached_playlists(host_id, source)

        try:
            lists = await asyncio.to_thread(run)
        except (SourceError, PartyError):
            self.playlists = []
            return
        self.playlists = [{"id": p.id, "name": p.name, "count": str(p.track_count)} for p in lists]

    @rx.event
    async def open_playlist(self, playlist_id: str):
        if await self._who() is None or playlist_id not in {p["id"] for p in self.playlists}:
            return
        self.playlist_id = playlist_id

        def run() -> list[Track]:
            host_id, source = self._source()
            return cached_playlist_tracks(host_id, source, playlist_id)

        try:
            tracks = await asyncio.to_thread(run)
        except (SourceError, PartyError) as exc:
            return rx.toast.error(exc.message)
        self.playlist_tracks = self._remember(tracks)

    @rx.event
    async def load_suggestions(self):
        """"Suggested next": search-based, from the artists queued and played in the room."""
        if await self._who() is None:
            return
        code = self.room_code

        def run() -> list[Track]:
            host_id, source = self._source()
            view = party.room_snapshot(code)
            played = party.recently_played(code, limit=10)
            seeds = [Seed(q.track_id, q.artists) for q in view.queue[:5]]
            if view.now_playing is not None:
                seeds.insert(0, Seed(view.now_playing.track_id, view.now_playing.artists))
            seeds += [Seed(p.track_id, p.artists) for p in played[:5]]
            return suggest_next(source, seeds, limit=6)

        try:
            tracks = await asyncio.to_thread(run)
        except PartyError:
            return
        self.suggestions = self._remember(tracks)


# --------------------------------------------------------------------------- lobby


class PartyLobbyState(rx.State):
    """`/party`: create a room, join by code, my rooms."""

    rooms: list[dict[str, str]] = []
    playlists: list[dict[str, str]] = []
    create_error: str = ""
    join_error: str = ""
    creating: bool = False

    @rx.event
    async def load(self):
        user = await current_user(self)
        if user is None:
            return
        self.create_error = self.join_error = ""

        def run():
            rooms = party.my_rooms(user.id)
            try:
                lists = cached_playlists(user.id, get_source(user.id))
            except SourceError:
                lists = []
            return rooms, lists

        rooms, lists = await asyncio.to_thread(run)
        self.rooms = [
            {
                "code": r.code, "name": r.name, "role": r.role, "present": str(r.present_count),
                "status": "ended" if r.ended else ("locked" if r.locked else "open"),
                "created": r.created_at.strftime("%d %b %Y"),
            }
            for r in rooms
        ]
        self.playlists = [{"id": p.id, "name": p.name} for p in lists]

    @rx.event
    async def create(self, form: dict[str, Any]):
        """Open a room with the form's settings and go to it."""
        user = await current_user(self)
        if user is None:
            return rx.redirect("/login?next=/party")
        try:
            limit = int(form.get("queue_limit") or 5)
            threshold = float(form.get("skip_threshold") or 0.5)
        except ValueError:
            self.create_error = "The per-person limit must be a whole number."
            return
        fallback = (form.get("fallback") or "").strip()
        if fallback == "none":
            fallback = ""
        settings = RoomSettings(
            add_policy=str(form.get("add_policy") or "everyone"),  # type: ignore[arg-type]
            queue_limit=limit,
            skip_threshold=threshold,
            fallback_playlist_id=fallback or None,
        )
        self.creating = True
        try:

            def run():
                tracks: list[TrackRef] = []
                if fallback:
                    source = get_source(user.id)
                    tracks = [TrackRef.of(t) for t in cached_playlist_tracks(user.id, source, fallback)]
                return party.create_room(user.id, str(form.get("name") or ""), settings, tracks, user.display_name)

            made = await asyncio.to_thread(run)
        except (PartyError, SourceError) as exc:
            self.create_error = exc.message
            return
        finally:
            self.creating = False
        self.create_error = ""
        return rx.redirect(f"/party/{made.code}")

    @rx.event
    async def join_code(self, form: dict[str, str]):
        """Go to the join screen of the room with this code (it says if there is none)."""
        code = party.normalize_code(form.get("code", ""))
        if len(code) < 4:
            self.join_error = "Type the party's code (6 letters and digits)."
            return
        try:
            await asyncio.to_thread(party.room_preview, code)
        except PartyError as exc:
            self.join_error = exc.message
            return
        self.join_error = ""
        return rx.redirect(f"/party/{code}")

"""Party room states: the lobby (`/party`), the room everyone shares, and each person's own view.

- `PartyRoomState` (an `rx.SharedState`) holds what everyone in a room sees alike:
  the room, now playing, the queue with counts, who is here, the chat. Each page
  links it to the token `party{CODE}`; the transport below writes the room's new
  snapshot ONCE into that token's state and Reflex sends the delta to every
  linked client.
- `PartyMeState` holds what is private to one tab: who I am here (`member_id`,
  my votes, my guest key in a backend-only var), the join form, search results,
  playlists and suggestions. My role and permissions are read
  from the shared member list on the page, so a promotion reaches me live; the
  server checks every action again.

Transport (kept small so issue 12 can swap it): `services.live` publishes
`Change("party", room=code)` after every write; `_deliver` computes the room
snapshot once and writes it into the room token's state. One asyncio ticker per
room open in this process drives auto-play at `now_playing.ends_at` and sweeps
presence (connected sockets keep members present; a closed tab leaves), and
prunes `_linked_from`. Nothing runs per client on a timer (that would be O(N²)
with linked state).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from services import live, party
from services.billing import UpgradeRequired
from services.catalog import get_source
from services.catalog.source import SourceError
from services.catalog.suggest import Seed, cached_playlist_tracks, cached_playlists, suggest_next
from services.catalog.types import Track
from services.party import Identity, PartyError, RoomSettings, TrackRef
from state.auth import current_user
from state.live import _running_app

log = logging.getLogger(__name__)

SWEEP_SECONDS = 5.0  # how often a room's ticker checks who is still connected
HEARTBEAT_SECONDS = 15.0  # how often it tells the service layer connected people are still here
SEARCH_MAX_CHARS = 100


def room_token(code: str) -> str:
    """The shared token a room's pages link to (no `_`: Reflex forbids it in link tokens)."""
    return f"party{party.normalize_code(code)}"


def _duration(ms: int) -> str:
    seconds = max(0, int(ms) // 1000)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _track_row(track: Track) -> dict[str, str]:
    return {
        "id": track.id,
        "title": track.name,
        "artists": track.artist_name,
        "image": track.image_url or "",
        "duration": _duration(track.duration_ms),
    }


def _code_from_path(path: str) -> str:
    parts = [p for p in (path or "").split("/") if p]
    return party.normalize_code(parts[1]) if len(parts) >= 2 and parts[0] == "party" else ""


# --------------------------------------------------------------------------- shared room


class PartyRoomState(rx.SharedState):
    """What everyone in the room sees alike (linked to `party{CODE}`)."""

    version: int = 0
    room_code: str = ""
    name: str = ""
    locked: bool = False
    ended: bool = False
    add_policy: str = "everyone"
    queue_limit: int = 5
    playing: bool = False
    play_seq: int = 0
    np_title: str = ""
    np_artists: str = ""
    np_image: str = ""
    np_added_by: str = ""
    np_source: str = ""
    np_paused: bool = False
    np_duration_ms: int = 0
    np_position_ms: int = 0  # where a paused track stopped
    np_started_ms: int = 0  # epoch ms the playing track (re)started
    np_duration: str = ""
    queue: list[dict[str, str]] = []
    members: list[dict[str, str]] = []
    roles: dict[str, str] = {}
    chat: list[dict[str, str]] = []
    skip_votes: int = 0
    skip_needed: int = 0
    player: dict[str, str] = {}  # the host's player: mode (demo | spotify), state, message, retry ("1": Retry helps)

    async def _internal_patch_linked_state(self, token: str, full_delta: bool = False):
        """Forget the previous event's dirty vars each time the room is patched into an event.

        Reflex 0.10 fans every event of a linked tab out to all the room's tabs with
        the room's `_previous_dirty_vars`, which it only refreshes when the room
        itself changes: without this, any event (a search, a chat draft) would send
        the last change (the whole queue) to everyone again.
        """
        linked = await super()._internal_patch_linked_state(token, full_delta)
        _quiet(linked)
        return linked

    def _set(self, name: str, value: Any) -> None:
        if getattr(self, name) != value:
            setattr(self, name, value)

    def _fill(self, snap: party.RoomSnapshot) -> None:
        """Copy a snapshot in; one not newer than the one shown changes nothing (so
        writing it again costs no fan-out)."""
        if snap.version <= self.version and snap.room.code == self.room_code:
            return
        room, now = snap.room, snap.now_playing
        values: dict[str, Any] = {
            "version": snap.version,
            "room_code": room.code,
            "name": room.name,
            "locked": room.locked,
            "ended": room.ended,
            "add_policy": room.add_policy,
            "queue_limit": room.queue_limit,
            "playing": now is not None,
            "play_seq": now.play_seq if now else self.play_seq,
            "np_title": now.title if now else "",
            "np_artists": now.artists if now else "",
            "np_image": now.image_url if now else "",
            "np_added_by": now.added_by_name if now else "",
            "np_source": now.source if now else "",
            "np_paused": now.paused if now else False,
            "np_duration_ms": now.duration_ms if now else 0,
            "np_duration": _duration(now.duration_ms) if now else "",
            "queue": [
                {
                    "id": str(q.id),
                    "title": q.title,
                    "artists": q.artists,
                    "image": q.image_url,
                    "duration": _duration(q.duration_ms),
                    "up": str(q.up),
                    "down": str(q.down),
                    "score": f"{q.score:+d}" if q.score else "0",
                    "pinned": "1" if q.pinned else "",
                    "by": q.added_by_name,
                    "by_id": str(q.added_by_member_id or ""),
                }
                for q in snap.queue
            ],
            "members": [
                {"id": str(m.id), "name": m.display_name, "role": m.role, "guest": "1" if m.is_guest else ""}
                for m in snap.members
            ],
            "roles": {str(m.id): m.role for m in snap.members},
            "chat": [
                {
                    "id": str(c.id),
                    "author": c.author_name,
                    "member_id": str(c.member_id or ""),
                    "text": c.text,
                    "at": c.created_at.isoformat(),
                }
                for c in snap.chat
            ],
            "skip_votes": snap.skip_votes,
            "skip_needed": snap.skip_needed,
            "player": {"mode": snap.player.mode, "state": snap.player.state, "message": snap.player.message,
                       "retry": "1" if snap.player.can_retry else ""},
        }
        # The clock as fixed points (start, or the position where it paused): the
        # browser animates the bar from them, so the clock never needs a push.
        values["np_started_ms"] = int(now.started_at.timestamp() * 1000) if now else 0
        values["np_position_ms"] = now.position_ms if (now and now.paused) else 0
        # Only what changed is marked dirty, so the delta every page gets stays small.
        for name, value in values.items():
            self._set(name, value)


def _quiet(room: PartyRoomState) -> None:
    """Drop the dirty vars of an earlier change so a no-op touch fans nothing out."""
    previous = getattr(room, "_previous_dirty_vars", None)
    if previous:
        previous.clear()


# --------------------------------------------------------------------------- transport


@dataclass
class _RoomRuntime:
    """This process's bookkeeping for one open room: who is connected here, the ticker."""

    tokens: dict[str, Identity] = field(default_factory=dict)
    ends_at: float | None = None
    poke: asyncio.Event = field(default_factory=asyncio.Event)
    ticker: asyncio.Task[None] | None = None
    version: int = 0  # the newest snapshot this process has written into the room
    pumping: bool = False
    dirty: bool = False


_rooms: dict[str, _RoomRuntime] = {}


def _runtime(code: str) -> _RoomRuntime:
    return _rooms.setdefault(code, _RoomRuntime())


async def push_snapshot(code: str, snap: party.RoomSnapshot) -> None:
    """Write a snapshot into the room token's state: one write, every linked page updated."""
    app = _running_app()
    async with app.modify_state(rx.BaseStateToken(ident=room_token(code), cls=PartyRoomState)) as root:
        room = await root.get_state(PartyRoomState)
        _quiet(room)
        room._fill(snap)
    _noted(code, snap)


def _noted(code: str, snap: party.RoomSnapshot) -> None:
    """Remember the newest version written and when the track ends; wake the ticker."""
    now = snap.now_playing
    runtime = _runtime(code)
    runtime.version = max(runtime.version, snap.version)
    runtime.ends_at = now.ends_at.timestamp() if now is not None and now.ends_at is not None else None
    runtime.poke.set()


async def _deliver(change: live.Change) -> None:
    """A room changed: compute its snapshot once and push it. Bursts (fifty votes at
    once) coalesce: while one push runs, further changes only mark the room dirty."""
    code = change.room
    if not code:
        return
    runtime = _runtime(code)
    version = int(change.data.get("version") or 0)
    if version and version <= runtime.version:
        return  # the acting tab's event already wrote this version into the room
    runtime.dirty = True
    if runtime.pumping:
        return
    runtime.pumping = True
    try:
        while runtime.dirty:
            runtime.dirty = False
            snap = await asyncio.to_thread(party.room_snapshot, code)
            await push_snapshot(code, snap)
    except party.RoomNotFound:
        pass
    except Exception:
        log.exception("party: pushing room %s failed", code)
    finally:
        runtime.pumping = False


live.subscribe(party.TOPIC, _deliver)


async def _connected(token: str) -> bool:
    namespace = _running_app().event_namespace
    if namespace is None:
        return False
    manager = getattr(namespace, "_token_manager", None)
    if manager is not None and hasattr(manager, "is_token_connected"):
        return bool(await manager.is_token_connected(token))
    return token in namespace.token_to_sid


async def _sweep(code: str, heartbeat: bool) -> None:
    """Mark people whose tab closed as gone; keep connected people present; prune links."""
    runtime = _runtime(code)
    alive: dict[str, Identity] = {}
    for token, who in list(runtime.tokens.items()):
        if await _connected(token):
            alive[token] = who
    gone = {token: who for token, who in runtime.tokens.items() if token not in alive}
    for token in gone:
        runtime.tokens.pop(token, None)
    still_here = set(alive.values())
    for who in {w for w in gone.values() if w not in still_here}:
        await asyncio.to_thread(party.leave_room, code, who)
    if heartbeat:
        for who in still_here:
            await asyncio.to_thread(party.heartbeat, code, who)
    app = _running_app()
    async with app.modify_state(rx.BaseStateToken(ident=room_token(code), cls=PartyRoomState)) as root:
        room = await root.get_state(PartyRoomState)
        _quiet(room)
        linked = set(room._linked_from)
        keep = {t for t in linked if t in alive or await _connected(t)}
        if keep != linked:
            room._linked_from = keep


async def _tick(code: str) -> None:
    """One per room in this process: auto-play at the track's end, presence sweeps."""
    runtime = _runtime(code)
    last_sweep = last_beat = time.monotonic()
    while True:
        wait = SWEEP_SECONDS
        if runtime.ends_at is not None:
            wait = min(wait, max(0.05, runtime.ends_at - time.time() + 0.05))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(runtime.poke.wait(), timeout=wait)
        runtime.poke.clear()
        try:
            await asyncio.to_thread(party.advance_if_ended, code)
            party.drive_soon(code)  # the host's Spotify device follows, in the background
            now = time.monotonic()
            if now - last_sweep >= SWEEP_SECONDS:
                beat = now - last_beat >= HEARTBEAT_SECONDS
                await _sweep(code, heartbeat=beat)
                last_sweep = now
                last_beat = now if beat else last_beat
        except party.RoomNotFound:
            break
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("party: ticker of room %s failed", code)
        if not runtime.tokens:
            break
    runtime.ticker = None
    if not runtime.tokens:
        _rooms.pop(code, None)


def _attach(code: str, token: str, who: Identity) -> None:
    """This tab is in the room: sweep it with the room and make sure the ticker runs."""
    runtime = _runtime(code)
    for other in [c for c, r in _rooms.items() if c != code and token in r.tokens]:
        _rooms[other].tokens.pop(token, None)
    runtime.tokens[token] = who
    if runtime.ticker is None or runtime.ticker.done():
        runtime.ticker = asyncio.create_task(_tick(code), name=f"party-ticker-{code}")


def _detach(code: str, token: str) -> None:
    runtime = _rooms.get(code)
    if runtime is not None:
        runtime.tokens.pop(token, None)


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
        room = await self.get_state(PartyRoomState)
        linked = await room._link_to(room_token(self.room_code))
        linked._fill(view.snapshot)
        _attach(self.room_code, self.router.session.client_token, who)
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
        code, token = self.room_code, self.router.session.client_token
        _detach(code, token)
        if who is not None:
            with contextlib.suppress(PartyError):
                await asyncio.to_thread(party.leave_room, code, who)
        room = await self.get_state(PartyRoomState)
        with contextlib.suppress(Exception):
            await room._unlink()
        self.phase = "loading"
        return rx.redirect("/party")

    # ---- queue

    async def _act(self, fn, *args, ok: str = ""):
        """Run a room action as me; PartyErrors become toasts. Returns (done, result, effect)."""
        who = await self._who()
        if who is None:
            return False, None, rx.toast.error("Join the party first.")
        try:
            result = await asyncio.to_thread(fn, self.room_code, who, *args)
        except (party.RoomNotFound, party.MemberRemoved) as exc:
            return False, None, self._gone(exc)
        except PartyError as exc:
            return False, None, self._fail(exc)
        await self._refresh_room()
        return True, result, (rx.toast.success(ok) if ok else None)

    async def _refresh_room(self) -> None:
        """Write the room's new snapshot into the linked room state inside this event.

        Reflex already sends every event of a linked tab to all the room's pages;
        carrying the change in that same pass means one fan-out per action instead
        of two (the transport's push then finds the version written and skips).
        """
        snap = await asyncio.to_thread(party.room_snapshot, self.room_code)
        room = await self.get_state(PartyRoomState)
        if room._linked_to == room_token(self.room_code):
            room._fill(snap)
            _noted(self.room_code, snap)

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
        """Vote to skip the track playing now (again: withdraw)."""
        room = await self.get_state(PartyRoomState)
        withdraw = self.skip_voted_seq == room.play_seq
        done, tally, effect = await self._act(party.vote_skip, None, withdraw)
        party.drive_soon(self.room_code)
        if done:
            self.skip_voted_seq = -1 if (withdraw or tally.skipped) else room.play_seq
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
        """Search the host's music source for tracks."""
        query = (form.get("query") or "").strip()[:SEARCH_MAX_CHARS]
        if not query:
            self.search_results, self.searched = [], False
            return
        if await self._who() is None:
            return

        def run() -> list[Track]:
            _, source = self._source()
            return list(source.search(query, types=("track",), limit=10).tracks.items)

        try:
            tracks = await asyncio.to_thread(run)
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

"""A tab's own part of a party room (`/party/[code]`): who I am here, and my actions.

- `PartyRoomState` and its siblings (`state.party_room`) hold what everyone in a
  room sees alike; the room channel (`state.party_channel`) is the only thing
  that writes them into the browser: one view per change, one message to every
  socket in the room.
- `PartyMeState` (here) holds what is private to one tab: the join screen
  (`phase`, `problem`, `join_error`, `preview_*`), who I am here (`member_id`,
  `member_key`, `my_name`, `is_guest`), my votes (`my_votes`, `skip_voted_seq`) and
  the invite (`share_url`, `qr`). A guest is the browser, not the tab: the signed
  guest id lives in the HttpOnly `sbm_guest` cookie (set by `/api/party/guest`,
  read here from the websocket handshake), so every tab of a browser is one guest
  with one vote, and a restart or a removal does not make a new one. My role and permissions are read from the shared
  member list on the page, so a promotion reaches me live; the server checks
  every action again.
- `PartyPickState` (`state.party_pick`): finding music to add; `PartyLobbyState`
  (`state.party_lobby`): `/party`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import quote

import reflex as rx

from services import party
from services.party import Identity, PartyError, RoomView, entry
from services.party.guest import GUEST_COOKIE, read_guest
from services.party.rows import PlayedRow, played_rows
from state import party_channel
from state.auth import current_user, full_page_load

log = logging.getLogger(__name__)
COOKIE_TRIED = "g"  # query mark: the browser went through /api/party/guest already
_PUSHES: set[asyncio.Task[None]] = set()  # pushes to my other tabs under way (kept from the GC)


def code_from_path(path: str) -> str:
    """The room code of a `/party/CODE` path ("" for any other path)."""
    parts = [p for p in (path or "").split("/") if p]
    return party.normalize_code(parts[1]) if len(parts) >= 2 and parts[0] == "party" else ""


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
    preview_passcode: bool = False  # newcomers must type the room's passcode
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
    history: list[PlayedRow] = []  # what the room played, newest first (loaded on demand)
    history_loaded: bool = False

    # ---- identity (always resolved on the server)

    def _guest_key(self) -> str | None:
        """This browser's guest id, from the signed HttpOnly cookie of the handshake."""
        jar: SimpleCookie = SimpleCookie()
        with contextlib.suppress(CookieError):
            jar.load(self.router.headers.cookie or "")
        morsel = jar.get(GUEST_COOKIE)
        return read_guest(morsel.value) if morsel else None

    async def _who(self) -> Identity | None:
        user = await current_user(self)
        if user is not None:
            return Identity.user(user.id)
        key = self._guest_key()
        return Identity.guest(key) if key else None

    def _invite_base(self) -> str:
        """Where the invite points: `APP_URL`, else the address this page was opened at."""
        from services.config import get_settings

        return get_settings().app_url or self.router.headers.origin or ""

    async def _show_room(self, view: RoomView, who: Identity) -> None:
        """Show room `view` (I am a member) and link this tab to the room's channel."""
        me = view.me
        self.member_id, self.member_key, self.my_name = me.member_id, str(me.member_id), me.display_name
        self.is_guest = me.is_guest
        self.my_votes = {str(k): v for k, v in me.my_votes.items()}
        self.skip_voted_seq = view.now_playing.play_seq if (me.skip_voted and view.now_playing) else -1
        base = self._invite_base()
        self.share_url = party.join_url(self.room_code, base)
        self.qr = party.qr_data_uri(self.room_code, base)
        session = self.router.session
        await party_channel.welcome(self.room_code, session.session_id, session.client_token, who, view.snapshot)
        self.phase = "room"

    def _gone(self, exc: PartyError):
        """The room ended, or I was removed: leave the room view with the reason."""
        self.problem = exc.message
        self.phase = "missing" if isinstance(exc, party.RoomNotFound | party.MemberRemoved) else self.phase
        return rx.toast.error(exc.message)

    # ---- loading and joining

    @rx.event
    async def load(self):
        """Open `/party/CODE`: the room for members, the join screen for everyone else."""
        from state.party_pick import PartyPickState

        self.room_code = code_from_path(self.router.url.path)
        self.phase, self.problem, self.join_error = "loading", "", ""
        self.signed_in = await current_user(self) is not None
        who = await self._who()
        try:
            seen = await asyncio.to_thread(entry.enter, self.room_code, who)
        except PartyError as exc:
            self.problem, self.phase = exc.message, "missing"
            return
        p = seen.preview
        self.preview_name, self.preview_host, self.preview_present = p.name, p.host_name, p.present_count
        self.preview_locked, self.preview_ended, self.preview_passcode = p.locked, p.ended, p.has_passcode
        self.join_error = seen.join_error
        if who is None and not self.signed_in and not p.ended:
            if COOKIE_TRIED not in self.router.url.query_parameters:
                target = quote(f"/party/{self.room_code}?{COOKIE_TRIED}=1", safe="")
                return full_page_load(f"/api/party/guest?next={target}")
            self.join_error = "Allow cookies for this site to join as a guest: they keep your seat and your votes."
        if seen.view is None or who is None:
            self.phase = "join"
            return
        await self._show_room(seen.view, who)
        return PartyPickState.open_room

    @rx.event
    async def join(self, form: dict[str, str]):
        """Join as the signed-in person, or as a guest with the display name typed."""
        from state.party_pick import PartyPickState

        user = await current_user(self)
        self.busy = True
        try:
            guest = None if user else self._guest_key()
            if user is None and guest is None:
                self.join_error = "Allow cookies for this site to join as a guest: they keep your seat and your votes."
                return
            member, view = await asyncio.to_thread(
                entry.join, self.room_code, user.id if user else None, guest, form.get("display_name") or "",
                form.get("passcode") or "",
            )
            who = Identity.user(user.id) if user else Identity.guest(guest or "")
            self.join_error = ""
            await self._show_room(view, who)
        except PartyError as exc:
            self.join_error = exc.message
            return
        finally:
            self.busy = False
        return [rx.toast.success(f"You joined “{self.preview_name}”."), PartyPickState.open_room]

    @rx.event
    async def load_history(self):
        """What the room has played (members only; an ended room keeps it as its record)."""
        if self.phase != "room":
            return
        tracks = await asyncio.to_thread(party.recently_played, self.room_code, 200)
        self.history, self.history_loaded = played_rows(tracks), True

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

    # ---- room actions (the server checks each one)

    async def _act(self, fn: Callable[..., Any], *args: Any, ok: str = "") -> tuple[bool, Any, Any]:
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
            return False, None, rx.toast.error(exc.message)
        return True, result, (rx.toast.success(ok) if ok else None)

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
            self._show_in_my_other_tabs(votes)
        return effect

    def _show_in_my_other_tabs(self, votes: dict[str, int]) -> None:
        """My other tabs of this room (same person: same browser cookie or account) show my
        vote too, so none of them offers a vote I already cast (in the background: their
        states are locked by their own events)."""
        from state.live import push_to_tokens
        from state.party_registry import room_here

        tabs = room_here(self.room_code).tokens
        me = self.router.session.client_token
        mine = tabs.get(me)
        others = [token for token, who in tabs.items() if mine is not None and who == mine and token != me]
        if not others:
            return

        async def push() -> None:
            try:
                await push_to_tokens(others, PartyMeState, lambda tab: setattr(tab, "my_votes", dict(votes)))
            except Exception:  # a tab's highlight is not worth failing anything for
                log.warning("party: showing a vote in the voter's other tabs failed", exc_info=True)

        task = asyncio.create_task(push())
        _PUSHES.add(task)
        task.add_done_callback(_PUSHES.discard)

    @rx.event
    async def remove_item(self, item_id: str):
        return (await self._act(party.remove_item, int(item_id), ok="Removed from the queue."))[2]

    @rx.event
    async def pin_item(self, item_id: str, pinned: bool):
        return (await self._act(party.pin_item, int(item_id), pinned))[2]

    @rx.event
    async def move_item(self, item_id: str, to_index: int):
        return (await self._act(party.move_item, int(item_id), max(0, int(to_index))))[2]

    @rx.event
    async def vote_skip(self):
        """Vote to skip the track playing now (again: withdraw); the room says whether I voted."""
        done, tally, effect = await self._act(party.vote_skip, None, None)
        party.drive_soon(self.room_code)
        if done:
            self.skip_voted_seq = tally.play_seq if tally.mine else -1
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

    async def _playback(self, fn: Callable[..., Any]):
        """A playback action, then the host's device follows at once (in the background)."""
        effect = (await self._act(fn))[2]
        party.drive_soon(self.room_code)
        return effect

    @rx.event
    async def set_locked(self, locked: bool):
        return (await self._act(party.set_locked, locked, ok="Room locked." if locked else "Room unlocked."))[2]

    @rx.event
    async def end_party(self):
        return (await self._act(party.end_room, ok="The party has ended."))[2]

    @rx.event
    async def save_settings(self, form: dict[str, str]):
        """Host: rename the room and change its rules (the server checks role and ranges)."""
        from services.party.forms import read_settings

        try:
            settings = read_settings(form)
        except PartyError as exc:
            return rx.toast.error(exc.message)
        return (await self._act(party.update_room, form.get("name") or "", settings, ok="Room settings saved."))[2]

    @rx.event
    async def set_role(self, member_id: str, role: str):
        return (await self._act(party.set_role, int(member_id), role))[2]

    @rx.event
    async def remove_member(self, member_id: str):
        return (await self._act(party.remove_member, int(member_id), ok="Removed from the party."))[2]

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

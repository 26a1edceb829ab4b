"""`/api/v1/party`: rooms, the queue, votes, now playing, skip, chat and people.

The token's person acts in a room exactly as on the room page (`Identity.user`):
the same `services.party` calls, so roles, the add policy, per-person queue limits,
the plan's room size (`billing.claim` in `join_room`) and the live push to every
open room page all apply. Rooms a person is not a member of answer 404. A track
is queued by its id in the host's music (`music.track_ref`), so a bot cannot make up
titles, as a page can only queue what it was offered.
"""

from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from app.api.auth import needs
from app.api.common import Page, PageArgs, Strict, idempotent, page_args, paged
from services import party
from services.accounts.api_tokens import TokenAuth
from services.party import ChatLine, MemberView, MyRoom, NowPlaying, QueueEntry, RoomSettings, RoomView, SkipTally
from services.party import music
from services.party.types import Identity, TrackRef

router = APIRouter(prefix="/party", tags=["party"])
Code = Path(..., min_length=4, max_length=12, pattern=r"^[A-Za-z0-9-]+$", description="The room's code")
IdemKey = Header(None, max_length=200, description="Retry-safe create: the same key replays the first answer")
NOT_FOUND = {404: {"description": "No such room, or not one of yours"}}


class RoomIn(Strict):
    name: str = Field(..., min_length=1, max_length=80)
    add_policy: Literal["everyone", "signed_in", "hosts"] = "everyone"
    queue_limit: int = Field(5, ge=0, le=100)
    skip_threshold: float = Field(0.5, gt=0, le=1)


class JoinIn(Strict):
    display_name: str = Field("", max_length=40)


class TrackIn(Strict):
    track_id: str = Field(..., min_length=1, max_length=100, description="An id from `GET …/search`")


class VoteIn(Strict):
    value: Literal[-1, 0, 1]


class SkipIn(Strict):
    now: bool = Field(False, description="Skip at once (hosts and co-hosts); otherwise vote to skip")


class ChatIn(Strict):
    text: str = Field(..., min_length=1, max_length=2000)


def _me(auth: TokenAuth) -> Identity:
    return Identity.user(auth.user.id)


@router.get("/rooms", response_model=Page[MyRoom], summary="Rooms I host or joined")
async def rooms(auth: TokenAuth = Depends(needs("party", "read")), args: PageArgs = Depends(page_args)) -> Page[MyRoom]:
    found = await asyncio.to_thread(party.my_rooms, auth.user.id, 200)
    return paged(found, args, lambda r: r.code)


@router.post("/rooms", response_model=RoomView, status_code=201, summary="Open a room (I am its host)")
async def create(body: RoomIn, request: Request, auth: TokenAuth = Depends(needs("party", "write")),
                 idempotency_key: str | None = IdemKey) -> JSONResponse:
    async def make() -> tuple[int, RoomView]:
        settings = RoomSettings(add_policy=body.add_policy, queue_limit=body.queue_limit, skip_threshold=body.skip_threshold)
        made = await asyncio.to_thread(party.create_room, auth.user.id, body.name, settings, (), auth.user.display_name)
        return 201, await asyncio.to_thread(party.room_view, made.code, _me(auth))

    return await idempotent(request, auth, idempotency_key, make)


@router.get("/rooms/{code}", response_model=RoomView, responses=NOT_FOUND, summary="A room as its page shows it to me")
async def room(code: str = Code, auth: TokenAuth = Depends(needs("party", "read"))) -> RoomView:
    return await asyncio.to_thread(party.room_view, code, _me(auth))


@router.delete("/rooms/{code}", status_code=204, responses=NOT_FOUND, summary="End a room (hosts)")
async def end(code: str = Code, auth: TokenAuth = Depends(needs("party", "write"))) -> Response:
    await asyncio.to_thread(party.end_room, code, _me(auth))
    return Response(status_code=204)


@router.post("/rooms/{code}/join", response_model=RoomView, responses=NOT_FOUND, summary="Join a room by its code")
async def join(body: JoinIn, code: str = Code, auth: TokenAuth = Depends(needs("party", "write"))) -> RoomView:
    await asyncio.to_thread(party.join_room, code, _me(auth), body.display_name or auth.user.display_name)
    return await asyncio.to_thread(party.room_view, code, _me(auth))


@router.get("/rooms/{code}/queue", response_model=Page[QueueEntry], responses=NOT_FOUND, summary="The waiting tracks, in play order")
async def queue(code: str = Code, auth: TokenAuth = Depends(needs("party", "read")),
                args: PageArgs = Depends(page_args)) -> Page[QueueEntry]:
    view = await asyncio.to_thread(party.room_view, code, _me(auth))
    return paged(view.queue, args, lambda q: q.id)


@router.get("/rooms/{code}/search", response_model=list[TrackRef], responses=NOT_FOUND,
            summary="Search the host's music for tracks to queue")
async def search(code: str = Code, q: str = Query(..., min_length=1, max_length=100),
                 auth: TokenAuth = Depends(needs("party", "read"))) -> list[TrackRef]:
    await asyncio.to_thread(party.room_view, code, _me(auth))  # members only
    return await asyncio.to_thread(music.search, code, q, _me(auth))


@router.post("/rooms/{code}/queue", response_model=QueueEntry, status_code=201, responses=NOT_FOUND,
             summary="Queue a track of the host's music by its id")
async def add(body: TrackIn, request: Request, code: str = Code, auth: TokenAuth = Depends(needs("party", "write")),
              idempotency_key: str | None = IdemKey) -> JSONResponse:
    async def make() -> tuple[int, QueueEntry]:
        await asyncio.to_thread(party.room_view, code, _me(auth))  # members only (404 before touching the catalog)
        ref = await asyncio.to_thread(music.track_ref, code, body.track_id)
        item_id = await asyncio.to_thread(party.add_to_queue, code, _me(auth), ref)
        view = await asyncio.to_thread(party.room_view, code, _me(auth))
        return 201, next(q for q in view.queue if q.id == item_id)

    return await idempotent(request, auth, idempotency_key, make)


@router.post("/rooms/{code}/queue/{item_id}/vote", response_model=QueueEntry, responses=NOT_FOUND,
             summary="Vote a waiting track up (1), down (-1) or withdraw (0)")
async def vote(body: VoteIn, code: str = Code, item_id: int = Path(..., ge=1, le=2**62),
               auth: TokenAuth = Depends(needs("party", "write"))) -> QueueEntry:
    await asyncio.to_thread(party.vote, code, _me(auth), item_id, body.value)
    view = await asyncio.to_thread(party.room_view, code, _me(auth))
    found = next((q for q in view.queue if q.id == item_id), None)
    if found is None:
        raise party.ItemGone("That track is no longer waiting.")
    return found


@router.get("/rooms/{code}/now-playing", response_model=NowPlaying | None, responses=NOT_FOUND, summary="What plays now")
async def now_playing(code: str = Code, auth: TokenAuth = Depends(needs("party", "read"))) -> NowPlaying | None:
    return (await asyncio.to_thread(party.room_view, code, _me(auth))).now_playing


@router.post("/rooms/{code}/skip", response_model=SkipTally, responses=NOT_FOUND, summary="Vote to skip, or skip now (hosts)")
async def skip(body: SkipIn, code: str = Code, auth: TokenAuth = Depends(needs("party", "write"))) -> SkipTally:
    if body.now:
        await asyncio.to_thread(party.skip_now, code, _me(auth))
        return SkipTally(votes=0, needed=0, skipped=True)
    return await asyncio.to_thread(party.vote_skip, code, _me(auth))


@router.get("/rooms/{code}/chat", response_model=Page[ChatLine], responses=NOT_FOUND, summary="Recent chat, newest last")
async def chat(code: str = Code, auth: TokenAuth = Depends(needs("party", "read")),
               args: PageArgs = Depends(page_args)) -> Page[ChatLine]:
    view = await asyncio.to_thread(party.room_view, code, _me(auth))
    return paged(view.chat, args, lambda c: c.id)


@router.post("/rooms/{code}/chat", response_model=ChatLine, status_code=201, responses=NOT_FOUND, summary="Say something")
async def post_chat(body: ChatIn, request: Request, code: str = Code, auth: TokenAuth = Depends(needs("party", "write")),
                    idempotency_key: str | None = IdemKey) -> JSONResponse:
    async def make() -> tuple[int, ChatLine]:
        await asyncio.to_thread(party.room_view, code, _me(auth))
        return 201, await asyncio.to_thread(party.post_message, code, _me(auth), body.text)

    return await idempotent(request, auth, idempotency_key, make)


@router.get("/rooms/{code}/people", response_model=list[MemberView], responses=NOT_FOUND, summary="Who is in the room")
async def people(code: str = Code, auth: TokenAuth = Depends(needs("party", "read"))) -> list[MemberView]:
    return (await asyncio.to_thread(party.room_view, code, _me(auth))).members

"""`/api/v1/releases`: the release feed (paged, filtered), the watch list and digest settings.

The feed is the releases page's `weekly_feed` flattened to cards, newest week first
(filters: type, artist, unseen only, remixes). The watch list is the page's artist
marks: a watched artist is pinned (always shown, first), `DELETE` unpins; a blocked
artist is never shown. Digest settings are the page's form (`subscribe` sends the
confirmation mail, as there; nothing else is mailed until it is clicked).
"""

from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from app.api.auth import needs
from app.api.common import Page, PageArgs, Strict, page_args, paged
from services import releases
from services.accounts.api_tokens import TokenAuth
from services.releases import DigestSettings, FeedItem

router = APIRouter(prefix="/releases", tags=["releases"])
ArtistId = Path(..., min_length=1, max_length=100, pattern=r"^[A-Za-z0-9:_.-]+$")


class Artist(BaseModel):
    artist_id: str
    name: str


class WatchList(BaseModel):
    watched: list[Artist]
    blocked: list[Artist]


class WatchIn(Strict):
    name: str = Field("", max_length=200, description="The artist's name, as the page lists it")
    blocked: bool = Field(False, description="Block instead: never show this artist's releases")


class DigestIn(Strict):
    email: str = Field(..., min_length=3, max_length=254)
    schedule: Literal["weekly", "biweekly", "monthly", "off"] = "weekly"
    weekday: int = Field(4, ge=0, le=6, description="0 = Monday (weekly digests)")
    hour: int = Field(9, ge=0, le=23)
    time_zone: str = Field("UTC", max_length=64)


@router.get("/feed", response_model=Page[FeedItem], summary="New releases of my artists, newest week first")
async def feed(auth: TokenAuth = Depends(needs("releases", "read")), args: PageArgs = Depends(page_args),
               kind: list[Literal["album", "single", "ep", "compilation"]] = Query([], description="Only these types"),
               artist_id: str = Query("", max_length=100), unseen_only: bool = False,
               hide_remixes: bool | None = Query(None, description="Default: as in my feed preferences")) -> Page[FeedItem]:
    wanted = releases.FeedFilter(kinds=tuple(kind), artist_id=artist_id, hide_remixes=hide_remixes, unseen_only=unseen_only)
    weeks = await asyncio.to_thread(releases.weekly_feed, auth.user.id, wanted)
    return paged([item for week in weeks for item in week.items], args, lambda i: i.release_id)


def _watch_list(user_id: int) -> WatchList:
    marks = releases.artist_marks(user_id)
    return WatchList(watched=[Artist(artist_id=a, name=n) for a, n in marks.get("pinned", [])],
                     blocked=[Artist(artist_id=a, name=n) for a, n in marks.get("blocked", [])])


@router.get("/watchlist", response_model=WatchList, summary="Artists I watch (pinned) and block")
async def watch_list(auth: TokenAuth = Depends(needs("releases", "read"))) -> WatchList:
    return await asyncio.to_thread(_watch_list, auth.user.id)


@router.put("/watchlist/{artist_id}", response_model=WatchList, summary="Watch (or block) an artist")
async def watch(body: WatchIn, artist_id: str = ArtistId, auth: TokenAuth = Depends(needs("releases", "write"))) -> WatchList:
    mark = releases.block_artist if body.blocked else releases.pin_artist
    await asyncio.to_thread(mark, auth.user.id, artist_id, body.name, True)
    return await asyncio.to_thread(_watch_list, auth.user.id)


@router.delete("/watchlist/{artist_id}", status_code=204, summary="Stop watching (and unblock) an artist")
async def unwatch(artist_id: str = ArtistId, auth: TokenAuth = Depends(needs("releases", "write"))) -> Response:
    def work() -> None:
        releases.pin_artist(auth.user.id, artist_id, "", False)
        releases.block_artist(auth.user.id, artist_id, "", False)

    await asyncio.to_thread(work)
    return Response(status_code=204)


@router.get("/digest", response_model=DigestSettings | None, summary="My digest settings (null: not subscribed)")
async def digest(auth: TokenAuth = Depends(needs("releases", "read"))) -> DigestSettings | None:
    return await asyncio.to_thread(releases.digest_settings, auth.user.id)


@router.put("/digest", response_model=DigestSettings, summary="Subscribe or change the digest (a new address is confirmed by mail)")
async def set_digest(body: DigestIn, auth: TokenAuth = Depends(needs("releases", "write"))) -> DigestSettings:
    return await asyncio.to_thread(releases.subscribe, auth.user.id, body.email, body.schedule, body.weekday, body.hour,
                                   body.time_zone)


@router.delete("/digest", response_model=DigestSettings | None, summary="Stop the digest")
async def stop_digest(auth: TokenAuth = Depends(needs("releases", "write"))) -> DigestSettings | None:
    return await asyncio.to_thread(releases.unsubscribe_user, auth.user.id)


"""`/api/v1/events`: concerts near a place, and my artists on tour.

Both are the events page's search (`find_events(SearchRequest(...))`) with its
validation (`InvalidSearch`/`UnknownPlace` become 422 with the page's words) and
sources (Ticketmaster and Bandsintown when keyed, the demo venues otherwise; `mode`
says which). "My artists" reads the person's artists as the page does (`my_artists`)
and searches only for them.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from app.api.auth import needs
from app.api.common import PageArgs, page_args, paged
from services import events
from services.accounts.api_tokens import TokenAuth
from services.events.types import Found

router = APIRouter(prefix="/events", tags=["events"])


class Search(BaseModel):
    """A page of hits plus where and when was searched."""

    items: list[Found]
    next_cursor: str | None = None
    place: str
    lat: float
    lon: float
    radius_km: float
    start: date
    end: date
    mode: str
    notices: list[str]
    attribution: str


def _search(req: events.SearchRequest, args: PageArgs) -> Search:
    result = events.find_events(req)
    page = paged(result.found, args, lambda f: f.event.id)
    place = result.place.name if result.place is not None else ""
    return Search(items=page.items, next_cursor=page.next_cursor, place=place, lat=result.lat, lon=result.lon,
                  radius_km=result.radius_km, start=result.start, end=result.end, mode=result.mode,
                  notices=result.notices, attribution=result.attribution)


@router.get("/search", response_model=Search, summary="Concerts near a place (a city name, or lat and lon)")
async def search(
    auth: TokenAuth = Depends(needs("events", "read")), args: PageArgs = Depends(page_args),
    place: str = Query("", max_length=120, description="e.g. “Berlin” or “Portland, US”"),
    lat: float | None = Query(None, ge=-90, le=90), lon: float | None = Query(None, ge=-180, le=180),
    radius: float = Query(50.0, gt=0, le=20000), unit: Literal["km", "mi"] = "km",
    start: date | None = None, end: date | None = None,
    genre: str = Query("", max_length=60), keyword: str = Query("", max_length=120),
    sort: Literal["date", "distance", "relevance"] = "date",
) -> Search:
    req = events.SearchRequest(place=place, lat=lat, lon=lon, radius=radius, unit=unit, start=start, end=end,
                               genre=genre, keyword=keyword, sort=sort)
    return await asyncio.to_thread(_search, req, args)


def _mine(user_id: int, req: events.SearchRequest, args: PageArgs) -> Search:
    mine = events.my_artists(user_id)
    if not mine.names:
        raise events.InvalidSearch("my_artists", mine.error or "No artists of yours yet: connect Spotify or follow some artists.")
    req.my_artists, req.my_artist_ids, req.only_my_artists = mine.names, mine.ids, True
    return _search(req, args)


@router.get("/my-artists", response_model=Search, summary="My artists on tour near a place")
async def my_artists(
    auth: TokenAuth = Depends(needs("events", "read")), args: PageArgs = Depends(page_args),
    place: str = Query("", max_length=120), lat: float | None = Query(None, ge=-90, le=90),
    lon: float | None = Query(None, ge=-180, le=180), radius: float = Query(500.0, gt=0, le=20000),
    unit: Literal["km", "mi"] = "km", start: date | None = None, end: date | None = None,
) -> Search:
    req = events.SearchRequest(place=place, lat=lat, lon=lon, radius=radius, unit=unit, start=start, end=end)
    return await asyncio.to_thread(_mine, auth.user.id, req, args)

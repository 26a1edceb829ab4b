"""`/api/v1/worlds`: saved worlds, building one from seeds and answers, refresh and export.

A build is long work: `POST /worlds` checks the seeds and answers at once (422 with
the page's own words), then runs the page's steps in a job — `build_for_user`, then
`save_built` (the plan's world limit, claimed in the transaction that saves) and
`export_world` — and answers 202 with the job to poll. Refresh and export are the
world page's buttons (`refresh_one(trigger="manual")`, `export_world`), Free's
weekly refresh limit included. Other people's worlds answer 404.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app.api.auth import needs
from app.api.common import Page, PageArgs, Strict, idempotent, page_args, paged, start_job
from app.api.problems import ApiProblem, not_found
from services.accounts.api_tokens import TokenAuth
from services.worlds import repo
from services.worlds.questions import QUESTION_IDS, answers_problem
from services.worlds.seeds import BuildError, SeedChoice, seed_problem

router = APIRouter(prefix="/worlds", tags=["worlds"])
WorldId = Path(..., ge=1, le=2**62)
NOT_FOUND = {404: {"description": "No such world, or not yours"}}


class SeedsIn(Strict):
    kind: Literal["history", "playlists", "tracks"]
    history_range: str = Field("", max_length=20)
    playlist_ids: list[str] = Field(default_factory=list, max_length=50)
    track_ids: list[str] = Field(default_factory=list, max_length=100)


class WorldIn(Strict):
    seeds: SeedsIn
    answers: dict[str, list[str]] = Field(default_factory=dict, description=f"Chosen options per question: {', '.join(QUESTION_IDS)}")
    free_text: dict[str, str] = Field(default_factory=dict, description="Typed answers per question")
    cadence: Literal["off", "weekly", "biweekly", "monthly"] = "off"


class TrackOut(BaseModel):
    track_id: str
    title: str
    artist_name: str
    score: float
    why: str


class PlaylistOut(BaseModel):
    name: str
    description: str
    coherence: float
    external_id: str
    tracks: list[TrackOut]


class WorldSummaryOut(BaseModel):
    id: int
    name: str
    description: str
    cadence: str
    playlist_names: list[str]
    track_count: int
    updated_at: datetime
    last_refreshed_at: datetime | None


class WorldOut(BaseModel):
    id: int
    name: str
    description: str
    source: str
    cadence: str
    next_refresh_at: datetime | None
    last_refreshed_at: datetime | None
    playlists: list[PlaylistOut]


class JobStarted(BaseModel):
    job_id: str
    status_url: str


class Outcome(BaseModel):
    ok: bool
    message: str
    details: list[dict[str, Any]] = Field(default_factory=list)


def _world(view: repo.WorldView) -> WorldOut:
    return WorldOut(id=view.id, name=view.name, description=view.description, source=view.source, cadence=view.cadence,
                    next_refresh_at=view.next_refresh_at, last_refreshed_at=view.last_refreshed_at,
                    playlists=[PlaylistOut(name=p.name, description=p.description, coherence=p.coherence,
                                           external_id=p.external_id,
                                           tracks=[TrackOut(track_id=t.track_id, title=t.title, artist_name=t.artist_name,
                                                            score=t.score, why=t.why) for t in p.tracks])
                               for p in view.playlists])


async def _owned(user_id: int, world_id: int) -> repo.WorldView:
    view = await asyncio.to_thread(repo.load_world, user_id, world_id)
    if view is None:
        raise not_found("That world")
    return view


@router.get("", response_model=Page[WorldSummaryOut], summary="My saved worlds")
async def worlds(auth: TokenAuth = Depends(needs("worlds", "read")), args: PageArgs = Depends(page_args)) -> Page[Any]:
    found = await asyncio.to_thread(repo.list_worlds, auth.user.id)
    page = paged(found, args, lambda w: w.id)
    return Page[WorldSummaryOut](items=[WorldSummaryOut.model_validate(w, from_attributes=True) for w in page.items],
                                 next_cursor=page.next_cursor)


def _build_and_save(user_id: int, body: WorldIn, tracker: Any) -> dict[str, Any]:
    from services.worlds.builder import build_for_user
    from services.worlds.export import export_world
    from services.worlds.library import save_built

    choice = SeedChoice.from_dict(body.seeds.model_dump())
    built = build_for_user(user_id, choice, body.answers, body.free_text, progress=tracker.step)
    world_id, note = save_built(user_id, built, cadence=body.cadence)
    exported = export_world(user_id, world_id)
    return {"world_id": world_id, "name": built.name, "export": exported.message(), "note": note}


@router.post("", response_model=JobStarted, status_code=202, summary="Build and save a world from seeds and answers",
             responses={422: {"description": "Seeds or answers the builder cannot use"}})
async def create(body: WorldIn, request: Request, auth: TokenAuth = Depends(needs("worlds", "write")),
                 idempotency_key: str | None = Header(None, max_length=200)) -> JSONResponse:
    from services.billing import UpgradeRequired

    problem = seed_problem(SeedChoice.from_dict(body.seeds.model_dump())) or answers_problem(body.answers, body.free_text)
    if problem:
        raise ApiProblem(422, problem, "invalid-world")

    async def make() -> tuple[int, JobStarted]:
        job_id = start_job(auth.user.id, "worlds", "world_build", lambda tracker: _build_and_save(auth.user.id, body, tracker),
                        (BuildError, repo.WorldError, UpgradeRequired))
        return 202, JobStarted(job_id=job_id, status_url=f"/api/v1/jobs/{job_id}")

    return await idempotent(request, auth, idempotency_key, make)


@router.get("/{world_id}", response_model=WorldOut, responses=NOT_FOUND, summary="A world with its playlists and tracks")
async def world(world_id: int = WorldId, auth: TokenAuth = Depends(needs("worlds", "read"))) -> WorldOut:
    return _world(await _owned(auth.user.id, world_id))


@router.get("/{world_id}/playlists", response_model=list[PlaylistOut], responses=NOT_FOUND, summary="A world's playlists")
async def playlists(world_id: int = WorldId, auth: TokenAuth = Depends(needs("worlds", "read"))) -> list[PlaylistOut]:
    return _world(await _owned(auth.user.id, world_id)).playlists


@router.post("/{world_id}/refresh", response_model=Outcome, responses=NOT_FOUND,
             summary="Refresh now (Free: once a week per world)")
async def refresh(world_id: int = WorldId, auth: TokenAuth = Depends(needs("worlds", "write"))) -> Outcome:
    from services.worlds.jobs import refresh_one

    await _owned(auth.user.id, world_id)
    outcome = await asyncio.to_thread(refresh_one, auth.user.id, world_id, trigger="manual")
    if outcome.limited:
        raise ApiProblem(402, outcome.summary, "upgrade-required", feature="world_refresh")
    return Outcome(ok=outcome.ok, message=outcome.summary, details=outcome.details)


@router.post("/{world_id}/export", response_model=Outcome, responses=NOT_FOUND,
             summary="Save the playlists to Spotify (or the demo library)")
async def export(world_id: int = WorldId, auth: TokenAuth = Depends(needs("worlds", "write"))) -> Outcome:
    from services.worlds.export import export_world

    await _owned(auth.user.id, world_id)
    result = await asyncio.to_thread(export_world, auth.user.id, world_id)
    return Outcome(ok=result.ok, message=result.message())

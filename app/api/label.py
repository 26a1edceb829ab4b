"""`/api/v1/label`: projects, their stages, uploading a take, mix/master, the release pack.

The label pages' service calls: `create_project` (the plan's project limit, claimed
in the transaction that inserts), `add_vocal_take` (the file checked for what it
really is, size and storage as on the page), `mix_project` and `build_release_pack`
(the daily pack limit), run as jobs because they take seconds to minutes. Files
download through `asset_for_download`, which checks ownership like `/api/media`.
Other people's project ids answer 404.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from app.api.auth import needs
from app.api.common import Page, PageArgs, Strict, idempotent, page_args, paged, start_job
from app.api.problems import ApiProblem, not_found
from services import label
from services.accounts.api_tokens import TokenAuth
from services.label import STAGE_LABELS, STAGES, LabelError

router = APIRouter(prefix="/label", tags=["label"])
ProjectId = Path(..., ge=1, le=2**62)
NOT_FOUND = {404: {"description": "No such project, or not yours"}}


class Stage(BaseModel):
    id: str
    label: str
    done: bool
    current: bool


class Project(BaseModel):
    id: int
    name: str
    current_stage: str
    progress_percent: int
    cycle_complete: bool
    created_at: datetime
    updated_at: datetime
    stages: list[Stage]


class ProjectIn(Strict):
    name: str = Field("Untitled project", min_length=1, max_length=120)


class Asset(BaseModel):
    id: int
    kind: str
    label: str
    mime: str
    size_bytes: int
    duration_s: float
    created_at: datetime
    download_url: str


class MixIn(Strict):
    target: Literal["spotify", "apple", "youtube", "club"] = "spotify"
    preset: Literal["", "warm", "clean", "bright"] = ""
    beat_gain_db: float = Field(0.0, ge=-24, le=12)
    vocal_gain_db: float = Field(0.0, ge=-24, le=12)
    reverb: float = Field(0.15, ge=0, le=1)
    limiter: float = Field(0.5, ge=0, le=1)


class JobStarted(BaseModel):
    job_id: str
    status_url: str


def _project(info: label.ProjectInfo) -> Project:
    return Project(id=info.id, name=info.name, current_stage=info.current_stage, progress_percent=info.progress_percent,
                   cycle_complete=info.cycle_complete, created_at=info.created_at, updated_at=info.updated_at,
                   stages=[Stage(id=s, label=STAGE_LABELS[s], done=s in info.done_stages, current=s == info.current_stage)
                           for s in STAGES])


def _asset(a: label.AssetInfo) -> Asset:
    return Asset(id=a.id, kind=a.kind, label=a.label, mime=a.mime, size_bytes=a.size_bytes, duration_s=a.duration_s,
                 created_at=a.created_at, download_url=f"/api/v1/label/assets/{a.id}")


async def _owned(user_id: int, project_id: int) -> label.ProjectInfo:
    try:
        return await asyncio.to_thread(label.get_project, user_id, project_id)
    except LabelError:
        raise not_found("That project") from None


def _job(user_id: int, kind: str, work: Any) -> JSONResponse:
    from services.billing import UpgradeRequired
    from services.label.audio_io import AudioError
    from services.quotas import QuotaExceeded

    job_id = start_job(user_id, "label", kind, work, (LabelError, UpgradeRequired, AudioError, QuotaExceeded))
    return JSONResponse(JobStarted(job_id=job_id, status_url=f"/api/v1/jobs/{job_id}").model_dump(), status_code=202)


@router.get("/projects", response_model=Page[Project], summary="My projects, most recently touched first")
async def projects(auth: TokenAuth = Depends(needs("label", "read")), args: PageArgs = Depends(page_args)) -> Page[Any]:
    found = await asyncio.to_thread(label.list_projects, auth.user.id)
    page = paged(found, args, lambda p: p.id)
    return Page[Project](items=[_project(p) for p in page.items], next_cursor=page.next_cursor)


@router.post("/projects", response_model=Project, status_code=201, summary="Start a project (the plan's project limit applies)",
             responses={402: {"description": "The plan's project limit is reached"}})
async def create(body: ProjectIn, request: Request, auth: TokenAuth = Depends(needs("label", "write")),
                 idempotency_key: str | None = Header(None, max_length=200)) -> JSONResponse:
    async def make() -> tuple[int, Project]:
        return 201, _project(await asyncio.to_thread(label.create_project, auth.user.id, body.name))

    return await idempotent(request, auth, idempotency_key, make)


@router.get("/projects/{project_id}", response_model=Project, responses=NOT_FOUND, summary="A project and its stages")
async def project(project_id: int = ProjectId, auth: TokenAuth = Depends(needs("label", "read"))) -> Project:
    return _project(await _owned(auth.user.id, project_id))


@router.get("/projects/{project_id}/assets", response_model=Page[Asset], responses=NOT_FOUND,
            summary="A project's files (beats, takes, mixes, masters, packs), newest first")
async def assets(project_id: int = ProjectId, kind: str = Query("", max_length=20),
                 auth: TokenAuth = Depends(needs("label", "read")), args: PageArgs = Depends(page_args)) -> Page[Any]:
    await _owned(auth.user.id, project_id)
    found = await asyncio.to_thread(label.list_assets, auth.user.id, project_id, kind or None)
    page = paged(found, args, lambda a: a.id)
    return Page[Asset](items=[_asset(a) for a in page.items], next_cursor=page.next_cursor)


@router.post("/projects/{project_id}/takes", response_model=Asset, status_code=201, responses=NOT_FOUND,
             summary="Upload a vocal take (the audio file as the body)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
async def upload_take(request: Request, project_id: int = ProjectId, name: str = Query("take", max_length=120),
                      auth: TokenAuth = Depends(needs("label", "write"))) -> Asset:
    from services.storage import MB, storage_usage

    await _owned(auth.user.id, project_id)
    declared = int(request.headers.get("content-length") or 0)  # BodyLimit already refused a bad or huge one
    usage = await asyncio.to_thread(storage_usage, auth.user.id)
    if declared > max(0, usage.limit - usage.used):  # refused before the body is read, like `/_upload`
        raise ApiProblem(413, f"This upload ({declared / MB:.1f} MB) does not fit: you use {usage.text} of storage. "
                              "Delete old takes or projects to make room.", "storage-full")
    body = await request.body()
    if not body:
        raise LabelError("Send the recording as the request body.")
    return _asset(await asyncio.to_thread(label.add_vocal_take, auth.user.id, project_id, body, name))


@router.post("/projects/{project_id}/mix", response_model=JobStarted, status_code=202, responses=NOT_FOUND,
             summary="Mix the beat and chosen takes, then master to a loudness target")
async def mix(body: MixIn, project_id: int = ProjectId, auth: TokenAuth = Depends(needs("label", "write"))) -> JSONResponse:
    await _owned(auth.user.id, project_id)
    settings = label.MixSettings(preset=body.preset, beat_gain_db=body.beat_gain_db, vocal_gain_db=body.vocal_gain_db,
                                 reverb=body.reverb, limiter=body.limiter)
    uid = auth.user.id

    def work(tracker: Any) -> dict[str, Any]:
        report, made = label.mix_project(uid, project_id, settings, body.target, on_progress=tracker)
        return {"assets": [_asset(a).model_dump(mode="json") for a in made],
                "master_lufs": report.master.integrated, "true_peak": report.master.true_peak}

    return _job(uid, "mix", work)


@router.post("/projects/{project_id}/release-pack", response_model=JobStarted, status_code=202, responses=NOT_FOUND,
             summary="Build the release pack (the plan's daily pack limit applies)")
async def release_pack(project_id: int = ProjectId, auth: TokenAuth = Depends(needs("label", "write"))) -> JSONResponse:
    from services.label.release_pack import build_release_pack

    await _owned(auth.user.id, project_id)
    uid = auth.user.id

    def work(tracker: Any) -> dict[str, Any]:
        result = build_release_pack(uid, project_id, on_progress=tracker)
        return {"asset": _asset(result.asset).model_dump(mode="json"), "files": result.files, "size_bytes": result.size_bytes}

    return _job(uid, "release_pack", work)


@router.get("/projects/{project_id}/release-pack", responses={**NOT_FOUND, 200: {"content": {"application/zip": {}}}},
            response_class=FileResponse, summary="Download the newest release pack")
async def download_pack(project_id: int = ProjectId, auth: TokenAuth = Depends(needs("label", "read"))) -> FileResponse:
    await _owned(auth.user.id, project_id)
    packs = await asyncio.to_thread(label.list_assets, auth.user.id, project_id, "release_pack")
    if not packs:
        raise not_found("A release pack of this project")
    return await download(packs[0].id, auth)


@router.get("/assets/{asset_id}", responses={**NOT_FOUND, 200: {"content": {"application/octet-stream": {}}}},
            response_class=FileResponse, summary="Download one of my files")
async def download(asset_id: int = Path(..., ge=1, le=2**62), auth: TokenAuth = Depends(needs("label", "read"))) -> FileResponse:
    from services.label.downloads import asset_for_download

    found = await asyncio.to_thread(asset_for_download, auth.user.id, asset_id)
    if found is None:
        raise not_found("That file")
    path, mime, name = found
    return FileResponse(path, media_type=mime, filename=name, headers={"Cache-Control": "private, no-store"})


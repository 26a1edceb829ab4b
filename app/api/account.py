"""`/api/v1/me`, `/api/v1/me/plan`, `/api/v1/jobs/{id}` and `/api/v1/health`: who the token
speaks for, their plan and usage (read-only, as the account and billing pages show them),
long work started through the API, and whether the instance is ready."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.api.auth import needs
from app.api.problems import not_found
from services.accounts import api_jobs
from services.accounts.api_tokens import TokenAuth

router = APIRouter()


class Me(BaseModel):
    id: int
    email: str
    display_name: str
    is_demo: bool
    scopes: list[str]


class Allowance(BaseModel):
    feature: str
    label: str
    allowed: int
    per_day: bool


class Quota(BaseModel):
    kind: str
    label: str
    used: str
    limit: str
    percent: int


class Plan(BaseModel):
    plan: Literal["free", "pro"]
    source: str
    status: str
    renews_at: datetime | None
    limits: list[Allowance]
    quotas: list[Quota]
    storage: str
    storage_percent: int


class JobView(BaseModel):
    id: str
    kind: str
    status: Literal["running", "done", "failed"]
    percent: int
    message: str
    error: str
    result: dict[str, Any]


class Health(BaseModel):
    status: Literal["ready", "not ready"]
    checks: dict[str, str]


@router.get("/me", response_model=Me, tags=["account"], summary="Who this token speaks for")
async def me(auth: TokenAuth = Depends(needs("account", "read"))) -> Me:
    u = auth.user
    return Me(id=u.id, email=u.email, display_name=u.display_name, is_demo=u.is_demo, scopes=sorted(auth.scopes))


def _plan(user_id: int, is_demo: bool) -> Plan:
    from services.billing import LIMITS, billing_status
    from services.hosting.usage_card import usage_card

    status, card = billing_status(user_id), usage_card(user_id, is_demo)
    return Plan(plan=status.plan, source=status.source, status=status.status, renews_at=status.renews_at,
                limits=[Allowance(feature=k, label=v.label, allowed=v.allowed(status.plan), per_day=v.per_day)
                        for k, v in LIMITS.items()],
                quotas=[Quota(kind=r.kind, label=r.label, used=r.used, limit=r.limit, percent=r.percent) for r in card.rows],
                storage=card.storage_text, storage_percent=card.storage_percent)


@router.get("/me/plan", response_model=Plan, tags=["account"], summary="Plan, limits and today's usage")
async def plan(auth: TokenAuth = Depends(needs("account", "read"))) -> Plan:
    return await asyncio.to_thread(_plan, auth.user.id, auth.user.is_demo)


@router.get("/jobs/{job_id}", response_model=JobView, tags=["account"], responses={404: {}},
            summary="Status of long work started through the API (needs read access to the job's area)")
async def job(job_id: str = Path(..., max_length=64), auth: TokenAuth = Depends(needs(None))) -> JobView:
    found = await asyncio.to_thread(api_jobs.find, auth.user.id, job_id)
    if found is None or not auth.allows(found.area, "read"):
        raise not_found("That job")
    return JobView(id=found.id, kind=found.kind, status=found.status,  # type: ignore[arg-type]
                   percent=found.percent, message=found.message, error=found.error, result=found.result)


@router.get("/health", response_model=Health, tags=["health"], responses={503: {"model": Health}},
            summary="Readiness: database, migrations, scheduler (no token needed)")
async def health() -> Any:
    from services.health import readiness

    result = await asyncio.to_thread(readiness)
    body = Health(status="ready" if result.ready else "not ready", checks=result.checks)
    return JSONResponse(body.model_dump(), status_code=200 if result.ready else 503)

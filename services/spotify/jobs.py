"""Housekeeping for the Spotify connection: expired cache rows and spent authorizations."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, delete

from services.db import session_scope, utcnow
from services.job_results import JobResult
from services.scheduler import every, job
from services.spotify import cache
from services.spotify.models import SpotifyAuthRequest


@job("spotify.purge_cache", "Remove expired Spotify cache rows and old authorizations", every(hours=1))
def purge_cache() -> JobResult:
    rows = cache.purge_expired()
    with session_scope() as db:
        spent = db.exec(delete(SpotifyAuthRequest).where(  # type: ignore[call-overload]
            col(SpotifyAuthRequest.created_at) < utcnow() - timedelta(days=1))).rowcount
    return JobResult(summary=f"{rows} cached Spotify answers, {spent} old authorizations removed", done=rows + spent)

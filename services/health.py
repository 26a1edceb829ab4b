"""Health of the instance: readiness for the container's health check, and the
status page's view of each outside service (mode and reachability, cached).

Nothing here reveals a secret: only modes, host names and yes/no answers.
"""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

import httpx
from sqlalchemy import text

from services.cache import Cache
from services.config import SERVICE_KEYS, SERVICE_LABELS, get_settings
from services.db import get_engine, utcnow

LEADER_STALE = timedelta(seconds=60)
_MIGRATIONS_OK_FOR = 60.0
_SERVICES_CACHE_FOR = 60.0
_migrations_ok_at = 0.0


@dataclass(frozen=True)
class Readiness:
    ready: bool
    checks: dict[str, str]  # name -> "ok" or the reason it is not


def _database() -> str:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:
        return f"database unreachable: {type(exc).__name__}"


def _redis() -> str:
    """Redis answers a PING (only with `REDIS_URL`: state, rooms across workers, leader lock)."""
    url = get_settings().redis_url
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1.0, socket_timeout=1.0)
        try:
            client.ping()
        finally:
            client.close()
        return "ok"
    except Exception as exc:
        where = urlparse(url).netloc.rsplit("@", 1)[-1] or url.split("://", 1)[0]
        return f"redis unreachable at {where}: {type(exc).__name__}"


def _migrations() -> str:
    global _migrations_ok_at
    if time.monotonic() - _migrations_ok_at < _MIGRATIONS_OK_FOR:
        return "ok"
    from services.migrations import is_current

    try:
        if not is_current():
            return "migrations pending: run `python -m app.cli migrate`"
    except Exception as exc:
        return f"migration state unknown: {type(exc).__name__}"
    _migrations_ok_at = time.monotonic()
    return "ok"


def _leader() -> str:
    from services.scheduler import leader_heartbeat

    try:
        leader, at = leader_heartbeat()
    except Exception as exc:
        return f"scheduler state unknown: {type(exc).__name__}"
    if not leader or at is None:
        return "no scheduler leader yet"
    if utcnow() - at > LEADER_STALE:
        return f"scheduler leader silent since {at:%H:%M:%S} UTC"
    return "ok"


def readiness() -> Readiness:
    """Database and (when configured) Redis reachable, migrations current, a scheduler
    leader alive. A worker started while either is down stays not ready, saying which."""
    checks = {"database": _database()}
    if get_settings().redis_url:
        checks["redis"] = _redis()
    if all(v == "ok" for v in checks.values()):
        checks["migrations"] = _migrations()
        checks["scheduler"] = _leader()
    return Readiness(all(v == "ok" for v in checks.values()), checks)


@dataclass(frozen=True)
class ServiceStatus:
    key: str
    label: str
    mode: str  # live | demo
    reachable: str  # "yes" | "no" | "built-in"
    detail: str  # host checked or why it failed


def _base_url(service: str) -> str:
    s = get_settings()
    return {
        "spotify": s.spotify_api_base,
        "openai": s.openai_base_url or "https://api.openai.com/v1/",
        "replicate": s.replicate_base_url or "https://api.replicate.com/v1/",
        "stripe": s.stripe_api_base or "https://api.stripe.com/",
        "ticketmaster": s.ticketmaster_base_url,
        "bandsintown": s.bandsintown_base_url,
        "beatoven": s.beatoven_base_url,
    }.get(service, "")


def _probe(service: str) -> ServiceStatus:
    s = get_settings()
    label, mode = SERVICE_LABELS[service], s.mode(service)
    if mode == "demo":
        detail = "built-in test gateway: test mode — no money moves" if service == "stripe" else "offline default, no network needed"
        return ServiceStatus(service, label, mode, "built-in", detail)
    try:
        if service == "smtp":
            with socket.create_connection((s.smtp_host, s.smtp_port), timeout=3):
                pass
            return ServiceStatus(service, label, mode, "yes", f"{s.smtp_host}:{s.smtp_port}")
        url = _base_url(service)
        httpx.head(url, timeout=3.0)  # any HTTP answer (even 401/404) means it is reachable
        return ServiceStatus(service, label, mode, "yes", urlparse(url).netloc)
    except Exception as exc:
        return ServiceStatus(service, label, mode, "no", f"{type(exc).__name__}")


def service_statuses(refresh: bool = False) -> list[ServiceStatus]:
    """Every outside service's mode and reachability; probed at most once a minute."""
    if refresh:
        _statuses.clear()
    return _statuses.get_or_load("all", _probe_all)


def _probe_all() -> list[ServiceStatus]:
    with ThreadPoolExecutor(max_workers=len(SERVICE_KEYS)) as pool:
        return list(pool.map(_probe, SERVICE_KEYS))


_statuses: Cache[str, list[ServiceStatus]] = Cache(max_entries=1, ttl=_SERVICES_CACHE_FOR)

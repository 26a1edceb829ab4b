"""Fail fast on a misconfigured `DB_URL` or `REDIS_URL`.

A URL that can never work (a typo in the scheme, no host, a port that is not a
number, an unknown database driver) stops the process at start with one clear
line, instead of a worker that serves half-working pages and a traceback deep in
the first request. A URL that is right but whose server is down is a different
case: the worker starts, waits, and says so in `/readyz` (services.health).

Messages never repeat a password: URLs are shown with it masked.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from services.config import Settings, get_settings

DB_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg2", "postgresql+psycopg")
REDIS_SCHEMES = ("redis", "rediss", "unix")


class ConfigError(SystemExit):
    """A setting that can never work; the message says which and how it should look."""


def masked(url: str) -> str:
    """The URL with any password replaced by `***` (safe to log and show)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable>"
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    return url


def _port_problem(url: str) -> str:
    try:
        urlsplit(url).port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        return "its port is not a number between 1 and 65535"
    return ""


def db_url_problem(url: str) -> str:
    """Why `DB_URL` can never work, or "" (empty means the SQLite default)."""
    if not url:
        return ""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in DB_SCHEMES:
        return (f"DB_URL {masked(url)!r} is not a database URL this app speaks: it must start with "
                "postgresql+psycopg2:// (or postgresql://) or sqlite:///, "
                "e.g. postgresql+psycopg2://user:password@127.0.0.1:5432/sbm")
    if scheme == "sqlite":
        return ""
    parts = urlsplit(url)
    if not parts.hostname:
        return f"DB_URL {masked(url)!r} names no host (postgresql+psycopg2://user@HOST:5432/DATABASE)"
    if problem := _port_problem(url):
        return f"DB_URL {masked(url)!r}: {problem}"
    if not parts.path.strip("/"):
        return f"DB_URL {masked(url)!r} names no database (…:5432/DATABASE)"
    return ""


def redis_url_problem(url: str) -> str:
    """Why `REDIS_URL` can never work, or "" (empty means no Redis: one worker)."""
    if not url:
        return ""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in REDIS_SCHEMES:
        return (f"REDIS_URL {masked(url)!r} is not a Redis URL: it must start with redis://, rediss:// "
                "or unix://, e.g. redis://127.0.0.1:6379/0")
    parts = urlsplit(url)
    if scheme != "unix" and not parts.hostname:
        return f"REDIS_URL {masked(url)!r} names no host (redis://HOST:6379/0)"
    if problem := _port_problem(url):
        return f"REDIS_URL {masked(url)!r}: {problem}"
    db = parts.path.strip("/")
    if scheme != "unix" and db and not db.isdigit():
        return f"REDIS_URL {masked(url)!r}: the database after the port must be a number (redis://host:6379/0)"
    return ""


def check_urls(settings: Settings | None = None) -> None:
    """Raise `ConfigError` (exits with the message) when DB_URL or REDIS_URL can never work."""
    settings = settings or get_settings()
    problems = [p for p in (db_url_problem(settings.db_url_raw), redis_url_problem(settings.redis_url)) if p]
    if problems:
        raise ConfigError("Configuration error: " + "; ".join(problems))

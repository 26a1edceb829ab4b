"""Daily quotas per account and for the whole instance: the one API every area calls.

Kinds: `ai_tokens` (live Composer/Embedder calls), `ai_media` (live images, speech
clips and transcriptions, one per call), `beats` (live MusicGen
generations), `upload_bytes` (uploads, limits set in MB), `release_packs`, `emails`
(sent over SMTP). Each kind has a limit per account, a lower one for demo accounts,
and one for the whole instance (it protects the operator's API bill); all are
settings (`QUOTA_<KIND>`, `QUOTA_<KIND>_DEMO`, `QUOTA_<KIND>_INSTANCE`). Days are
UTC days; a refusal says when the quota resets.

How an area uses it, inside the unit of work that performs the action:

    from services import quotas
    with session_scope() as db:
        quotas.charge(db, user_id, "beats")            # raises QuotaExceeded(.message)
        ... do the thing ...

A call that may fail after it was counted spends inside `with quotas.spend(user_id, kind):`
(counted before, given back when the block raises).
`check(db, user_id, kind)` asks without counting (before a call whose cost is only
known afterwards, e.g. AI tokens), and `charge(..., force=True)` records what a call
already cost without ever refusing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from services import formatting
from services.accounts.models import User
from services.config import get_settings
from services.db import session_scope, utcnow
from services.counters import QuotaCounter

INSTANCE = "instance"
MB = 1024 * 1024


@dataclass(frozen=True)
class QuotaKind:
    key: str
    label: str  # "AI tokens"
    setting: str  # base name of the three settings
    noun: str = ""  # "AI tokens" in a sentence
    unit_bytes: bool = False  # settings in MB, counted in bytes

    def limits(self, is_demo: bool) -> tuple[int, int]:
        """(per-account limit, instance limit) in counted units."""
        s = get_settings()
        scale = MB if self.unit_bytes else 1
        account = getattr(s, f"{self.setting}_demo" if is_demo else self.setting)
        return int(account) * scale, int(getattr(s, f"{self.setting}_instance")) * scale

    def show(self, amount: int) -> str:
        """An amount of this quota as people read it: "1,234" or "12.3 MB"."""
        return formatting.size(amount, unit="megabyte") if self.unit_bytes else formatting.number(amount)


KINDS: dict[str, QuotaKind] = {
    k.key: k
    for k in (
        QuotaKind("ai_tokens", "AI tokens", "quota_ai_tokens", "AI tokens"),
        QuotaKind("ai_media", "AI images, speech and transcriptions", "quota_ai_media", "AI media calls"),
        QuotaKind("beats", "Beat generations", "quota_beats", "beat generations"),
        QuotaKind("upload_bytes", "Uploads", "quota_upload_mb", "uploads", unit_bytes=True),
        QuotaKind("release_packs", "Release packs", "quota_release_packs", "release packs"),
        QuotaKind("emails", "Emails", "quota_emails", "emails"),
    )
}


def day_of(now: datetime | None = None) -> str:
    return (now or utcnow()).astimezone(timezone.utc).strftime("%Y-%m-%d")


def resets_at(now: datetime | None = None) -> datetime:
    """The next UTC midnight: when every daily quota starts again."""
    now = (now or utcnow()).astimezone(timezone.utc)
    return datetime(now.year, now.month, now.day, tzinfo=timezone.utc) + timedelta(days=1)


def reset_text(now: datetime | None = None) -> str:
    """When the quotas reset: "00:00 UTC (in 5 hr 12 min)"."""
    at = resets_at(now)
    return f"{formatting.time(at)} UTC (in {formatting.span(at - (now or utcnow()))})"


class QuotaExceeded(Exception):
    """A daily quota is used up; `message` says which, and when it resets."""

    def __init__(self, kind: str, scope: str, limit: int, used: int, now: datetime | None = None) -> None:
        self.kind, self.scope, self.limit, self.used = kind, scope, limit, used
        self.resets_at = resets_at(now)
        q = KINDS[kind]
        if scope == INSTANCE:
            self.message = (
                f"Today's {q.noun} are used up for everyone on this instance today ({q.show(limit)} a day). "
                f"They reset at {reset_text(now)}."
            )
        else:
            self.message = (
                f"You have used today's {q.noun} ({q.show(used)} of {q.show(limit)}). "
                f"The quota resets at {reset_text(now)}."
            )
        super().__init__(self.message)


def _scopes(db: Session, user_id: int | None, kind: QuotaKind) -> list[tuple[str, int]]:
    is_demo = False
    if user_id is not None:
        is_demo = bool(db.exec(select(User.is_demo).where(User.id == user_id)).first())
    account, instance = kind.limits(is_demo)
    scopes = [(INSTANCE, instance)]
    if user_id is not None:
        scopes.insert(0, (f"user:{int(user_id)}", account))
    return scopes


def _used(db: Session, day: str, scope: str, kind: str) -> int:
    row = db.get(QuotaCounter, (day, scope, kind))
    return row.amount if row else 0


def _add(db: Session, day: str, scope: str, kind: str, amount: int) -> int:
    """Add `amount` atomically (an upsert); returns the new total."""
    table = QuotaCounter.__table__
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    stmt = insert(table).values(day=day, scope=scope, kind=kind, amount=amount, updated_at=utcnow())
    stmt = stmt.on_conflict_do_update(
        index_elements=["day", "scope", "kind"],
        set_={"amount": table.c.amount + amount, "updated_at": utcnow()},
    ).returning(table.c.amount)
    return int(db.execute(stmt).scalar_one())


def check(db: Session, user_id: int | None, kind: str, amount: int = 0, now: datetime | None = None) -> None:
    """Raise `QuotaExceeded` when `amount` more would pass a limit (or, for 0, when
    nothing is left); counts nothing."""
    q = KINDS[kind]
    day = day_of(now)
    for scope, limit in _scopes(db, user_id, q):
        used = _used(db, day, scope, kind)
        if (used + amount > limit) if amount else (used >= limit):
            raise QuotaExceeded(kind, scope, limit, used, now)


def charge(db: Session, user_id: int | None, kind: str, amount: int = 1, *, force: bool = False,
           now: datetime | None = None) -> None:
    """Count `amount` against the account's and the instance's quota of today.

    Raises `QuotaExceeded` (and counts nothing) when it would pass either limit,
    unless `force` (a cost already incurred, e.g. the tokens a live call used).
    """
    if amount <= 0:
        return
    q = KINDS[kind]
    day = day_of(now)
    scopes = _scopes(db, user_id, q)
    done: list[str] = []
    for scope, limit in scopes:
        total = _add(db, day, scope, kind, amount)
        done.append(scope)
        if total > limit and not force:
            for undo in done:  # compensate, so a refusal costs nothing
                db.execute(
                    update(QuotaCounter.__table__)
                    .where(col(QuotaCounter.day) == day, col(QuotaCounter.scope) == undo, col(QuotaCounter.kind) == kind)
                    .values(amount=QuotaCounter.__table__.c.amount - amount)
                )
            raise QuotaExceeded(kind, scope, limit, total - amount, now)


def refund(db: Session, user_id: int | None, kind: str, amount: int = 1, now: datetime | None = None) -> None:
    """Give back what `charge` counted for an action that then failed."""
    if amount <= 0:
        return
    day = day_of(now)
    for scope, _limit in _scopes(db, user_id, KINDS[kind]):
        table = QuotaCounter.__table__
        db.execute(
            update(table).where(table.c.day == day, table.c.scope == scope, table.c.kind == kind)
            .values(amount=func.max(table.c.amount - amount, 0) if db.get_bind().dialect.name == "sqlite"
                    else func.greatest(table.c.amount - amount, 0))
        )


def charge_now(user_id: int | None, kind: str, amount: int = 1, *, force: bool = False) -> None:
    """`charge` in its own unit of work (for callers without a session)."""
    with session_scope() as db:
        charge(db, user_id, kind, amount, force=force)


@contextmanager
def spend(user_id: int | None, kind: str, amount: int = 1) -> Iterator[None]:
    """Count `amount` before a paid call and give it back if the call raises.

    Raises `QuotaExceeded` before anything is sent when the quota is used up."""
    charge_now(user_id, kind, amount)
    try:
        yield
    except BaseException:
        with session_scope() as db:
            refund(db, user_id, kind, amount)
        raise


@dataclass(frozen=True)
class QuotaUsage:
    """One row of the account page's usage card."""

    kind: str
    label: str
    used: int
    limit: int
    used_text: str
    limit_text: str
    percent: int
    instance_used: int
    instance_limit: int


def usage(user_id: int, now: datetime | None = None) -> list[QuotaUsage]:
    """Today's use of every quota by the account (and by the instance)."""
    day = day_of(now)
    out = []
    with session_scope() as db:
        for q in KINDS.values():
            (scope, limit), (_, instance_limit) = _scopes(db, user_id, q)
            used = _used(db, day, scope, q.key)
            inst = _used(db, day, INSTANCE, q.key)
            out.append(
                QuotaUsage(q.key, q.label, used, limit, q.show(used), q.show(limit),
                           formatting.percent_of(used, limit), inst, instance_limit)
            )
    return out


def forget_account(db: Session, user_id: int) -> int:
    """Drop an account's counters (the instance totals stay); for account deletion."""
    rows = db.exec(select(QuotaCounter).where(QuotaCounter.scope == f"user:{int(user_id)}")).all()
    for row in rows:
        db.delete(row)
    return len(rows)


def purge_old(db: Session, keep_days: int = 35) -> int:
    """Counters older than `keep_days` are history nobody reads."""
    cutoff = day_of(utcnow() - timedelta(days=keep_days))
    rows = db.exec(select(QuotaCounter).where(col(QuotaCounter.day) < cutoff)).all()
    for row in rows:
        db.delete(row)
    return len(rows)

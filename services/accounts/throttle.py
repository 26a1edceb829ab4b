"""Sign-in throttling that slows guessing down without ever locking the owner out.

Every failed sign-in is recorded with its email and client address. Before a
password is checked, three backoffs are asked how long to wait; each allows a few
failures, then doubles its delay with every further failure (2 s, 4 s, 8 s ... at
most 15 minutes), counted over the last hour:

- one address against one account (`FREE_PER_PAIR`): a guesser slows down fast,
  while the owner, from any other address, is not slowed at all;
- one address against any accounts (`FREE_PER_ADDRESS`): stuffing many accounts;
- one account from several addresses (`FREE_PER_ACCOUNT`, only once `SPREAD`
  distinct addresses failed, so a single address can never trigger it), for browsers
  that never signed in to that account: a browser that did carries the signed
  device cookie and is not slowed by it.

A person is told how long to wait ("Try again in 8 s"), never that the account is
locked. At `NOTICE_AT` failures within the hour the owner gets an email.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, select

from services.accounts.models import LoginFailure
from services.db import as_utc, utcnow

WINDOW = timedelta(hours=1)
MAX_DELAY = 900.0
FREE_PER_PAIR = 3
FREE_PER_ADDRESS = 20
FREE_PER_ACCOUNT = 20
SPREAD = 3
NOTICE_AT = 10


def delay_after(failures: int, free: int) -> float:
    """Seconds to wait after `failures` recent failures when `free` are allowed."""
    if failures < free:
        return 0.0
    return min(MAX_DELAY, 2.0 ** (failures - free + 1))


@dataclass(frozen=True)
class _Tally:
    failures: int
    last: datetime | None


def _tally(db: Session, since: datetime, *conditions) -> _Tally:  # type: ignore[no-untyped-def]
    failures, last = db.exec(
        select(func.count(), func.max(LoginFailure.at)).where(col(LoginFailure.at) > since, *conditions)
    ).one()
    return _Tally(int(failures), as_utc(last))


def _wait(tally: _Tally, free: int, now: datetime) -> float:
    if tally.last is None:
        return 0.0
    return max(0.0, (tally.last + timedelta(seconds=delay_after(tally.failures, free)) - now).total_seconds())


def seconds_to_wait(db: Session, email: str, address: str, *, known_device: bool = False,
                    now: datetime | None = None) -> int:
    """Whole seconds before this address may try this account again; 0 when it may now."""
    now = now or utcnow()
    since = now - WINDOW
    waits = [
        _wait(_tally(db, since, LoginFailure.email == email, LoginFailure.address == address), FREE_PER_PAIR, now),
        _wait(_tally(db, since, LoginFailure.address == address), FREE_PER_ADDRESS, now) if address else 0.0,
    ]
    if not known_device:
        spread = db.exec(
            select(func.count(func.distinct(LoginFailure.address)))
            .where(LoginFailure.email == email, col(LoginFailure.at) > since)
        ).one()
        if int(spread) >= SPREAD:
            waits.append(_wait(_tally(db, since, LoginFailure.email == email), FREE_PER_ACCOUNT, now))
    return math.ceil(max(waits))


def record_failure(db: Session, email: str, address: str, now: datetime | None = None) -> int:
    """Count one failed attempt; returns the account's failures within the window."""
    now = now or utcnow()
    db.add(LoginFailure(email=email[:254], address=address[:64], at=now))
    db.flush()
    return _tally(db, now - WINDOW, LoginFailure.email == email).failures


def clear_failures(db: Session, email: str, address: str) -> None:
    """A successful sign-in forgives this address's failures for the account (not the
    others': a guesser elsewhere gains nothing when the owner signs in)."""
    db.exec(delete(LoginFailure).where(LoginFailure.email == email, LoginFailure.address == address))  # type: ignore[call-overload]


def purge_old_failures(db: Session, now: datetime | None = None) -> int:
    """Drop failures older than the window; returns how many were removed."""
    cutoff = (now or utcnow()) - WINDOW
    count = db.exec(select(func.count()).select_from(LoginFailure).where(col(LoginFailure.at) < cutoff)).one()
    db.exec(delete(LoginFailure).where(col(LoginFailure.at) < cutoff))  # type: ignore[call-overload]
    return int(count)

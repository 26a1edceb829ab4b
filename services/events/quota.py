"""Our side of an API's limits: a token bucket (requests per second, the app's one
limiter `services.ratelimit.take`) and a daily counter in the database, so every
worker and the scheduler share them.

Both are atomic (refill-and-take, increment-below-limit), so two processes can never
both spend the last token.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from services.db import session_scope
from services.events.errors import QuotaExhausted, RateLimited
from services import ratelimit
from services.events.models import ApiQuotaDay

Clock = Callable[[], float]


@dataclass
class RateLimiter:
    """`rate` requests per second with bursts up to `burst`, plus `daily_limit` per UTC day."""

    service: str
    rate: float
    burst: float
    daily_limit: int
    clock: Clock = time.time
    sleep: Callable[[float], None] = time.sleep
    max_wait: float = 5.0  # longest we queue for a token before giving up
    _spent: list[float] = field(default_factory=list, repr=False)

    def _try_take(self) -> bool:
        """One token from the service's bucket in the app's one rate limiter."""
        return ratelimit.take(f"api:{self.service}", self.burst, self.rate, now=self.clock()) == 0.0

    def acquire(self) -> None:
        """Wait for a token (at most `max_wait` s) then count today's request; raises
        `RateLimited` or `QuotaExhausted` instead of calling the API."""
        waited = 0.0
        while not self._try_take():
            if waited >= self.max_wait:
                raise RateLimited(self.service, message=f"Too many {self.service.title()} requests right now; try again shortly.")
            step = 1.0 / self.rate
            self.sleep(step)
            waited += step
        self.count_today()

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock(), timezone.utc).date()

    def count_today(self) -> int:
        """Add one request to today's counter; `QuotaExhausted` when it is already full."""
        day = self.today()
        with session_scope() as db:
            result = db.exec(  # type: ignore[call-overload]
                update(ApiQuotaDay)
                .where(col(ApiQuotaDay.service) == self.service, col(ApiQuotaDay.day) == day, col(ApiQuotaDay.used) < self.daily_limit)
                .values(used=ApiQuotaDay.used + 1)
            )
            if result.rowcount:
                row = db.get(ApiQuotaDay, (self.service, day))
                return row.used if row else 0
            if db.get(ApiQuotaDay, (self.service, day)) is None and self.daily_limit > 0:
                try:
                    with db.begin_nested():
                        db.add(ApiQuotaDay(service=self.service, day=day, used=1))
                    return 1
                except IntegrityError:
                    pass
        raise QuotaExhausted(self.service, self.daily_limit)

    def used_today(self) -> int:
        """Requests counted so far today (for the System panel)."""
        with session_scope() as db:
            row = db.get(ApiQuotaDay, (self.service, self.today()))
            return row.used if row else 0


def ticketmaster_limiter(**overrides: object) -> RateLimiter:
    """Ticketmaster Discovery: 5 requests/s, 5,000 requests/day."""
    params: dict[str, object] = {"service": "ticketmaster", "rate": 5.0, "burst": 5.0, "daily_limit": 5000}
    params.update(overrides)
    return RateLimiter(**params)  # type: ignore[arg-type]

"""A job for the restart tests: it sleeps `SLOW_JOB_SECONDS`, then notes that it finished."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from apscheduler.triggers.interval import IntervalTrigger

from services.scheduler import job

DONE_FILE = Path(os.environ["DATA_DIR"]) / "slow-job-finished.txt"


@job("test.slow", "A slow test job", IntervalTrigger(seconds=1))
async def slow_job() -> str:
    await asyncio.sleep(float(os.environ.get("SLOW_JOB_SECONDS", "0")))
    with DONE_FILE.open("a") as out:
        out.write(f"{os.getpid()}\n")
    return "slow job finished"

"""Rate limits hold across workers: with `REDIS_URL` every process draws from the same
bucket in Redis (services/ratelimit.py), so two workers together allow what one does."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = "redis://127.0.0.1:6379/12"
WORKER = """
import sys
from services import ratelimit
allowed = 0
for _ in range(int(sys.argv[2])):
    try:
        ratelimit.hit("signin", ip=sys.argv[1])
        allowed += 1
    except ratelimit.RateLimited:
        pass
print(allowed)
"""


@pytest.mark.redis
def test_two_worker_processes_share_one_bucket_in_redis(tmp_path: Path) -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({exc}): shared rate limits need it")
    ip = f"203.0.113.{uuid.uuid4().int % 250}-{uuid.uuid4().hex[:6]}"
    env = {**os.environ, "REDIS_URL": REDIS_URL, "RATE_SIGNIN_PER_MINUTE": "20", "DATA_DIR": str(tmp_path)}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, ip, "15"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, text=True) for _ in range(2)]
    allowed = [int(w.communicate(timeout=60)[0].strip()) for w in workers]
    # 30 attempts in well under a minute: the bucket of 20 holds across both (a refill of a token or so at most).
    assert 20 <= sum(allowed) <= 21, allowed
    assert min(allowed) > 0

"""Start and stop the real app (`reflex run --env prod`) on a free port against its
own data directory: used by the e2e fixture and by the benchmarks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningApp:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def backend_rss_mb(self) -> float:
        """Resident memory of the backend worker processes (children of the `reflex run` CLI), in MB."""
        workers = psutil.Process(self.process.pid).children(recursive=True)
        return sum(p.memory_info().rss for p in workers) / 2**20

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def start_app(
    data_dir: Path, extra_env: dict[str, str] | None = None, timeout: float = 600,
    *, setup: bool = True, backend_only: bool = False, log_name: str = "app", port: int | None = None,
) -> RunningApp:
    """Migrate and seed `data_dir`, start the app in production mode, wait until it answers.

    `setup=False` reuses a data dir another running app already set up; `backend_only`
    starts a second backend (no frontend build, so it never rewrites `.web/` under
    a running app) that answers `/ping` and `/_event` on its own port; `port` starts it
    again where a stopped one was (a restart)."""
    port = port or free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "PORT": str(port),
        "APP_ENV": "test",
        "REFLEX_USE_SYSTEM_BUN": "1",
        "PYTHONUNBUFFERED": "1",
        # Every browser in the suite comes from 127.0.0.1: the per-address limits of a
        # public instance would stop the suite, so they are raised (their tests are unit tests).
        "RATE_SIGNUP_PER_HOUR": "100000", "RATE_DEMO_PER_HOUR": "100000", "RATE_SIGNIN_PER_MINUTE": "100000",
        **(extra_env or {}),
    }
    if backend_only:
        env["REFLEX_FRONTEND_PORT"] = "0"  # rxconfig sets it from PORT; `--backend-only` refuses any
    if setup:
        subprocess.run([sys.executable, "-m", "app.cli", "setup"], cwd=ROOT, env=env, check=True, capture_output=True)
    log_path = data_dir.parent / f"{data_dir.name}-{log_name}.log"
    log_file = open(log_path, "ab")  # noqa: SIM115 - lives as long as the app
    reflex = str(Path(sys.executable).parent / "reflex")
    process = subprocess.Popen(
        [reflex, "run", "--env", "prod", "--backend-port", str(port)]
        + (["--backend-only"] if backend_only else ["--frontend-port", str(port)]),
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
    )
    app = RunningApp(f"http://localhost:{port}", data_dir, process, log_path)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited while starting:\n{app.log()[-4000:]}")
        try:
            if httpx.get(f"{app.url}/ping", timeout=2).status_code == 200 and (
                backend_only or httpx.get(app.url, timeout=5).status_code == 200
            ):
                return app
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            app.stop()
            raise RuntimeError(f"the app did not start in time:\n{app.log()[-4000:]}")
        time.sleep(0.5)

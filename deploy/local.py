"""The scale topology on one machine, without containers (`make scale N=2`).

PostgreSQL and Redis from the system's packages (started when they are not
running), N backend workers (each its own Granian process with one worker, so a
`kill -9` takes one worker, not the app; see REFLEX_NOTES "Several workers"),
nginx in front carrying the websockets on one port, and one shared data dir
(media, secret key) for all workers. The frontend is built once, before the
workers start, and every worker serves the same build (its pages pass through
the app's security headers, so the CSP hashes stay right).

    python -m deploy.local up --workers 2 --port 8080     # foreground; Ctrl-C stops all
    python -m deploy.local up --workers 2 --detach        # returns; `down` stops
    python -m deploy.local down

Benchmarks and fault tests drive the same code through `Topology`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import httpx

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / "data" / "scale-run"
DB_NAME = "sbm_scale"
PG_PORT = 5432
REDIS = "redis://127.0.0.1:6379/3"


def pg_url(database: str, port: int = PG_PORT) -> str:
    return f"postgresql+psycopg2://postgres@127.0.0.1:{port}/{database}"


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sudo() -> list[str]:
    return [] if os.geteuid() == 0 else ["sudo"]


def ensure_postgres(database: str, port: int = PG_PORT) -> str:
    """Start the system's PostgreSQL when it is down (on its own port: another, e.g. a fault
    test's private server, must be up already); create `database`; return its URL."""
    if not port_open(port) and port == PG_PORT:
        clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout.split()
        if len(clusters) < 2:
            raise SystemExit("PostgreSQL is not running and no cluster was found (apt-get install postgresql)")
        subprocess.run([*_sudo(), "pg_ctlcluster", clusters[0], clusters[1], "start"], check=True)
        _wait(lambda: port_open(5432), 30, "PostgreSQL on 127.0.0.1:5432")
    psql = ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
    exists = subprocess.run(
        [*psql, "-Atc", f"SELECT 1 FROM pg_database WHERE datname='{database}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run([*psql, "-c", f'CREATE DATABASE "{database}"'],
                       check=True, capture_output=True)
    return pg_url(database, port)


def ensure_redis() -> None:
    """Start a Redis server on 127.0.0.1:6379 when none answers."""
    if port_open(6379):
        return
    if shutil.which("redis-server") is None:
        raise SystemExit("Redis is not running and redis-server is not installed (apt-get install redis-server)")
    subprocess.run(["redis-server", "--bind", "127.0.0.1", "--port", "6379", "--daemonize", "yes",
                    "--save", "", "--appendonly", "no"], check=True)
    _wait(lambda: port_open(6379), 15, "Redis on 127.0.0.1:6379")


def _wait(ready, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not come up within {timeout:.0f} s")
        time.sleep(0.3)


@dataclass
class Worker:
    index: int
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        """The Granian parent and its worker process."""
        import psutil

        if self.process is None or self.process.poll() is not None:
            return []
        parent = psutil.Process(self.process.pid)
        return [parent.pid] + [c.pid for c in parent.children(recursive=True)]


@dataclass
class Topology:
    """N workers behind nginx over PostgreSQL and Redis (see the module docstring)."""

    workers: int = 2
    port: int = 8080
    run_dir: Path = RUN_DIR
    database: str = DB_NAME
    redis_url: str = REDIS
    pg_port: int = PG_PORT
    extra_env: dict[str, str] = field(default_factory=dict)
    serve_pages: bool = True  # False: backend only (websocket clients, no frontend build needed)
    nodes: list[Worker] = field(default_factory=list)
    proxy: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def env(self) -> dict[str, str]:
        data_dir = self.run_dir / "data"
        return {
            **os.environ,
            "DB_URL": pg_url(self.database, self.pg_port),
            "REDIS_URL": self.redis_url,
            "APP_URL": self.url,
            "PORT": str(self.port),
            "DATA_DIR": str(data_dir),
            "MEDIA_ROOT": str(data_dir / "media"),  # the shared volume
            "APP_ENV": os.environ.get("APP_ENV", "production"),
            "SECRET_KEY": os.environ.get("SECRET_KEY") or self._secret(),
            "TRUSTED_PROXIES": "127.0.0.1",
            "REFLEX_USE_SYSTEM_BUN": "1",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    def _secret(self) -> str:
        """One secret key for every worker (sessions and tokens must verify on all)."""
        key = self.run_dir / "secret_key"
        if not key.exists():
            import secrets

            self.run_dir.mkdir(parents=True, exist_ok=True)
            key.write_text(secrets.token_urlsafe(48))
            key.chmod(0o600)
        return key.read_text().strip()

    def prepare(self, *, build: bool = True) -> None:
        """Services up, database created and migrated, demo seeded, frontend built once."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        ensure_postgres(self.database, self.pg_port)
        ensure_redis()
        env = self.env()
        py = sys.executable
        _run([py, "-m", "app.cli", "setup"], env, self.run_dir / "setup.log")
        if build:
            reflex = str(Path(py).parent / "reflex")
            _run([reflex, "export", "--frontend-only", "--no-zip", "--env", "prod"], env, self.run_dir / "build.log")

    def start_worker(self, index: int, port: int | None = None) -> Worker:
        """One Granian process (one worker) serving the app and the built frontend."""
        worker = Worker(index, port or free_port())
        # As Reflex's own production backend does: the frontend was built once by `prepare`;
        # workers compiling at start would write the same tree (reflex.lock, .web) at once and
        # one reads the other's half-written package.json.
        env = {**self.env(), "SBM_WORKER": f"w{index}", "__REFLEX_SKIP_COMPILE": "true"}
        if self.serve_pages:
            env["__REFLEX_MOUNT_FRONTEND_COMPILED_APP"] = "true"
        granian = str(Path(sys.executable).parent / "granian")
        log = open(self.run_dir / f"worker-{index}.log", "ab")  # noqa: SIM115 - lives with the process
        worker.process = subprocess.Popen(
            [granian, "--interface", "asgi", "--factory", "--host", "127.0.0.1", "--port", str(worker.port),
             "--workers", "1", "app.app:app"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        return worker

    def write_proxy_config(self) -> Path:
        servers = "\n".join(f"        server 127.0.0.1:{w.port} max_fails=1 fail_timeout=5s;" for w in self.nodes)
        text = Template((ROOT / "deploy" / "nginx.conf.tmpl").read_text()).safe_substitute(
            run_dir=str(self.run_dir), port=str(self.port), servers=servers,
            upload_max_mb=self.env().get("UPLOAD_MAX_MB", "210"),
        )
        conf = self.run_dir / "nginx.conf"
        conf.write_text(text)
        return conf

    def start_proxy(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit("nginx is not installed (apt-get install nginx-light)")
        conf = self.write_proxy_config()
        subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(self.run_dir)], check=True)
        log = open(self.run_dir / "nginx.log", "ab")  # noqa: SIM115
        self.proxy = subprocess.Popen([nginx, "-c", str(conf), "-p", str(self.run_dir)],
                                      stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def reload_proxy(self) -> None:
        """Rewrite the upstream list (a worker added or replaced) and reload nginx without dropping sockets."""
        self.write_proxy_config()
        if self.proxy is not None:
            self.proxy.send_signal(signal.SIGHUP)

    def start(self, timeout: float = 240) -> None:
        """Workers, then the proxy; returns when every worker and the proxy say ready."""
        if port_open(self.port):
            raise SystemExit(f"port {self.port} is taken: stop what runs there or pick --port")
        self.nodes = [self.start_worker(i + 1) for i in range(self.workers)]
        self.start_proxy()
        for w in self.nodes:
            self.wait_ready(w, timeout)
        _wait(lambda: _ready(self.url), 30, f"the proxy on {self.url}")
        self.save_state()

    def wait_ready(self, worker: Worker, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while not _ready(worker.url):
            if worker.process is not None and worker.process.poll() is not None:
                log = (self.run_dir / f"worker-{worker.index}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"worker {worker.index} exited while starting:\n{log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker {worker.index} not ready in {timeout:.0f} s: {_readyz(worker.url)}")
            time.sleep(0.5)

    def kill_worker(self, worker: Worker, sig: int = signal.SIGKILL) -> None:
        """Kill a worker's whole process group (kill -9 by default: the fault tests)."""
        if worker.process is not None:
            try:
                os.killpg(worker.process.pid, sig)
            except ProcessLookupError:
                pass
            try:
                worker.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.process.pid, signal.SIGKILL)
                worker.process.wait(timeout=10)

    def stop(self) -> None:
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.send_signal(signal.SIGQUIT)
            try:
                self.proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
        for w in self.nodes:
            self.kill_worker(w, signal.SIGTERM)
        (self.run_dir / "topology.json").unlink(missing_ok=True)

    def save_state(self) -> None:
        state = {"port": self.port, "proxy": self.proxy.pid if self.proxy else None,
                 "workers": [{"port": w.port, "pid": w.process.pid if w.process else None} for w in self.nodes]}
        (self.run_dir / "topology.json").write_text(json.dumps(state))


def _readyz(url: str) -> dict:
    try:
        response = httpx.get(f"{url}/readyz", timeout=3)
        return response.json() | {"http": response.status_code}
    except (httpx.HTTPError, ValueError) as exc:
        return {"error": type(exc).__name__}


def _ready(url: str) -> bool:
    return _readyz(url).get("http") == 200


def _run(cmd: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("wb") as out:
        done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd[1:3])} failed (exit {done.returncode}); see {log}:\n"
                         + log.read_text(errors="replace")[-2000:])


def down(run_dir: Path = RUN_DIR) -> None:
    """Stop what a detached `up` started (its process groups, by the pids it recorded)."""
    state_file = run_dir / "topology.json"
    if not state_file.exists():
        print("nothing to stop")
        return
    state = json.loads(state_file.read_text())
    for pid, sig in [(state.get("proxy"), signal.SIGQUIT)] + [(w["pid"], signal.SIGTERM) for w in state["workers"]]:
        if pid:
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                pass
    state_file.unlink()
    print("stopped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("up")
    up.add_argument("--workers", type=int, default=2)
    up.add_argument("--port", type=int, default=8080)
    up.add_argument("--detach", action="store_true")
    up.add_argument("--no-build", action="store_true", help="reuse the frontend already in .web/build")
    sub.add_parser("down")
    args = parser.parse_args()
    if args.cmd == "down":
        down()
        return
    topo = Topology(workers=args.workers, port=args.port)
    topo.prepare(build=not args.no_build)
    try:
        topo.start()
    except BaseException:
        topo.stop()
        raise
    print(f"ready: {topo.url}  ({args.workers} workers: "
          + ", ".join(w.url for w in topo.nodes) + f"; logs in {topo.run_dir})")
    if args.detach:
        return
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    try:
        while not stop:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        topo.stop()
        print("stopped")


if __name__ == "__main__":
    main()

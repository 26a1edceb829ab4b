"""A PostgreSQL server of a test's own (a throw-away cluster on a free port), so a fault
test can crash and restart it while the system's server other tests use stays up."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy.local import free_port


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres() -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the `postgres` user."""
    if os.geteuid() != 0:
        return [] if os.environ.get("USER") == "postgres" else ["sudo", "-n", "-u", "postgres"]
    return ["runuser", "-u", "postgres", "--"]


@dataclass
class PrivatePostgres:
    port: int
    data: Path

    @classmethod
    def create_or_skip(cls) -> PrivatePostgres:
        """initdb a cluster (trust auth, user `postgres`) in a fresh folder and start it."""
        initdb = _bin("initdb")
        if initdb is None or _bin("pg_ctl") is None:
            pytest.skip("PostgreSQL's server tools (initdb, pg_ctl) are not installed")
        folder = Path(tempfile.mkdtemp(prefix="sbm-pg-"))
        server = cls(free_port(), folder / "cluster")
        try:
            shutil.chown(folder, "postgres")
        except (LookupError, PermissionError) as exc:
            pytest.skip(f"cannot hand a folder to the postgres user ({exc})")
        made = subprocess.run([*_as_postgres(), initdb, "-D", str(server.data), "-U", "postgres", "--auth=trust",
                               "-E", "UTF8", "--no-sync"], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(f"initdb failed: {made.stderr.strip()[-300:]}")
        server.start()
        return server

    def _ctl(self, *args: str) -> None:
        subprocess.run([*_as_postgres(), str(_bin("pg_ctl")), "-D", str(self.data), *args],
                       check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-l", str(self.data / "server.log"), "-o", options, "-w", "start")

    def crash(self) -> None:
        """Stop at once, as a crash would: every connection is cut, nothing is flushed politely."""
        self._ctl("-m", "immediate", "stop")

    def stop(self) -> None:
        try:
            self._ctl("-m", "fast", "stop")
        except subprocess.CalledProcessError:
            pass  # already down
        shutil.rmtree(self.data.parent, ignore_errors=True)

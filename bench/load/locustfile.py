"""HTTP load on the scale topology with locust: page loads and the health routes, as
visitors arriving at the landing page and the public party and events pages do.
The live side (websocket events, party rooms) is `members.py`, driven by bench/scale.py.

    make scale N=2 &                      # the topology on :8080 (pages built)
    .venv/bin/locust -f bench/load/locustfile.py --headless -u 50 -r 10 -t 60s --host http://localhost:8080

Bounded by `-u` (users) and `-t` (time); loopback only. Each page's scripts and styles
are fetched once per user, as a browser's cache would.
"""

from __future__ import annotations

import re

from locust import HttpUser, between, task

ASSET = re.compile(r'(?:src|href)="(/assets/[^"]+)"')


class Visitor(HttpUser):
    """Someone browsing the public pages (no sign-in: that runs over the websocket)."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.seen: set[str] = set()

    def _page(self, path: str) -> None:
        with self.client.get(path, name=path.split("?")[0], catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{path}: {response.status_code}")
                return
            for asset in ASSET.findall(response.text):
                if asset not in self.seen:
                    self.seen.add(asset)
                    self.client.get(asset, name="/assets/*")

    @task(5)
    def landing(self) -> None:
        self._page("/")

    @task(2)
    def party_lobby(self) -> None:
        self._page("/party")

    @task(2)
    def sign_in_page(self) -> None:
        self._page("/login")

    @task(1)
    def ready(self) -> None:
        self.client.get("/readyz", name="/readyz")

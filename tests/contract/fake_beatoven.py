"""A fake Beatoven.ai public API: compose requests that move composing -> running ->
composed (or failed) over a few polls, the track served from the fake itself, and
the error answers for a bad key, the rate limit and used-up credits."""

from __future__ import annotations

import itertools
from typing import Any

from tests.fakeapi import FakeAPI, Request, Response

KEY = "bt_test_key"


class FakeBeatoven(FakeAPI):
    """`outcome` decides what the next composition does: "succeed", "fail", "auth" (401),
    "rate" (429) or "credits" (402)."""

    def __init__(self, audio: bytes, polls_before_done: int = 2) -> None:
        super().__init__()
        self.audio = audio
        self.polls_before_done = polls_before_done
        self.outcome = "succeed"
        self.tasks: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self.route("POST", r"/api/v1/tracks/compose")(self._compose)
        self.route("GET", r"/api/v1/tasks/(?P<id>[\w-]+)")(self._task)
        self.route("GET", r"/tracks/(?P<name>[\w.-]+)")(self._download)

    def _authorised(self, req: Request) -> bool:
        return req.headers.get("authorization") == f"Bearer {KEY}" and self.outcome != "auth"

    def _compose(self, req: Request) -> Response:
        if not self._authorised(req):
            return Response.json({"error": "Invalid API key"}, 401)
        if self.outcome == "rate":
            return Response.json({"error": "Too many requests"}, 429)
        if self.outcome == "credits":
            return Response.json({"error": "No credits left on this plan"}, 402)
        body = req.json()
        if not (body.get("prompt") or {}).get("text"):
            return Response.json({"error": "prompt.text is required"}, 400)
        task = f"task-{next(self._ids)}_1"
        self.tasks[task] = {"polls": 0, "outcome": self.outcome, "format": body.get("format", "mp3"), "body": body}
        return Response.json({"status": "started", "task_id": task})

    def _task(self, req: Request) -> Response:
        if not self._authorised(req):
            return Response.json({"error": "Invalid API key"}, 401)
        assert req.match is not None
        task = self.tasks.get(req.match["id"])
        if task is None:
            return Response.json({"error": "task not found"}, 404)
        task["polls"] += 1
        if task["polls"] < self.polls_before_done:
            return Response.json({"status": "composing" if task["polls"] == 1 else "running"})
        if task["outcome"] == "fail":
            return Response.json({"status": "failed", "error": "composition failed"})
        name = f"{req.match['id']}.{task['format']}"
        return Response.json({"status": "composed", "meta": {
            "project_id": "p1", "track_id": "t1", "prompt": task["body"]["prompt"], "version": 1,
            "track_url": f"{self.url}/tracks/{name}", "stems_url": {}}})

    def _download(self, req: Request) -> Response:
        return Response(200, self.audio, {"Content-Type": "audio/wav"})

    def composed_prompts(self) -> list[str]:
        return [r.json()["prompt"]["text"] for r in self.calls("POST", r"^/api/v1/tracks/compose$")]

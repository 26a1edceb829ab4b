"""A fake Replicate API for the real `replicate` client: file uploads, predictions
that move starting -> processing -> succeeded/failed over a few polls, output files
served from the fake itself, and the error answers Replicate gives for quota,
billing and auth problems."""

from __future__ import annotations

import base64
import itertools
import json
from typing import Any

from tests.fakeapi import FakeAPI, Request, Response

TOKEN = "r8_test_token"


class FakeReplicate(FakeAPI):
    """`outcome` decides what the next prediction does: "succeed", "succeed_data_uri",
    "fail", "quota" (429), "billing" (402) or "auth" (401)."""

    def __init__(self, audio: bytes, polls_before_done: int = 2) -> None:
        super().__init__()
        self.audio = audio
        self.polls_before_done = polls_before_done
        self.outcome = "succeed"
        self.predictions: dict[str, dict[str, Any]] = {}
        self.polls: dict[str, int] = {}
        self.uploads: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self.route("POST", r"/v1/predictions")(self._create)
        self.route("GET", r"/v1/predictions/(?P<id>\w+)")(self._get)
        self.route("POST", r"/v1/files")(self._upload)
        self.route("GET", r"/files/(?P<name>[\w.]+)")(self._download)

    def _problem(self, status: int, title: str, detail: str) -> Response:
        return Response.json({"type": "about:blank", "title": title, "status": status, "detail": detail}, status)

    def _create(self, req: Request) -> Response:
        if req.headers.get("authorization") != f"Bearer {TOKEN}" or self.outcome == "auth":
            return self._problem(401, "Unauthenticated", "You did not pass a valid authentication token")
        if self.outcome == "billing":
            return self._problem(402, "Insufficient credit", "You have insufficient credit to run this model. Go to https://replicate.com/account/billing to purchase credit.")
        if self.outcome == "quota":
            return self._problem(429, "Request was throttled", "Your rate limit for prediction creation is reduced while you have less than $5.0 in credit.")
        body = req.json()
        pid = f"p{next(self._ids)}"
        self.predictions[pid] = {
            "id": pid, "model": "meta/musicgen", "version": body["version"], "status": "starting",
            "input": body["input"], "output": None, "logs": "", "error": None, "metrics": {},
            "created_at": "2026-01-01T00:00:00Z", "started_at": None, "completed_at": None,
            "urls": {"get": f"{self.url}/v1/predictions/{pid}", "cancel": f"{self.url}/v1/predictions/{pid}/cancel"},
            "outcome": self.outcome,
        }
        self.polls[pid] = 0
        return Response.json(self._public(pid), 201)

    def _public(self, pid: str) -> dict[str, Any]:
        return {k: v for k, v in self.predictions[pid].items() if k != "outcome"}

    def _get(self, req: Request) -> Response:
        assert req.match is not None
        pid = req.match["id"]
        if pid not in self.predictions:
            return self._problem(404, "Not found", "no such prediction")
        pred = self.predictions[pid]
        self.polls[pid] += 1
        if self.polls[pid] < self.polls_before_done:
            pred["status"] = "processing"
        elif pred["status"] in ("starting", "processing"):
            ext = pred["input"].get("output_format", "wav")
            if pred["outcome"] == "fail":
                pred.update(status="failed", error="CUDA out of memory")
            elif pred["outcome"] == "succeed_data_uri":
                pred.update(status="succeeded",
                            output=f"data:audio/{ext};base64," + base64.b64encode(self.audio).decode())
            else:
                pred.update(status="succeeded", output=f"{self.url}/files/{pid}.{ext}")
            pred["completed_at"] = "2026-01-01T00:00:09Z"
        return Response.json(self._public(pid))

    def _upload(self, req: Request) -> Response:
        name = f"upload{next(self._ids)}.wav"
        self.uploads[name] = req.body
        return Response.json({
            "id": name, "name": name, "content_type": "audio/wav", "size": len(req.body), "etag": "x",
            "checksums": {}, "metadata": {}, "created_at": "2026-01-01T00:00:00Z", "expires_at": None,
            "urls": {"get": f"{self.url}/files/{name}"},
        }, 201)

    def _download(self, req: Request) -> Response:
        assert req.match is not None
        if req.match["name"] in self.uploads:
            return Response(200, self.uploads[req.match["name"]], {"Content-Type": "audio/wav"})
        return Response(200, self.audio, {"Content-Type": "audio/wav"})

    def created_inputs(self) -> list[dict[str, Any]]:
        return [json.loads(r.body)["input"] for r in self.calls("POST", r"^/v1/predictions$")]

"""Beatoven.ai as a beat generator: its tracks may be released commercially under the
artist's Beatoven plan, unlike MusicGen's non-commercial weights.

The public API (https://public-api.beatoven.ai, `Authorization: Bearer <key>`):
`POST /api/v1/tracks/compose` with `{"prompt": {"text": ...}, "format": "wav",
"looping": false}` answers `{"status": "started", "task_id": ...}`; then
`GET /api/v1/tasks/<task_id>` answers `{"status": "composing" | "running" |
"composed" | "failed", "meta": {"track_url": ...}}` and the track is downloaded from
`track_url`. There is no official Python client, so this is plain httpx; the
contract test runs it against `tests/contract/fake_beatoven.py`.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from services import metrics
from services.label.beatmaker import BEATOVEN_LICENCE, BeatError, BeatRequest, BeatResult, Progress

MAX_SECONDS = 150.0  # one composition; longer beats are joined from several


def beatoven_prompt(request: BeatRequest, seconds: float) -> str:
    """The text Beatoven composes from: length, feel, tempo and key in words."""
    facts = (f"{round(seconds)} seconds {request.mood} {request.genre} instrumental beat at "
             f"{round(request.bpm)} BPM in {request.key}")
    extra = request.prompt.strip().rstrip(".")
    return f"{facts}, {extra}" if extra else facts


def _friendly(status: int, detail: str) -> str:
    if status == 401:
        return "Beatoven.ai rejected the API key. Check BEATOVEN_API_KEY."
    if status == 429:
        return "Beatoven.ai's rate limit was reached. Wait a minute and try again, or use the local synth."
    if status in (402, 403):
        return "Beatoven.ai says the plan has no composition credit left. Top it up, or use the local synth."
    if status in (400, 422):
        return f"Beatoven.ai refused the request: {detail or 'invalid input'}."
    return f"Beatoven.ai could not make the beat ({status}): {detail or 'no details'}."


class BeatovenComposer:
    """One composition per request through Beatoven.ai's public API."""

    source = "beatoven"
    label = "Beatoven.ai"
    licence = BEATOVEN_LICENCE
    max_seconds = MAX_SECONDS

    def __init__(self, api_key: str, base_url: str = "https://public-api.beatoven.ai", poll_interval: float = 3.0,
                 timeout_s: float = 600.0) -> None:
        self.base = base_url.rstrip("/")
        self.poll_interval = poll_interval
        self.timeout_s = timeout_s
        self.http = httpx.Client(timeout=60.0, headers={"Authorization": f"Bearer {api_key}"},
                                 transport=metrics.counting_transport("beatoven"))

    def _call(self, method: str, path: str, **kwargs: object) -> dict:
        try:
            resp = self.http.request(method, f"{self.base}{path}", **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise BeatError(f"Could not reach Beatoven.ai: {type(exc).__name__}") from exc
        if resp.status_code >= 400:
            try:
                detail = str(resp.json().get("error") or resp.json().get("detail") or "")
            except ValueError:
                detail = resp.text[:200]
            raise BeatError(_friendly(resp.status_code, detail))
        try:
            return resp.json()
        except ValueError as exc:
            raise BeatError("Beatoven.ai answered with something that is not JSON.") from exc

    def make(self, request: BeatRequest, out_path_stem: Path, on_progress: Progress | None = None) -> BeatResult:
        say = on_progress or (lambda _f, _m: None)
        started = time.perf_counter()
        seconds = min(self.max_seconds, max(5.0, request.duration_s))
        say(0.05, "Asking Beatoven.ai for a composition")
        body = {"prompt": {"text": beatoven_prompt(request, seconds)}, "format": "wav", "looping": False}
        task_id = str(self._call("POST", "/api/v1/tracks/compose", json=body).get("task_id") or "")
        if not task_id:
            raise BeatError("Beatoven.ai did not start a composition; try again.")
        while True:
            status = self._call("GET", f"/api/v1/tasks/{task_id}")
            state = str(status.get("status") or "")
            if state == "composed":
                break
            if state in ("failed", "error"):
                raise BeatError(f"Beatoven.ai could not compose the beat: {status.get('error') or state}.")
            if time.perf_counter() - started > self.timeout_s:
                raise BeatError("Beatoven.ai took too long; try again later or use the local synth.")
            say(0.1 + 0.7 * min(1.0, (time.perf_counter() - started) / 90.0), f"Beatoven.ai is {state or 'working'}")
            time.sleep(self.poll_interval)
        url = str((status.get("meta") or {}).get("track_url") or "")
        if not url:
            raise BeatError("Beatoven.ai finished without an audio file.")
        say(0.85, "Downloading the beat")
        ext = "mp3" if url.split("?")[0].lower().endswith(".mp3") else "wav"
        path = out_path_stem.with_suffix(f".{ext}")
        try:
            with httpx.Client(timeout=120, follow_redirects=True) as plain, plain.stream("GET", url) as resp:
                resp.raise_for_status()
                with open(path, "wb") as fh:
                    for chunk in resp.iter_bytes():
                        fh.write(chunk)
        except httpx.HTTPError as exc:
            path.unlink(missing_ok=True)
            raise BeatError(f"Could not download the beat from Beatoven.ai: {type(exc).__name__}") from exc
        say(1.0, "Beat ready")
        return BeatResult(path=path, source=self.source, mime="audio/mpeg" if ext == "mp3" else "audio/wav",
                          seconds=round(time.perf_counter() - started, 3),
                          details={"task_id": task_id, "prompt": body["prompt"]["text"]})

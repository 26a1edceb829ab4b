"""`/metrics` (Prometheus) and JSON logs with a request id (issue 28, item 6)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from types import SimpleNamespace

import httpx
import pytest
from apscheduler.triggers.interval import IntervalTrigger
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from app.observe import RequestObserver, instrument
from app.routes import build_api
from services import logs, metrics, scheduler
from tests.apprunner import free_port
from tests.fakeapi import FakeAPI, Response


def scraped(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = client.get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def client() -> TestClient:
    return TestClient(RequestObserver(build_api()))


def test_requests_are_timed_by_route_and_carry_a_request_id(client: TestClient) -> None:
    before = value(scraped(client), "sbm_http_request_seconds_count", method="GET", route="/healthz", status="2xx")
    first = client.get("/healthz")
    offered = client.get("/healthz", headers={"X-Request-ID": "3f2a9c"})
    after = scraped(client)
    assert value(after, "sbm_http_request_seconds_count", method="GET", route="/healthz", status="2xx") == before + 2
    assert len(first.headers["x-request-id"]) == 32
    assert offered.headers["x-request-id"] == "3f2a9c"  # the proxy's id is kept
    assert client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["x-request-id"] != "<script>"
    client.get("/api/media/12345")  # a 404: labelled by its first segment only, not by the id
    assert value(scraped(client), "sbm_http_request_seconds_count", method="GET", route="/api", status="4xx") >= 1


def test_json_logs_carry_the_request_id_of_the_request_they_happen_in(client: TestClient) -> None:
    stream = io.StringIO()
    logs.configure("INFO", "json")
    handler = logging.getLogger().handlers[0]
    handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        logging.getLogger("test.scale").info("outside any request")
        with _id("abc123"):
            logging.getLogger("test.scale").warning("inside %s", "a request")
    finally:
        logs.configure("INFO", "text")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["msg"] == "outside any request" and lines[0]["request_id"] == ""
    assert lines[1] | {"ts": "", "pid": 0} == {"ts": "", "level": "WARNING", "logger": "test.scale",
                                               "msg": "inside a request", "request_id": "abc123", "worker": "", "pid": 0}


class _id:
    def __init__(self, rid: str) -> None:
        self.rid = rid

    def __enter__(self) -> None:
        self.token = logs.request_id.set(self.rid)

    def __exit__(self, *exc: object) -> None:
        logs.request_id.reset(self.token)


def test_outside_calls_and_their_failures_are_counted() -> None:
    api = FakeAPI()

    @api.route("GET", r"/ok")
    def ok(_req):  # type: ignore[no-untyped-def]
        return Response.json({"ok": True})

    @api.route("GET", r"/down")
    def down(_req):  # type: ignore[no-untyped-def]
        return Response.json({"error": "maintenance"}, status=503)

    calls = lambda: metrics.OUTSIDE_CALLS.labels("fake")._value.get()  # noqa: E731
    errors = lambda: metrics.OUTSIDE_ERRORS.labels("fake")._value.get()  # noqa: E731
    c0, e0 = calls(), errors()
    with api, httpx.Client(base_url=api.url, transport=metrics.counting_transport("fake")) as http:
        assert http.get("/ok").status_code == 200
        assert http.get("/down").status_code == 503
    with httpx.Client(transport=metrics.counting_transport("fake"), timeout=1) as http:
        with pytest.raises(httpx.ConnectError):
            http.get(f"http://127.0.0.1:{free_port()}/")
    assert (calls() - c0, errors() - e0) == (3, 2)


@pytest.mark.usefixtures("db")
async def test_job_runs_and_failures_are_counted() -> None:
    def boom() -> str:
        raise RuntimeError("bad record")

    scheduler.job("test.metrics_boom", "boom", IntervalTrigger(seconds=60))(boom)
    try:
        runs = metrics.JOB_RUNS.labels("test.metrics_boom", "error")._value.get()
        fails = metrics.JOB_FAILURES.labels("test.metrics_boom")._value.get()
        await scheduler.run_job("test.metrics_boom")
        assert metrics.JOB_RUNS.labels("test.metrics_boom", "error")._value.get() == runs + 1
        assert metrics.JOB_FAILURES.labels("test.metrics_boom")._value.get() == fails + 1
    finally:
        scheduler.REGISTRY.pop("test.metrics_boom", None)


def test_websocket_events_are_timed_per_handler_and_live_counts_read_at_scrape(client: TestClient) -> None:
    """The wrapper around Reflex's event processor (its shape in 0.10.1, checked against
    the installed signature below): foreground
    events are timed under their handler's name, background ones are not."""
    import inspect

    from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

    params = inspect.signature(BaseStateEventProcessor._execute_event).parameters
    assert [(n, p.kind) for n, p in params.items()][1:] == [
        ("entry", inspect.Parameter.KEYWORD_ONLY), ("registered_handler", inspect.Parameter.KEYWORD_ONLY)]
    seen_ids: list[str] = []

    class Processor:
        async def _execute_event(self, *, entry, registered_handler):  # type: ignore[no-untyped-def]
            seen_ids.append(logs.request_id.get())
            await asyncio.sleep(0.01)

    def handler(name: str, background: bool) -> SimpleNamespace:
        fn = SimpleNamespace(__qualname__=name)
        return SimpleNamespace(handler=SimpleNamespace(fn=fn, is_background=background))

    app = SimpleNamespace(_event_processor=Processor(), event_namespace=SimpleNamespace(sid_to_token={"s1": "t1", "s2": "t2"}))
    assert instrument(app) and instrument(app)  # idempotent
    count = lambda name: metrics.EVENT_SECONDS.labels(name)._sum.get()  # noqa: E731
    run = app._event_processor._execute_event  # called the way Reflex 0.10.1 calls it: keywords only
    asyncio.run(run(entry=None, registered_handler=handler("PartyState.vote", False)))
    asyncio.run(run(entry=None, registered_handler=handler("LabelState.render", True)))
    assert count("PartyState.vote") >= 0.01 and count("LabelState.render") == 0
    assert seen_ids[0] and seen_ids[1] == ""  # the foreground event had its own request id
    assert value(scraped(client), "sbm_connected_tabs") == 2

"""What `/metrics` shows (Prometheus text format, `prometheus-client`), per worker.

Each worker process keeps its own counters; Prometheus scrapes every worker (the
k8s pods carry `prometheus.io/*` annotations) and sums them. Through one proxy port
`/metrics` answers for whichever worker took the request (its `sbm_worker_info`
says which).

    sbm_http_request_seconds{method,route,status}  request latency (route = first path segment)
    sbm_event_seconds{handler}                     websocket event handling, state load to delta sent
    sbm_connected_tabs                             sockets open on this worker
    sbm_party_rooms                                party rooms with a listener on this worker
    sbm_job_runs_total{job,status}                 scheduler runs by outcome
    sbm_job_failures_total{job}                    runs that ended `error` or `failed`
    sbm_outside_calls_total{service}               calls to outside services (Spotify, Ticketmaster, …)
    sbm_outside_errors_total{service}              of those: connection errors and 5xx answers
    sbm_outside_call_seconds{service}              their latency

Outside services count themselves through `counting_transport(service)` (httpx)
or `CountingAdapter(service)` (requests); adding a client means passing one of them.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable

import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_SECONDS = Histogram("sbm_http_request_seconds", "HTTP request latency", ["method", "route", "status"],
                         buckets=_LATENCY_BUCKETS, registry=REGISTRY)
EVENT_SECONDS = Histogram("sbm_event_seconds", "Websocket event handling time", ["handler"],
                          buckets=_LATENCY_BUCKETS, registry=REGISTRY)
CONNECTED_TABS = Gauge("sbm_connected_tabs", "Sockets (tabs) connected to this worker", registry=REGISTRY)
PARTY_ROOMS = Gauge("sbm_party_rooms", "Party rooms with a listener on this worker", registry=REGISTRY)
JOB_RUNS = Counter("sbm_job_runs", "Scheduler job runs by outcome", ["job", "status"], registry=REGISTRY)
JOB_FAILURES = Counter("sbm_job_failures", "Job runs that ended in error or failed", ["job"], registry=REGISTRY)
OUTSIDE_CALLS = Counter("sbm_outside_calls", "Calls to outside services", ["service"], registry=REGISTRY)
OUTSIDE_ERRORS = Counter("sbm_outside_errors", "Outside calls that failed (connection or 5xx)", ["service"],
                         registry=REGISTRY)
OUTSIDE_SECONDS = Histogram("sbm_outside_call_seconds", "Outside call latency", ["service"],
                            buckets=_LATENCY_BUCKETS, registry=REGISTRY)
WORKER = Info("sbm_worker", "Which worker answered", registry=REGISTRY)
WORKER.info({"worker": os.environ.get("SBM_WORKER", ""), "pid": str(os.getpid())})

_SEGMENT = re.compile(r"^/(_?[a-z][a-z0-9_-]{0,30})")


def route_label(path: str) -> str:
    """The first path segment (`/party/AB12` -> `/party`): bounded label values."""
    match = _SEGMENT.match(path or "/")
    return "/" + match.group(1) if match else "/"


def observe_request(method: str, path: str, status: int, seconds: float) -> None:
    HTTP_SECONDS.labels(method, route_label(path), f"{status // 100}xx").observe(seconds)


def observe_event(handler: str, seconds: float) -> None:
    EVENT_SECONDS.labels(handler).observe(seconds)


def job_finished(job_id: str, status: str) -> None:
    JOB_RUNS.labels(job_id, status).inc()
    if status in ("error", "failed"):
        JOB_FAILURES.labels(job_id).inc()


def outside_call(service: str, seconds: float, failed: bool) -> None:
    OUTSIDE_CALLS.labels(service).inc()
    OUTSIDE_SECONDS.labels(service).observe(seconds)
    if failed:
        OUTSIDE_ERRORS.labels(service).inc()


def track_gauges(connected_tabs: Callable[[], float], party_rooms: Callable[[], float]) -> None:
    """Read the live counts at scrape time (the app layer knows where they are)."""
    CONNECTED_TABS.set_function(connected_tabs)
    PARTY_ROOMS.set_function(party_rooms)


def render() -> tuple[bytes, str]:
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


class _CountingTransport(httpx.HTTPTransport):
    def __init__(self, service: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.service = service

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        start = time.perf_counter()
        try:
            response = super().handle_request(request)
        except Exception:
            outside_call(self.service, time.perf_counter() - start, True)
            raise
        outside_call(self.service, time.perf_counter() - start, response.status_code >= 500)
        return response


def counting_transport(service: str, **kwargs) -> httpx.HTTPTransport:  # type: ignore[no-untyped-def]
    """An httpx transport that counts every call to `service` (pass as `transport=`)."""
    return _CountingTransport(service, **kwargs)


def counting_adapter(service: str):  # type: ignore[no-untyped-def]
    """A requests adapter that counts calls (mount on a `requests.Session` for spotipy)."""
    from requests.adapters import HTTPAdapter

    class CountingAdapter(HTTPAdapter):
        def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                response = super().send(request, **kwargs)
            except Exception:
                outside_call(service, time.perf_counter() - start, True)
                raise
            outside_call(service, time.perf_counter() - start, response.status_code >= 500)
            return response

    return CountingAdapter()

"""The contract-test fake answers, records and times out as asked."""

import httpx
import pytest

from tests.fakeapi import FakeAPI, Request, Response


def test_routes_record_and_answer() -> None:
    api = FakeAPI()

    @api.route("GET", r"/v1/items/(?P<id>\w+)")
    def item(req: Request) -> Response:
        assert req.match is not None
        return Response.json({"id": req.match["id"], "q": req.arg("q")})

    with api:
        got = httpx.get(f"{api.url}/v1/items/abc", params={"q": "x"}).json()
        missing = httpx.post(f"{api.url}/nope")
    assert got == {"id": "abc", "q": "x"}
    assert missing.status_code == 404
    assert [r.path for r in api.calls("GET")] == ["/v1/items/abc"]


def test_delay_makes_a_client_time_out() -> None:
    api = FakeAPI()
    api.route("GET", "/slow")(lambda _req: Response.json({}, delay=1.0))
    with api, pytest.raises(httpx.TimeoutException):
        httpx.get(f"{api.url}/slow", timeout=0.2)

"""A fake Stripe API for the real `stripe` library: customers, checkout and portal
sessions, subscriptions and invoices, kept in memory, plus signed webhook payloads."""

from __future__ import annotations

import itertools
import json
import time
from typing import Any

import stripe

from tests.fakeapi import FakeAPI, Request, Response

WEBHOOK_SECRET = "whsec_test_secret"


class FakeStripe(FakeAPI):
    def __init__(self) -> None:
        super().__init__()
        self.customers: dict[str, dict[str, Any]] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.invoices: list[dict[str, Any]] = []
        self.checkouts: dict[str, dict[str, str]] = {}
        self.prices: dict[str, dict[str, Any]] = {
            "price_month": {"id": "price_month", "object": "price", "unit_amount": 1200, "currency": "usd", "recurring": {"interval": "month"}},
            "price_year": {"id": "price_year", "object": "price", "unit_amount": 12000, "currency": "usd", "recurring": {"interval": "year"}},
        }
        self._ids = itertools.count(1)
        self.route("POST", r"/v1/customers")(self._create_customer)
        self.route("POST", r"/v1/checkout/sessions")(self._create_checkout)
        self.route("POST", r"/v1/billing_portal/sessions")(self._create_portal)
        self.route("GET", r"/v1/subscriptions/(?P<id>[\w-]+)")(self._get_subscription)
        self.route("GET", r"/v1/invoices")(self._list_invoices)
        self.route("GET", r"/v1/prices/(?P<id>[\w-]+)")(self._get_price)
        self.route("GET", r"/pay/(?P<id>\w+)")(self._pay_page)

    def _id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):06d}"

    def _create_customer(self, req: Request) -> Response:
        form = req.form()
        cid = self._id("cus")
        self.customers[cid] = {"id": cid, "object": "customer", "email": form.get("email"), "metadata": {"user_id": form.get("metadata[user_id]")}}
        return Response.json(self.customers[cid])

    def _create_checkout(self, req: Request) -> Response:
        form = req.form()
        if form.get("mode") != "subscription" or not form.get("line_items[0][price]"):
            return Response.json({"error": {"type": "invalid_request_error", "message": "bad checkout"}}, 400)
        sid = self._id("cs")
        self.checkouts[sid] = form
        return Response.json({"id": sid, "object": "checkout.session", "url": f"{self.url}/pay/{sid}", **form})

    def _pay_page(self, req: Request) -> Response:
        return Response(200, b"<html><body><h1>Fake Stripe Checkout</h1></body></html>", {"Content-Type": "text/html"})

    def _create_portal(self, req: Request) -> Response:
        form = req.form()
        if form.get("customer") not in self.customers:
            return Response.json({"error": {"type": "invalid_request_error", "message": "No such customer"}}, 400)
        return Response.json({"id": self._id("bps"), "object": "billing_portal.session", "url": "https://billing.stripe.test/p/session"})

    def _get_subscription(self, req: Request) -> Response:
        assert req.match is not None
        sub = self.subscriptions.get(req.match["id"])
        if sub is None:
            return Response.json({"error": {"type": "invalid_request_error", "message": "No such subscription"}}, 404)
        return Response.json(sub)

    def _get_price(self, req: Request) -> Response:
        assert req.match is not None
        price = self.prices.get(req.match["id"])
        if price is None:
            return Response.json({"error": {"type": "invalid_request_error", "message": "No such price"}}, 404)
        return Response.json(price)

    def _list_invoices(self, req: Request) -> Response:
        data = [i for i in self.invoices if i["customer"] == req.arg("customer")]
        return Response.json({"object": "list", "data": data, "has_more": False, "url": "/v1/invoices"})

    def set_subscription(self, sub_id: str, customer: str, status: str, *, price: str = "price_month",
                         interval: str = "month", cancel_at_period_end: bool = False) -> dict[str, Any]:
        """What Stripe would answer now for this subscription."""
        self.subscriptions[sub_id] = {
            "id": sub_id, "object": "subscription", "customer": customer, "status": status,
            "cancel_at_period_end": cancel_at_period_end, "metadata": {},
            "items": {"object": "list", "data": [{"id": "si_1", "object": "subscription_item", "current_period_end": int(time.time()) + 30 * 86400,
                                                   "price": {"id": price, "object": "price", "recurring": {"interval": interval}}}]},
        }
        return self.subscriptions[sub_id]


def signed_event(event_type: str, obj: dict[str, Any], *, event_id: str | None = None,
                 secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    """A webhook body and its `Stripe-Signature` header, signed as Stripe signs them."""
    body = json.dumps({
        "id": event_id or f"evt_{time.time_ns()}", "object": "event", "type": event_type,
        "api_version": "2025-01-01", "created": int(time.time()), "data": {"object": obj},
    })
    ts = timestamp or int(time.time())
    signature = stripe.WebhookSignature._compute_signature(f"{ts}.{body}", secret)
    return body.encode(), f"t={ts},v1={signature}"

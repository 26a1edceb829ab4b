"""Outgoing webhooks: a person's own URL told when a release is found, a world refreshed or
a release pack is ready; signed (HMAC-SHA256 over a timestamp and the body, with the
person's secret), retried with backoff, every attempt in a delivery log."""

from services.webhooks.delivery import deliver_due, emit, sign, verify
from services.webhooks.endpoints import EVENTS, WebhookError, delivery_log, endpoint_of, remove_endpoint, set_endpoint

__all__ = ["EVENTS", "WebhookError", "deliver_due", "delivery_log", "emit", "endpoint_of", "remove_endpoint",
           "set_endpoint", "sign", "verify"]

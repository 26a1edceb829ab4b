"""Webhooks never reach the instance's own network (server-side request forgery).

A person chooses the address the server posts to; without this check they could make
the server call its own database, metadata service or anything else on its private
network. Loopback, private, link-local, reserved and multicast addresses are refused
when the endpoint is set and again before every delivery (the name may resolve
elsewhere later). `WEBHOOK_PRIVATE_ADDRESSES=1` allows them, for an instance whose
receivers live on its own network (and for the tests' local receivers).
"""

from __future__ import annotations

import ipaddress
import socket

from services.config import get_settings


def _is_private(ip: str) -> bool:
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
            or address.is_multicast or address.is_unspecified)


def refusal(host: str, *, resolve: bool = True) -> str:
    """Why the server must not post to `host` ("" when it may); an unresolvable name is left to
    the delivery, which reports it like any unreachable address."""
    if get_settings().webhook_private_addresses:
        return ""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return "That address is this server's own machine; give a public address."
    try:
        addresses = [host] if _literal(host) else ([info[4][0] for info in socket.getaddrinfo(host, None)] if resolve else [])
    except (OSError, UnicodeError):
        return ""
    if any(_is_private(str(a)) for a in addresses):
        return "That address is on a private network; give a public address."
    return ""


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True

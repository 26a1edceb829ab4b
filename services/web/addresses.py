"""Which address a request came from: `X-Forwarded-For` is believed only as far as it
was written by our own reverse proxies (`TRUSTED_PROXIES`), so a client cannot pick
the address its per-address limits are counted against."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    nets = []
    for entry in trusted:
        try:
            nets.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue
    return tuple(nets)


def _is_trusted(address: str, nets: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip.version == net.version and ip in net for net in nets)


def client_address(peer: str, forwarded_for: str, trusted: Sequence[str]) -> str:
    """The client's address: the connecting `peer`, unless it is a trusted proxy; then
    `X-Forwarded-For` is read from the right (nearest hop first), skipping our own
    proxies, and the first address we did not add ourselves is the client."""
    nets = _networks(tuple(trusted))
    address = peer
    if not nets or not _is_trusted(peer, nets):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return address  # a garbled hop: stop at the last address we could check
        address = hop
        if not _is_trusted(hop, nets):
            return hop
    return address

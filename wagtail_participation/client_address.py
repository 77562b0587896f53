"""Which address a request comes from, for abuse brakes (docs/abuse-brakes.md).

By default the direct peer (``REMOTE_ADDR``). Behind the site's own reverse proxies or load
balancers (``WAGTAILPARTICIPATION_TRUSTED_PROXIES``) the forwarded header is read from the right:
each proxy appends the address it received the request from, so the right-most address that is
not one of the site's proxies is the client. Anything left of it was written by the client and
is never believed, so no one can pick a fresh address per request.

IPv6 addresses are grouped per /64: one household or phone gets a whole /64 and can use any
address in it, so counting per address would count nothing.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# A forwarded header longer than this many hops is read only as far as its right-most hops:
# a real chain of proxies is short, and the rest can only have come from the client.
MAX_HOPS = 20
IPV6_PREFIX = 64


def parse(text: str) -> Address | None:
    """An address from a header or ``REMOTE_ADDR`` value, or ``None``. Accepts ``1.2.3.4``,
    ``1.2.3.4:5678``, ``2001:db8::1``, ``[2001:db8::1]`` and ``[2001:db8::1]:443``; an IPv4
    address written as IPv6 (``::ffff:1.2.3.4``) is the IPv4 address."""
    text = (text or "").strip()
    if not text or len(text) > 64:
        return None
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; an IPv6 address has at least two colons
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted proxies setting as networks (an address alone is a network of one).
    Raises ``ValueError`` for an entry that is neither (the system check reports it)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted)


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)


def client_address(remote_addr: str | None, forwarded: str | None, trusted: tuple[Network, ...]) -> Address | None:
    """The client's address: ``remote_addr`` unless it is a trusted proxy, else the right-most
    hop of ``forwarded`` that is not a trusted proxy. ``None`` when the peer is unreadable."""
    address = parse(remote_addr or "")
    if address is None or not forwarded or not _is_trusted(address, trusted):
        return address
    for hop in reversed(forwarded.split(",")[-MAX_HOPS:]):
        found = parse(hop)
        if found is None:  # the hop before is ours but passed on something unreadable: stop at it
            return address
        address = found
        if not _is_trusted(address, trusted):
            return address
    return address  # every hop was a proxy of ours: the left-most one read


def bucket(address: Address | None) -> str:
    """The key under which requests from ``address`` are counted: an IPv4 address, an IPv6 /64."""
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX), strict=False))
    return str(address)

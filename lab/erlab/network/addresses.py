"""IP address facts ExpressRoute routing rules are built on (pure functions)."""

from __future__ import annotations

import ipaddress
from typing import Union

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

MICROSOFT_ASN = 12076
RESERVED_BY_MICROSOFT = range(65515, 65521)  # 65515-65520
DOCUMENTATION_ASNS = range(64496, 64512)
PRIVATE_ASNS = (range(64512, 65535), range(4200000000, 4294967295))


def parse_network(value: object) -> Network | None:
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_network(value.strip(), strict=True)
    except ValueError:
        return None


def is_public(net: Network) -> bool:
    return net.is_global and not net.is_multicast and not net.is_reserved


def is_private_asn(asn: int) -> bool:
    return any(asn in r for r in PRIVATE_ASNS)


def overlaps(a: Network, b: Network) -> bool:
    return a.version == b.version and a.overlaps(b)


def first_usable(net: Network) -> str:
    """Customer router address on a peering link (Microsoft takes the next one)."""
    return str(net.network_address + 1)


def second_usable(net: Network) -> str:
    return str(net.network_address + 2)

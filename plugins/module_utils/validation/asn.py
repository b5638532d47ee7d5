# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""BGP AS number rules for ExpressRoute peerings.

The peer ASN may be any 2- or 4-byte ASN (private ones included) except the
range Microsoft reserves for itself; the customer ASN of a Microsoft peering
names who the advertised prefixes are registered to, so it must be public.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import List, Optional, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem

MAX_ASN = 4294967295
MICROSOFT_RESERVED = (65515, 65520)

# Ranges that are not public ASNs (IANA special-purpose AS numbers registry).
NON_PUBLIC_ASN_RANGES: Tuple[Tuple[int, int, str], ...] = (
    (0, 0, "reserved (RFC 7607)"),
    (23456, 23456, "AS_TRANS, the 2-byte stand-in for 4-byte ASNs (RFC 6793)"),
    (64496, 64511, "2-byte documentation ASNs (RFC 5398)"),
    (64512, 65534, "2-byte private-use ASNs (RFC 6996)"),
    (65535, 65535, "reserved (RFC 7300)"),
    (65536, 65551, "4-byte documentation ASNs (RFC 5398)"),
    (65552, 131071, "reserved by IANA"),
    (4200000000, 4294967294, "4-byte private-use ASNs (RFC 6996)"),
    (4294967295, 4294967295, "reserved (RFC 7300)"),
)


def _integer_problem(option: str, value: object) -> Optional[Problem]:
    # bool is an int in Python; True is not an AS number.
    if isinstance(value, bool) or not isinstance(value, int):
        return Problem(option, "must be an AS number (an integer)", value)
    if not 1 <= value <= MAX_ASN:
        return Problem(option, "must be a 2-byte (1-65535) or 4-byte (65536-%d) AS number" % MAX_ASN, value)
    return None


def asn_size(asn: int) -> str:
    """'2-byte' or '4-byte', for messages."""
    return "2-byte" if asn <= 65535 else "4-byte"


def check_peer_asn(option: str, value: object) -> List[Problem]:
    """1..4294967295, not 65515-65520 (Microsoft's reserved ASNs); private ASNs are fine."""
    problem = _integer_problem(option, value)
    if problem:
        return [problem]
    low, high = MICROSOFT_RESERVED
    if low <= value <= high:
        return [Problem(option, "must not be %d-%d, which Microsoft reserves for its own use" % (low, high), value)]
    return []


def non_public_range_of(asn: int) -> Optional[Tuple[int, int, str]]:
    """The special-purpose ASN range holding ``asn``, or None if it is public."""
    for low, high, name in NON_PUBLIC_ASN_RANGES:
        if low <= asn <= high:
            return low, high, name
    return None


def check_customer_asn(option: str, value: object) -> List[Problem]:
    """A public 2- or 4-byte ASN; names the special-purpose range when it is not."""
    if isinstance(value, bool) or not isinstance(value, int):
        return [Problem(option, "must be an AS number (an integer)", value)]
    found = non_public_range_of(value)
    if found:
        low, high, name = found
        where = "" if low == high else " in %d-%d," % (low, high)
        return [Problem(option, "must be a public AS number; %d is%s %s" % (value, where, name), value)]
    problem = _integer_problem(option, value)
    return [problem] if problem else []

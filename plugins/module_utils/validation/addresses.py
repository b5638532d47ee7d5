# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Address rules for ExpressRoute peer subnets and advertised prefixes.

Microsoft's routing requirements: IPv4 peer subnets are one /30 each for the
primary and secondary link (a /29 split in two), IPv6 one /126 each; the
customer router takes the first usable address, Microsoft the second.
Microsoft peering needs public addresses; private peering may use private
ones but must not overlap address space already in use (VNets, AVS).

"Public" is decided from the explicit table below, not from
``ipaddress``'s ``is_global``/``is_private``, whose tables changed between
Python releases; the table also lets the rule text name the range.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple, Union

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

# Peer subnet size per IP version.
PEER_PREFIX_LENGTH = {4: 30, 6: 126}


@dataclass(frozen=True)
class ReservedRange:
    """A special-purpose range that is not public unicast space.

    ``private_use_ok`` says whether the range may still carry a private
    peering's link subnets (RFC 1918, CGNAT, ULA...); loopback, multicast and
    the like never can.
    """

    network: Network
    name: str
    private_use_ok: bool

    def __str__(self) -> str:
        return "%s, %s" % (self.network, self.name)


def _range(cidr: str, name: str, private_use_ok: bool = False) -> ReservedRange:
    return ReservedRange(ipaddress.ip_network(cidr), name, private_use_ok)


# IANA special-purpose registries (RFC 6890 and successors) plus the IPv6
# space IANA keeps "reserved by IETF" outside 2000::/3. Where ranges nest,
# the most specific one names the problem.
RESERVED_RANGES: Tuple[ReservedRange, ...] = (
    _range("0.0.0.0/8", "'this network' (RFC 1122)"),
    _range("10.0.0.0/8", "private-use (RFC 1918)", True),
    _range("100.64.0.0/10", "shared address space for carrier-grade NAT (RFC 6598)", True),
    _range("127.0.0.0/8", "loopback (RFC 1122)"),
    _range("169.254.0.0/16", "link-local (RFC 3927)"),
    _range("172.16.0.0/12", "private-use (RFC 1918)", True),
    _range("192.0.0.0/24", "IETF protocol assignments (RFC 6890)", True),
    _range("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)", True),
    _range("192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)", True),
    _range("192.168.0.0/16", "private-use (RFC 1918)", True),
    _range("198.18.0.0/15", "benchmarking (RFC 2544)", True),
    _range("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)", True),
    _range("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)", True),
    _range("224.0.0.0/4", "multicast (RFC 5771)"),
    _range("240.0.0.0/4", "reserved for future use (RFC 1112)"),
    _range("255.255.255.255/32", "limited broadcast (RFC 919)"),
    _range("::/128", "the unspecified address (RFC 4291)"),
    _range("::1/128", "loopback (RFC 4291)"),
    _range("::ffff:0:0/96", "IPv4-mapped addresses (RFC 4291)"),
    _range("64:ff9b::/96", "IPv4/IPv6 translation (RFC 6052)"),
    _range("64:ff9b:1::/48", "local-use IPv4/IPv6 translation (RFC 8215)", True),
    _range("::/8", "reserved by IETF (RFC 4291)"),
    _range("100::/64", "discard-only (RFC 6666)"),
    _range("100::/8", "reserved by IETF (RFC 4291)"),
    _range("200::/7", "reserved by IETF (RFC 4048)"),
    _range("400::/6", "reserved by IETF (RFC 4291)"),
    _range("800::/5", "reserved by IETF (RFC 4291)"),
    _range("1000::/4", "reserved by IETF (RFC 4291)"),
    _range("2001::/23", "IETF protocol assignments (RFC 2928)", True),
    _range("2001:db8::/32", "documentation (RFC 3849)", True),
    _range("3fff::/20", "documentation (RFC 9637)", True),
    _range("4000::/3", "reserved by IETF (RFC 4291)"),
    _range("5f00::/16", "segment routing SIDs (RFC 9602)", True),
    _range("6000::/3", "reserved by IETF (RFC 4291)"),
    _range("8000::/3", "reserved by IETF (RFC 4291)"),
    _range("a000::/3", "reserved by IETF (RFC 4291)"),
    _range("c000::/3", "reserved by IETF (RFC 4291)"),
    _range("e000::/4", "reserved by IETF (RFC 4291)"),
    _range("f000::/5", "reserved by IETF (RFC 4291)"),
    _range("f800::/6", "reserved by IETF (RFC 4291)"),
    _range("fc00::/7", "unique local addresses (RFC 4193)", True),
    _range("fe00::/9", "reserved by IETF (RFC 4291)"),
    _range("fe80::/10", "link-local (RFC 4291)"),
    _range("fec0::/10", "deprecated site-local (RFC 3879)"),
    _range("ff00::/8", "multicast (RFC 4291)"),
)


def reserved_range_of(network: Network) -> Optional[ReservedRange]:
    """The most specific reserved range that contains ``network``, else None."""
    containing = [reserved for reserved in RESERVED_RANGES
                  if reserved.network.version == network.version and network.subnet_of(reserved.network)]
    return max(containing, key=lambda reserved: reserved.network.prefixlen, default=None)


def reserved_ranges_within(network: Network) -> List[ReservedRange]:
    """Reserved ranges that lie inside ``network`` (a too-wide prefix), widest first."""
    inside = [reserved for reserved in RESERVED_RANGES
              if reserved.network.version == network.version and reserved.network.subnet_of(network)]
    return sorted(inside, key=lambda reserved: (reserved.network.prefixlen, int(reserved.network.network_address)))


def parse_prefix(option: str, value: object, *, version: Optional[int] = None,
                 strict: bool = True) -> Tuple[Optional[Network], List[Problem]]:
    """Parse a CIDR prefix given for ``option``; return (network, problems).

    The prefix length must be written out. With ``strict`` the host bits must
    be zero (the rule text names the network meant); with ``version`` the
    prefix must be of that IP version. The network is None when a problem
    makes it unusable for further checks.
    """
    if not isinstance(value, str):
        return None, [Problem(option, "must be a prefix in CIDR notation, like 10.0.0.0/30", value)]
    if "/" not in value:
        return None, [Problem(option, "must be a prefix in CIDR notation with a prefix length, like %s/30"
                              % value.strip(), value)]
    try:
        network = ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None, [Problem(option, "must be a valid IPv4 or IPv6 prefix in CIDR notation, like 10.0.0.0/30",
                              value)]
    if version is not None and network.version != version:
        example = "10.0.0.0/30" if version == 4 else "2001:db8::/126"
        rule = "must be an IPv%d prefix like %s, not IPv%d" % (version, example, network.version)
        return None, [Problem(option, rule, value)]
    if strict and ipaddress.ip_interface(value.strip()).ip != network.network_address:
        rule = "must be a network address with the host bits zero; did you mean %s" % network
        return None, [Problem(option, rule, value)]
    return network, []


def public_problems(option: str, value: str, network: Network) -> List[Problem]:
    """Problems if ``network`` touches any reserved range (Microsoft peering needs public space)."""
    if network.prefixlen == 0:
        return [Problem(option, "must be a public prefix, not the default route %s" % network, value)]
    reserved = reserved_range_of(network)
    if reserved is not None:
        return [Problem(option, "must be a public prefix, %s is %s" % (network, reserved.name), value)]
    inside = reserved_ranges_within(network)
    if inside:
        return [Problem(option, "must be a public prefix, %s contains %s" % (network, inside[0]), value)]
    return []


def check_public_prefix(option: str, value: object, *, version: Optional[int] = None) -> List[Problem]:
    """A valid CIDR (host bits zero) that is public unicast space."""
    network, problems = parse_prefix(option, value, version=version)
    if network is None:
        return problems
    return public_problems(option, value, network)


def _usable_for_private_peering(option: str, value: str, network: Network) -> List[Problem]:
    reserved = reserved_range_of(network)
    if reserved is not None and not reserved.private_use_ok:
        return [Problem(option, "must be unicast address space usable on a link, %s is %s"
                        % (network, reserved.name), value)]
    return []


def split_peer_prefix(prefix: str) -> Tuple[str, str]:
    """Split a /29 (IPv4) or /125 (IPv6) into the primary and secondary peer subnets."""
    network = ipaddress.ip_network(prefix)
    if network.prefixlen != PEER_PREFIX_LENGTH[network.version] - 1:
        raise ValueError("%s must be a /%d to split into two peer subnets"
                         % (prefix, PEER_PREFIX_LENGTH[network.version] - 1))
    primary, secondary = network.subnets(prefixlen_diff=1)
    return str(primary), str(secondary)


def customer_and_microsoft_addresses(prefix: str) -> Tuple[str, str]:
    """The customer router's and Microsoft's addresses in a peer subnet.

    The customer takes the first usable address, Microsoft the second:
    ``10.0.0.0/30`` -> ``("10.0.0.1", "10.0.0.2")``.
    """
    network = ipaddress.ip_network(prefix)
    if network.prefixlen != PEER_PREFIX_LENGTH[network.version]:
        raise ValueError("%s must be a /%d peer subnet" % (prefix, PEER_PREFIX_LENGTH[network.version]))
    return str(network.network_address + 1), str(network.network_address + 2)


def _peer_subnet(option: str, value: object, version: int, public: bool) -> Tuple[Optional[Network], List[Problem]]:
    network, problems = parse_prefix(option, value, version=version)
    if network is None:
        return None, problems
    length = PEER_PREFIX_LENGTH[version]
    if network.prefixlen != length:
        rule = "must be a /%d peer subnet" % length
        if network.prefixlen == length - 1:
            primary, secondary = network.subnets(prefixlen_diff=1)
            rule += "; to use the /%d, split it: primary %s, secondary %s" % (length - 1, primary, secondary)
        return None, [Problem(option, rule, value)]
    if public:
        problems = public_problems(option, value, network)
    else:
        problems = _usable_for_private_peering(option, value, network)
    return network, problems


def check_peer_subnet_pair(primary_option: str, primary: object, secondary_option: str, secondary: object, *,
                           version: int, public: bool) -> List[Problem]:
    """Rules for a primary/secondary peer subnet pair of one IP version.

    Each is a /30 (IPv4) or /126 (IPv6) network with the host bits zero, of
    the expected version; with ``public`` (Microsoft peering) each must be
    public space, otherwise it must at least be usable unicast space. The two
    must be distinct and must not overlap. Both or neither must be given.
    """
    if primary is None and secondary is None:
        return []
    if primary is None or secondary is None:
        missing, given = ((primary_option, secondary_option) if primary is None
                          else (secondary_option, primary_option))
        return [Problem(missing, "must be set together with %s" % given)]
    primary_network, problems = _peer_subnet(primary_option, primary, version, public)
    secondary_network, secondary_problems = _peer_subnet(secondary_option, secondary, version, public)
    problems = problems + secondary_problems
    if primary_network is not None and secondary_network is not None and primary_network.overlaps(secondary_network):
        problems.append(Problem(secondary_option, "must not overlap %s %s; use two different /%d subnets"
                                % (primary_option, primary_network, PEER_PREFIX_LENGTH[version]), secondary))
    return problems


def check_not_overlapping(option: str, value: object, in_use: Sequence[Tuple[str, str]]) -> List[Problem]:
    """Problems if the prefix ``value`` overlaps any ``(label, prefix)`` in ``in_use``.

    Entries that are not valid prefixes or of the other IP version are
    skipped (they are reported where they are given). Host bits in
    ``in_use`` are tolerated: they describe space, they are not sent.
    """
    network = parse_prefix(option, value, strict=False)[0]
    if network is None:
        return []
    problems = []
    for label, other in in_use:
        try:
            other_network = ipaddress.ip_network(str(other).strip(), strict=False)
        except ValueError:
            continue
        if other_network.version == network.version and network.overlaps(other_network):
            problems.append(Problem(option, "must not overlap %s %s" % (label, other_network), value))
    return problems


def check_address_spaces(option: str, values: object) -> Tuple[List[Tuple[str, str]], List[Problem]]:
    """(label, prefix) pairs of the address spaces in use (VNet/AVS ranges), and problems with malformed ones.

    Host bits are tolerated: the ranges describe space, they are not sent.
    None is no list at all.
    """
    if values is None:
        return [], []
    if not isinstance(values, (list, tuple)):
        return [], [Problem(option, "must be a list of prefixes in CIDR notation", values)]
    in_use, problems = [], []
    for index, value in enumerate(values):
        network, value_problems = parse_prefix("%s[%d]" % (option, index), value, strict=False)
        problems.extend(value_problems)
        if network is not None:
            in_use.append(("address space in use", str(network)))
    return in_use, problems


def check_prefix_list(option: str, values: object, *, version: Optional[int] = None,
                      public: bool = True) -> List[Problem]:
    """Each item a valid CIDR (public when ``public``), none listed twice."""
    if not isinstance(values, (list, tuple)):
        return [Problem(option, "must be a list of prefixes in CIDR notation", values)]
    problems = []
    seen = {}
    for index, value in enumerate(values):
        item_option = "%s[%d]" % (option, index)
        network, item_problems = parse_prefix(item_option, value, version=version)
        if network is not None and public:
            item_problems = public_problems(item_option, value, network)
        problems.extend(item_problems)
        if network is not None:
            if network in seen:
                problems.append(Problem(item_option, "must be listed once; it repeats %s[%d]"
                                        % (option, seen[network]), value))
            else:
                seen[network] = index
    return problems


def normalise_prefix(value: Any) -> Any:
    """A prefix in ipaddress's spelling (lower-case, compressed IPv6); anything unparsable unchanged."""
    if not isinstance(value, str):
        return value
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False)) if "/" in value else value
    except ValueError:
        return value

# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import ipaddress

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import (
    RESERVED_RANGES,
    check_address_spaces,
    check_not_overlapping,
    check_peer_subnet_pair,
    check_prefix_list,
    check_public_prefix,
    customer_and_microsoft_addresses,
    parse_prefix,
    reserved_range_of,
    split_peer_prefix,
)


def options_and_rules(problems):
    return [(problem.option, problem.rule) for problem in problems]


# ---------------------------------------------------------------- parse_prefix

@pytest.mark.parametrize("value, version, strict, network", [
    ("10.0.0.0/30", None, True, "10.0.0.0/30"),
    ("2001:db8::/126", 6, True, "2001:db8::/126"),
    ("3FFE:FFFF:0:CD30::/126", 6, True, "3ffe:ffff:0:cd30::/126"),
    ("10.1.2.3/16", None, False, "10.1.0.0/16"),
], ids=["ipv4", "ipv6", "ipv6-upper-case", "host-bits-tolerated-when-not-strict"])
def test_parse_prefix_accepts(value, version, strict, network):
    parsed, problems = parse_prefix("p", value, version=version, strict=strict)
    assert problems == []
    assert str(parsed) == network


@pytest.mark.parametrize("value, version, fragment", [
    ("10.0.0.1/30", None, "host bits zero; did you mean 10.0.0.0/30"),
    ("2001:db8::1/126", 6, "host bits zero; did you mean 2001:db8::/126"),
    ("10.0.0.0", None, "with a prefix length, like 10.0.0.0/30"),
    ("10.0.0.0/33", None, "must be a valid IPv4 or IPv6 prefix"),
    ("banana/30", None, "must be a valid IPv4 or IPv6 prefix"),
    (30, None, "must be a prefix in CIDR notation"),
    (None, None, "must be a prefix in CIDR notation"),
    ("2001:db8::/126", 4, "must be an IPv4 prefix like 10.0.0.0/30, not IPv6"),
    ("10.0.0.0/30", 6, "must be an IPv6 prefix like 2001:db8::/126, not IPv4"),
], ids=["host-bits-v4", "host-bits-v6", "no-length", "length-too-long", "not-an-address", "int", "none",
        "v6-for-v4", "v4-for-v6"])
def test_parse_prefix_rejects(value, version, fragment):
    parsed, problems = parse_prefix("opt.path", value, version=version)
    assert parsed is None
    assert len(problems) == 1
    assert problems[0].option == "opt.path"
    assert fragment in problems[0].rule
    assert problems[0].value == value


# ---------------------------------------------------------- public prefixes

@pytest.mark.parametrize("value", [
    "131.107.0.0/30", "123.0.0.0/30", "8.8.8.0/24", "2600:1f00::/32", "2a01:111::/32", "1.0.0.0/8",
    "3ffe:ffff:0:cd31::/120",
], ids=["seed-primary", "seed-advertised", "google", "v6-aws", "v6-microsoft", "wide-public", "api-example-v6"])
def test_public_prefix_accepts(value):
    assert check_public_prefix("p", value) == []


@pytest.mark.parametrize("value, fragment", [
    ("10.1.0.0/16", "10.1.0.0/16 is private-use (RFC 1918)"),
    ("172.16.5.0/24", "is private-use (RFC 1918)"),
    ("192.168.1.0/30", "is private-use (RFC 1918)"),
    ("100.64.0.0/30", "shared address space for carrier-grade NAT (RFC 6598)"),
    ("127.0.0.0/30", "loopback (RFC 1122)"),
    ("169.254.1.0/30", "link-local (RFC 3927)"),
    ("224.0.0.0/30", "multicast (RFC 5771)"),
    ("192.0.2.0/30", "documentation TEST-NET-1 (RFC 5737)"),
    ("198.51.100.4/30", "documentation TEST-NET-2 (RFC 5737)"),
    ("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
    ("198.18.0.0/15", "benchmarking (RFC 2544)"),
    ("0.1.0.0/16", "'this network' (RFC 1122)"),
    ("240.0.0.0/30", "reserved for future use (RFC 1112)"),
    ("255.255.255.255/32", "255.255.255.255/32 is limited broadcast (RFC 919)"),
    ("192.0.0.0/29", "IETF protocol assignments (RFC 6890)"),
    ("2001:db8::/126", "documentation (RFC 3849)"),
    ("fd00::/126", "unique local addresses (RFC 4193)"),
    ("fe80::/126", "link-local (RFC 4291)"),
    ("ff02::/126", "multicast (RFC 4291)"),
    ("::1/128", "loopback (RFC 4291)"),
    ("4000::/126", "reserved by IETF"),
    ("3fff::/126", "documentation (RFC 9637)"),
    ("0.0.0.0/0", "not the default route 0.0.0.0/0"),
    ("::/0", "not the default route ::/0"),
    ("192.0.0.0/8", "192.0.0.0/8 contains 192.168.0.0/16, private-use (RFC 1918)"),
    ("10.0.0.1/30", "host bits zero"),
], ids=["rfc1918-10", "rfc1918-172", "rfc1918-192", "cgnat", "loopback", "link-local", "multicast",
        "test-net-1", "test-net-2", "test-net-3", "benchmarking", "zero-network", "class-e", "broadcast",
        "ietf-protocol", "v6-documentation", "v6-ula", "v6-link-local", "v6-multicast", "v6-loopback",
        "v6-ietf-reserved", "v6-documentation-new", "v4-default", "v6-default", "contains-reserved",
        "host-bits"])
def test_public_prefix_rejects(value, fragment):
    problems = check_public_prefix("microsoft_peering_config.advertised_public_prefixes[0]", value)
    assert len(problems) == 1
    assert problems[0].option == "microsoft_peering_config.advertised_public_prefixes[0]"
    assert fragment in problems[0].rule


def test_reserved_range_of_names_the_most_specific_range():
    assert reserved_range_of(ipaddress.ip_network("255.255.255.255/32")).name == "limited broadcast (RFC 919)"
    assert reserved_range_of(ipaddress.ip_network("::1/128")).name == "loopback (RFC 4291)"
    assert reserved_range_of(ipaddress.ip_network("131.107.0.0/30")) is None


# ------------------------------------------------------------ peer subnets

@pytest.mark.parametrize("primary, secondary, version, public", [
    ("10.0.0.0/30", "10.0.0.4/30", 4, False),
    ("131.107.0.0/30", "131.107.0.4/30", 4, True),
    ("100.64.0.0/30", "100.64.0.8/30", 4, False),
    ("fd00::/126", "fd00::4/126", 6, False),
    ("2600:1f00::/126", "2600:1f00::4/126", 6, True),
    (None, None, 4, True),
], ids=["seed-private", "seed-microsoft", "cgnat-private", "ula-private", "v6-public", "neither-given"])
def test_peer_subnet_pair_accepts(primary, secondary, version, public):
    assert check_peer_subnet_pair("primary", primary, "secondary", secondary, version=version, public=public) == []


@pytest.mark.parametrize("primary, secondary, version, public, expected", [
    ("10.0.0.0/29", "10.0.0.8/30", 4, False,
     [("primary", "must be a /30 peer subnet; to use the /29, split it: primary 10.0.0.0/30, secondary 10.0.0.4/30")]),
    ("10.0.0.0/30", "10.0.0.0/30", 4, False,
     [("secondary", "must not overlap primary 10.0.0.0/30; use two different /30 subnets")]),
    ("10.0.0.0/31", "10.0.0.4/30", 4, False, [("primary", "must be a /30 peer subnet")]),
    ("2001:db8::/64", "2001:db8::4/126", 6, False, [("primary", "must be a /126 peer subnet")]),
    ("fd00::/125", "fd00::8/126", 6, False,
     [("primary", "must be a /126 peer subnet; to use the /125, split it: primary fd00::/126, secondary fd00::4/126")]),
    ("10.0.0.0/30", "10.0.0.4/30", 4, True,
     [("primary", "must be a public prefix, 10.0.0.0/30 is private-use (RFC 1918)"),
      ("secondary", "must be a public prefix, 10.0.0.4/30 is private-use (RFC 1918)")]),
    ("127.0.0.0/30", "224.0.0.0/30", 4, False,
     [("primary", "must be unicast address space usable on a link, 127.0.0.0/30 is loopback (RFC 1122)"),
      ("secondary", "must be unicast address space usable on a link, 224.0.0.0/30 is multicast (RFC 5771)")]),
    ("10.0.0.0/30", None, 4, False, [("secondary", "must be set together with primary")]),
    (None, "10.0.0.4/30", 4, False, [("primary", "must be set together with secondary")]),
    ("10.0.0.0/30", "fd00::/126", 4, False, [("secondary", "must be an IPv4 prefix like 10.0.0.0/30, not IPv6")]),
    ("10.0.0.2/30", "10.0.0.6/30", 4, False,
     [("primary", "must be a network address with the host bits zero; did you mean 10.0.0.0/30"),
      ("secondary", "must be a network address with the host bits zero; did you mean 10.0.0.4/30")]),
], ids=["slash-29-suggests-split", "same-subnet", "slash-31", "v6-slash-64", "v6-slash-125-suggests-split",
        "private-on-microsoft", "loopback-and-multicast", "secondary-missing", "primary-missing", "wrong-family",
        "host-bits-both"])
def test_peer_subnet_pair_rejects(primary, secondary, version, public, expected):
    problems = check_peer_subnet_pair("primary", primary, "secondary", secondary, version=version, public=public)
    assert options_and_rules(problems) == expected


# ------------------------------------------------------------------ overlap

@pytest.mark.parametrize("value, in_use, expected", [
    ("10.0.0.0/30", [("VNet", "10.1.0.0/16")], []),
    ("10.0.0.0/30", [("VNet", "10.0.0.0/16")], ["must not overlap VNet 10.0.0.0/16"]),
    ("10.0.0.0/30", [("AVS", "10.0.0.2/31")], ["must not overlap AVS 10.0.0.2/31"]),
    ("10.0.0.0/30", [("VNet", "10.0.0.5/16")], ["must not overlap VNet 10.0.0.0/16"]),
    ("10.0.0.0/30", [("VNet", "fd00::/8"), ("bad", "junk")], []),
    ("10.0.0.0/30", [("a", "10.0.0.0/8"), ("b", "10.0.0.0/24")],
     ["must not overlap a 10.0.0.0/8", "must not overlap b 10.0.0.0/24"]),
    ("junk", [("a", "10.0.0.0/8")], []),
], ids=["disjoint", "inside-vnet", "contains-in-use", "in-use-host-bits", "other-family-and-junk-skipped",
        "reports-every-overlap", "invalid-value-skipped"])
def test_check_not_overlapping(value, in_use, expected):
    before = copy.deepcopy(in_use)
    problems = check_not_overlapping("primary_peer_address_prefix", value, in_use)
    assert [problem.rule for problem in problems] == expected
    assert all(problem.option == "primary_peer_address_prefix" for problem in problems)
    assert in_use == before


# --------------------------------------------------------------- prefix list

@pytest.mark.parametrize("values, version, expected", [
    (["123.0.0.0/30"], 4, []),
    ([], 4, []),
    (["123.0.0.0/30", "10.0.0.0/8", "123.0.0.0/30", "2600::/32"], 4,
     [("p[1]", "must be a public prefix, 10.0.0.0/8 is private-use (RFC 1918)"),
      ("p[2]", "must be listed once; it repeats p[0]"),
      ("p[3]", "must be an IPv4 prefix like 10.0.0.0/30, not IPv6")]),
    ("123.0.0.0/30", 4, [("p", "must be a list of prefixes in CIDR notation")]),
], ids=["seed", "empty", "every-problem-at-once", "not-a-list"])
def test_check_prefix_list(values, version, expected):
    before = copy.deepcopy(values)
    assert options_and_rules(check_prefix_list("p", values, version=version)) == expected
    assert values == before


# ---------------------------------------------------------- address spaces

@pytest.mark.parametrize("values, in_use, expected", [
    (None, [], []),
    ([], [], []),
    (["10.1.0.0/16", "2001:db8::/48"], [("address space in use", "10.1.0.0/16"),
                                        ("address space in use", "2001:db8::/48")], []),
    (["10.1.2.3/16"], [("address space in use", "10.1.0.0/16")], []),
    (["not-a-cidr", "10.1.0.0/16", 7], [("address space in use", "10.1.0.0/16")],
     [("s[0]", "must be a prefix in CIDR notation with a prefix length, like not-a-cidr/30"),
      ("s[2]", "must be a prefix in CIDR notation, like 10.0.0.0/30")]),
    ("10.1.0.0/16", [], [("s", "must be a list of prefixes in CIDR notation")]),
], ids=["unset", "empty", "v4-and-v6", "host-bits-tolerated", "malformed-items", "not-a-list"])
def test_check_address_spaces(values, in_use, expected):
    before = copy.deepcopy(values)
    found, problems = check_address_spaces("s", values)
    assert found == in_use
    assert options_and_rules(problems) == expected
    assert values == before


# -------------------------------------------------------------- addresses

@pytest.mark.parametrize("prefix, addresses", [
    ("10.0.0.0/30", ("10.0.0.1", "10.0.0.2")),
    ("10.0.0.4/30", ("10.0.0.5", "10.0.0.6")),
    ("131.107.0.0/30", ("131.107.0.1", "131.107.0.2")),
    ("2001:db8::/126", ("2001:db8::1", "2001:db8::2")),
    ("3FFE:FFFF:0:CD30::4/126", ("3ffe:ffff:0:cd30::5", "3ffe:ffff:0:cd30::6")),
], ids=["seed-primary", "seed-secondary", "seed-microsoft", "v6", "v6-upper-case"])
def test_customer_and_microsoft_addresses(prefix, addresses):
    assert customer_and_microsoft_addresses(prefix) == addresses


@pytest.mark.parametrize("prefix", ["10.0.0.0/29", "10.0.0.1/30", "2001:db8::/125"], ids=["v4-29", "host-bits", "v6-125"])
def test_customer_and_microsoft_addresses_rejects(prefix):
    with pytest.raises(ValueError):
        customer_and_microsoft_addresses(prefix)


@pytest.mark.parametrize("prefix, halves", [
    ("10.0.0.0/29", ("10.0.0.0/30", "10.0.0.4/30")),
    ("2001:db8::/125", ("2001:db8::/126", "2001:db8::4/126")),
], ids=["v4", "v6"])
def test_split_peer_prefix(prefix, halves):
    assert split_peer_prefix(prefix) == halves


def test_split_peer_prefix_rejects_other_sizes():
    with pytest.raises(ValueError, match="must be a /29"):
        split_peer_prefix("10.0.0.0/28")


# ------------------------------------------------------------ properties

PUBLIC_SLASH_29 = st.integers(min_value=0, max_value=2 ** 29 - 1).map(
    lambda index: ipaddress.IPv4Network((index << 3, 29))).filter(
    lambda network: reserved_range_of(network) is None)


@settings(max_examples=300)
@given(PUBLIC_SLASH_29)
def test_any_split_of_a_public_slash_29_is_accepted_for_microsoft_peering(network):
    primary, secondary = split_peer_prefix(str(network))
    assert check_peer_subnet_pair("p", primary, "s", secondary, version=4, public=True) == []
    assert check_peer_subnet_pair("p", secondary, "s", primary, version=4, public=True) == []


@st.composite
def prefix_inside_reserved_range(draw):
    reserved = draw(st.sampled_from(RESERVED_RANGES))
    bits = reserved.network.max_prefixlen
    length = draw(st.integers(min_value=reserved.network.prefixlen, max_value=bits))
    offset = draw(st.integers(min_value=0, max_value=2 ** (length - reserved.network.prefixlen) - 1))
    address = int(reserved.network.network_address) + (offset << (bits - length))
    return ipaddress.ip_network((address, length))


@settings(max_examples=500)
@given(prefix_inside_reserved_range())
def test_any_prefix_inside_a_reserved_range_is_rejected_naming_the_range(network):
    problems = check_public_prefix("p", str(network))
    assert len(problems) == 1
    expected = reserved_range_of(network)
    assert expected is not None
    assert "%s is %s" % (network, expected.name) in problems[0].rule


@st.composite
def two_peer_subnets_in_a_small_block(draw):
    """Two /30s (or /126s) from one /27 (/123) block, so they collide often."""
    version = draw(st.sampled_from([4, 6]))
    bits, length = (32, 30) if version == 4 else (128, 126)
    block = draw(st.integers(min_value=0, max_value=2 ** (length - 3) - 1)) << 3
    first, second = draw(st.integers(0, 7)), draw(st.integers(0, 7))
    cls = ipaddress.IPv4Network if version == 4 else ipaddress.IPv6Network
    return (version, cls(((block + first) << (bits - length), length)),
            cls(((block + second) << (bits - length), length)))


@settings(max_examples=300)
@given(two_peer_subnets_in_a_small_block())
def test_primary_secondary_overlap_is_always_detected(pair):
    version, primary, secondary = pair
    problems = check_peer_subnet_pair("p", str(primary), "s", str(secondary), version=version, public=False)
    overlap = [problem for problem in problems if "must not overlap p" in problem.rule]
    assert bool(overlap) == primary.overlaps(secondary)


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=2 ** 30 - 1), st.integers(min_value=0, max_value=2 ** 30 - 1))
def test_distinct_slash_30s_do_not_overlap(first, second):
    assume(first != second)
    primary = str(ipaddress.IPv4Network((first << 2, 30)))
    secondary = str(ipaddress.IPv4Network((second << 2, 30)))
    problems = check_peer_subnet_pair("p", primary, "s", secondary, version=4, public=False)
    assert not [problem for problem in problems if "must not overlap" in problem.rule]

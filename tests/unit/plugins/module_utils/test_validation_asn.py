# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.asn import (
    asn_size,
    check_customer_asn,
    check_peer_asn,
)


@pytest.mark.parametrize("value", [1, 1234, 2245, 64512, 65514, 65521, 65535, 4200000000, 4294967295],
                         ids=["min", "seed", "seed-customer", "private-2-byte", "below-reserved", "above-reserved",
                              "max-2-byte", "private-4-byte", "max"])
def test_peer_asn_accepts(value):
    assert check_peer_asn("peer_asn", value) == []


@pytest.mark.parametrize("value, fragment", [
    (0, "must be a 2-byte (1-65535) or 4-byte (65536-4294967295) AS number"),
    (4294967296, "must be a 2-byte (1-65535) or 4-byte"),
    (-1, "must be a 2-byte"),
    (65515, "must not be 65515-65520, which Microsoft reserves"),
    (65517, "must not be 65515-65520"),
    (65520, "must not be 65515-65520"),
    ("1234", "must be an AS number (an integer)"),
    (True, "must be an AS number (an integer)"),
    (12.0, "must be an AS number (an integer)"),
], ids=["zero", "too-big", "negative", "reserved-low", "reserved-mid", "reserved-high", "string", "bool", "float"])
def test_peer_asn_rejects(value, fragment):
    problems = check_peer_asn("peer_asn", value)
    assert len(problems) == 1
    assert problems[0].option == "peer_asn"
    assert fragment in problems[0].rule
    assert problems[0].value == value


@pytest.mark.parametrize("value", [1, 2245, 12076, 23455, 23457, 64495, 131072, 399999, 4199999999],
                         ids=["min", "seed", "microsoft", "below-as-trans", "above-as-trans", "below-doc",
                              "first-public-4-byte", "4-byte", "below-private-4-byte"])
def test_customer_asn_accepts(value):
    assert check_customer_asn("microsoft_peering_config.customer_asn", value) == []


@pytest.mark.parametrize("value, fragment", [
    (0, "must be a public AS number; 0 is reserved (RFC 7607)"),
    (23456, "23456 is AS_TRANS"),
    (64496, "64496 is in 64496-64511, 2-byte documentation ASNs (RFC 5398)"),
    (64512, "64512 is in 64512-65534, 2-byte private-use ASNs (RFC 6996)"),
    (65534, "in 64512-65534, 2-byte private-use"),
    (65535, "65535 is reserved (RFC 7300)"),
    (65536, "4-byte documentation ASNs (RFC 5398)"),
    (100000, "in 65552-131071, reserved by IANA"),
    (4200000000, "in 4200000000-4294967294, 4-byte private-use ASNs (RFC 6996)"),
    (4294967295, "4294967295 is reserved (RFC 7300)"),
    (4294967296, "must be a 2-byte (1-65535) or 4-byte"),
    ("2245", "must be an AS number (an integer)"),
    (None, "must be an AS number (an integer)"),
], ids=["zero", "as-trans", "doc-2-byte", "private-2-byte-low", "private-2-byte-high", "65535", "doc-4-byte",
        "iana-reserved", "private-4-byte", "max", "too-big", "string", "none"])
def test_customer_asn_rejects(value, fragment):
    problems = check_customer_asn("microsoft_peering_config.customer_asn", value)
    assert len(problems) == 1
    assert problems[0].option == "microsoft_peering_config.customer_asn"
    assert fragment in problems[0].rule


@pytest.mark.parametrize("asn, size", [(1, "2-byte"), (65535, "2-byte"), (65536, "4-byte")], ids=["1", "65535", "65536"])
def test_asn_size(asn, size):
    assert asn_size(asn) == size

# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.global_reach import (
    check_global_reach_prefix,
)

IN_USE = [("peer subnet", "10.0.0.0/30"), ("address space in use", "10.1.0.0/16"),
          ("connection gr-other", "192.168.8.0/29"), ("peer subnet", "fd00::/126")]


@pytest.mark.parametrize("value, version", [
    ("192.168.0.0/29", 4), ("10.0.0.8/29", 4), ("fd00:1::/125", 6),
], ids=["v4", "v4-next-to-peer-subnet", "v6"])
def test_global_reach_prefix_accepts(value, version):
    before = copy.deepcopy(IN_USE)
    assert check_global_reach_prefix("address_prefix", value, version=version, in_use=IN_USE) == []
    assert IN_USE == before


@pytest.mark.parametrize("value, version, expected", [
    ("192.168.0.0/28", 4, ["must be a /29 for Global Reach"]),
    ("fd00:1::/126", 6, ["must be a /125 for Global Reach"]),
    ("192.168.0.1/29", 4, ["must be a network address with the host bits zero; did you mean 192.168.0.0/29"]),
    ("fd00:1::/125", 4, ["must be an IPv4 prefix like 10.0.0.0/30, not IPv6"]),
    ("10.0.0.0/29", 4, ["must not overlap peer subnet 10.0.0.0/30"]),
    ("10.1.2.0/29", 4, ["must not overlap address space in use 10.1.0.0/16"]),
    ("192.168.8.0/29", 4, ["must not overlap connection gr-other 192.168.8.0/29"]),
    ("fd00::/125", 6, ["must not overlap peer subnet fd00::/126"]),
    ("banana", 4, ["must be a prefix in CIDR notation with a prefix length, like banana/30"]),
], ids=["v4-slash-28", "v6-slash-126", "host-bits", "wrong-family", "overlaps-peer-subnet", "overlaps-vnet",
        "overlaps-other-connection", "v6-overlaps", "garbage"])
def test_global_reach_prefix_rejects(value, version, expected):
    problems = check_global_reach_prefix("address_prefix", value, version=version, in_use=IN_USE)
    assert [problem.rule for problem in problems] == expected
    assert all(problem.option == "address_prefix" for problem in problems)

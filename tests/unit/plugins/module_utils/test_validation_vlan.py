# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.vlan import check_vlan


@pytest.mark.parametrize("value, others", [
    (100, {}),
    (300, {"AzurePrivatePeering": 100}),
    (1, None),
    (4094, {"MicrosoftPeering": None}),
], ids=["seed-private", "seed-microsoft-beside-private", "min", "max-other-without-vlan"])
def test_vlan_accepts(value, others):
    before = copy.deepcopy(others)
    assert check_vlan("vlan_id", value, others) == []
    assert others == before


@pytest.mark.parametrize("value, others, fragment", [
    (0, {}, "must be a VLAN ID from 1 to 4094"),
    (4095, {}, "must be a VLAN ID from 1 to 4094"),
    ("100", {}, "must be a VLAN ID from 1 to 4094"),
    (True, {}, "must be a VLAN ID from 1 to 4094"),
    (100, {"AzurePrivatePeering": 100}, "must be unique on the circuit; AzurePrivatePeering already uses VLAN 100"),
], ids=["zero", "4095", "string", "bool", "used-by-other-peering"])
def test_vlan_rejects(value, others, fragment):
    before = copy.deepcopy(others)
    problems = check_vlan("vlan_id", value, others)
    assert len(problems) == 1
    assert problems[0].option == "vlan_id"
    assert fragment in problems[0].rule
    assert others == before

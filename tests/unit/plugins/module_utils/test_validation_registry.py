# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.registry import (
    ROUTING_REGISTRIES,
    check_routing_registry,
    normalise_routing_registry,
)


@pytest.mark.parametrize("value, normalised", [
    ("ARIN", "ARIN"), ("arin", "ARIN"), ("RipeNcc", "RIPENCC"), (" level3 ", "LEVEL3"), ("ALTDB", "ALTDB"),
], ids=["seed", "lower", "mixed", "spaces", "altdb"])
def test_registry_accepts_and_normalises(value, normalised):
    assert check_routing_registry("r", value) == []
    assert normalise_routing_registry(value) == normalised


@pytest.mark.parametrize("value", ["RIPE", "RIPE NCC", "", None, 1], ids=["ripe", "ripe-space", "empty", "none", "int"])
def test_registry_rejects(value):
    problems = check_routing_registry("microsoft_peering_config.routing_registry_name", value)
    assert len(problems) == 1
    assert problems[0].option == "microsoft_peering_config.routing_registry_name"
    assert problems[0].rule == "must be one of ARIN, APNIC, AFRINIC, LACNIC, RIPENCC, RADB, ALTDB, LEVEL3"
    assert normalise_routing_registry(value) is None


def test_every_registry_is_listed():
    assert set(ROUTING_REGISTRIES) == {"ARIN", "APNIC", "AFRINIC", "LACNIC", "RIPENCC", "RADB", "ALTDB", "LEVEL3"}

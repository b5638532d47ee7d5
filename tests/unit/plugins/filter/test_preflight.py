# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.hybridlink.expressroute.plugins.filter.preflight import FilterModule, preflight


def test_registered_and_returns_findings():
    assert FilterModule().filters()["preflight"] is preflight
    findings = preflight([{"name": "sv", "private_peering": {"vlan_id": 100}, "onprem_prefixes": ["10.0.0.0/8"]}])
    assert [item["rule"] for item in findings] == ["circuit_not_read"]


@pytest.mark.parametrize("args, kwargs, words", [
    (("not a list",), {}, "list"),
    (([],), {"circuit": "er-1"}, "circuit"),
    (([],), {"private_clouds": 3}, "private_clouds"),
    (([],), {"geopolitical_regions": ["x"]}, "geopolitical_regions"),
])
def test_bad_arguments_are_named(args, kwargs, words):
    with pytest.raises(AnsibleFilterError, match=words):
        preflight(*args, **kwargs)

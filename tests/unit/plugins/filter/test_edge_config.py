# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.hybridlink.expressroute.plugins.filter.edge_config import FilterModule

FILTERS = FilterModule().filters()
SITE = {
    "name": "seed",
    "private_peering": {"vlan_id": 100, "peer_asn": 1234, "shared_key": "A1B2C3D4",
                        "primary_peer_address_prefix": "10.0.0.0/30", "secondary_peer_address_prefix": "10.0.0.4/30"},
    "onprem_prefixes": ["192.168.0.0/16"],
}


def test_model_and_hidden_model():
    clear = FILTERS["edge_config"](SITE)
    hidden = FILTERS["edge_config"](SITE, hide_secrets=True)
    assert [n["password"] for n in clear["neighbors"]] == ["A1B2C3D4", "A1B2C3D4"]
    assert [n["password"] for n in hidden["neighbors"]] == ["<hidden>", "<hidden>"]
    assert "A1B2C3D4" not in repr(hidden)


def test_problems_are_one_error_without_the_key():
    site = dict(SITE, private_peering=dict(SITE["private_peering"], vlan_id=None, shared_key="x" * 26))
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["edge_config"](site)
    message = str(error.value)
    assert message.startswith("Cannot render the customer edge of site seed: 2 problems")
    assert "private_peering.vlan_id: must be set to render the customer edge" in message
    assert "private_peering.shared_key: must be a string of 1 to 25 characters (got <hidden>)" in message
    assert "x" * 26 not in message


def test_mask_diff_resources_cli():
    assert FILTERS["edge_config_mask"](" neighbor 10.0.0.2 password A1B2C3D4\n") == " neighbor 10.0.0.2 password <hidden>\n"
    with pytest.raises(AnsibleFilterError):
        FILTERS["edge_config_mask"](["not", "text"])
    assert FILTERS["edge_config_diff"]("a\n", "a\n") == ""
    assert "+b" in FILTERS["edge_config_diff"]("a\n", "a\nb\n")
    resources = FILTERS["edge_config_resources"](FILTERS["edge_config"](SITE), "ios")
    assert resources["bgp_global"]["as_number"] == "1234"
    with pytest.raises(AnsibleFilterError, match="platform must be one of"):
        FILTERS["edge_config_resources"](FILTERS["edge_config"](SITE), "vyos")
    assert FILTERS["edge_config_cli"]([{"parents": ["p"], "lines": ["l"]}]) == "p\n l\n"
    with pytest.raises(AnsibleFilterError):
        FILTERS["edge_config_cli"]([{"lines": ["l"]}])

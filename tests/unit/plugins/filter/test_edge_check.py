# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import json
import os

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.hybridlink.expressroute.plugins.filter.edge_check import edge_check

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "module_utils", "fixtures", "frr-8.4.4")
KEY = "Md5-key-of-the-peering"
PEERING = {"peering_type": "AzurePrivatePeering", "vlan_id": 100, "peer_asn": 65010, "shared_key": "<hidden>",
           "primary_peer_address_prefix": "10.250.0.0/30", "secondary_peer_address_prefix": "10.250.0.4/30"}
CONFIG = ("interface eth0.100\n ip address 10.250.0.1/30\ninterface eth1.100\n ip address 10.250.0.5/30\n"
          "router bgp 65010\n neighbor 10.250.0.2 remote-as 12076\n neighbor 10.250.0.2 password {key}\n"
          " neighbor 10.250.0.6 remote-as 12076\n neighbor 10.250.0.6 password {key}\n")


def text(name):
    with open(os.path.join(FIXTURES, name + ".json")) as handle:
        return handle.read()


def azure(state):
    return dict((device, {"summary": [{"neighbor": address, "session_state": state, "prefixes_received": 2
                                       if state == "Established" else None}], "arp": []})
                for device, address in (("primary", "10.250.0.1"), ("secondary", "10.250.0.5")))


def test_established_and_learned():
    edge = {"config": CONFIG.format(key=KEY), "bgp_summary": text("established-summary"),
            "bgp_neighbors": text("established-neighbors"), "bgp_routes": text("established-routes")}
    before = copy.deepcopy(edge)
    result = edge_check(PEERING, edge=edge, azure_tables=azure("Established"), peering_key=KEY,
                        prefixes=["10.176.0.0/22", "10.180.10.0/24"])
    assert edge == before
    primary = result["links"][0]
    assert primary["established"] and primary["edge"]["prefixes_received"] == 2
    # The fixture has only the primary session: the secondary's neighbour is not on the router.
    assert result["links"][1]["edge"] is None
    assert result["missing_prefixes"] == ["10.180.10.0/24"]
    assert "<hidden>" in result["config"] and KEY not in json.dumps(result)


def test_wrong_key_says_md5_on_both_links_without_the_key():
    edge = {"config": CONFIG.format(key="typo-" + KEY), "bgp_summary": text("md5-mismatch-summary"),
            "bgp_neighbors": text("md5-mismatch-neighbors")}
    result = edge_check(PEERING, edge=edge, azure_tables=azure("Connect"), peering_key=KEY)
    assert [link["verdict"] for link in result["links"]] == ["Down: MD5 mismatch"] * 2
    assert not result["established"]
    dumped = json.dumps(result)
    assert KEY not in dumped and "typo-" not in dumped


def test_not_answering():
    result = edge_check(PEERING, edge={"answered": False, "error": "vtysh: bgpd is not running",
                                       "config": CONFIG.format(key=KEY)},
                        azure_tables=azure("Active"), peering_key=KEY, prefixes=["10.176.0.0/22"])
    assert [link["causes"][0]["kind"] for link in result["links"]] == ["ce_not_answering"] * 2
    assert result["routes"] is None and result["missing_prefixes"] == ["10.176.0.0/22"]


@pytest.mark.parametrize("peering, edge, fragment", [
    ("not a dict", {}, "needs the peering"),
    (PEERING, "text", "edge must be a dict"),
    (PEERING, {"bgp_summary": "Unknown command"}, "bgp_summary is not JSON"),
    (PEERING, {"bgp_routes": "[]"}, "bgp_routes must be a JSON object"),
])
def test_bad_input_names_the_option(peering, edge, fragment):
    with pytest.raises(AnsibleFilterError, match=fragment):
        edge_check(peering, edge=edge)

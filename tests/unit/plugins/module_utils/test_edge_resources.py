# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.edge_config import edge_model
from ansible_collections.hybridlink.expressroute.plugins.module_utils.edge_resources import (
    cli_text,
    junos_group,
    resource_configs,
)

SITE = {
    "name": "seed",
    "private_peering": {
        "vlan_id": 100, "peer_asn": 65010, "shared_key": "A1B2C3D4",
        "primary_peer_address_prefix": "10.0.0.0/30", "secondary_peer_address_prefix": "10.0.0.4/30",
        "ipv6_peering_config": {"primary_peer_address_prefix": "fd00::/126",
                                "secondary_peer_address_prefix": "fd00::4/126"},
    },
    "onprem_prefixes": ["192.168.0.0/16", "fd00:100::/48"],
}


def model(interfaces=None):
    built, problems = edge_model(SITE, interfaces=interfaces)
    assert problems == []
    return built.to_dict()


def configs(platform, interfaces=None):
    data = model(interfaces)
    before = copy.deepcopy(data)
    result = resource_configs(data, platform)
    assert data == before
    return result


def test_ios():
    ios = configs("ios", {"primary": "Gi0/0/0", "secondary": "Gi0/0/1"})
    assert ios["l2_interfaces"][0] == {"name": "Gi0/0/0.100", "encapsulation": {"type": "dot1Q", "vlan_id": 100}}
    assert ios["l3_interfaces"][0] == {"name": "Gi0/0/0.100", "ipv4": [{"address": "10.0.0.1/30"}],
                                       "ipv6": [{"address": "fd00::1/126"}]}
    assert ios["bfd_interfaces"][1] == {"name": "Gi0/0/1.100",
                                        "interval": {"input": 300, "min_rx": 300, "multiplier": 3}}
    first = ios["bgp_global"]["neighbors"][0]
    assert first == {"neighbor_address": "10.0.0.2", "remote_as": "12076",
                     "description": "AzurePrivatePeering primary IPv4", "timers": {"interval": 60, "holdtime": 180},
                     "password_options": {"pass_key": "A1B2C3D4"}, "fall_over": {"bfd": {"set": True}}}
    assert "fall_over" not in ios["bgp_global"]["neighbors"][1]  # IPv6: no BFD
    families = {family["afi"]: family for family in ios["bgp_address_family"]["address_family"]}
    assert families["ipv4"]["networks"] == [{"address": "192.168.0.0", "mask": "255.255.0.0"}]
    assert families["ipv6"]["networks"] == [{"address": "fd00:100::/48"}]
    assert families["ipv4"]["neighbors"][0]["maximum_prefix"] == {"number": 4000}
    assert families["ipv6"]["neighbors"][0]["prefix_lists"] == [{"name": "ER-PRIVATE-OUT-V6", "out": True}]
    assert ios["cli"] == []


def test_eos_keeps_the_password_out_of_the_rendered_form():
    eos = configs("eos")
    assert eos["bgp_global"]["neighbor"][0]["encryption_password"] == {"type": 0, "password": "A1B2C3D4"}
    assert all("encryption_password" not in entry for entry in eos["bgp_global_rendered"]["neighbor"])
    assert eos["bgp_global"]["neighbor"][0]["maximum_received_routes"] == {"count": 4000}
    assert all(entry.keys() == {"peer", "activate"}
               for family in eos["bgp_address_family"]["address_family"] for entry in family["neighbor"])
    assert all(entry.keys() == {"peer", "prefix_list"}
               for family in eos["bgp_address_family_policy"]["address_family"] for entry in family["neighbor"])
    assert eos["cli"][0] == {"parents": ["interface eth0.100"],
                             "lines": ["encapsulation dot1q vlan 100", "bfd interval 300 min-rx 300 multiplier 3"]}
    assert eos["cli_rendered"][-1] == {"parents": ["router bgp 65010"],
                                       "lines": ["neighbor 10.0.0.2 password 0 A1B2C3D4",
                                                 "neighbor fd00::2 password 0 A1B2C3D4",
                                                 "neighbor 10.0.0.6 password 0 A1B2C3D4",
                                                 "neighbor fd00::6 password 0 A1B2C3D4"]}


def test_junos_groups_per_peering_and_version():
    junos = configs("junos")
    groups = {group["name"]: group for group in junos["bgp_global"]["groups"]}
    assert sorted(groups) == ["ER-PRIVATE-V4", "ER-PRIVATE-V6"]
    assert [n["neighbor_address"] for n in groups["ER-PRIVATE-V4"]["neighbors"]] == ["10.0.0.2", "10.0.0.6"]
    assert groups["ER-PRIVATE-V4"]["bfd_liveness_detection"] == {"minimum_interval": 300,
                                                                 "minimum_receive_interval": 300, "multiplier": 3}
    assert "bfd_liveness_detection" not in groups["ER-PRIVATE-V6"]
    assert groups["ER-PRIVATE-V6"]["export"] == "ER-PRIVATE-OUT-V6"
    assert {g["name"]: g["address_family"][0]["af_type"][0]["prefix_limit"]["maximum"]
            for g in junos["bgp_address_family"]["groups"]} == {"ER-PRIVATE-V4": 4000, "ER-PRIVATE-V6": 100}
    assert junos["l3_interfaces"][0] == {"name": "eth0", "unit": 100, "ipv4": [{"address": "10.0.0.1/30"}],
                                         "ipv6": [{"address": "fd00::1/126"}]}
    assert "set interfaces eth0 unit 100 vlan-id 100" in junos["cli"][0]["lines"]
    assert junos["routing_options"] == {"autonomous_system": {"as_number": "65010"}, "router_id": "10.0.0.1"}


@pytest.mark.parametrize("peering, version, expected", [
    ("AzurePrivatePeering", 4, "ER-PRIVATE-V4"), ("MicrosoftPeering", 6, "ER-MICROSOFT-V6")])
def test_junos_group(peering, version, expected):
    assert junos_group(peering, version) == expected


def test_unknown_platform():
    with pytest.raises(ValueError, match="platform must be one of eos, ios, junos"):
        resource_configs(model(), "frr")


@pytest.mark.parametrize("blocks, expected", [
    ([], ""),
    ([{"parents": [], "lines": ["set a", "set b"]}], "set a\nset b\n"),
    ([{"parents": ["interface e1.100"], "lines": ["encapsulation dot1q vlan 100"]}],
     "interface e1.100\n encapsulation dot1q vlan 100\n"),
])
def test_cli_text(blocks, expected):
    assert cli_text(blocks) == expected


@pytest.mark.parametrize('platform, prefix_key', [('ios', 'prefix'), ('eos', 'address')])
def test_prefix_lists_per_family_in_the_vendors_words(platform, prefix_key):
    lists = configs(platform)['prefix_lists']
    assert [item['afi'] for item in lists] == ['ipv4', 'ipv6']
    assert lists[0]['prefix_lists'][0] == {'name': 'ER-PRIVATE-OUT', 'entries': [
        {'sequence': 10, 'action': 'permit', prefix_key: '192.168.0.0/16'}]}

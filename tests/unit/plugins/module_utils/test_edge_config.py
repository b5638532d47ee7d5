# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.edge_config import (
    MSEE_ASN,
    config_diff,
    edge_model,
    mask_secrets,
    maximum_prefixes,
)

# The classic how-to's private peering (expressroute-peering-classic.md), as a site of example_sites.yml.
SEED_SITE = {
    "name": "seed",
    "private_peering": {
        "vlan_id": 100, "peer_asn": 1234,
        "primary_peer_address_prefix": "10.0.0.0/30", "secondary_peer_address_prefix": "10.0.0.4/30",
        "shared_key": "A1B2C3D4",
    },
    "onprem_prefixes": ["192.168.0.0/16", "172.20.0.0/14"],
}
MICROSOFT = {
    "vlan_id": 300, "peer_asn": 1234,
    "primary_peer_address_prefix": "131.107.0.0/30", "secondary_peer_address_prefix": "131.107.0.4/30",
    "microsoft_peering_config": {"advertised_public_prefixes": ["123.0.0.0/30"], "routing_registry_name": "ARIN"},
}
PRIVATE_IPV6 = {"primary_peer_address_prefix": "fd00:10::/126", "secondary_peer_address_prefix": "fd00:10::4/126"}


def site_with(**changes):
    site = copy.deepcopy(SEED_SITE)
    for key, value in changes.items():
        if key == "private_peering" and isinstance(value, dict):
            site[key].update(value)
        else:
            site[key] = value
    return site


def model_of(site, **kwargs):
    before = copy.deepcopy(site)
    model, problems = edge_model(site, **kwargs)
    assert problems == []
    assert site == before
    return model


def test_seed_private_peering_follows_the_addressing_rule():
    model = model_of(SEED_SITE)
    assert model.local_as == 1234
    assert model.router_id == "10.0.0.1"
    assert [(s.name, s.vlan_id, s.ipv4, s.ipv6) for s in model.subinterfaces] == [
        ("eth0.100", 100, "10.0.0.1/30", None), ("eth1.100", 100, "10.0.0.5/30", None)]
    assert [(n.device, n.ce_address, n.address, n.remote_as, n.local_as) for n in model.neighbors] == [
        ("primary", "10.0.0.1", "10.0.0.2", MSEE_ASN, 1234), ("secondary", "10.0.0.5", "10.0.0.6", MSEE_ASN, 1234)]
    for neighbor in model.neighbors:
        assert neighbor.password == "A1B2C3D4"
        assert neighbor.bfd is True
        assert neighbor.maximum_prefix == 4000
        assert neighbor.prefix_list == "ER-PRIVATE-OUT"
        assert neighbor.vlan_id == 100
    assert [(p.name, p.prefixes) for p in model.prefix_lists] == [
        ("ER-PRIVATE-OUT", ("192.168.0.0/16", "172.20.0.0/14"))]
    assert (model.bfd.interval, model.bfd.min_rx, model.bfd.multiplier) == (300, 300, 3)
    assert (model.keepalive, model.hold) == (60, 180)
    assert model.secrets() == ["A1B2C3D4"]


@pytest.mark.parametrize("peering_type, version, premium, expected", [
    ("AzurePrivatePeering", 4, False, 4000),
    ("AzurePrivatePeering", 4, True, 10000),
    ("AzurePrivatePeering", 6, False, 100),
    ("AzurePrivatePeering", 6, True, 100),
    ("MicrosoftPeering", 4, False, 200),
    ("MicrosoftPeering", 6, True, 200),
], ids=["private-v4", "private-v4-premium", "private-v6", "private-v6-premium", "microsoft-v4", "microsoft-v6"])
def test_maximum_prefixes(peering_type, version, premium, expected):
    assert maximum_prefixes(peering_type, version, premium) == expected


def test_premium_raises_the_private_ipv4_limit_only():
    model = model_of(site_with(private_peering={"ipv6_peering_config": PRIVATE_IPV6},
                               onprem_prefixes=["192.168.0.0/16", "fd00:100::/48"]), premium=True)
    assert {(n.version, n.maximum_prefix) for n in model.neighbors} == {(4, 10000), (6, 100)}


def test_ipv6_sessions_share_the_peering_subinterface():
    model = model_of(site_with(private_peering={"ipv6_peering_config": PRIVATE_IPV6},
                               onprem_prefixes=["192.168.0.0/16", "fd00:100::/48"]))
    assert [(s.name, s.ipv4, s.ipv6) for s in model.subinterfaces] == [
        ("eth0.100", "10.0.0.1/30", "fd00:10::1/126"), ("eth1.100", "10.0.0.5/30", "fd00:10::5/126")]
    ipv6 = [n for n in model.neighbors if n.version == 6]
    assert [(n.address, n.ce_address, n.prefix_list, n.bfd) for n in ipv6] == [
        ("fd00:10::2", "fd00:10::1", "ER-PRIVATE-OUT-V6", False), ("fd00:10::6", "fd00:10::5", "ER-PRIVATE-OUT-V6", False)]
    assert [(p.name, p.prefixes) for p in model.prefix_lists] == [
        ("ER-PRIVATE-OUT", ("192.168.0.0/16",)), ("ER-PRIVATE-OUT-V6", ("fd00:100::/48",))]
    assert model.networks(6) == ["fd00:100::/48"]


def test_microsoft_peering_beside_private():
    model = model_of(site_with(microsoft_peering=copy.deepcopy(MICROSOFT)))
    microsoft = [n for n in model.neighbors if n.peering == "MicrosoftPeering"]
    assert [(n.interface, n.ce_address, n.address, n.maximum_prefix, n.password) for n in microsoft] == [
        ("eth0.300", "131.107.0.1", "131.107.0.2", 200, None), ("eth1.300", "131.107.0.5", "131.107.0.6", 200, None)]
    assert [p.name for p in model.prefix_lists] == ["ER-PRIVATE-OUT", "ER-MICROSOFT-OUT"]
    assert model.networks(4) == ["192.168.0.0/16", "172.20.0.0/14", "123.0.0.0/30"]


def test_microsoft_peering_alone_needs_no_onprem_prefixes():
    site = {"name": "ms", "microsoft_peering": copy.deepcopy(MICROSOFT)}
    model = model_of(site)
    assert model.local_as == 1234
    assert [p.prefixes for p in model.prefix_lists] == [("123.0.0.0/30",)]


def test_microsoft_prefix_given_with_its_ownership_proof_is_advertised_by_its_prefix():
    microsoft = copy.deepcopy(MICROSOFT)
    microsoft["microsoft_peering_config"]["advertised_public_prefixes"] = [
        "123.1.0.0/24", {"prefix": "123.0.0.0/30", "signature": "c2ln", "validation_id": "v"}]
    model = model_of({"name": "ms", "microsoft_peering": microsoft})
    assert [p.prefixes for p in model.prefix_lists] == [("123.1.0.0/24", "123.0.0.0/30")]
    assert "c2ln" not in repr(model.to_dict())


@pytest.mark.parametrize("asn", [1, 64512, 65535, 65536, 4200000001, 4294967294],
                         ids=["2-byte-low", "2-byte-private", "2-byte-max", "4-byte-min", "4-byte-private", "4-byte-max"])
def test_two_and_four_byte_local_as(asn):
    model = model_of(site_with(private_peering={"peer_asn": asn}))
    assert model.local_as == asn
    assert {n.local_as for n in model.neighbors} == {asn}


def test_interfaces_name_the_subinterfaces():
    model = model_of(SEED_SITE, interfaces={"primary": "GigabitEthernet0/0/0", "secondary": "GigabitEthernet0/0/1"})
    assert [s.name for s in model.subinterfaces] == ["GigabitEthernet0/0/0.100", "GigabitEthernet0/0/1.100"]
    assert [n.interface for n in model.neighbors] == ["GigabitEthernet0/0/0.100", "GigabitEthernet0/0/1.100"]


def test_no_shared_key_means_no_password():
    site = site_with()
    del site["private_peering"]["shared_key"]
    model = model_of(site)
    assert [n.password for n in model.neighbors] == [None, None]
    assert model.secrets() == []


def test_absent_peering_is_not_rendered():
    model = model_of(site_with(microsoft_peering=dict(MICROSOFT, state="absent")))
    assert {n.peering for n in model.neighbors} == {"AzurePrivatePeering"}


def test_to_dict_is_plain_data():
    data = model_of(site_with(microsoft_peering=copy.deepcopy(MICROSOFT))).to_dict()
    assert data["networks"] == {"ipv4": ["192.168.0.0/16", "172.20.0.0/14", "123.0.0.0/30"], "ipv6": []}
    assert data["neighbors"][0]["address"] == "10.0.0.2"
    assert data["prefix_lists"][0]["prefixes"] == ("192.168.0.0/16", "172.20.0.0/14") or \
        list(data["prefix_lists"][0]["prefixes"]) == ["192.168.0.0/16", "172.20.0.0/14"]
    assert data["secrets"] == ["A1B2C3D4"]


@pytest.mark.parametrize("site, kwargs, expected", [
    (site_with(private_peering={"primary_peer_address_prefix": "10.0.0.0/29"}), {},
     [("private_peering.primary_peer_address_prefix",
       "must be a /30 peer subnet; to use the /29, split it: primary 10.0.0.0/30, secondary 10.0.0.4/30")]),
    (site_with(private_peering={"vlan_id": None}), {},
     [("private_peering.vlan_id", "must be set to render the customer edge")]),
    (site_with(private_peering={"vlan_id": 4095}), {},
     [("private_peering.vlan_id", "must be a VLAN ID from 1 to 4094")]),
    (site_with(microsoft_peering=dict(MICROSOFT, vlan_id=100)), {},
     [("private_peering.vlan_id", "must be unique on the circuit; MicrosoftPeering already uses VLAN 100"),
      ("microsoft_peering.vlan_id", "must be unique on the circuit; AzurePrivatePeering already uses VLAN 100")]),
    (site_with(private_peering={"peer_asn": 65515}), {},
     [("private_peering.peer_asn", "must not be 65515-65520, which Microsoft reserves for its own use")]),
    (site_with(private_peering={"peer_asn": None}), {},
     [("private_peering.peer_asn", "must be set to render the customer edge")]),
    (site_with(private_peering={"secondary_peer_address_prefix": None}), {},
     [("private_peering.secondary_peer_address_prefix", "must be set together with primary_peer_address_prefix")]),
    (site_with(onprem_prefixes=["192.168.0.0/16", "10.1.0.0"]), {},
     [("onprem_prefixes[1]", "must be a prefix in CIDR notation with a prefix length, like 10.1.0.0/30")]),
    (site_with(onprem_prefixes=[]), {},
     [("onprem_prefixes", "must list at least one prefix the site advertises over private peering "
       "(the CE's outbound prefix list)")]),
    (site_with(microsoft_peering=dict(MICROSOFT, peer_asn=4321)), {},
     [("microsoft_peering.peer_asn", "must equal private_peering.peer_asn: one edge router speaks BGP with one "
       "local AS (render the two peerings on separate routers otherwise)")]),
    ({"name": "empty"}, {},
     [("private_peering", "must be set (or microsoft_peering) to render the customer edge; the site configures "
       "no peering")]),
    (SEED_SITE, {"interfaces": {"primary": "eth0"}},
     [("interfaces.secondary", "must name the CE's physical interface of the secondary link")]),
    (SEED_SITE, {"premium": "yes"}, [("premium", "must be true or false")]),
], ids=["slash-29", "missing-vlan", "vlan-4095", "vlan-clash", "reserved-asn", "missing-asn", "half-a-pair",
        "prefix-without-length", "no-onprem-prefixes", "two-local-as", "no-peering", "missing-interface",
        "premium-not-bool"])
def test_problems_name_the_option(site, kwargs, expected):
    before = copy.deepcopy(site)
    model, problems = edge_model(site, **kwargs)
    assert model is None
    assert [(problem.option, problem.rule) for problem in problems] == expected
    assert site == before


def test_a_bad_shared_key_is_never_shown():
    site = site_with(private_peering={"shared_key": "S3cret-" + "x" * 30})
    model, problems = edge_model(site)
    assert model is None
    assert [problem.option for problem in problems] == ["private_peering.shared_key"]
    assert "S3cret" not in str(problems[0])


@pytest.mark.parametrize("text, secrets, expected", [
    (" neighbor 10.0.0.2 password A1B2C3D4\n", ["A1B2C3D4"], " neighbor 10.0.0.2 password <hidden>\n"),
    ("neighbor 10.0.0.2 password 0 A1B2C3D4", [], "neighbor 10.0.0.2 password <hidden>"),
    ("neighbor 10.0.0.2 password ********", [], "neighbor 10.0.0.2 password <hidden>"),
    ('    authentication-key "A1 B2";\n', [], "    authentication-key <hidden>;\n"),
    ("set protocols bgp group ER authentication-key A1B2C3D4", [],
     "set protocols bgp group ER authentication-key <hidden>"),
    ("<nc:authentication-key>A1B2C3D4</nc:authentication-key>", ["A1B2C3D4"],
     "<nc:authentication-key><hidden></nc:authentication-key>"),
    ("description key A1B2C3D4 here", ["A1B2C3D4"], "description key <hidden> here"),
    ("network 10.1.0.0/16\n", ["10"], "network 10.1.0.0/16\n"),
    ("no secrets here\n", [], "no secrets here\n"),
], ids=["frr", "eos-type-0", "module-masked", "junos-quoted", "junos-set", "junos-xml", "stray-secret",
        "secret-inside-a-word-stays", "nothing"])
def test_mask_secrets(text, secrets, expected):
    assert mask_secrets(text, secrets) == expected


def test_without_secrets_hides_every_key_and_nothing_else():
    model = model_of(site_with(microsoft_peering=dict(MICROSOFT, shared_key="OtherKey1")))
    hidden = model.without_secrets()
    assert [n.password for n in hidden.neighbors] == ["<hidden>"] * 4
    assert hidden.secrets() == []
    assert model.secrets() == ["A1B2C3D4", "OtherKey1"]
    assert [n.address for n in hidden.neighbors] == [n.address for n in model.neighbors]
    assert "A1B2C3D4" not in repr(hidden.to_dict()) and "OtherKey1" not in repr(hidden.to_dict())


def test_config_diff_masks_both_sides():
    before = "router bgp 1\n neighbor 10.0.0.2 password OldKey99\n neighbor 10.0.0.2 bfd\n"
    after = "router bgp 1\n neighbor 10.0.0.2 password NewKey11\n"
    diff = config_diff(before, after, ["NewKey11"])
    assert "OldKey99" not in diff and "NewKey11" not in diff
    assert "- neighbor 10.0.0.2 bfd" in diff
    assert config_diff(after, after) == ""

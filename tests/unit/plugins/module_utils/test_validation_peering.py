# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation import validate_peering

# The seed document's examples (expressroute-peering-classic.md).
SEED_PRIVATE = {
    "peering_type": "AzurePrivatePeering", "vlan_id": 100, "peer_asn": 1234,
    "primary_peer_address_prefix": "10.0.0.0/30", "secondary_peer_address_prefix": "10.0.0.4/30",
    "shared_key": "A1B2C3D4",
}
SEED_MICROSOFT = {
    "peering_type": "MicrosoftPeering", "vlan_id": 300, "peer_asn": 1234,
    "primary_peer_address_prefix": "131.107.0.0/30", "secondary_peer_address_prefix": "131.107.0.4/30",
    "shared_key": "A1B2C3D4",
    "microsoft_peering_config": {"customer_asn": 2245, "advertised_public_prefixes": ["123.0.0.0/30"],
                                 "routing_registry_name": "ARIN"},
}
IPV6_MICROSOFT = {
    "primary_peer_address_prefix": "2600:1f00::/126", "secondary_peer_address_prefix": "2600:1f00::4/126",
    "state": "Enabled",
    "microsoft_peering_config": {"advertised_public_prefixes": ["2600:1f01::/48"], "routing_registry_name": "arin"},
}
SUB = "11111111-2222-3333-4444-555555555555"
ROUTE_FILTER = "/subscriptions/%s/resourceGroups/rg/providers/Microsoft.Network/routeFilters/rf1" % SUB


def with_changes(base, **changes):
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key].update(value)
        else:
            result[key] = value
    return result


def validate(desired, **kwargs):
    frozen = copy.deepcopy((desired, kwargs))
    problems = validate_peering(desired, **kwargs)
    assert (desired, kwargs) == frozen, "validate_peering modified its input"
    return problems


@pytest.mark.parametrize("desired, kwargs", [
    (SEED_PRIVATE, {"creating": True}),
    (SEED_MICROSOFT, {"creating": True}),
    (with_changes(SEED_PRIVATE, address_spaces_in_use=["10.1.0.0/16", "192.168.0.0/22"]), {"creating": True}),
    (SEED_PRIVATE, {"other_peerings_vlans": {"MicrosoftPeering": 300, "AzurePrivatePeering": 100},
                    "address_spaces_in_use": ["10.1.0.0/16"]}),
    (with_changes(SEED_MICROSOFT, ipv6_peering_config=IPV6_MICROSOFT, route_filter_id=ROUTE_FILTER), {"creating": True}),
    (with_changes(SEED_MICROSOFT, primary_peer_address_prefix=None, secondary_peer_address_prefix=None,
                  microsoft_peering_config=None, ipv6_peering_config=IPV6_MICROSOFT), {"creating": True}),
    ({"peering_type": "MicrosoftPeering", "vlan_id": 301}, {}),
    ({"peering_type": "AzurePrivatePeering", "peering_state": "Disabled"}, {}),
    ({"peering_type": "AzurePrivatePeering", "vlan_id": None, "peer_asn": None, "microsoft_peering_config": None,
      "ipv6_peering_config": None, "route_filter_id": None, "shared_key": None}, {}),
    (with_changes(SEED_PRIVATE, peering_type="azureprivatepeering"), {"creating": True}),
    (with_changes(SEED_PRIVATE, ipv6_peering_config={"primary_peer_address_prefix": "fd00::/126",
                                                     "secondary_peer_address_prefix": "fd00::4/126"}), {}),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"advertised_communities": ["12076:5010", "0:65535"]}), {}),
], ids=["seed-private", "seed-microsoft", "private-beside-vnets", "own-vlan-in-mapping-ignored",
        "microsoft-dual-stack-with-route-filter", "microsoft-ipv6-only", "update-vlan-only", "disable-only",
        "all-unset", "type-case-insensitive", "private-ipv6-ula", "communities"])
def test_valid_peerings(desired, kwargs):
    assert validate(desired, **kwargs) == []


@pytest.mark.parametrize("desired, kwargs, option, fragment", [
    (with_changes(SEED_PRIVATE, peering_type="AzurePublicPeering"), {}, "peering_type", "retired on 2024-03-31"),
    (with_changes(SEED_PRIVATE, peering_type="Private"), {}, "peering_type", "must be one of AzurePrivatePeering"),
    (with_changes(SEED_PRIVATE, peering_type=None), {"creating": True}, "peering_type", "must be set to one of"),
    (with_changes(SEED_PRIVATE, peering_state="On"), {}, "peering_state", "must be one of Enabled, Disabled"),
    (with_changes(SEED_PRIVATE, vlan_id=4095), {}, "vlan_id", "from 1 to 4094"),
    (SEED_PRIVATE, {"other_peerings_vlans": {"MicrosoftPeering": 100}}, "vlan_id",
     "MicrosoftPeering already uses VLAN 100"),
    (with_changes(SEED_PRIVATE, vlan_id=None), {"creating": True}, "vlan_id", "must be set to create a peering"),
    (with_changes(SEED_PRIVATE, peer_asn=65515), {}, "peer_asn", "Microsoft reserves"),
    (with_changes(SEED_PRIVATE, peer_asn=None), {"creating": True}, "peer_asn", "must be set to create"),
    (with_changes(SEED_PRIVATE, shared_key="x" * 26), {}, "shared_key", "1 to 25 characters"),
    (with_changes(SEED_PRIVATE, primary_peer_address_prefix=None, secondary_peer_address_prefix=None),
     {"creating": True}, "primary_peer_address_prefix", "must be set to create a peering"),
    (with_changes(SEED_PRIVATE, primary_peer_address_prefix="10.0.0.0/29"), {}, "primary_peer_address_prefix",
     "split it: primary 10.0.0.0/30, secondary 10.0.0.4/30"),
    (with_changes(SEED_PRIVATE, secondary_peer_address_prefix="10.0.0.0/30"), {}, "secondary_peer_address_prefix",
     "must not overlap primary_peer_address_prefix 10.0.0.0/30"),
    (with_changes(SEED_PRIVATE, address_spaces_in_use=["10.0.0.0/16"]), {}, "primary_peer_address_prefix",
     "must not overlap address space in use 10.0.0.0/16"),
    (SEED_PRIVATE, {"address_spaces_in_use": ["10.0.0.4/30"]}, "secondary_peer_address_prefix",
     "must not overlap address space in use 10.0.0.4/30"),
    (with_changes(SEED_PRIVATE, address_spaces_in_use=["junk"]), {}, "address_spaces_in_use[0]",
     "must be a prefix in CIDR notation"),
    (with_changes(SEED_PRIVATE, address_spaces_in_use="10.0.0.0/8"), {}, "address_spaces_in_use",
     "must be a list of prefixes"),
    (with_changes(SEED_PRIVATE, primary_peer_address_prefix="127.0.0.0/30"), {}, "primary_peer_address_prefix",
     "127.0.0.0/30 is loopback (RFC 1122)"),
    (with_changes(SEED_PRIVATE, microsoft_peering_config={"advertised_public_prefixes": ["123.0.0.0/30"]}), {},
     "microsoft_peering_config", "must not be set for AzurePrivatePeering"),
    (with_changes(SEED_PRIVATE, route_filter_id=ROUTE_FILTER), {}, "route_filter_id",
     "route filters apply to MicrosoftPeering"),
    (with_changes(SEED_MICROSOFT, primary_peer_address_prefix="10.0.0.0/30", secondary_peer_address_prefix="10.0.0.4/30"),
     {}, "primary_peer_address_prefix", "must be a public prefix, 10.0.0.0/30 is private-use (RFC 1918)"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"advertised_public_prefixes": ["10.1.0.0/16"]}), {},
     "microsoft_peering_config.advertised_public_prefixes[0]",
     "must be a public prefix, 10.1.0.0/16 is private-use (RFC 1918)"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"advertised_public_prefixes": []}), {},
     "microsoft_peering_config.advertised_public_prefixes", "at least one public prefix"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config=None), {"creating": True},
     "microsoft_peering_config.advertised_public_prefixes", "at least one public prefix for a new MicrosoftPeering"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"customer_asn": 2245, "advertised_public_prefixes": None}),
     {"creating": True}, "microsoft_peering_config.advertised_public_prefixes", "at least one public prefix"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"routing_registry_name": None}), {},
     "microsoft_peering_config.routing_registry_name", "must name the registry"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"routing_registry_name": "RIPE"}), {},
     "microsoft_peering_config.routing_registry_name", "must be one of ARIN"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"customer_asn": 64512}), {},
     "microsoft_peering_config.customer_asn", "2-byte private-use"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"advertised_communities": ["12076:70000"]}), {},
     "microsoft_peering_config.advertised_communities[0]", "both parts 0-65535"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"advertised_communities": "12076:5010"}), {},
     "microsoft_peering_config.advertised_communities", "must be a list of BGP communities"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config={"legacy_mode": -1}), {},
     "microsoft_peering_config.legacy_mode", "non-negative integer"),
    (with_changes(SEED_MICROSOFT, microsoft_peering_config="ARIN"), {}, "microsoft_peering_config",
     "must be a dictionary"),
    (with_changes(SEED_MICROSOFT, route_filter_id="rf1"), {}, "route_filter_id", "must be a full resource ID"),
    (with_changes(SEED_MICROSOFT, route_filter_id=ROUTE_FILTER.replace("routeFilters", "expressRouteCircuits")), {},
     "route_filter_id", "must be the ID of a Microsoft.Network/routeFilters resource"),
    (with_changes(SEED_MICROSOFT, ipv6_peering_config=with_changes(IPV6_MICROSOFT,
                                                                   primary_peer_address_prefix="2001:db8::/126")),
     {}, "ipv6_peering_config.primary_peer_address_prefix", "documentation (RFC 3849)"),
    (with_changes(SEED_MICROSOFT, ipv6_peering_config=with_changes(IPV6_MICROSOFT,
                                                                   secondary_peer_address_prefix="131.107.0.8/30")),
     {}, "ipv6_peering_config.secondary_peer_address_prefix", "must be an IPv6 prefix"),
    (with_changes(SEED_MICROSOFT, ipv6_peering_config=with_changes(IPV6_MICROSOFT, state="enabled")), {},
     "ipv6_peering_config.state", "must be one of Enabled, Disabled"),
    (with_changes(SEED_MICROSOFT, ipv6_peering_config=with_changes(
        IPV6_MICROSOFT, microsoft_peering_config={"advertised_public_prefixes": ["123.0.0.0/24"]})), {},
     "ipv6_peering_config.microsoft_peering_config.advertised_public_prefixes[0]", "must be an IPv6 prefix"),
    (with_changes(SEED_MICROSOFT, ipv6_peering_config=with_changes(IPV6_MICROSOFT, microsoft_peering_config=None)),
     {"creating": True}, "ipv6_peering_config.microsoft_peering_config.advertised_public_prefixes",
     "at least one public prefix"),
    (with_changes(SEED_MICROSOFT, ipv6_peering_config=with_changes(IPV6_MICROSOFT, route_filter_id="x")), {},
     "ipv6_peering_config.route_filter_id", "must be a full resource ID"),
    (with_changes(SEED_PRIVATE, ipv6_peering_config={"primary_peer_address_prefix": "fd00::/126",
                                                     "secondary_peer_address_prefix": "fd00::4/126",
                                                     "microsoft_peering_config": {}}), {},
     "ipv6_peering_config.microsoft_peering_config", "must not be set for AzurePrivatePeering"),
    (with_changes(SEED_PRIVATE, ipv6_peering_config={"primary_peer_address_prefix": "fd00::/126",
                                                     "secondary_peer_address_prefix": "fd00::4/126"},
                  address_spaces_in_use=["fd00::/64"]), {}, "ipv6_peering_config.primary_peer_address_prefix",
     "must not overlap address space in use fd00::/64"),
    (with_changes(SEED_PRIVATE, ipv6_peering_config=["fd00::/126"]), {}, "ipv6_peering_config", "must be a dictionary"),
], ids=["public-peering-retired", "unknown-type", "type-missing-on-create", "bad-state", "vlan-range",
        "vlan-taken", "vlan-missing-on-create", "asn-reserved", "asn-missing-on-create", "key-too-long",
        "subnets-missing-on-create", "slash-29", "same-subnets", "overlaps-vnet-option", "overlaps-vnet-kwarg",
        "bad-address-space", "address-spaces-not-a-list", "private-loopback", "private-with-microsoft-config",
        "private-with-route-filter", "microsoft-private-subnets", "microsoft-private-advertised",
        "microsoft-empty-advertised", "microsoft-config-missing-on-create", "microsoft-prefixes-missing-on-create",
        "microsoft-registry-missing", "microsoft-registry-unknown", "customer-asn-private", "community-range",
        "communities-not-a-list", "legacy-mode", "microsoft-config-not-a-dict", "route-filter-not-an-id",
        "route-filter-wrong-type", "v6-documentation-subnet", "v6-given-v4", "v6-state", "v6-advertised-v4",
        "v6-microsoft-config-missing-on-create", "v6-route-filter", "private-v6-microsoft-config",
        "private-v6-overlaps", "v6-not-a-dict"])
def test_invalid_peerings(desired, kwargs, option, fragment):
    problems = validate(desired, **kwargs)
    matching = [problem for problem in problems if problem.option == option and fragment in problem.rule]
    assert matching, "expected %s: ...%s... in %s" % (option, fragment, [str(problem) for problem in problems])


def test_every_problem_is_reported_at_once():
    desired = {
        "peering_type": "MicrosoftPeering", "peering_state": "up", "vlan_id": 0, "peer_asn": 65516,
        "primary_peer_address_prefix": "10.0.0.1/30", "secondary_peer_address_prefix": "10.0.0.0/29",
        "shared_key": "",
        "microsoft_peering_config": {"advertised_public_prefixes": ["192.168.0.0/16", "8.8.8.0/24", "8.8.8.0/24"],
                                     "customer_asn": 23456, "routing_registry_name": "ripe"},
    }
    problems = validate(desired, creating=True)
    assert [problem.option for problem in problems] == [
        "peering_state", "vlan_id", "peer_asn", "shared_key", "primary_peer_address_prefix",
        "secondary_peer_address_prefix", "microsoft_peering_config.advertised_public_prefixes[0]",
        "microsoft_peering_config.advertised_public_prefixes[2]", "microsoft_peering_config.customer_asn",
        "microsoft_peering_config.routing_registry_name",
    ]


def test_shared_key_never_appears_in_problems():
    problems = validate(with_changes(SEED_PRIVATE, shared_key="TopSecretKeyThatIsFarTooLong"))
    assert problems
    assert all("TopSecret" not in str(problem) for problem in problems)

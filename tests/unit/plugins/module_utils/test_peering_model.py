# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.peering_model import (
    PEERING_CASE_INSENSITIVE,
    PEERING_READ_ONLY,
    PEERING_SECRETS,
    PEERING_SET_LISTS,
    detach_only_if_attached,
    flatten_api,
    normalise_prefix,
    peering_desired_state,
    peering_from_api,
    peering_request,
    peering_rest_body,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import diff_for, plan_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import camel as camel_case, snake as snake_case

CIRCUIT = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/expressRouteCircuits/circuitName"
FILTER = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/routeFilters/filterName"
PEER_PEERING = ("/subscriptions/subid/resourceGroups/rg2/providers/Microsoft.Network/expressRouteCircuits/"
                "other/peerings/AzurePrivatePeering")

# The REST answer of ExpressRouteCircuitPeeringGet (MicrosoftPeering), as
# azure-mgmt-network 33's as_dict() returns it, plus one Global Reach connection.
API_MICROSOFT = {
    "name": "MicrosoftPeering", "id": CIRCUIT + "/peerings/MicrosoftPeering",
    "etag": "W/\"b2a25b98-2e6d-4d46-87f2-089de5f6fdf9\"", "type": "Microsoft.Network/expressRouteCircuits/peerings",
    "properties": {
        "provisioningState": "Succeeded", "peeringType": "MicrosoftPeering", "azureASN": 12076, "peerASN": 100,
        "primaryPeerAddressPrefix": "123.0.0.0/30", "secondaryPeerAddressPrefix": "123.0.0.4/30",
        "primaryAzurePort": "A51-TEST-06GMR-CIS-1-PRI-A", "secondaryAzurePort": "A51-TEST-06GMR-CIS-2-SEC-A",
        "state": "Enabled", "vlanId": 300, "gatewayManagerEtag": "103", "lastModifiedBy": "Customer",
        "microsoftPeeringConfig": {"advertisedPublicPrefixes": ["123.1.0.0/24"], "advertisedCommunities": [],
                                   "advertisedPublicPrefixesState": "ValidationNeeded", "customerASN": 23,
                                   "legacyMode": 0, "routingRegistryName": "ARIN"},
        "ipv6PeeringConfig": {
            "primaryPeerAddressPrefix": "3FFE:FFFF:0:CD30::/126", "secondaryPeerAddressPrefix": "3FFE:FFFF:0:CD30::4/126",
            "state": "Enabled",
            "microsoftPeeringConfig": {"advertisedPublicPrefixes": ["3FFE:FFFF:0:CD31::/120"], "advertisedCommunities": [],
                                       "advertisedPublicPrefixesState": "ValidationNeeded", "customerASN": 23,
                                       "legacyMode": 0, "routingRegistryName": "ARIN"}},
        "routeFilter": {"id": FILTER},
        "connections": [{
            "name": "gr1", "id": CIRCUIT + "/peerings/MicrosoftPeering/connections/gr1", "etag": "W/\"x\"",
            "properties": {"expressRouteCircuitPeering": {"id": CIRCUIT + "/peerings/MicrosoftPeering"},
                           "peerExpressRouteCircuitPeering": {"id": PEER_PEERING},
                           "addressPrefix": "192.168.8.0/29", "authorizationKey": "0f2a1c3e-4b5d-4e6f-8a9b-0c1d2e3f4a5b",
                           "ipv6CircuitConnectionConfig": {"addressPrefix": "fd00:8::/125",
                                                           "circuitConnectionStatus": "Connected"},
                           "circuitConnectionStatus": "Connected", "provisioningState": "Succeeded"}}],
        "peeredConnections": [],
    },
}

USER_MICROSOFT = {
    "id": CIRCUIT + "/peerings/MicrosoftPeering", "name": "MicrosoftPeering",
    "etag": "W/\"b2a25b98-2e6d-4d46-87f2-089de5f6fdf9\"",
    "peering_type": "MicrosoftPeering", "peering_state": "Enabled", "vlan_id": 300, "peer_asn": 100,
    "primary_peer_address_prefix": "123.0.0.0/30", "secondary_peer_address_prefix": "123.0.0.4/30",
    "shared_key": None,
    "microsoft_peering_config": {"advertised_public_prefixes": ["123.1.0.0/24"], "advertised_communities": [],
                                 "customer_asn": 23, "routing_registry_name": "ARIN", "legacy_mode": 0,
                                 "advertised_public_prefixes_state": "ValidationNeeded",
                                 # This answer carries no per-prefix list.
                                 "advertised_public_prefix_info": None},
    "ipv6_peering_config": {
        "primary_peer_address_prefix": "3ffe:ffff:0:cd30::/126", "secondary_peer_address_prefix": "3ffe:ffff:0:cd30::4/126",
        "microsoft_peering_config": {"advertised_public_prefixes": ["3ffe:ffff:0:cd31::/120"],
                                     "advertised_communities": [], "customer_asn": 23, "routing_registry_name": "ARIN",
                                     "legacy_mode": 0, "advertised_public_prefixes_state": "ValidationNeeded",
                                     "advertised_public_prefix_info": None},
        "route_filter_id": None, "state": "Enabled"},
    "route_filter_id": FILTER,
    "azure_asn": 12076, "primary_azure_port": "A51-TEST-06GMR-CIS-1-PRI-A",
    "secondary_azure_port": "A51-TEST-06GMR-CIS-2-SEC-A", "provisioning_state": "Succeeded",
    "last_modified_by": "Customer",
    "connections": [{"id": CIRCUIT + "/peerings/MicrosoftPeering/connections/gr1", "name": "gr1",
                     "address_prefix": "192.168.8.0/29", "ipv6_address_prefix": "fd00:8::/125",
                     "peer_peering_id": PEER_PEERING, "circuit_connection_status": "Connected",
                     "provisioning_state": "Succeeded"}],
    "peered_connections": [],
}

RULES = dict(read_only=PEERING_READ_ONLY, set_lists=PEERING_SET_LISTS, case_insensitive=PEERING_CASE_INSENSITIVE)


def snake_shape(api):
    """The same peering as the flattened snake_case attribute shape."""
    return flatten_api(api)


@pytest.mark.parametrize("api", [API_MICROSOFT, snake_shape(API_MICROSOFT)], ids=["rest-shape", "snake-shape"])
def test_peering_from_api(api):
    before = copy.deepcopy(api)
    assert peering_from_api(api) == USER_MICROSOFT
    assert api == before


def test_peering_from_api_private_peering_without_optional_blocks():
    result = peering_from_api({"name": "AzurePrivatePeering", "properties": {
        "peeringType": "AzurePrivatePeering", "peerASN": 1234, "vlanId": 100, "state": "Enabled",
        "primaryPeerAddressPrefix": "10.0.0.0/30", "secondaryPeerAddressPrefix": "10.0.0.4/30"}})
    assert result["microsoft_peering_config"] is None
    assert result["ipv6_peering_config"] is None
    assert result["route_filter_id"] is None
    assert result["connections"] == []
    assert (result["peering_type"], result["peer_asn"], result["vlan_id"]) == ("AzurePrivatePeering", 1234, 100)


@pytest.mark.parametrize("camel, snake", [
    ("peerASN", "peer_asn"), ("customerASN", "customer_asn"), ("azureASN", "azure_asn"),
    ("ipv6PeeringConfig", "ipv6_peering_config"), ("advertisedPublicPrefixesState", "advertised_public_prefixes_state"),
    ("gatewayManagerEtag", "gateway_manager_etag"), ("vlanId", "vlan_id"), ("state", "state"),
    ("primarybytesIn", "primarybytes_in"),
], ids=["peer-asn", "customer-asn", "azure-asn", "ipv6", "long", "etag", "vlan", "plain", "stats"])
def test_case_conversions(camel, snake):
    assert snake_case(camel) == snake
    assert snake_case(snake) == snake
    assert camel_case(snake) == camel


@pytest.mark.parametrize("value, expected", [
    ("3FFE:FFFF:0:CD30::/126", "3ffe:ffff:0:cd30::/126"), ("2001:0db8:0000::/126", "2001:db8::/126"),
    ("10.0.0.0/30", "10.0.0.0/30"), ("junk", "junk"), ("10.0.0.1/30", "10.0.0.0/30"), (None, None), ("x/y", "x/y"),
], ids=["upper", "leading-zeros", "v4", "junk", "host-bits", "none", "not-a-prefix"])
def test_normalise_prefix(value, expected):
    assert normalise_prefix(value) == expected


def test_peering_desired_state_picks_and_normalises():
    params = {
        "resource_group": "rg1", "circuit_name": "er", "state": "present", "address_spaces_in_use": ["10.0.0.0/8"],
        "peering_type": "MicrosoftPeering", "vlan_id": 300, "peer_asn": 1234, "peering_state": None,
        "primary_peer_address_prefix": "131.107.0.0/30", "secondary_peer_address_prefix": "131.107.0.4/30",
        "shared_key": "A1B2C3D4", "route_filter_id": None,
        "microsoft_peering_config": {"advertised_public_prefixes": ["123.0.0.0/30"], "customer_asn": 2245,
                                     "routing_registry_name": "arin", "advertised_communities": None,
                                     "legacy_mode": None},
        "ipv6_peering_config": {"primary_peer_address_prefix": "2600:1F00::/126",
                                "secondary_peer_address_prefix": "2600:1f00::4/126", "state": None,
                                "route_filter_id": None, "microsoft_peering_config": None},
    }
    before = copy.deepcopy(params)
    desired = peering_desired_state(params)
    assert params == before
    assert set(desired) == {"peering_type", "peering_state", "vlan_id", "peer_asn", "primary_peer_address_prefix",
                            "secondary_peer_address_prefix", "shared_key", "microsoft_peering_config",
                            "ipv6_peering_config", "route_filter_id"}
    assert desired["microsoft_peering_config"]["routing_registry_name"] == "ARIN"
    assert desired["ipv6_peering_config"]["primary_peer_address_prefix"] == "2600:1f00::/126"
    assert desired["peering_state"] is None


def test_peering_desired_state_keeps_invalid_values_for_validation_to_report():
    desired = peering_desired_state({"microsoft_peering_config": {"routing_registry_name": "RIPE",
                                                                  "advertised_public_prefixes": ["junk"]}})
    assert desired["microsoft_peering_config"]["routing_registry_name"] == "RIPE"
    assert desired["microsoft_peering_config"]["advertised_public_prefixes"] == ["junk"]


@pytest.mark.parametrize("current_api", [API_MICROSOFT, snake_shape(API_MICROSOFT)], ids=["rest-shape", "snake-shape"])
def test_peering_request_carries_connections_and_unset_fields(current_api):
    before = copy.deepcopy(current_api)
    after = {"peering_type": "MicrosoftPeering", "vlan_id": 301,
             "microsoft_peering_config": {"advertised_public_prefixes": ["123.1.0.0/24", "123.2.0.0/24"]}}
    request = peering_request(after, current_api)
    assert current_api == before
    assert request["vlan_id"] == 301
    assert request["microsoft_peering_config"] == {
        "advertised_public_prefixes": ["123.1.0.0/24", "123.2.0.0/24"], "advertised_communities": [],
        "customer_asn": 23, "legacy_mode": 0, "routing_registry_name": "ARIN"}
    assert request["connections"] == [{
        "name": "gr1", "id": CIRCUIT + "/peerings/MicrosoftPeering/connections/gr1",
        "express_route_circuit_peering": {"id": CIRCUIT + "/peerings/MicrosoftPeering"},
        "peer_express_route_circuit_peering": {"id": PEER_PEERING}, "address_prefix": "192.168.8.0/29",
        "authorization_key": "0f2a1c3e-4b5d-4e6f-8a9b-0c1d2e3f4a5b",
        "ipv6_circuit_connection_config": {"address_prefix": "fd00:8::/125"}}]
    assert request["gateway_manager_etag"] == "103"
    assert request["route_filter"] == {"id": FILTER}
    assert request["ipv6_peering_config"]["microsoft_peering_config"]["customer_asn"] == 23
    assert "advertised_public_prefixes_state" not in request["ipv6_peering_config"]["microsoft_peering_config"]
    for read_only in ("azure_asn", "primary_azure_port", "secondary_azure_port", "provisioning_state",
                      "last_modified_by", "peered_connections", "etag", "type"):
        assert read_only not in request
    assert request["name"] == "MicrosoftPeering"


def test_peering_request_for_a_new_peering():
    after = {"peering_type": "AzurePrivatePeering", "peering_state": "Enabled", "vlan_id": 100, "peer_asn": 1234,
             "primary_peer_address_prefix": "10.0.0.0/30", "secondary_peer_address_prefix": "10.0.0.4/30",
             "shared_key": "A1B2C3D4", "microsoft_peering_config": None, "ipv6_peering_config": None,
             "route_filter_id": None}
    assert peering_request(after, None) == {
        "name": "AzurePrivatePeering", "peering_type": "AzurePrivatePeering", "state": "Enabled", "vlan_id": 100,
        "peer_asn": 1234, "primary_peer_address_prefix": "10.0.0.0/30",
        "secondary_peer_address_prefix": "10.0.0.4/30", "shared_key": "A1B2C3D4"}


def test_peering_request_ipv6_route_filter_and_state():
    after = {"ipv6_peering_config": {"state": "Disabled", "route_filter_id": FILTER,
                                     "microsoft_peering_config": {"customer_asn": 64}}}
    ipv6 = peering_request(after, API_MICROSOFT)["ipv6_peering_config"]
    assert ipv6["state"] == "Disabled"
    assert ipv6["route_filter"] == {"id": FILTER}
    assert ipv6["microsoft_peering_config"]["customer_asn"] == 64
    assert ipv6["microsoft_peering_config"]["advertised_public_prefixes"] == ["3FFE:FFFF:0:CD31::/120"]


def test_peering_rest_body_round_trips_the_api_answer():
    request = peering_request({}, API_MICROSOFT)
    body = peering_rest_body(request)
    properties = body["properties"]
    assert body["name"] == "MicrosoftPeering"
    assert properties["peerASN"] == 100
    assert properties["microsoftPeeringConfig"]["customerASN"] == 23
    assert properties["connections"][0]["properties"]["peerExpressRouteCircuitPeering"] == {"id": PEER_PEERING}
    assert properties["connections"][0]["name"] == "gr1"
    assert "azureASN" not in properties and "peeredConnections" not in properties
    assert flatten_api(body) == request


def test_rest_body_is_accepted_by_the_sdk_model():
    models = pytest.importorskip("azure.mgmt.network.models")
    body = peering_rest_body(peering_request({"vlan_id": 301}, API_MICROSOFT))
    model = models.ExpressRouteCircuitPeering(body)
    assert model.vlan_id == 301
    assert model.microsoft_peering_config.customer_asn == 23
    assert model.connections[0].peer_express_route_circuit_peering.id == PEER_PEERING
    assert model.ipv6_peering_config.microsoft_peering_config.routing_registry_name == "ARIN"
    assert model.as_dict() == body
    assert peering_from_api(model.as_dict())["connections"][0]["address_prefix"] == "192.168.8.0/29"


# --------------------------------------------------------- planning end to end

def test_unchanged_peering_plans_nothing():
    current = peering_from_api(API_MICROSOFT)
    desired = peering_desired_state({
        "peering_type": "microsoftpeering", "vlan_id": 300, "peer_asn": 100,
        "primary_peer_address_prefix": "123.0.0.0/30", "secondary_peer_address_prefix": "123.0.0.4/30",
        "microsoft_peering_config": {"advertised_public_prefixes": ["123.1.0.0/24"], "routing_registry_name": "arin",
                                     "customer_asn": 23},
        "ipv6_peering_config": {"primary_peer_address_prefix": "3ffe:ffff:0:cd30::/126",
                                "secondary_peer_address_prefix": "3FFE:FFFF:0:CD30::4/126"},
        "route_filter_id": FILTER.lower(),
    })
    plan = plan_resource(desired, current, **RULES)
    assert plan.action == "none", plan.changed_fields


def test_changed_peering_keeps_global_reach_in_the_request():
    current = peering_from_api(API_MICROSOFT)
    desired = peering_desired_state({"vlan_id": 301, "shared_key": "A1B2C3D4"})
    plan = plan_resource(desired, current, **RULES)
    assert plan.action == "update"
    assert plan.changed_fields == ["shared_key", "vlan_id"]
    assert "connections" not in plan.after
    request = peering_request(plan.after, API_MICROSOFT)
    assert [connection["name"] for connection in request["connections"]] == ["gr1"]
    assert request["vlan_id"] == 301
    diff = diff_for(plan, PEERING_SECRETS)
    assert diff["after"]["shared_key"] == "********"
    assert "A1B2C3D4" not in repr(diff)


@pytest.mark.parametrize("after, expected", [
    ({"route_filter_id": ""}, None),           # '' detaches: no routeFilter in the body
    ({"route_filter_id": None}, {"id": FILTER}),  # unset: the current one is carried through
    ({"route_filter_id": FILTER.upper()}, {"id": FILTER.upper()}),
])
def test_peering_request_detaches_the_route_filter_on_empty_string(after, expected):
    current = copy.deepcopy(API_MICROSOFT)
    current["properties"]["routeFilter"] = {"id": FILTER}
    request = peering_request(after, current)
    assert request.get("route_filter") == expected
    assert request["vlan_id"] == API_MICROSOFT["properties"]["vlanId"]  # the rest of the peering is untouched
    assert current["properties"]["routeFilter"] == {"id": FILTER}


def test_peering_request_detaches_the_ipv6_route_filter():
    current = copy.deepcopy(API_MICROSOFT)
    current["properties"]["ipv6PeeringConfig"]["routeFilter"] = {"id": FILTER}
    ipv6 = peering_request({"ipv6_peering_config": {"route_filter_id": ""}}, current)["ipv6_peering_config"]
    assert "route_filter" not in ipv6 and ipv6["primary_peer_address_prefix"]


@pytest.mark.parametrize("desired, current, expected_v4, expected_v6", [
    ({"route_filter_id": ""}, {"route_filter_id": None}, None, None),        # nothing attached: nothing to do
    ({"route_filter_id": ""}, {"route_filter_id": FILTER}, "", None),         # attached: detach
    ({"route_filter_id": FILTER}, {"route_filter_id": None}, FILTER, None),
    ({"route_filter_id": None, "ipv6_peering_config": {"route_filter_id": ""}},
     {"ipv6_peering_config": {"route_filter_id": None}}, None, None),
    ({"route_filter_id": None, "ipv6_peering_config": {"route_filter_id": ""}},
     {"ipv6_peering_config": {"route_filter_id": FILTER}}, None, ""),
    ({"route_filter_id": ""}, None, None, None),                               # a new peering
])
def test_detach_only_if_attached(desired, current, expected_v4, expected_v6):
    before = copy.deepcopy(desired)
    result = detach_only_if_attached(desired, current)
    assert result["route_filter_id"] == expected_v4
    assert (result.get("ipv6_peering_config") or {}).get("route_filter_id") == expected_v6
    assert desired == before
    assert detach_only_if_attached(None, current) is None


def test_detach_plans_once_then_nothing():
    attached = peering_from_api(API_MICROSOFT)
    detached = peering_from_api(dict(API_MICROSOFT, properties=dict(
        (key, value) for key, value in API_MICROSOFT["properties"].items() if key != "routeFilter")))
    rules = dict(read_only=PEERING_READ_ONLY, set_lists=PEERING_SET_LISTS, case_insensitive=PEERING_CASE_INSENSITIVE)
    desired = {"route_filter_id": ""}
    assert plan_resource(detach_only_if_attached(desired, attached), attached, **rules).changed_fields == [
        "route_filter_id"]
    assert not plan_resource(detach_only_if_attached(desired, detached), detached, **rules).changed

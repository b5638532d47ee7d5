# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils import resource_id as rid
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    ResourceId,
    parse_lenient,
    parse_strict,
    same_resource,
)

SUB = "11111111-2222-3333-4444-555555555555"
CIRCUIT = "/subscriptions/%s/resourceGroups/rg1/providers/Microsoft.Network/expressRouteCircuits/er-1" % SUB
PEERING = CIRCUIT + "/peerings/AzurePrivatePeering"
CONNECTION = PEERING + "/connections/gr-1"
CLOUD = "/subscriptions/%s/resourceGroups/rg-avs/providers/Microsoft.AVS/privateClouds/cloud1" % SUB


@pytest.mark.parametrize("text, expected_type, types, names", [
    (CIRCUIT, rid.CIRCUIT, ("expressRouteCircuits",), ("er-1",)),
    (PEERING, rid.PEERING, ("expressRouteCircuits", "peerings"), ("er-1", "AzurePrivatePeering")),
    (CONNECTION, rid.CIRCUIT_CONNECTION, ("expressRouteCircuits", "peerings", "connections"),
     ("er-1", "AzurePrivatePeering", "gr-1")),
    (CIRCUIT + "/authorizations/auth1", rid.CIRCUIT_AUTHORIZATION, ("expressRouteCircuits", "authorizations"),
     ("er-1", "auth1")),
    (CLOUD, rid.AVS_PRIVATE_CLOUD, ("privateClouds",), ("cloud1",)),
    (CLOUD + "/globalReachConnections/onprem", rid.AVS_GLOBAL_REACH_CONNECTION,
     ("privateClouds", "globalReachConnections"), ("cloud1", "onprem")),
    (PEERING.replace("resourceGroups", "RESOURCEGROUPS").replace("expressRouteCircuits", "expressroutecircuits")
     .replace("Microsoft.Network", "microsoft.network"), rid.PEERING, ("expressRouteCircuits", "peerings"),
     ("er-1", "AzurePrivatePeering")),
    (CIRCUIT, None, ("expressRouteCircuits",), ("er-1",)),
], ids=["circuit", "peering", "connection", "authorization", "avs-cloud", "avs-global-reach",
        "case-insensitive-segments", "no-expected-type"])
def test_parse_strict_accepts(text, expected_type, types, names):
    parsed = parse_strict(text, expected_type)
    assert parsed.subscription_id == SUB
    assert parsed.types == types
    assert parsed.names == names
    assert str(parsed) == str(parse_strict(str(parsed)))


def test_parse_strict_returns_canonical_spelling():
    text = PEERING.replace("resourceGroups", "resourcegroups").replace("expressRouteCircuits", "EXPRESSROUTECIRCUITS")
    assert str(parse_strict(text, rid.PEERING)) == PEERING


@pytest.mark.parametrize("text, expected_type, fragment", [
    (CIRCUIT + "/", None, "must not end with a slash"),
    (" " + CIRCUIT, None, "must not start or end with spaces"),
    (CIRCUIT[1:], None, "must be a full resource ID starting with /subscriptions/"),
    (CIRCUIT.replace(SUB, "subid"), None, "the subscription 'subid' must be a GUID"),
    (CIRCUIT.replace("rg1", "rg1."), None, "not ending in a period"),
    (CIRCUIT.replace("er-1", "-er"), None, "the resource name '-er' must be 1-80"),
    (CIRCUIT.replace("er-1", "a" * 81), None, "must be 1-80"),
    (CIRCUIT.replace("/providers", "/provider"), None, "must have the shape /subscriptions/"),
    (CIRCUIT + "/peerings", None, "must have the shape"),
    (CIRCUIT.replace("/resourceGroups/rg1", ""), None, "must have the shape"),
    (CIRCUIT.replace("er-1", "er-1//x"), None, "must not contain empty segments"),
    (CIRCUIT.replace("Microsoft.Network", "Microsoft"), None, "must look like Microsoft.Network"),
    (CIRCUIT.replace("expressRouteCircuits", "express-route"), None, "the resource type 'express-route'"),
    (CIRCUIT, rid.PEERING, "must be the ID of a Microsoft.Network/expressRouteCircuits/peerings resource like "
                           "/subscriptions/<subscription-guid>/resourceGroups/<resource-group>/providers/"
                           "Microsoft.Network/expressRouteCircuits/<circuit>/peerings/AzurePrivatePeering; "
                           "this is the ID of a Microsoft.Network/expressRouteCircuits resource"),
    (None, None, "must be a resource ID string, got NoneType"),
    (42, rid.CIRCUIT, "must be a resource ID string, got int"),
], ids=["trailing-slash", "leading-space", "no-leading-slash", "subscription-not-guid", "rg-ends-in-period",
        "name-starts-with-hyphen", "name-too-long", "providers-misspelt", "type-without-name",
        "no-resource-group", "empty-segment", "bad-namespace", "bad-type-segment", "wrong-type", "none",
        "not-a-string"])
def test_parse_strict_rejects(text, expected_type, fragment):
    with pytest.raises(ValueError) as error:
        parse_strict(text, expected_type)
    assert fragment in str(error.value)


@pytest.mark.parametrize("text, expected", [
    (CIRCUIT, CIRCUIT),
    (CIRCUIT + "/", CIRCUIT),
    ("  " + PEERING + "//", PEERING),
    (PEERING.lower(), PEERING.lower().replace("resourcegroups", "resourceGroups")
     .replace("microsoft.network", "Microsoft.Network").replace("expressroutecircuits", "expressRouteCircuits")),
    ("/subscriptions/subid/resourcegroups/rg1/providers/Microsoft.Network/routeFilters/filterName",
     "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/routeFilters/filterName"),
    ("/subscriptions/x/resourceGroups/rg/providers/Contoso.Widgets/gadgets/g1",
     "/subscriptions/x/resourceGroups/rg/providers/Contoso.Widgets/gadgets/g1"),
], ids=["exact", "trailing-slash", "spaces-and-slashes", "all-lower-case", "api-example-subid", "unknown-type"])
def test_parse_lenient_accepts(text, expected):
    assert str(parse_lenient(text)) == expected


@pytest.mark.parametrize("text", [
    None, 42, "", "not an id", "/subscriptions/%s" % SUB, "/subscriptions/%s/resourceGroups/rg1" % SUB,
    "/subscriptions/%s/providers/Microsoft.Network/expressRouteCircuits/c" % SUB,
    CIRCUIT + "/peerings", CIRCUIT.replace("er-1", "er-1//x"),
], ids=["none", "int", "empty", "words", "subscription-only", "resource-group-only", "no-resource-group",
        "odd-segments", "empty-segment"])
def test_parse_lenient_returns_none(text):
    assert parse_lenient(text) is None


@pytest.mark.parametrize("left, right, same", [
    (CIRCUIT, CIRCUIT.lower(), True),
    (CIRCUIT, CIRCUIT + "/", True),
    (PEERING, parse_strict(PEERING), True),
    (parse_strict(PEERING), PEERING.upper(), True),
    (CIRCUIT, PEERING, False),
    (CIRCUIT, CIRCUIT.replace("er-1", "er-2"), False),
    (None, None, True),
    (None, CIRCUIT, False),
    ("garbage/", "GARBAGE", True),
], ids=["case", "trailing-slash", "typed-vs-text", "text-upper", "parent-vs-child", "other-name", "both-none",
        "one-none", "not-ids-compared-as-text"])
def test_same_resource(left, right, same):
    assert same_resource(left, right) is same
    assert same_resource(right, left) is same


@pytest.mark.parametrize("made, text", [
    (rid.circuit_id(SUB, "rg1", "er-1"), CIRCUIT),
    (rid.peering_id(SUB, "rg1", "er-1", "AzurePrivatePeering"), PEERING),
    (rid.circuit_authorization_id(SUB, "rg1", "er-1", "auth1"), CIRCUIT + "/authorizations/auth1"),
    (rid.circuit_connection_id(SUB, "rg1", "er-1", "AzurePrivatePeering", "gr-1"), CONNECTION),
    (rid.avs_private_cloud_id(SUB, "rg-avs", "cloud1"), CLOUD),
    (rid.avs_authorization_id(SUB, "rg-avs", "cloud1", "a1"), CLOUD + "/authorizations/a1"),
    (rid.avs_global_reach_connection_id(SUB, "rg-avs", "cloud1", "onprem"), CLOUD + "/globalReachConnections/onprem"),
], ids=["circuit", "peering", "authorization", "connection", "avs-cloud", "avs-authorization", "avs-global-reach"])
def test_constructors(made, text):
    assert str(made) == text
    assert made.id == text
    assert parse_strict(text) == made


def test_navigation():
    connection = parse_strict(CONNECTION, rid.CIRCUIT_CONNECTION)
    assert connection.name == "gr-1"
    assert connection.type == rid.CIRCUIT_CONNECTION
    assert str(connection.parent) == PEERING
    assert str(connection.parent.parent) == CIRCUIT
    assert connection.parent.parent.parent is None
    assert connection.parent.parent.child("PEERINGS", "AzurePrivatePeering") == connection.parent
    assert connection.is_type(rid.CIRCUIT_CONNECTION.lower())
    assert not connection.is_type(rid.PEERING)


def test_resource_id_needs_a_name_per_type():
    with pytest.raises(ValueError):
        ResourceId(SUB, "rg", "Microsoft.Network", ("expressRouteCircuits", "peerings"), ("c",))


@pytest.mark.parametrize("resource_type, example", [
    (rid.AVS_GLOBAL_REACH_CONNECTION, "/subscriptions/<subscription-guid>/resourceGroups/<resource-group>/providers/"
                                      "Microsoft.AVS/privateClouds/<private-cloud>/globalReachConnections/<connection>"),
    ("contoso.widgets/gadgets", "/subscriptions/<subscription-guid>/resourceGroups/<resource-group>/providers/"
                                "contoso.widgets/gadgets/<name>"),
], ids=["known", "unknown"])
def test_example_id(resource_type, example):
    assert rid.example_id(resource_type) == example

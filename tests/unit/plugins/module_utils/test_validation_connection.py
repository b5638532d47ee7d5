# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import HIDDEN
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation import (
    validate_avs_global_reach_connection,
    validate_circuit_connection,
)

SUB = "11111111-2222-3333-4444-555555555555"
OTHER_SUB = "99999999-2222-3333-4444-555555555555"
LOCAL_PEERING = "/subscriptions/%s/resourceGroups/rg1/providers/Microsoft.Network/expressRouteCircuits/er-1/peerings/AzurePrivatePeering" % SUB
PEER_CIRCUIT = "/subscriptions/%s/resourceGroups/rg2/providers/Microsoft.Network/expressRouteCircuits/er-2" % OTHER_SUB
PEER_PEERING = PEER_CIRCUIT + "/peerings/AzurePrivatePeering"
KEY = "0f2a1c3e-4b5d-4e6f-8a9b-0c1d2e3f4a5b"
VALID = {"address_prefix": "192.168.8.0/29", "ipv6_address_prefix": "fd00:8::/125", "peer_peering_id": PEER_PEERING,
         "authorization_key": KEY}
CONTEXT = {"peering_id": LOCAL_PEERING, "peer_subnets": ["10.0.0.0/30", "10.0.0.4/30"],
           "address_spaces_in_use": ["10.1.0.0/16"], "other_connection_prefixes": {"gr-avs": ["192.168.16.0/29"]}}


def with_changes(**changes):
    result = copy.deepcopy(VALID)
    result.update(changes)
    return result


def validate(desired, **kwargs):
    frozen = copy.deepcopy((desired, kwargs))
    problems = validate_circuit_connection(desired, **kwargs)
    assert (desired, kwargs) == frozen, "validate_circuit_connection modified its input"
    return problems


@pytest.mark.parametrize("desired, kwargs", [
    (VALID, dict(CONTEXT, creating=True)),
    (with_changes(ipv6_address_prefix=None, authorization_key=None), dict(CONTEXT, creating=True)),
    ({"address_prefix": "192.168.8.0/29"}, {}),
    ({}, {}),
    (with_changes(peer_peering_id=PEER_PEERING.lower()), CONTEXT),
], ids=["full", "same-subscription-without-key", "prefix-only-update", "nothing-set", "lower-case-peer-id"])
def test_valid_connections(desired, kwargs):
    assert validate(desired, **kwargs) == []


@pytest.mark.parametrize("desired, kwargs, option, fragment", [
    (with_changes(address_prefix="192.168.8.0/30"), CONTEXT, "address_prefix", "must be a /29 for Global Reach"),
    (with_changes(address_prefix="10.0.0.0/29"), CONTEXT, "address_prefix", "must not overlap peer subnet 10.0.0.0/30"),
    (with_changes(address_prefix="10.1.0.8/29"), CONTEXT, "address_prefix",
     "must not overlap address space in use 10.1.0.0/16"),
    (with_changes(address_prefix="192.168.16.0/29"), CONTEXT, "address_prefix",
     "must not overlap connection gr-avs 192.168.16.0/29"),
    (with_changes(ipv6_address_prefix="fd00:8::/126"), CONTEXT, "ipv6_address_prefix", "must be a /125"),
    (with_changes(ipv6_address_prefix="192.168.9.0/29"), CONTEXT, "ipv6_address_prefix", "must be an IPv6 prefix"),
    (with_changes(address_prefix=None), {"creating": True}, "address_prefix", "must be set to create"),
    (with_changes(peer_peering_id=None), {"creating": True}, "peer_peering_id", "must be set to create"),
    (with_changes(peer_peering_id=PEER_CIRCUIT), CONTEXT, "peer_peering_id",
     "must be the ID of a Microsoft.Network/expressRouteCircuits/peerings resource"),
    (with_changes(peer_peering_id=PEER_CIRCUIT + "/peerings/MicrosoftPeering"), CONTEXT, "peer_peering_id",
     "must be an AzurePrivatePeering; Global Reach connects private peerings"),
    (with_changes(peer_peering_id=LOCAL_PEERING.upper().replace("SUBSCRIPTIONS", "subscriptions")), CONTEXT,
     "peer_peering_id", "must be a peering on another circuit"),
    (with_changes(authorization_key="not-a-key"), CONTEXT, "authorization_key", "must be an authorization key (a GUID"),
    (with_changes(authorization_key=PEER_CIRCUIT + "/authorizations/a1"), CONTEXT, "authorization_key",
     "not the authorization's resource ID"),
    (VALID, dict(CONTEXT, address_spaces_in_use=["not-a-cidr"]), "address_spaces_in_use[0]",
     "must be a prefix in CIDR notation"),
    (VALID, dict(CONTEXT, address_spaces_in_use=["10.1.0.0/16", "10.2.0.0"]), "address_spaces_in_use[1]",
     "must be a prefix in CIDR notation"),
    (VALID, dict(CONTEXT, address_spaces_in_use=[None]), "address_spaces_in_use[0]",
     "must be a prefix in CIDR notation"),
    (VALID, dict(CONTEXT, address_spaces_in_use="10.1.0.0/16"), "address_spaces_in_use",
     "must be a list of prefixes"),
    ({}, {"address_spaces_in_use": ["not-a-cidr"]}, "address_spaces_in_use[0]",
     "must be a prefix in CIDR notation"),
], ids=["slash-30", "overlaps-peer-subnet", "overlaps-vnet", "overlaps-other-connection", "v6-slash-126",
        "v6-given-v4", "prefix-missing-on-create", "peer-missing-on-create", "peer-is-a-circuit",
        "peer-is-microsoft-peering", "peer-is-own-circuit", "key-not-guid", "key-is-resource-id",
        "space-not-a-prefix", "space-without-length", "space-not-a-string", "spaces-not-a-list",
        "space-checked-without-a-prefix"])
def test_invalid_connections(desired, kwargs, option, fragment):
    problems = validate(desired, **kwargs)
    matching = [problem for problem in problems if problem.option == option and fragment in problem.rule]
    assert matching, [str(problem) for problem in problems]


def test_address_spaces_with_host_bits_still_drive_the_overlap_check():
    context = dict(CONTEXT)
    context["address_spaces_in_use"] = ["10.1.2.3/16"]
    problems = validate(with_changes(address_prefix="10.1.0.8/29"), **context)
    assert [(problem.option, problem.rule) for problem in problems] == [
        ("address_prefix", "must not overlap address space in use 10.1.0.0/16")]


def test_authorization_key_is_never_echoed():
    problems = validate(with_changes(authorization_key="secret-but-malformed"))
    assert [problem.value for problem in problems] == [HIDDEN]
    assert "secret-but-malformed" not in str(problems[0])


def test_every_problem_is_reported_at_once():
    problems = validate({"address_prefix": "10.0.0.0/30", "ipv6_address_prefix": "fd00::/64",
                         "peer_peering_id": "er-2", "authorization_key": "x"}, **CONTEXT)
    assert [problem.option for problem in problems] == [
        "address_prefix", "ipv6_address_prefix", "peer_peering_id", "authorization_key"]


AVS_VALID = {"peer_express_route_circuit": PEER_CIRCUIT, "authorization_key": KEY}


@pytest.mark.parametrize("desired", [
    AVS_VALID, dict(AVS_VALID, express_route_id=PEER_CIRCUIT.replace("er-2", "avs-er")),
], ids=["tutorial", "with-express-route-id"])
def test_valid_avs_global_reach_connection(desired):
    before = copy.deepcopy(desired)
    assert validate_avs_global_reach_connection(desired, creating=True) == []
    assert desired == before


@pytest.mark.parametrize("desired, option, fragment", [
    (dict(AVS_VALID, peer_express_route_circuit=PEER_PEERING), "peer_express_route_circuit",
     "must be the ID of a Microsoft.Network/expressRouteCircuits resource"),
    (dict(AVS_VALID, peer_express_route_circuit=None), "peer_express_route_circuit", "must be set to create"),
    (dict(AVS_VALID, authorization_key=None), "authorization_key", "create it on the on-premises circuit"),
    (dict(AVS_VALID, authorization_key="abc"), "authorization_key", "a GUID"),
    (dict(AVS_VALID, express_route_id="x"), "express_route_id", "must be a full resource ID"),
], ids=["peer-is-a-peering", "peer-missing", "key-missing", "key-not-guid", "express-route-id-not-an-id"])
def test_invalid_avs_global_reach_connection(desired, option, fragment):
    problems = validate_avs_global_reach_connection(desired, creating=True)
    matching = [problem for problem in problems if problem.option == option and fragment in problem.rule]
    assert matching, [str(problem) for problem in problems]

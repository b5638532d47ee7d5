# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The gateway connection and gateway models, and the private cloud generation: pure functions, table-driven."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_results import (
    private_cloud_generation, private_cloud_result)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_connection_model import (
    GATEWAY_CONNECTION_PLAN_RULES, gateway_connection_from_api, gateway_connection_request, gateway_connection_result, validate_gateway_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_model import (
    gateway_from_api, gateway_refusal, gateway_request, validate_gateway)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import connected, plan_connection

KEY = '01010101-0101-0101-0101-010101010101'
RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/'
GATEWAY = RG + 'virtualNetworkGateways/ergw'
CIRCUIT = RG + 'expressRouteCircuits/er1'
# The shape of the ExpressRoute connection in azure-rest-api-specs' VirtualNetworkGatewayConnection examples.
CONNECTION = {
    'id': RG + 'connections/c1', 'name': 'c1', 'location': 'westus', 'etag': 'W/"1"', 'tags': {'team': 'net'},
    'properties': {'provisioningState': 'Succeeded', 'connectionType': 'ExpressRoute', 'routingWeight': 0,
                   'virtualNetworkGateway1': {'id': GATEWAY}, 'peer': {'id': CIRCUIT.lower()},
                   'authorizationKey': KEY, 'expressRouteGatewayBypass': False, 'connectionStatus': 'Connected',
                   'resourceGuid': 'g', 'ingressBytesTransferred': 10, 'enableBgp': False},
}


def desired(**extra):
    return dict(dict(name='c1', virtual_network_gateway=GATEWAY, peer_express_route_circuit=CIRCUIT,
                     routing_weight=None, express_route_gateway_bypass=None, authorization_key=None), **extra)


def plan(wanted, wire=None):
    wire = CONNECTION if wire is None else wire
    return plan_connection(wanted, gateway_connection_from_api(wire), **GATEWAY_CONNECTION_PLAN_RULES)


def test_from_api_never_carries_the_key_and_does_not_touch_its_input():
    wire = copy.deepcopy(CONNECTION)
    flat = gateway_connection_from_api(wire)
    assert wire == CONNECTION
    assert KEY not in str(flat)
    assert flat['virtual_network_gateway'] == GATEWAY and flat['connection_status'] == 'Connected'
    assert connected(flat, 'connection_status') and not connected(dict(flat, connection_status='Connecting'),
                                                                  'connection_status')


@pytest.mark.parametrize('wanted, action, fields', [
    (desired(), 'none', []),
    (desired(authorization_key=KEY), 'none', []),  # a rerun with (or without) the used key changes nothing
    (desired(routing_weight=0, express_route_gateway_bypass=False), 'none', []),
    (desired(routing_weight=20), 'update', ['routing_weight']),
])
def test_plan_manages_only_what_is_given_and_never_compares_the_key(wanted, action, fields):
    result, conflicts = plan(wanted)
    assert (result.action, result.changed_fields, conflicts) == (action, fields, [])


def test_another_gateway_or_circuit_is_a_conflict_not_a_write():
    result, conflicts = plan(desired(peer_express_route_circuit=RG + 'expressRouteCircuits/er2'))
    assert result.action == 'none' and [conflict[0] for conflict in conflicts] == ['peer_express_route_circuit']


def test_an_update_carries_what_it_does_not_manage_and_no_key():
    after = plan(desired(routing_weight=20))[0].after
    body = gateway_connection_request(after, 'westus', KEY, CONNECTION)
    assert body['tags'] == {'team': 'net'} and body['properties']['enableBgp'] is False
    assert body['properties']['routingWeight'] == 20
    for server_field in ('authorizationKey', 'connectionStatus', 'provisioningState', 'ingressBytesTransferred'):
        assert server_field not in body['properties']
    assert 'etag' not in body and CONNECTION['properties']['routingWeight'] == 0


def test_a_create_sends_the_key_and_only_the_given_settings():
    body = gateway_connection_request(desired(), 'westus', KEY, None)
    assert body == {'location': 'westus', 'properties': {
        'connectionType': 'ExpressRoute', 'virtualNetworkGateway1': {'id': GATEWAY}, 'peer': {'id': CIRCUIT},
        'authorizationKey': KEY}}
    planned = gateway_connection_result(None, RG + 'connections/c1', desired(authorization_key=KEY))
    assert 'authorization_key' not in planned and planned['connection_status'] is None


@pytest.mark.parametrize('weight, problems', [(None, []), (0, []), (32000, []), (-1, ['routing_weight']),
                                              (32001, ['routing_weight'])])
def test_routing_weight_range(weight, problems):
    assert [problem.option for problem in validate_gateway_connection(desired(routing_weight=weight))] == problems


GATEWAY_WIRE = {
    'id': GATEWAY, 'name': 'ergw', 'location': 'westus', 'etag': 'W/"2"',
    'properties': {'provisioningState': 'Succeeded', 'gatewayType': 'ExpressRoute',
                   'sku': {'name': 'Standard', 'tier': 'Standard', 'capacity': 2}, 'activeActive': False,
                   'ipConfigurations': [{'name': 'default', 'properties': {
                       'subnet': {'id': RG + 'virtualNetworks/v1/subnets/GatewaySubnet'}}}],
                   'bgpSettings': {'asn': 65515, 'bgpPeeringAddress': '10.0.255.4,10.0.255.5'}},
}


def test_gateway_from_api_and_a_sku_change_keep_everything_else():
    flat = gateway_from_api(GATEWAY_WIRE)
    assert (flat['virtual_network'], flat['sku'], flat['bgp_settings']['asn']) == (RG + 'virtualNetworks/v1', 'Standard',
                                                                                   65515)
    body = gateway_request(dict(flat, sku='ErGw3AZ'), None, GATEWAY_WIRE)
    assert body['properties']['sku'] == {'name': 'ErGw3AZ', 'tier': 'ErGw3AZ'}
    assert body['properties']['ipConfigurations'] == GATEWAY_WIRE['properties']['ipConfigurations']
    assert 'bgpSettings' not in body['properties'] and body['properties']['activeActive'] is False
    assert GATEWAY_WIRE['properties']['sku']['name'] == 'Standard'


def test_a_new_gateway_goes_into_the_gateway_subnet():
    body = gateway_request(dict(sku='ErGw1AZ', virtual_network=RG + 'virtualNetworks/v1'), 'westus', None)
    assert body['properties']['ipConfigurations'][0]['properties']['subnet']['id'].endswith('/v1/subnets/GatewaySubnet')
    assert body['properties']['gatewayType'] == 'ExpressRoute'


@pytest.mark.parametrize('gateway_type, sku, problems', [
    ('ExpressRoute', 'Standard', []), ('Vpn', 'Standard', ['gateway_type']), ('ExpressRoute', 'VpnGw1', ['sku']),
    ('Vpn', 'VpnGw1', ['gateway_type', 'sku']),
])
def test_validate_gateway_refuses_vpn_and_unknown_skus(gateway_type, sku, problems):
    assert [problem.option for problem in validate_gateway(dict(gateway_type=gateway_type, sku=sku))] == problems


@pytest.mark.parametrize('change, words', [
    ({}, None), ({'gatewayType': 'Vpn'}, 'type Vpn'), ({'provisioningState': 'Updating'}, 'Updating'),
])
def test_gateway_refusal(change, words):
    wire = copy.deepcopy(GATEWAY_WIRE)
    wire['properties'].update(change)
    refusal = gateway_refusal(wire)
    assert (refusal is None) if words is None else (words in refusal)


@pytest.mark.parametrize('properties, generation, path', [
    ({'circuit': {'expressRouteID': CIRCUIT}}, 1, 'global_reach'),
    ({'virtualNetworkId': RG + 'virtualNetworks/v1'}, 2, 'gateway_connection'),
    ({'virtualNetworkId': ''}, 1, 'global_reach'),
])
def test_private_cloud_generation_and_path(properties, generation, path):
    wire = {'id': 'x', 'name': 'c', 'properties': properties}
    assert private_cloud_generation(wire) == generation
    assert (private_cloud_result(wire)['generation'], private_cloud_result(wire)['connectivity_path']) == (
        generation, path)

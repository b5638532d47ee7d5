# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import (
    camel, flatten, provisioning_state, snake, unflatten)

PEERING = {
    'name': 'AzurePrivatePeering',
    'id': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/c/peerings/AzurePrivatePeering',
    'etag': 'W/"1"',
    'properties': {
        'peeringType': 'AzurePrivatePeering',
        'peerASN': 65010,
        'azureASN': 12076,
        'vlanId': 100,
        'primaryPeerAddressPrefix': '10.0.0.0/30',
        'microsoftPeeringConfig': {'customerASN': 2245, 'advertisedPublicPrefixes': ['123.0.0.0/30']},
        'routeFilter': {'id': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeFilters/f'},
        'connections': [{
            'name': 'gr1', 'id': 'x/connections/gr1',
            'properties': {'addressPrefix': '10.9.0.0/29', 'circuitConnectionStatus': 'Connected',
                           'expressRouteCircuitPeering': {'id': 'p1'}, 'peerExpressRouteCircuitPeering': {'id': 'p2'}}}],
    },
}


@pytest.mark.parametrize('wire_name, flat_name', [
    ('peerASN', 'peer_asn'),
    ('azureASN', 'azure_asn'),
    ('customerASN', 'customer_asn'),
    ('vlanId', 'vlan_id'),
    ('primaryPeerAddressPrefix', 'primary_peer_address_prefix'),
    ('ipv6PeeringConfig', 'ipv6_peering_config'),
    ('advertisedPublicPrefixesState', 'advertised_public_prefixes_state'),
    ('expressRouteId', 'express_route_id'),
])
def test_names_round_trip(wire_name, flat_name):
    assert snake(wire_name) == flat_name
    assert camel(flat_name) == wire_name


def test_flatten_lifts_properties_and_flattens_children():
    original = copy.deepcopy(PEERING)
    flat = flatten(PEERING)
    assert PEERING == original
    assert flat['peer_asn'] == 65010 and flat['vlan_id'] == 100
    assert flat['microsoft_peering_config'] == {'customer_asn': 2245, 'advertised_public_prefixes': ['123.0.0.0/30']}
    assert flat['connections'][0]['address_prefix'] == '10.9.0.0/29'
    assert 'properties' not in flat and 'properties' not in flat['connections'][0]


def test_unflatten_is_the_inverse_of_flatten():
    assert unflatten(flatten(PEERING)) == PEERING


def test_unflatten_of_a_new_resource_puts_fields_under_properties():
    assert unflatten({'peer_asn': 1234, 'vlan_id': 100, 'route_filter': {'id': 'f'}}) == {
        'properties': {'peerASN': 1234, 'vlanId': 100, 'routeFilter': {'id': 'f'}}}


@pytest.mark.parametrize('body, expected', [
    ({'properties': {'provisioningState': 'Failed'}}, 'Failed'),
    ({'properties': {}}, None),
    ({'name': 'no-properties'}, None),
    ({'properties': None}, None),
    (None, None),
])
def test_provisioning_state(body, expected):
    assert provisioning_state(body) == expected

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_results import (
    arp_entry, filter_routes, missing_prefixes, on_premises_routes, prefix_present, private_cloud_result, route_entry,
    stats_result, summary_entry, validate_route_query)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connection_model import (
    circuit_connection_from_api, global_reach_from_api)

KEY = '01010101-0101-0101-0101-010101010101'

# Shapes from the REST examples in shared/reference/azure-examples.
CLOUD = {
    'id': '/subscriptions/s/resourceGroups/group1/providers/Microsoft.AVS/privateClouds/cloud1', 'name': 'cloud1',
    'location': 'eastus2', 'sku': {'name': 'AV36'},
    'properties': {
        'networkBlock': '192.168.48.0/22', 'provisioningState': 'Succeeded', 'managementNetwork': '192.168.48.0/24',
        'circuit': {'expressRouteID': '/subscriptions/s/resourceGroups/tnt13/providers/Microsoft.Network/'
                                      'expressroutecircuits/tnt13-xconnect',
                    'primarySubnet': '192.168.53.0/30', 'secondarySubnet': '192.168.53.4/30',
                    'expressRoutePrivatePeeringID': '/subscriptions/s/resourceGroups/tnt42/providers/Microsoft.Network/'
                                                    'expressroutecircuits/tnt42-er/peerings/AzurePrivatePeering'},
        'managementCluster': {'clusterSize': 4, 'hosts': ['h1']},
        'endpoints': {'vcsa': 'https://vc.example/', 'vcenterIp': '192.168.50.2'},
    },
}
GLOBAL_REACH = {
    'id': '/x/globalReachConnections/connection1', 'name': 'connection1',
    'properties': {'addressPrefix': '10.2.3.16/29', 'authorizationKey': KEY, 'circuitConnectionStatus': 'Connected',
                   'peerExpressRouteCircuit': '/subscriptions/s/resourceGroups/mygroup/providers/Microsoft.Network/'
                                              'expressRouteCircuits/mypeer',
                   'provisioningState': 'Succeeded', 'expressRouteId': '/x/expressroutecircuits/avs'},
}
CIRCUIT_CONNECTION = {
    'id': '/c/peerings/AzurePrivatePeering/connections/usaus', 'name': 'usaus',
    'properties': {'expressRouteCircuitPeering': {'id': '/c/peerings/AzurePrivatePeering'},
                   'peerExpressRouteCircuitPeering': {'id': '/d/peerings/AzurePrivatePeering'},
                   'authorizationKey': KEY, 'addressPrefix': '10.0.0.0/29', 'circuitConnectionStatus': 'Connected',
                   'provisioningState': 'Succeeded',
                   'ipv6CircuitConnectionConfig': {'addressPrefix': 'aa:bb::/125', 'circuitConnectionStatus': 'Connected'}},
}


def test_private_cloud_result_names_the_avs_circuit_and_address_plan():
    before = copy.deepcopy(CLOUD)
    result = private_cloud_result(CLOUD)
    assert CLOUD == before
    assert result['network_block'] == '192.168.48.0/22' and result['management_network'] == '192.168.48.0/24'
    assert result['circuit'] == {
        'express_route_id': CLOUD['properties']['circuit']['expressRouteID'],
        'express_route_private_peering_id': CLOUD['properties']['circuit']['expressRoutePrivatePeeringID'],
        'primary_subnet': '192.168.53.0/30', 'secondary_subnet': '192.168.53.4/30'}
    assert result['sku'] == 'AV36' and result['management_cluster']['cluster_size'] == 4
    assert result['provisioning_network'] is None  # absent in the example: null, not an error
    assert private_cloud_result(None) is None


@pytest.mark.parametrize('function, wire', [
    (global_reach_from_api, GLOBAL_REACH),
    (circuit_connection_from_api, CIRCUIT_CONNECTION),
])
def test_connection_results_never_carry_the_key(function, wire):
    before = copy.deepcopy(wire)
    result = function(wire)
    assert wire == before
    assert KEY not in str(result) and 'authorization_key' not in result
    assert result['circuit_connection_status'] == 'Connected'
    assert function(None) is None


def test_connection_result_shapes():
    assert global_reach_from_api(GLOBAL_REACH)['peer_express_route_circuit'].endswith('/mypeer')
    assert global_reach_from_api(GLOBAL_REACH)['address_prefix'] == '10.2.3.16/29'
    result = circuit_connection_from_api(CIRCUIT_CONNECTION)
    assert (result['peering_id'], result['peer_peering_id']) == ('/c/peerings/AzurePrivatePeering',
                                                                 '/d/peerings/AzurePrivatePeering')
    assert (result['ipv6_address_prefix'], result['ipv6_circuit_connection_status']) == ('aa:bb::/125', 'Connected')
    assert 'connection_name' not in result
    peered = circuit_connection_from_api({'name': 'p', 'properties': {'connectionName': 'gr'}})
    assert peered['connection_name'] == 'gr'


def test_table_entries():
    assert route_entry({'network': '10.1.0.0/16', 'nextHop': '10.0.0.1', 'locPrf': '', 'weight': 0,
                        'path': '65010'}) == {
        'network': '10.1.0.0/16', 'next_hop': '10.0.0.1', 'loc_prf': '', 'weight': 0, 'path': '65010'}
    assert arp_entry({'age': 0, 'interface': 'Microsoft', 'ipAddress': '10.0.0.2', 'macAddress': 'a.b.c'}) == {
        'age': 0, 'interface': 'Microsoft', 'ip_address': '10.0.0.2', 'mac_address': 'a.b.c'}


@pytest.mark.parametrize('state, count, session', [
    ('2', 2, 'Established'), (7, 7, 'Established'), ('Idle', None, 'Idle'), ('Active', None, 'Active'),
    (None, None, None),
])
def test_summary_entry_tells_prefix_counts_from_session_states(state, count, session):
    entry = summary_entry({'neighbor': '10.0.0.1', 'v': 4, 'as': 65010, 'upDown': '00:01:00', 'statePfxRcd': state})
    assert (entry['prefixes_received'], entry['session_state'], entry['asn']) == (count, session, 65010)


def test_stats_result_spells_the_counters_in_snake_case():
    assert stats_result({'primarybytesIn': 1, 'primarybytesOut': 2, 'secondarybytesIn': 3,
                         'secondarybytesOut': 4}) == {
        'primary_bytes_in': 1, 'primary_bytes_out': 2, 'secondary_bytes_in': 3, 'secondary_bytes_out': 4}
    assert stats_result(None) is None


ROUTES = [
    {'network': '192.168.0.0/16', 'next_hop': '10.0.0.1', 'path': '65010'},
    {'network': '10.176.0.0/26', 'next_hop': '10.176.0.130', 'path': '12076 398656'},
    {'network': '10.176.0.64/26', 'next_hop': '10.176.0.130', 'path': '12076 398656'},
    {'network': '0.0.0.0/0', 'next_hop': '10.0.0.1', 'path': '65010 65001'},
]


@pytest.mark.parametrize('prefix, match, expected', [
    ('10.176.0.0/26', 'exact', True),
    ('10.176.0.0/22', 'exact', False),
    ('10.176.0.0/22', 'orlonger', True),
    ('10.177.0.0/22', 'orlonger', False),
    ('192.168.10.0/24', 'covering', True),
    ('192.168.10.0/24', 'exact', False),
    ('192.168.0.0/16', 'covering', True),
    ('not-a-prefix', 'exact', False),
    ('2001:db8::/32', 'covering', False),
])
def test_prefix_present(prefix, match, expected):
    assert prefix_present(prefix, ROUTES, match) is expected


def test_missing_prefixes_keeps_the_order_given():
    before = copy.deepcopy(ROUTES)
    assert missing_prefixes(['10.99.0.0/16', '10.176.0.0/26', '10.98.0.0/16'], ROUTES) == [
        '10.99.0.0/16', '10.98.0.0/16']
    assert missing_prefixes([], ROUTES) == [] and ROUTES == before


def test_filter_routes_by_next_hop_returns_copies():
    found = filter_routes(ROUTES, ' 10.176.0.130 ')
    assert [route['network'] for route in found] == ['10.176.0.0/26', '10.176.0.64/26']
    found[0]['network'] = 'changed'
    assert ROUTES[1]['network'] == '10.176.0.0/26'
    assert len(filter_routes(ROUTES, None)) == 4


def test_on_premises_routes_leave_out_what_global_reach_brings():
    assert [route['network'] for route in on_premises_routes(ROUTES)] == ['192.168.0.0/16', '0.0.0.0/0']
    assert on_premises_routes([{'network': '10.0.0.0/8', 'path': ''}]) == [{'network': '10.0.0.0/8', 'path': ''}]


@pytest.mark.parametrize('prefixes, next_hop, include_routes, options', [
    (['10.0.0.0/8'], '10.0.0.1', True, []),
    (['10.0.0.0/33', '10.0.0.0/8', '10.0.0.1/8'], None, True, ['prefixes[0]', 'prefixes[2]']),
    ([], 'router', True, ['next_hop']),
    (['10.0.0.0/8'], None, False, ['include_routes']),
    ([], None, False, []),
])
def test_validate_route_query_names_the_option(prefixes, next_hop, include_routes, options):
    assert [problem.option for problem in validate_route_query(prefixes, next_hop, include_routes)] == options

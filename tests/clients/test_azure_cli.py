# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Azure CLI, unchanged, through whole ExpressRoute lifecycles against the lab.

The tests run in file order and build on each other (one lab, one login):
circuits, authorizations, private and Microsoft peering, Global Reach both
ways, tables and stats, and the bad inputs the service refuses.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from helpers_clients import RG, SUB, circuit_id, error_codes_since, last_seq

PEERING = ['--resource-group', RG]


@pytest.fixture(scope='module', autouse=True)
def default_world(lab):
    lab.admin.reset()


def _private_peering(az, circuit, asn, third_octet, vlan):
    return az.run('network', 'express-route', 'peering', 'create', *PEERING, '--circuit-name', circuit,
                  '--peering-type', 'AzurePrivatePeering', '--peer-asn', str(asn), '--vlan-id', str(vlan),
                  '--primary-peer-subnet', '10.%d.0.0/30' % third_octet, '--secondary-peer-subnet', '10.%d.0.4/30' % third_octet)


def test_cloud_register_discovers_endpoints_and_service_principal_login_works(az, az_login, lab):
    cloud = az.run('cloud', 'show', '--name', 'ERLab')
    assert cloud['isActive'] is True
    assert cloud['endpoints']['resourceManager'].rstrip('/') == lab.url
    assert cloud['endpoints']['activeDirectory'].rstrip('/') == lab.url
    assert cloud['endpoints']['activeDirectoryResourceId'] == 'https://management.erlab.invalid/'
    [account] = az_login['accounts']
    assert (account['id'], account['tenantId'], account['cloudName']) == (SUB, lab.info['tenant_id'], 'ERLab')
    assert account['user'] == {'name': lab.info['client_id'], 'type': 'servicePrincipal'}
    asked = [(e['method'], e['path'], e['api_version'], e['status']) for e in az_login['log']]
    assert ('GET', '/metadata/endpoints', '2022-09-01', 200) in asked
    assert any(entry[1] == '/subscriptions' and entry[3] == 200 for entry in asked)
    assert az.run('account', 'show')['id'] == SUB


def test_circuit_lifecycle(az, lab):
    created = az.run('network', 'express-route', 'create', '--resource-group', RG, '--name', 'er-cli', '--bandwidth', '200',
                     '--provider', 'Equinix', '--peering-location', 'Silicon Valley', '--sku-tier', 'Standard',
                     '--sku-family', 'MeteredData', '--tags', 'owner=cli')
    assert created['provisioningState'] == 'Succeeded'
    assert created['location'] == 'westus'  # taken from the resource group: no --location given
    assert created['serviceProviderProvisioningState'] == 'NotProvisioned' and created['tags'] == {'owner': 'cli'}
    assert created['id'] == circuit_id('er-cli')
    names = [c['name'] for c in az.run('network', 'express-route', 'list', '--resource-group', RG)]
    assert 'er-cli' in names and 'er-sv-primary' in names

    updated = az.run('network', 'express-route', 'update', '--resource-group', RG, '--name', 'er-cli', '--bandwidth', '500',
                     '--sku-tier', 'Premium')
    assert updated['serviceProviderProperties']['bandwidthInMbps'] == 500
    assert updated['sku'] == {'name': 'Premium_MeteredData', 'tier': 'Premium', 'family': 'MeteredData'}
    assert updated['tags'] == {'owner': 'cli'}  # read, merge, write: nothing else lost
    shown = az.run('network', 'express-route', 'show', '--resource-group', RG, '--name', 'er-cli')
    assert shown['etag'] == updated['etag'] and shown['serviceKey'] == created['serviceKey']

    az.run('network', 'express-route', 'delete', '--resource-group', RG, '--name', 'er-cli')
    gone = az.fails('network', 'express-route', 'show', '--resource-group', RG, '--name', 'er-cli')
    assert gone.code == 'ResourceNotFound'


def test_authorization_lifecycle(az):
    created = az.run('network', 'express-route', 'auth', 'create', '--resource-group', RG, '--circuit-name', 'er-sv-primary',
                     '--name', 'cli-auth')
    assert created['provisioningState'] == 'Succeeded' and created['authorizationUseStatus'] == 'Available'
    listed = az.run('network', 'express-route', 'auth', 'list', '--resource-group', RG, '--circuit-name', 'er-sv-primary')
    assert 'cli-auth' in [a['name'] for a in listed]
    shown = az.run('network', 'express-route', 'auth', 'show', '--resource-group', RG, '--circuit-name', 'er-sv-primary',
                   '--name', 'cli-auth')
    assert shown['id'] == created['id']
    az.run('network', 'express-route', 'auth', 'delete', '--resource-group', RG, '--circuit-name', 'er-sv-primary',
           '--name', 'cli-auth')
    gone = az.fails('network', 'express-route', 'auth', 'show', '--resource-group', RG, '--circuit-name', 'er-sv-primary',
                    '--name', 'cli-auth')
    assert gone.code == 'NotFound'


def test_private_peering_create_and_update(az):
    created = _private_peering(az, 'er-sv-primary', 65010, 255, 100)
    assert created['provisioningState'] == 'Succeeded' and created['peeringType'] == 'AzurePrivatePeering'
    assert created['azureASN'] == 12076 and created['vlanId'] == 100 and created['state'] == 'Enabled'
    updated = az.run('network', 'express-route', 'peering', 'update', *PEERING, '--circuit-name', 'er-sv-primary',
                     '--name', 'AzurePrivatePeering', '--vlan-id', '110')
    assert updated['vlanId'] == 110 and updated['peerASN'] == 65010
    assert updated['primaryPeerAddressPrefix'] == '10.255.0.0/30'
    circuit = az.run('network', 'express-route', 'show', '--resource-group', RG, '--name', 'er-sv-primary')
    assert [p['name'] for p in circuit['peerings']] == ['AzurePrivatePeering']


def test_microsoft_peering_create_update_delete(az):
    created = az.run('network', 'express-route', 'peering', 'create', *PEERING, '--circuit-name', 'er-sv-primary',
                     '--peering-type', 'MicrosoftPeering', '--peer-asn', '10002', '--vlan-id', '300',
                     '--primary-peer-subnet', '131.107.0.0/30', '--secondary-peer-subnet', '131.107.0.4/30',
                     '--advertised-public-prefixes', '131.107.0.0/24', '--routing-registry-name', 'ARIN')
    config = created['microsoftPeeringConfig']
    assert created['provisioningState'] == 'Succeeded'
    assert config['advertisedPublicPrefixes'] == ['131.107.0.0/24'] and config['advertisedPublicPrefixesState'] == 'Configured'
    updated = az.run('network', 'express-route', 'peering', 'update', *PEERING, '--circuit-name', 'er-sv-primary',
                     '--name', 'MicrosoftPeering', '--advertised-public-prefixes', '131.107.0.0/24', '123.1.0.0/24')
    assert updated['microsoftPeeringConfig']['advertisedPublicPrefixes'] == ['131.107.0.0/24', '123.1.0.0/24']
    az.run('network', 'express-route', 'peering', 'delete', *PEERING, '--circuit-name', 'er-sv-primary',
           '--name', 'MicrosoftPeering')
    peerings = az.run('network', 'express-route', 'peering', 'list', *PEERING, '--circuit-name', 'er-sv-primary')
    assert [p['name'] for p in peerings] == ['AzurePrivatePeering']  # the private peering is untouched


def test_global_reach_as_the_how_to_writes_it_then_the_other_way(az, lab):
    _private_peering(az, 'er-ams-secondary', 65020, 254, 200)
    # The how-to's form: --peer-circuit and --address-prefix, no --source-circuit.
    seq = last_seq(lab)
    there = az.run('network', 'express-route', 'peering', 'connection', 'create', *PEERING, '--circuit-name', 'er-sv-primary',
                   '--peering-name', 'AzurePrivatePeering', '--name', 'sv-to-ams', '--peer-circuit', 'er-ams-secondary',
                   '--address-prefix', '10.250.0.0/29')
    assert there['provisioningState'] == 'Succeeded'
    assert there['circuitConnectionStatus'] == 'Connected'  # in the final answer, as the examples show
    assert there['expressRouteCircuitPeering']['id'] == circuit_id('er-sv-primary') + '/peerings/AzurePrivatePeering'
    assert error_codes_since(lab, seq) == []
    peer_side = az.run('network', 'express-route', 'peering', 'peer-connection', 'list', *PEERING,
                       '--circuit-name', 'er-ams-secondary', '--peering-name', 'AzurePrivatePeering')
    assert [(c['name'], c['circuitConnectionStatus']) for c in peer_side] == [('sv-to-ams', 'Connected')]
    routes = az.run('network', 'express-route', 'list-route-tables', '--resource-group', RG, '--name', 'er-sv-primary',
                    '--peering-name', 'AzurePrivatePeering', '--path', 'primary')
    assert any(r['network'] == '10.60.0.0/16' and r['path'].startswith('12076 65020') for r in routes['value'])

    az.run('network', 'express-route', 'peering', 'connection', 'delete', *PEERING, '--circuit-name', 'er-sv-primary',
           '--peering-name', 'AzurePrivatePeering', '--name', 'sv-to-ams')
    assert az.run('network', 'express-route', 'peering', 'connection', 'list', *PEERING, '--circuit-name', 'er-sv-primary',
                  '--peering-name', 'AzurePrivatePeering') == []

    # The other way: configured on the other circuit, naming both ends explicitly.
    back = az.run('network', 'express-route', 'peering', 'connection', 'create', *PEERING, '--circuit-name', 'er-ams-secondary',
                  '--peering-name', 'AzurePrivatePeering', '--name', 'ams-to-sv', '--address-prefix', '10.250.0.8/29',
                  '--peer-circuit', circuit_id('er-sv-primary') + '/peerings/AzurePrivatePeering',
                  '--source-circuit', circuit_id('er-ams-secondary') + '/peerings/AzurePrivatePeering')
    assert back['circuitConnectionStatus'] == 'Connected'
    peer_side = az.run('network', 'express-route', 'peering', 'peer-connection', 'show', *PEERING,
                       '--circuit-name', 'er-sv-primary', '--peering-name', 'AzurePrivatePeering', '--name', 'ams-to-sv')
    assert peer_side['circuitConnectionStatus'] == 'Connected' and peer_side['addressPrefix'] == '10.250.0.8/29'


def test_route_arp_and_summary_tables_and_stats(az):
    args = ['--resource-group', RG, '--name', 'er-ams-secondary', '--peering-name', 'AzurePrivatePeering']
    routes = az.run('network', 'express-route', 'list-route-tables', *args, '--path', 'secondary')['value']
    assert any(r['network'] == '192.168.0.0/16' and r['path'].startswith('12076 65010') for r in routes)
    summary = az.run('network', 'express-route', 'list-route-tables-summary', *args, '--path', 'primary')['value']
    assert {s['as'] for s in summary} >= {65020, 12076}
    assert all(set(s) >= {'neighbor', 'v', 'as', 'upDown', 'statePfxRcd'} for s in summary)
    arp = az.run('network', 'express-route', 'list-arp-tables', *args, '--path', 'primary')['value']
    assert arp and all(set(a) >= {'age', 'interface', 'ipAddress', 'macAddress'} for a in arp)
    circuit_stats = az.run('network', 'express-route', 'get-stats', '--resource-group', RG, '--name', 'er-ams-secondary')
    peering_stats = az.run('network', 'express-route', 'peering', 'get-stats', *PEERING, '--circuit-name', 'er-ams-secondary',
                           '--name', 'AzurePrivatePeering')
    for stats in (circuit_stats, peering_stats):
        assert set(stats) >= {'primarybytesIn', 'primarybytesOut', 'secondarybytesIn', 'secondarybytesOut'}


@pytest.mark.parametrize('args, code', [
    (['peering', 'create', '--circuit-name', 'er-chi-pending', '--peering-type', 'AzurePrivatePeering', '--peer-asn', '65010',
      '--vlan-id', '100', '--primary-peer-subnet', '10.253.0.0/30', '--secondary-peer-subnet', '10.253.0.4/30'],
     'CircuitNotProvisioned'),
    (['peering', 'update', '--circuit-name', 'er-sv-primary', '--name', 'AzurePrivatePeering', '--peer-asn', '65515'],
     'AsnReservedByMicrosoft'),
    (['peering', 'update', '--circuit-name', 'er-sv-primary', '--name', 'AzurePrivatePeering', '--primary-peer-subnet',
      '10.255.0.0/29'], 'InvalidPeerAddressPrefixLength'),
    (['peering', 'create', '--circuit-name', 'er-sv-primary', '--peering-type', 'MicrosoftPeering', '--peer-asn', '10002',
      '--vlan-id', '110', '--primary-peer-subnet', '131.107.0.0/30', '--secondary-peer-subnet', '131.107.0.4/30',
      '--advertised-public-prefixes', '131.107.0.0/24'], 'PeeringVlanIdAlreadyInUse'),
    (['peering', 'connection', 'create', '--circuit-name', 'er-sv-primary', '--peering-name', 'AzurePrivatePeering',
      '--name', 'too-big', '--peer-circuit', 'er-ams-secondary', '--address-prefix', '10.251.0.0/28'],
     'InvalidGlobalReachAddressPrefix'),
    (['peering', 'connection', 'create', '--circuit-name', 'er-sv-primary', '--peering-name', 'AzurePrivatePeering',
      '--name', 'again', '--peer-circuit', 'er-ams-secondary', '--address-prefix', '10.251.0.0/29'],
     'GlobalReachConnectionAlreadyExists'),
    (['peering', 'connection', 'create', '--circuit-name', 'er-sv-primary', '--peering-name', 'AzurePrivatePeering',
      '--name', 'self', '--peer-circuit', 'er-sv-primary', '--address-prefix', '10.251.0.8/29'],
     'CannotConnectCircuitToItself'),
    (['peering', 'delete', '--circuit-name', 'er-sv-primary', '--name', 'AzurePrivatePeering'],
     'PeeringHasGlobalReachConnections'),
    (['delete', '--name', 'er-ams-secondary'], 'CircuitHasGlobalReachConnections'),
], ids=lambda value: value if isinstance(value, str) else '-'.join(value[:2]))
def test_bad_inputs_are_refused_with_the_service_error_code_and_nothing_changes(az, lab, args, code):
    before = lab.admin.counters()
    refused = az.fails('network', 'express-route', *args, '--resource-group', RG)
    assert refused.code == code, refused.stderr
    assert lab.admin.counters()['write'] - before['write'] == 1  # the one refused write, nothing retried or written
    private = lab.network_client().express_route_circuit_peerings.get(RG, 'er-sv-primary', 'AzurePrivatePeering')
    assert (private.vlan_id, private.peer_asn, private.primary_peer_address_prefix) == (110, 65010, '10.255.0.0/30')
    assert [c.name for c in private.connections] == [] and [c.name for c in private.peered_connections] == ['ams-to-sv']


def test_what_is_not_there_is_refused(az):
    # (A subscription the principal is not granted never reaches the service from the CLI: `az` refuses
    # every subscription its login did not list, `az rest` included. The SDK suites cover that 403.)
    missing = az.fails('network', 'express-route', 'show', '--resource-group', 'rg-nope', '--name', 'er-sv-primary')
    assert missing.code == 'ResourceGroupNotFound'
    missing = az.fails('network', 'express-route', 'create', '--resource-group', 'rg-nope', '--name', 'er-x',
                       '--bandwidth', '200', '--provider', 'Equinix', '--peering-location', 'Silicon Valley')
    assert missing.code == 'ResourceGroupNotFound'


def test_teardown_in_order(az, lab):
    """Connections, then peerings, then the circuit: each delete the service allows once its children are gone."""
    az.run('network', 'express-route', 'peering', 'connection', 'delete', *PEERING, '--circuit-name', 'er-ams-secondary',
           '--peering-name', 'AzurePrivatePeering', '--name', 'ams-to-sv')
    for circuit in ('er-sv-primary', 'er-ams-secondary'):
        az.run('network', 'express-route', 'peering', 'delete', *PEERING, '--circuit-name', circuit, '--name', 'AzurePrivatePeering')
        assert az.run('network', 'express-route', 'peering', 'list', *PEERING, '--circuit-name', circuit) == []
    az.run('network', 'express-route', 'delete', '--resource-group', RG, '--name', 'er-ams-secondary')
    names = [c['name'] for c in az.run('network', 'express-route', 'list', '--resource-group', RG)]
    assert 'er-ams-secondary' not in names and 'er-sv-primary' in names
    refused_with_client = [e for e in lab.admin.requests() if e['status'] in (400, 403, 404, 409)]
    assert refused_with_client and all(e['client_id'] == lab.info['client_id'] for e in refused_with_client
                                       if e['kind'] not in ('token', 'metadata'))

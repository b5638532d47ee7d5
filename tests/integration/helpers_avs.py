# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared set-up for the Global Reach, AVS and route-table integration tests.

Preconditions are made directly through the SDK against the lab (fast, and
not what the tests are about); what a test proves always runs through the
modules. Nothing here sleeps.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

import pytest

ONPREM_RG = 'rg-onprem-network'
AVS_RG = 'rg-avs-prod'
PRIVATE = 'AzurePrivatePeering'
GUID = re.compile(r'[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}')

# Link subnets per circuit: outside everything the default world advertises.
PEERING_SUBNETS = {
    'er-sv-primary': ('10.0.0.0/30', '10.0.0.4/30', 100, 65010),
    'er-ams-secondary': ('10.0.1.0/30', '10.0.1.4/30', 200, 65020),
}


@pytest.fixture(autouse=True)
def instant_operations(fresh_lab_world):
    """Long-running operations that finish at once: nothing these suites prove depends on their length.

    The SDK's pollers then need no Retry-After sleep, which saves about a second per write. Tests of
    timeouts set operation_seconds high themselves. Import it into a test module to use it.
    """
    fresh_lab_world.admin.settings(operation_seconds=0)
    return fresh_lab_world


def circuit_id(lab, name):
    return lab.world_ids()[name]


def peering_id(lab, circuit):
    return '%s/peerings/%s' % (circuit_id(lab, circuit), PRIVATE)


def cloud_args(cloud='avs-westus-prod', **extra):
    return dict(dict(resource_group=AVS_RG, private_cloud_name=cloud), **extra)


def circuit_args(circuit='er-sv-primary', **extra):
    return dict(dict(resource_group=ONPREM_RG, circuit_name=circuit), **extra)


def configure_private_peering(lab, circuit='er-sv-primary'):
    primary, secondary, vlan, asn = PEERING_SUBNETS[circuit]
    body = {'properties': {'peeringType': PRIVATE, 'vlanId': vlan, 'peerASN': asn, 'state': 'Enabled',
                           'primaryPeerAddressPrefix': primary, 'secondaryPeerAddressPrefix': secondary}}
    net = lab.network_client()
    return net.express_route_circuit_peerings.begin_create_or_update(
        ONPREM_RG, circuit, PRIVATE, body, polling_interval=0.1).result().as_dict()


def create_circuit_key(lab, circuit, name):
    """An authorization on an on-premises circuit, and its key (read with listKeys)."""
    net = lab.network_client()
    net.express_route_circuit_authorizations.begin_create_or_update(
        ONPREM_RG, circuit, name, {'properties': {}}, polling_interval=0.1).result()
    return net.express_route_circuit_authorizations.list_keys(ONPREM_RG, circuit, name).as_dict()['authorizationKey']


def create_avs_key(lab, cloud, name):
    avs = lab.avs_client()
    created = avs.authorizations.begin_create_or_update(
        AVS_RG, cloud, name, {'properties': {}}, polling_interval=0.1).result().as_dict()
    return created['properties']['expressRouteAuthorizationKey']


def connect_avs(lab, cloud, name, circuit, key):
    avs = lab.avs_client()
    return avs.global_reach_connections.begin_create_or_update(
        AVS_RG, cloud, name, {'properties': {'peerExpressRouteCircuit': circuit_id(lab, circuit), 'authorizationKey': key}},
        polling_interval=0.1).result().as_dict()


def connect_circuits(lab, circuit, peer, name, prefix):
    net = lab.network_client()
    body = {'properties': {'expressRouteCircuitPeering': {'id': peering_id(lab, circuit)},
                           'peerExpressRouteCircuitPeering': {'id': peering_id(lab, peer)}, 'addressPrefix': prefix}}
    return net.express_route_circuit_connections.begin_create_or_update(
        ONPREM_RG, circuit, PRIVATE, name, body, polling_interval=0.1).result().as_dict()


def circuit_state(lab, circuit):
    """The circuit as Azure shows it: peerings (with connections) and authorizations."""
    return lab.network_client().express_route_circuits.get(ONPREM_RG, circuit).as_dict()


def peering_state(lab, circuit):
    return lab.network_client().express_route_circuit_peerings.get(ONPREM_RG, circuit, PRIVATE).as_dict()


def changes(lab):
    """Requests that changed or tried to change something (PUT, PATCH, DELETE, POST)."""
    return ['%s %s' % (entry['method'], entry['path']) for entry in lab.admin.writes()]


def arm_requests(lab):
    """Every request that reached Resource Manager (not token or metadata traffic)."""
    return [entry for entry in lab.admin.requests() if entry['kind'] in ('read', 'write', 'action', 'poll')]


def assert_no_key(run, *keys):
    """No key (given or generated) appears anywhere ansible printed or returned."""
    for key in keys:
        assert key not in run.output, 'a key leaked into the output'
        assert key not in str(run.result), 'a key leaked into the result'

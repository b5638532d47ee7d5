# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module of the collection as a fault target: how to prepare for it, call it, and check the outcome.

``verify(run, world)`` returns a list of what is wrong with the outcome
(empty when the module did what a fault-free run does), so a test can say
exactly which part of convergence failed.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from world import AMS, GATEWAY, GATEWAY_CONNECTION, PRIVATE, SV, WESTUS

ARM = r'^/subscriptions/'
POLLS = r'/operations/|/operationResults/|/operationstatuses/|/operationresults/'


class Target(object):
    def __init__(self, name, kind, args, verify, prepare=None, absent=None, gone=None, write_path=None):
        self.name = name
        self.kind = kind            # 'read' or 'write'
        self.args = args            # world -> module arguments
        self.verify = verify        # (run, world) -> problems
        self.prepare = prepare      # world -> None, before the module runs
        self.absent = absent        # world -> arguments that delete what args created
        self.gone = gone            # world -> problems while it still exists
        self.write_path = write_path

    def __repr__(self):
        return self.name


def _expect(condition, text):
    return [] if condition else [text]


def _named(items, name):
    return [item for item in items or () if item.get('name') == name]


# --- read modules: the full world (World.full) is in place -----------------------

def _circuit_info(run, world):
    circuit = run.result.get('circuit') or {}
    return (_expect(circuit.get('name') == SV, 'circuit not returned')
            + _expect(circuit.get('service_provider_provisioning_state') == 'Provisioned', 'provider state missing'))


def _circuit_authorization_info(run, world):
    names = sorted(item.get('name') for item in run.result.get('authorizations') or ())
    return _expect(names == ['avs-westus-prod', 'spare'], 'authorizations returned: %s' % names)


def _circuit_peering_info(run, world):
    peerings = _named(run.result.get('peerings'), PRIVATE)
    return _expect(peerings and peerings[0].get('vlan_id') == 100, 'private peering not returned')


def _circuit_connection_info(run, world):
    return _expect(_named(run.result.get('connections'), 'sv-to-ams'), 'connection sv-to-ams not returned')


def _avs_private_cloud_info(run, world):
    cloud = run.result.get('private_cloud') or {}
    return _expect(cloud.get('network_block') == '10.176.0.0/22', 'private cloud not returned')


def _avs_authorization_info(run, world):
    return _expect(_named(run.result.get('authorizations'), 'vnet-gateway'), 'authorization vnet-gateway not returned')


def _avs_global_reach_info(run, world):
    return _expect(_named(run.result.get('global_reach_connections'), 'onprem-sv'), 'connection onprem-sv not returned')


def _route_table_info(run, world):
    tables = run.result.get('tables') or {}
    routes = [route.get('network') for route in (tables.get('primary') or {}).get('routes') or ()]
    return (_expect('192.168.0.0/16' in routes, 'on-premises route missing from the primary table')
            + _expect('stats' in run.result, 'counters missing'))


READS = [
    Target('circuit_info', 'read', lambda w: w.circuit_args(), _circuit_info),
    Target('circuit_authorization_info', 'read', lambda w: w.circuit_args(), _circuit_authorization_info),
    Target('circuit_peering_info', 'read', lambda w: w.circuit_args(), _circuit_peering_info),
    Target('circuit_connection_info', 'read', lambda w: w.circuit_args(), _circuit_connection_info),
    Target('avs_private_cloud_info', 'read', lambda w: w.cloud_args(), _avs_private_cloud_info),
    Target('avs_authorization_info', 'read', lambda w: w.cloud_args(), _avs_authorization_info),
    Target('avs_global_reach_info', 'read', lambda w: w.cloud_args(), _avs_global_reach_info),
    Target('route_table_info', 'read', lambda w: w.circuit_args(prefixes=['192.168.0.0/16']), _route_table_info),
]


# --- write modules: each starts from the default world plus its prerequisites ---------

def _circuit_authorization(run, world):
    state = world.net.express_route_circuit_authorizations.get('rg-onprem-network', SV, 'rel-auth').as_dict()
    returned = (run.result.get('authorization') or {}).get('authorization_key')
    return (_expect(state['properties']['provisioningState'] == 'Succeeded',
                    'authorization is %s' % state['properties']['provisioningState'])
            + _expect(returned == world.circuit_key(SV, 'rel-auth'), 'returned key is not the authorization\'s key'))


def _circuit_peering(run, world):
    peering = world.peering(SV)
    if peering is None:
        return ['peering missing']
    properties = peering['properties']
    return (_expect(properties['provisioningState'] == 'Succeeded', 'peering is %s' % properties['provisioningState'])
            + _expect((properties.get('vlanId'), properties.get('peerASN')) == (100, 65010), 'peering fields differ'))


def _avs_authorization(run, world):
    state = world.avs_authorizations().get('rel-avs')
    if state is None:
        return ['authorization missing']
    return _expect(state['properties']['provisioningState'] == 'Succeeded',
                   'authorization is %s' % state['properties']['provisioningState'])


def _circuit_connection(run, world):
    state = world.connections(SV).get('sv-to-ams')
    if state is None:
        return ['connection missing']
    return (_expect(state['provisioningState'] == 'Succeeded', 'connection is %s' % state['provisioningState'])
            + _expect(state.get('circuitConnectionStatus') == 'Connected', 'connection is not Connected'))


def _avs_global_reach(run, world):
    state = world.global_reach(WESTUS).get('onprem-sv')
    if state is None:
        return ['connection missing']
    properties = state['properties']
    return (_expect(properties['provisioningState'] == 'Succeeded', 'connection is %s' % properties['provisioningState'])
            + _expect(properties.get('circuitConnectionStatus') == 'Connected', 'connection is not Connected')
            + _expect(world.authorizations(SV).get(WESTUS) == 'InUse', 'the key was not used'))


def _prepare_connection(world):
    world.configure_private_peering(SV)
    world.configure_private_peering(AMS)


def _prepare_global_reach(world):
    world.configure_private_peering(SV)
    world.key = world.create_circuit_key(SV, WESTUS)


WRITES = [
    Target('circuit_authorization', 'write', lambda w: w.circuit_args(name='rel-auth', return_key=True),
           _circuit_authorization, absent=lambda w: w.circuit_args(name='rel-auth', state='absent'),
           gone=lambda w: _expect('rel-auth' not in w.authorizations(SV), 'authorization still there'),
           write_path=r'/authorizations/rel-auth$'),
    Target('circuit_peering', 'write', lambda w: w.private_peering_args(), _circuit_peering,
           absent=lambda w: w.circuit_args(peering_type=PRIVATE, state='absent'),
           gone=lambda w: _expect(w.peering(SV) is None, 'peering still there'),
           write_path=r'/peerings/AzurePrivatePeering$'),
    Target('avs_authorization', 'write', lambda w: w.cloud_args(name='rel-avs'), _avs_authorization,
           absent=lambda w: w.cloud_args(name='rel-avs', state='absent'),
           gone=lambda w: _expect('rel-avs' not in w.avs_authorizations(), 'authorization still there'),
           write_path=r'/authorizations/rel-avs$'),
    Target('circuit_connection', 'write',
           lambda w: w.circuit_args(name='sv-to-ams', peer_peering_id=w.peering_id(AMS), address_prefix='10.255.0.0/29'),
           _circuit_connection, prepare=_prepare_connection,
           absent=lambda w: w.circuit_args(name='sv-to-ams', state='absent'),
           gone=lambda w: _expect('sv-to-ams' not in w.connections(SV), 'connection still there'),
           write_path=r'/connections/sv-to-ams$'),
    Target('avs_global_reach', 'write',
           lambda w: w.cloud_args(name='onprem-sv', peer_express_route_circuit=w.circuit_id(SV), authorization_key=w.key),
           _avs_global_reach, prepare=_prepare_global_reach,
           absent=lambda w: w.cloud_args(name='onprem-sv', state='absent'),
           gone=lambda w: _expect('onprem-sv' not in w.global_reach(WESTUS), 'connection still there'),
           write_path=r'/globalReachConnections/onprem-sv$'),
]


# --- the ExpressRoute gateway modules: a Generation 2 private cloud's virtual network (rg-avs-gen2) ---------------

def _virtual_network_gateway(run, world):
    state = world.gateway()
    if state is None:
        return ['gateway missing']
    properties = state['properties']
    return (_expect(properties['provisioningState'] == 'Succeeded', 'gateway is %s' % properties['provisioningState'])
            + _expect(properties.get('gatewayType') == 'ExpressRoute', 'gateway type %s' % properties.get('gatewayType'))
            + _expect((properties.get('sku') or {}).get('name') == 'Standard', 'gateway SKU %s' % properties.get('sku')))


def _gateway_connection(run, world):
    state = world.gateway_connections().get(GATEWAY_CONNECTION)
    if state is None:
        return ['connection missing']
    return (_expect(state['provisioningState'] == 'Succeeded', 'connection is %s' % state['provisioningState'])
            + _expect(state.get('connectionStatus') == 'Connected', 'connection is %s' % state.get('connectionStatus'))
            + _expect(world.authorizations(SV).get('gen2-gateway') == 'InUse', 'the key was not used'))


def _prepare_gateway_connection(world):
    world.gateway_world()


def _gateway_connected(world):
    world.gateway_world()
    world.connect_gateway(world.key)


def _virtual_network_gateway_info(run, world):
    gateways = run.result.get('gateways') or []
    learned = [route.get('network') for route in run.result.get('learned_routes') or ()]
    peers = run.result.get('bgp_peers') or []
    return (_expect([item.get('name') for item in gateways] == [GATEWAY], 'gateways returned: %s' % gateways)
            + _expect('192.168.0.0/16' in learned, 'on-premises route missing from the learned routes: %s' % learned)
            + _expect(peers and all(peer.get('state') == 'Connected' for peer in peers), 'BGP peers: %s' % peers))


def _gateway_connection_info(run, world):
    connections = _named(run.result.get('connections'), GATEWAY_CONNECTION)
    return _expect(connections and connections[0].get('connection_status') == 'Connected',
                   'connection %s not returned Connected: %s' % (GATEWAY_CONNECTION, run.result.get('connections')))


GATEWAY_WRITES = [
    Target('virtual_network_gateway', 'write', lambda w: w.gateway_args(virtual_network='vnet-avs-gen2', sku='Standard'),
           _virtual_network_gateway, absent=lambda w: w.gateway_args(state='absent'),
           gone=lambda w: _expect(w.gateway() is None, 'gateway still there'),
           write_path=r'/virtualNetworkGateways/%s$' % GATEWAY),
    Target('gateway_connection', 'write', lambda w: w.gateway_connection_args(w.key), _gateway_connection,
           prepare=_prepare_gateway_connection,
           absent=lambda w: w.gateway_connection_args(state='absent'),
           gone=lambda w: _expect(GATEWAY_CONNECTION not in w.gateway_connections(), 'connection still there'),
           write_path=r'/connections/%s$' % GATEWAY_CONNECTION),
]

# Read on a gateway with a connection up (prepare); the gateway's verification reads are async POSTs.
GATEWAY_READS = [
    Target('virtual_network_gateway_info', 'read',
           lambda w: w.gateway_args(learned_routes=True, bgp_peer_status=True), _virtual_network_gateway_info,
           prepare=_gateway_connected),
    Target('gateway_connection_info', 'read', lambda w: dict(resource_group='rg-avs-gen2'), _gateway_connection_info,
           prepare=_gateway_connected),
]

BY_NAME = dict((target.name, target) for target in READS + WRITES + GATEWAY_READS + GATEWAY_WRITES)

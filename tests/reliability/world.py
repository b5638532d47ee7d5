# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Preconditions made, and outcomes read, straight through the SDKs against the lab.

What a test proves always runs through the modules; setting the scene and
checking the result afterwards goes through the SDK, which is fast and is
not what is under test.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

from harness import REPO_ROOT

ONPREM_RG = 'rg-onprem-network'
AVS_RG = 'rg-avs-prod'
PRIVATE = 'AzurePrivatePeering'
MICROSOFT = 'MicrosoftPeering'
SV = 'er-sv-primary'
AMS = 'er-ams-secondary'
PENDING = 'er-chi-pending'
EXTRA = 'er-dal-extra'
WESTUS = 'avs-westus-prod'
WEU = 'avs-weu-dr'
# The Generation 2 private cloud's resource group and virtual network (GatewaySubnet, no gateway yet), and the
# ExpressRoute gateway and connection the gateway modules' cases create there.
GEN2_RG = 'rg-avs-gen2'
GEN2_VNET = 'vnet-avs-gen2'
GATEWAY = 'ergw-avs-gen2'
GATEWAY_CONNECTION = 'gen2-to-onprem'
POLL = dict(polling_interval=0.05)

# Link subnets per circuit, outside everything the default world advertises or uses.
PRIVATE_PEERINGS = {
    SV: dict(vlan_id=100, peer_asn=65010, primary_peer_address_prefix='10.0.0.0/30',
             secondary_peer_address_prefix='10.0.0.4/30'),
    AMS: dict(vlan_id=200, peer_asn=65020, primary_peer_address_prefix='10.0.1.0/30',
              secondary_peer_address_prefix='10.0.1.4/30'),
    EXTRA: dict(vlan_id=300, peer_asn=65030, primary_peer_address_prefix='10.0.2.0/30',
                secondary_peer_address_prefix='10.0.2.4/30'),
}
MICROSOFT_PEERING_ARGS = dict(
    peering_type=MICROSOFT, vlan_id=300, peer_asn=8075, primary_peer_address_prefix='131.107.0.0/30',
    secondary_peer_address_prefix='131.107.0.4/30',
    microsoft_peering_config=dict(advertised_public_prefixes=['131.107.0.0/24'], routing_registry_name='ARIN'))


class World(object):
    """The default lab world, and ways to shape and read it."""

    def __init__(self, lab):
        self.lab = lab
        self._net = None
        self._avs = None
        self.key = None
        self.spare_key = None
        self.avs_key = None
        self.avs_keys = {}

    def prepare(self, *steps):
        """Run set-up steps with Retry-After 0 (SDK calls poll every 50 ms instead of every second), then clear the log."""
        retry_after = self.lab.admin.settings()['retry_after']
        self.lab.admin.settings(retry_after=0)
        try:
            for step in steps:
                step(self)
        finally:
            self.lab.admin.settings(retry_after=retry_after)
        self.lab.admin.clear_log()

    @property
    def net(self):
        if self._net is None:
            self._net = self.lab.network_client()
        return self._net

    @property
    def avs(self):
        if self._avs is None:
            self._avs = self.lab.avs_client()
        return self._avs

    # --- ids and module arguments ------------------------------------------

    def circuit_id(self, name=SV):
        return '/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/expressRouteCircuits/%s' % (
            self.lab.subscription_id, ONPREM_RG, name)

    def reset_with_extra_circuit(self):
        """The default world plus a fourth provisioned circuit, er-dal-extra (a fresh Global Reach partner)."""
        from erlab.world import load_world_file
        data = load_world_file(None)
        extra = dict(data['circuits'][0], name=EXTRA, advertised_routes={PRIVATE: ['10.90.0.0/16']})
        data['circuits'].append(extra)
        self.lab.admin.reset(data)

    def cloud_id(self, name=WESTUS):
        return self.lab.world_ids()[name]

    def peering_id(self, circuit=SV, peering=PRIVATE):
        return '%s/peerings/%s' % (self.circuit_id(circuit), peering)

    @staticmethod
    def circuit_args(circuit=SV, **extra):
        return dict(dict(resource_group=ONPREM_RG, circuit_name=circuit), **extra)

    @staticmethod
    def cloud_args(cloud=WESTUS, **extra):
        return dict(dict(resource_group=AVS_RG, private_cloud_name=cloud), **extra)

    def private_peering_args(self, circuit=SV, **extra):
        return self.circuit_args(circuit, peering_type=PRIVATE, **dict(PRIVATE_PEERINGS[circuit], **extra))

    # --- preconditions -------------------------------------------------------

    def configure_private_peering(self, circuit=SV, shared_key=None):
        settings = PRIVATE_PEERINGS[circuit]
        properties = {'peeringType': PRIVATE, 'vlanId': settings['vlan_id'], 'peerASN': settings['peer_asn'],
                      'state': 'Enabled', 'primaryPeerAddressPrefix': settings['primary_peer_address_prefix'],
                      'secondaryPeerAddressPrefix': settings['secondary_peer_address_prefix']}
        if shared_key:
            properties['sharedKey'] = shared_key
        return self.net.express_route_circuit_peerings.begin_create_or_update(
            ONPREM_RG, circuit, PRIVATE, {'properties': properties}, **POLL).result().as_dict()

    def create_circuit_key(self, circuit, name):
        """An authorization on an on-premises circuit, and its clear key (listKeys)."""
        self.net.express_route_circuit_authorizations.begin_create_or_update(
            ONPREM_RG, circuit, name, {'properties': {}}, **POLL).result()
        return self.circuit_key(circuit, name)

    def circuit_key(self, circuit, name):
        return self.net.express_route_circuit_authorizations.list_keys(
            ONPREM_RG, circuit, name).as_dict()['authorizationKey']

    def create_avs_key(self, cloud, name):
        created = self.avs.authorizations.begin_create_or_update(
            AVS_RG, cloud, name, {'properties': {}}, **POLL).result().as_dict()
        return created['properties']['expressRouteAuthorizationKey']

    def connect_avs(self, cloud, name, circuit, key):
        body = {'properties': {'peerExpressRouteCircuit': self.circuit_id(circuit), 'authorizationKey': key}}
        return self.avs.global_reach_connections.begin_create_or_update(
            AVS_RG, cloud, name, body, **POLL).result().as_dict()

    def connect_circuits(self, circuit, peer, name, prefix):
        body = {'properties': {'expressRouteCircuitPeering': {'id': self.peering_id(circuit)},
                               'peerExpressRouteCircuitPeering': {'id': self.peering_id(peer)},
                               'addressPrefix': prefix}}
        return self.net.express_route_circuit_connections.begin_create_or_update(
            ONPREM_RG, circuit, PRIVATE, name, body, **POLL).result().as_dict()

    def full(self):
        """Everything every info module can show: peerings, keys, circuit and AVS Global Reach."""
        self.configure_private_peering(SV)
        self.configure_private_peering(AMS)
        self.connect_circuits(SV, AMS, 'sv-to-ams', '10.255.0.0/29')
        self.connect_avs(WESTUS, 'onprem-sv', SV, self.create_circuit_key(SV, WESTUS))
        self.avs_key = self.create_avs_key(WESTUS, 'vnet-gateway')
        self.avs_keys = {WESTUS: self.avs_key, WEU: self.create_avs_key(WEU, 'vnet-gateway-dr')}
        self.spare_key = self.create_circuit_key(SV, 'spare')

    def create_gateway(self, name=GATEWAY, vnet=GEN2_VNET, sku='Standard'):
        """An ExpressRoute gateway in the virtual network's GatewaySubnet (takes the lab's gateway_operation_seconds)."""
        subnet = self.net.subnets.get(GEN2_RG, vnet, 'GatewaySubnet').as_dict()['id']
        body = {'location': 'westus', 'properties': {
            'gatewayType': 'ExpressRoute', 'sku': {'name': sku, 'tier': sku},
            'ipConfigurations': [{'name': 'default', 'properties': {'subnet': {'id': subnet}}}]}}
        return self.net.virtual_network_gateways.begin_create_or_update(GEN2_RG, name, body, **POLL).result().as_dict()

    def connect_gateway(self, key, name=GATEWAY_CONNECTION, gateway=GATEWAY, circuit=None):
        """An ExpressRoute connection from the gateway to a circuit (by default er-sv-primary) with a key."""
        gateway_id = self.net.virtual_network_gateways.get(GEN2_RG, gateway).as_dict()['id']
        body = {'location': 'westus', 'properties': {
            'connectionType': 'ExpressRoute', 'virtualNetworkGateway1': {'id': gateway_id},
            'peer': {'id': circuit or self.circuit_id(SV)}, 'authorizationKey': key}}
        return self.net.virtual_network_gateway_connections.begin_create_or_update(
            GEN2_RG, name, body, **POLL).result().as_dict()

    def gateway_world(self):
        """The private peering on er-sv-primary, the gateway, and a key on the circuit for its connection."""
        self.configure_private_peering(SV)
        self.create_gateway()
        self.key = self.create_circuit_key(SV, 'gen2-gateway')

    @staticmethod
    def gateway_args(**extra):
        return dict(dict(resource_group=GEN2_RG, name=GATEWAY), **extra)

    def gateway_connection_args(self, key=None, **extra):
        args = dict(resource_group=GEN2_RG, name=GATEWAY_CONNECTION, virtual_network_gateway=GATEWAY,
                    peer_express_route_circuit=self.circuit_id(SV))
        if key is not None:
            args['authorization_key'] = key
        return dict(args, **extra)

    def avs_managed_circuit(self, cloud=WESTUS):
        """The ExpressRoute circuit AVS manages for a private cloud (circuit.expressRouteID)."""
        circuit = self.avs.private_clouds.get(AVS_RG, cloud).as_dict()['properties']['circuit']
        return circuit.get('expressRouteID') or circuit.get('expressRouteId')

    # --- reads -----------------------------------------------------------------

    def circuit(self, circuit=SV):
        return self.net.express_route_circuits.get(ONPREM_RG, circuit).as_dict()

    def peering(self, circuit=SV, peering=PRIVATE):
        for item in self.circuit(circuit)['properties'].get('peerings') or ():
            if item['name'] == peering:
                return item
        return None

    def authorizations(self, circuit=SV):
        """name -> use status."""
        return dict((item['name'], item['properties'].get('authorizationUseStatus'))
                    for item in self.circuit(circuit)['properties'].get('authorizations') or ())

    def circuit_keys(self, circuit=SV):
        """name -> clear key of every authorization (listKeys)."""
        return dict((name, self.circuit_key(circuit, name)) for name in self.authorizations(circuit))

    def connections(self, circuit=SV):
        peering = self.peering(circuit)
        return dict((item['name'], item['properties'])
                    for item in ((peering or {}).get('properties') or {}).get('connections') or ())

    def avs_authorizations(self, cloud=WESTUS):
        return dict((item.name, item.as_dict()) for item in self.avs.authorizations.list(AVS_RG, cloud))

    def global_reach(self, cloud=WESTUS):
        return dict((item.name, item.as_dict()) for item in self.avs.global_reach_connections.list(AVS_RG, cloud))

    def gateway(self, name=GATEWAY):
        """The gateway as ARM answers it, or None."""
        for item in self.net.virtual_network_gateways.list(GEN2_RG):
            if item.name == name:
                return item.as_dict()
        return None

    def gateway_connections(self):
        """name -> properties of every connection in the Generation 2 resource group."""
        return dict((item.name, item.as_dict().get('properties') or {})
                    for item in self.net.virtual_network_gateway_connections.list(GEN2_RG))

    # --- the whole world, to prove what changed and what did not ---------------------

    def snapshot(self):
        """Everything a module could lose, keyed by resource: {path: fields}. Keys are never included."""
        found = {}
        for circuit in self.net.express_route_circuits.list(ONPREM_RG):
            properties = circuit.as_dict().get('properties') or {}
            found['circuit %s' % circuit.name] = dict(state=properties.get('serviceProviderProvisioningState'))
            for authorization in properties.get('authorizations') or ():
                found['circuit %s authorization %s' % (circuit.name, authorization['name'])] = dict(
                    use=(authorization.get('properties') or {}).get('authorizationUseStatus'))
            for peering in properties.get('peerings') or ():
                fields = dict((key, value) for key, value in (peering.get('properties') or {}).items()
                              if key in PEERING_FIELDS)
                found['circuit %s peering %s' % (circuit.name, peering['name'])] = fields
                for connection in (peering.get('properties') or {}).get('connections') or ():
                    found['circuit %s peering %s connection %s' % (circuit.name, peering['name'], connection['name'])] = \
                        dict(prefix=(connection.get('properties') or {}).get('addressPrefix'))
        for cloud in self.avs.private_clouds.list(AVS_RG):
            found['private cloud %s' % cloud.name] = {}
            for name, authorization in self.avs_authorizations(cloud.name).items():
                found['private cloud %s authorization %s' % (cloud.name, name)] = dict(
                    state=(authorization.get('properties') or {}).get('provisioningState'))
            for name, connection in self.global_reach(cloud.name).items():
                properties = connection.get('properties') or {}
                found['private cloud %s global reach %s' % (cloud.name, name)] = dict(
                    peer=(properties.get('peerExpressRouteCircuit') or '').lower())
        return found


PEERING_FIELDS = ('peeringType', 'state', 'peerASN', 'vlanId', 'primaryPeerAddressPrefix',
                  'secondaryPeerAddressPrefix', 'microsoftPeeringConfig', 'ipv6PeeringConfig', 'routeFilter')


def changes(before, after):
    """(added, removed, modified) keys between two snapshots."""
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    modified = sorted(key for key in set(before) & set(after) if before[key] != after[key])
    return added, removed, modified


# --- what the end-to-end playbook and chain.yml leave behind -----------------------

E2E_SITES = os.path.join(REPO_ROOT, 'playbooks', 'vars', 'example_sites.yml')
E2E_PLAYBOOK = os.path.join(REPO_ROOT, 'playbooks', 'onprem_to_avs.yml')
E2E_PEERINGS = {
    SV: dict(vlanId=100, peerASN=65010, primaryPeerAddressPrefix='10.250.0.0/30',
             secondaryPeerAddressPrefix='10.250.0.4/30'),
    AMS: dict(vlanId=200, peerASN=65020, primaryPeerAddressPrefix='10.250.1.0/30',
              secondaryPeerAddressPrefix='10.250.1.4/30'),
}


def peering_problems(world, circuit, expected):
    peering = world.peering(circuit)
    if peering is None:
        return ['%s has no private peering' % circuit]
    properties = peering['properties']
    problems = ['%s peering %s is %r, expected %r' % (circuit, key, properties.get(key), value)
                for key, value in sorted(expected.items()) if properties.get(key) != value]
    if properties.get('provisioningState') != 'Succeeded':
        problems.append('%s peering is %s' % (circuit, properties.get('provisioningState')))
    return problems


def global_reach_problems(world, cloud, name, circuit, authorization):
    """The private cloud's connection is up and used the key of that authorization, which is InUse."""
    connection = world.global_reach(cloud).get(name)
    if connection is None:
        return ['%s has no Global Reach connection %s' % (cloud, name)]
    properties = connection['properties']
    problems = []
    if properties.get('provisioningState') != 'Succeeded' or properties.get('circuitConnectionStatus') != 'Connected':
        problems.append('%s/%s is %s, %s' % (cloud, name, properties.get('provisioningState'),
                                             properties.get('circuitConnectionStatus')))
    if (properties.get('peerExpressRouteCircuit') or '').lower() != world.circuit_id(circuit).lower():
        problems.append('%s/%s joins %s' % (cloud, name, properties.get('peerExpressRouteCircuit')))
    key = properties.get('authorizationKey')
    if key and key != world.circuit_key(circuit, authorization):
        problems.append('%s/%s uses a key that is not authorization %s\'s' % (cloud, name, authorization))
    return problems


def authorization_problems(world, circuit, expected):
    """The circuit's authorizations are exactly `expected` (name -> use status): no orphan, none lost."""
    found = world.authorizations(circuit)
    problems = []
    if found != expected:
        problems.append('%s authorizations are %s, expected %s' % (circuit, found, expected))
    keys = list(world.circuit_keys(circuit).values())
    if len(set(keys)) != len(keys):
        problems.append('%s has duplicate authorization keys' % circuit)
    return problems


# example_sites.yml's Generation 2 site: its cloud, and the resource group of its gateway and connection.
E2E_GEN2_CLOUD = 'avs-westus-gen2'
E2E_GEN2_RG = 'rg-avs-gen2'


def gateway_connection_problems(world, circuit):
    """The Generation 2 site: exactly one connection, from its gateway to the circuit, Succeeded."""
    connections = [item.as_dict() for item in world.net.virtual_network_gateway_connections.list(E2E_GEN2_RG)]
    wanted = world.circuit_id(circuit).lower()
    good = [item for item in connections if (item['properties'].get('peer') or {}).get('id', '').lower() == wanted
            and item['properties'].get('provisioningState') == 'Succeeded']
    if len(connections) != 1 or len(good) != 1:
        return ['%s has gateway connections %s, expected one to %s' % (
            E2E_GEN2_RG, [(item['name'], item['properties'].get('provisioningState')) for item in connections], circuit)]
    return []


def e2e_problems(world):
    """Everything the end-to-end playbook with example_sites.yml must leave, and nothing more."""
    problems = []
    for circuit, expected in sorted(E2E_PEERINGS.items()):
        problems += peering_problems(world, circuit, expected)
    problems += authorization_problems(world, SV, {WESTUS: 'InUse', E2E_GEN2_CLOUD: 'InUse'})
    problems += authorization_problems(world, AMS, {WEU: 'InUse'})
    problems += gateway_connection_problems(world, SV)
    problems += global_reach_problems(world, WESTUS, SV, SV, WESTUS)
    problems += global_reach_problems(world, WEU, AMS, AMS, WEU)
    for cloud in (WESTUS, WEU):
        if len(world.global_reach(cloud)) != 1:
            problems.append('%s has Global Reach connections %s' % (cloud, sorted(world.global_reach(cloud))))
    return problems


CHAIN_PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'playbooks', 'chain.yml')


def chain_problems(world, cloud=WESTUS, authorization=WESTUS, global_reach='onprem', connection='circuit-to-peer',
                   avs_authorization='vnet-gateway', other_authorizations=None):
    """What chain.yml (default variables) must leave."""
    problems = []
    for circuit, expected in sorted(E2E_PEERINGS.items()):
        problems += peering_problems(world, circuit, expected)
    problems += authorization_problems(world, SV, dict(other_authorizations or {}, **{authorization: 'InUse'}))
    problems += global_reach_problems(world, cloud, global_reach, SV, authorization)
    connections = world.connections(SV)
    state = connections.get(connection) or {}
    if state.get('provisioningState') != 'Succeeded' or state.get('addressPrefix') != '10.255.0.0/29':
        problems.append('circuit connection %s is %s' % (connection, state or 'missing'))
    avs = world.avs_authorizations(cloud).get(avs_authorization)
    if avs is None or avs['properties'].get('provisioningState') != 'Succeeded':
        problems.append('AVS authorization %s is %s' % (avs_authorization, avs and avs['properties']))
    return problems

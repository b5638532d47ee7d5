#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: gateway_connection
short_description: Connect a virtual network's ExpressRoute gateway to an ExpressRoute circuit
version_added: 0.2.0
description:
  - Creates, updates or deletes an ExpressRoute connection (C(Microsoft.Network/connections) of C(connectionType)
    V(ExpressRoute)) between an ExpressRoute virtual network gateway and a circuit.
  - This is how on-premises reaches an Azure VMware Solution B(Generation 2) private cloud (the gateway in the cloud's
    virtual network or a peered hub, the circuit on-premises, a key from an authorization on that circuit), and how a
    B(Generation 1) private cloud reaches a hub virtual network (the circuit AVS manages, a key from
    M(hybridlink.expressroute.avs_authorization)).
  - Every option is checked before anything is sent, all problems at once. Before a create, the module refuses a
    gateway that is not of type ExpressRoute or not provisioned yet, a second connection from the same gateway to the
    same circuit, and a key the circuit shows in use.
  - The authorization key is single-use and write-only. It is needed only to create the connection; a rerun without it
    changes nothing. It is never compared, logged or returned.
  - In check mode a gateway, or a key, that an earlier task may only have simulated is accepted with a note in
    RV(notes); a real run still refuses.
  - The gateway and the circuit of an existing connection cannot be changed in place. O(routing_weight) and
    O(express_route_gateway_bypass) are managed only when given; every other property of the connection is carried
    through an update.
  - O(state=absent) deletes only this connection; the gateway, the circuit and its authorizations stay.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.attributes
options:
  resource_group:
    description:
      - Resource group of the connection (and of the gateway, when O(virtual_network_gateway) is a name).
    type: str
    required: true
  name:
    description:
      - Name of the connection.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the connection; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  virtual_network_gateway:
    description:
      - The ExpressRoute virtual network gateway, by name in O(resource_group) or by resource ID.
      - Required with O(state=present).
    type: str
  peer_express_route_circuit:
    description:
      - Resource ID of the circuit to connect to, like
        C(/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/expressRouteCircuits/<circuit>).
      - Required with O(state=present).
    type: str
  authorization_key:
    description:
      - Key of an authorization on that circuit (M(hybridlink.expressroute.circuit_authorization)) or of an AVS
        private cloud (M(hybridlink.expressroute.avs_authorization)). Needed to create the connection unless the
        circuit is in the connection's subscription; ignored afterwards. Never logged, compared or returned.
    type: str
  routing_weight:
    description:
      - Routing weight of the connection (0-32000). Left as it is when not given.
    type: int
  express_route_gateway_bypass:
    description:
      - FastPath (C(expressRouteGatewayBypass)); needs an V(UltraPerformance) or V(ErGw3AZ) gateway. Left as it is
        when not given.
    type: bool
  wait:
    description:
      - Wait until the connection reports C(connectionStatus) V(Connected).
    type: bool
    default: true
  wait_timeout:
    description:
      - Longest time, in seconds, to wait for V(Connected) after the operation finished.
    type: int
    default: 900
'''

EXAMPLES = r'''
- name: A key on the on-premises circuit for the Generation 2 private cloud's gateway
  hybridlink.expressroute.circuit_authorization:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    name: avs-gen2-gateway
  register: auth

- name: Connect the gateway in the private cloud's virtual network to the on-premises circuit
  hybridlink.expressroute.gateway_connection:
    resource_group: rg-avs-gen2
    name: gen2-to-onprem
    virtual_network_gateway: ergw-avs-gen2
    peer_express_route_circuit: "{{ auth.authorization.id | regex_replace('/authorizations/.*$', '') }}"
    authorization_key: "{{ auth.authorization.authorization_key }}"

- name: Remove it (the gateway and the circuit stay)
  hybridlink.expressroute.gateway_connection:
    resource_group: rg-avs-gen2
    name: gen2-to-onprem
    state: absent
'''

RETURN = r'''
connection:
  description: The connection after the run (in check mode, what it would be); null when absent. Never holds the key.
  returned: always
  type: dict
  contains:
    id:
      description: Resource ID.
      type: str
      returned: when present
    name:
      description: Name.
      type: str
      returned: when present
    virtual_network_gateway:
      description: Resource ID of the gateway.
      type: str
      returned: when present
    peer_express_route_circuit:
      description: Resource ID of the circuit.
      type: str
      returned: when present
    routing_weight:
      description: Routing weight.
      type: int
      returned: when present
    express_route_gateway_bypass:
      description: Whether FastPath is on.
      type: bool
      returned: when present
    connection_status:
      description: V(Unknown), V(Connecting), V(Connected) or V(NotConnected).
      type: str
      returned: when present
    provisioning_state:
      description: Provisioning state.
      type: str
      returned: when present
  sample:
    name: gen2-to-onprem
    peer_express_route_circuit: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er-sv
    routing_weight: 0
    connection_status: Connected
action:
  description: What the run did, or would do in check mode; V(create), V(update), V(replace), V(delete) or V(none).
  returned: always
  type: str
changed_fields:
  description: The fields the run changes (or would change in check mode).
  returned: always
  type: list
  elements: str
request:
  description: The body sent to Azure (or that would be sent in check mode), with the key masked.
  returned: when a write is planned
  type: dict
notes:
  description: What the module could not check, such as a gateway that does not exist yet in check mode.
  returned: always
  type: list
  elements: str
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import get_circuit
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connect_flow import (
    ConnectionSide, accepted_in_check_mode, converge_connection, if_permitted)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import (
    ModuleFailure, problems_failure, require_no_problems)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_api import (
    delete_gateway_connection, get_gateway, get_gateway_connection, list_gateway_connections, put_gateway_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_connection_model import (
    GATEWAY_CONNECTION_PLAN_RULES, gateway_connection_from_api, gateway_connection_request, gateway_connection_result,
    validate_gateway_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_model import (
    FASTPATH_SKUS, gateway_refusal)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_targets import (
    named_resource, target_problems)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import (
    REPLACE, check_wait_timeout, explain_failure, find_key, given_key)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    CIRCUIT, GATEWAY_CONNECTION, VIRTUAL_NETWORK_GATEWAY, parse_strict, resource_id_of, same_resource)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import require_ready

UNREADABLE = object()


def desired_state(module):
    """(connection ID, the wanted connection or None for absent), after every option is checked: all problems at once."""
    params = module.params
    subscription = module.subscription_id()
    problems = target_problems(subscription, params['resource_group'], ('name', params['name']))
    problems.extend(check_wait_timeout(params['wait_timeout']))
    if params['state'] == 'absent':
        require_no_problems(problems)
        return resource_id_of(subscription, params['resource_group'], GATEWAY_CONNECTION, params['name']), None
    gateway, gateway_problems = named_resource('virtual_network_gateway', params['virtual_network_gateway'],
                                               subscription, params['resource_group'], VIRTUAL_NETWORK_GATEWAY)
    circuit, circuit_problems = named_resource('peer_express_route_circuit', params['peer_express_route_circuit'],
                                               subscription, params['resource_group'], CIRCUIT)
    if not str(params['peer_express_route_circuit'] or '/').startswith('/'):  # documented as a resource ID
        circuit, circuit_problems = None, []
    if circuit is None and not circuit_problems:
        circuit_problems = [Problem('peer_express_route_circuit', 'must be the resource ID of an ExpressRoute circuit',
                                    params['peer_express_route_circuit'])]
    desired = dict(name=params['name'], virtual_network_gateway=str(gateway) if gateway else None,
                   peer_express_route_circuit=str(circuit) if circuit else None,
                   routing_weight=params['routing_weight'],
                   express_route_gateway_bypass=params['express_route_gateway_bypass'],
                   authorization_key=given_key(params['authorization_key']))
    require_no_problems(problems + gateway_problems + circuit_problems + validate_gateway_connection(desired))
    return resource_id_of(subscription, params['resource_group'], GATEWAY_CONNECTION, params['name']), desired


class GatewayConnectionSide(ConnectionSide):
    """An ExpressRoute connection from a virtual network gateway to a circuit."""

    status_field = 'connection_status'
    plan_rules = GATEWAY_CONNECTION_PLAN_RULES

    def __init__(self, module, connection):
        super(GatewayConnectionSide, self).__init__(module, connection.name, 'connection %s' % connection.name)
        self.connection = connection
        self.circuit = None

    def read(self):
        return get_gateway_connection(self.module, self.connection)

    def from_api(self, wire):
        return gateway_connection_from_api(wire)

    def refuse(self, desired, plan, conflicts):
        if conflicts:
            changes = '; '.join('%s is %s, requested %s' % (field, have, wanted) for field, wanted, have in conflicts)
            raise ModuleFailure(
                '%s already exists with another gateway or circuit (%s). Azure cannot change either in place: remove '
                'the connection first with state=absent, then create it again (with a new authorization key when the '
                'circuit needs one). Nothing was changed.' % (self.what, changes))

    def check_gateway(self, desired, notes):
        """The gateway's location; refuses a gateway that cannot take this connection."""
        gateway_id = desired['virtual_network_gateway']
        gateway = get_gateway(self.module, parse_strict(gateway_id))
        if gateway is None:
            accepted_in_check_mode(self.module, notes, 'virtual_network_gateway: gateway %s was not found; create it '
                                   'with hybridlink.expressroute.virtual_network_gateway first' % gateway_id)
            return None
        refusal = gateway_refusal(gateway)
        if refusal:
            raise ModuleFailure('virtual_network_gateway: %s. Nothing was changed.' % refusal)
        sku = ((gateway.get('properties') or {}).get('sku') or {}).get('name')
        if desired.get('express_route_gateway_bypass') and sku not in FASTPATH_SKUS:
            raise ModuleFailure('express_route_gateway_bypass: FastPath needs a gateway of SKU %s; gateway %s is %s. '
                                'Nothing was changed.' % (' or '.join(FASTPATH_SKUS), gateway.get('name'), sku))
        return gateway.get('location')

    def refuse_second_connection(self, desired):
        for other in list_gateway_connections(self.module, self.connection.subscription_id,
                                              self.connection.resource_group):
            flat = gateway_connection_from_api(other)
            if flat['name'] != desired['name'] and \
                    same_resource(flat['virtual_network_gateway'], desired['virtual_network_gateway']) and \
                    same_resource(flat['peer_express_route_circuit'], desired['peer_express_route_circuit']):
                raise ModuleFailure(
                    'connection %s already joins gateway %s to circuit %s; a gateway can have only one connection to a '
                    'circuit. Use that name, or remove it with state=absent first. Nothing was changed.'
                    % (flat['name'], flat['virtual_network_gateway'], flat['peer_express_route_circuit']))

    def check_circuit_and_key(self, desired, notes):
        module, key = self.module, desired['authorization_key']
        circuit_id = parse_strict(desired['peer_express_route_circuit'])
        self.circuit = if_permitted(lambda: get_circuit(module, circuit_id), denied=UNREADABLE)
        if self.circuit is None:
            raise ModuleFailure('peer_express_route_circuit: circuit %s was not found; give the resource ID of an '
                                'existing ExpressRoute circuit. Nothing was changed.' % circuit_id)
        if self.circuit is not UNREADABLE:
            require_ready('peer_express_route_circuit: circuit %s' % circuit_id.name, self.circuit, 'a connection')
            if key is not None:
                self.refuse_key(circuit_id, key)
        needs_key = self.circuit is UNREADABLE or circuit_id.subscription_id.lower() != \
            self.connection.subscription_id.lower()
        if key is None and needs_key:
            accepted_in_check_mode(
                module, notes, 'authorization_key is not known yet (its authorization may only have been simulated '
                'by an earlier task); a real run needs it',
                refusal=problems_failure([Problem(
                    'authorization_key', 'must be set to create a connection to circuit %s in another subscription: '
                    'create an authorization on it (or on the AVS private cloud) and pass its key' % circuit_id)]))

    def refuse_key(self, circuit_id, key):
        status, authorization = find_key((self.circuit.get('properties') or {}).get('authorizations'), key)
        if status == 'in_use':
            raise ModuleFailure(
                'authorization_key: the key of authorization %s on circuit %s is already in use by %s; a key serves '
                'exactly one connection. Create a new authorization on the circuit (hybridlink.expressroute.'
                'circuit_authorization with a new name, or hybridlink.expressroute.avs_authorization for a private '
                'cloud) and pass its key. Nothing was changed.'
                % (authorization.get('name'), circuit_id.name,
                   (authorization.get('properties') or {}).get('connectionResourceUri') or 'another connection'))
        if status == 'unknown':
            raise ModuleFailure(
                'authorization_key: no authorization on circuit %s has this key; the key must come from an '
                'authorization on the circuit given as peer_express_route_circuit. Nothing was changed.'
                % circuit_id.name)

    def prepare(self, desired, plan, current_wire, notes):
        location = self.check_gateway(desired, notes)
        if plan.action in ('create', REPLACE):
            self.refuse_second_connection(desired)
            self.check_circuit_and_key(desired, notes)
            current_wire = None
        return gateway_connection_request(plan.after, location, desired['authorization_key'], current_wire)

    def put(self, body):
        return put_gateway_connection(self.module, self.connection, body)

    def delete(self):
        delete_gateway_connection(self.module, self.connection)

    def explain(self, failure):
        return explain_failure(
            failure, 'the circuit', 'For a key of an AVS private cloud, create a new one with '
            'hybridlink.expressroute.avs_authorization. Azure may keep the failed connection %s (provisioning state '
            'Failed); the next run with a valid key replaces it.' % self.connection.name)

    def planned(self, final, plan, desired):
        return gateway_connection_result(final, str(self.connection), plan.after)


def run(module):
    connection, desired = desired_state(module)
    converge_connection(module, GatewayConnectionSide(module, connection), desired)


def main():
    spec = dict(
        resource_group=dict(type='str', required=True),
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        virtual_network_gateway=dict(type='str'),
        peer_express_route_circuit=dict(type='str'),
        authorization_key=dict(type='str', no_log=True),
        routing_weight=dict(type='int'),
        express_route_gateway_bypass=dict(type='bool'),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=900),
    )
    AzureModule(spec, required_if=[('state', 'present', ['virtual_network_gateway', 'peer_express_route_circuit'])]
                ).run(run)


if __name__ == '__main__':
    main()

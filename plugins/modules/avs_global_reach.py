#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: avs_global_reach
short_description: Connect an Azure VMware Solution private cloud to your on-premises ExpressRoute circuit (Global Reach)
version_added: 0.1.0
description:
  - Creates or deletes a Global Reach connection of an Azure VMware Solution (AVS) private cloud
    (C(privateClouds/{cloud}/globalReachConnections/{name})). It joins the ExpressRoute circuit AVS manages for
    the private cloud with B(your on-premises circuit), so on-premises and the private cloud exchange routes.
  - "The two inputs come from the B(on-premises) side: O(peer_express_route_circuit) is the resource ID of your
    on-premises circuit, and O(authorization_key) a key created on that circuit (for example with
    M(hybridlink.expressroute.circuit_authorization)). The module refuses, before any change, the private cloud's own
    AVS-managed circuit and keys of the private cloud's own authorizations: those are the usual mix-ups."
  - Global Reach applies to Generation 1 private clouds only. A B(Generation 2) private cloud (deployed into your
    virtual network, no AVS-managed circuit) is refused before any write, with a pointer to the gateway path
    (M(hybridlink.expressroute.virtual_network_gateway), M(hybridlink.expressroute.gateway_connection)).
  - Every option is checked before anything is sent. Before a create, the module also reads the on-premises circuit
    when it may (it must be provisioned, with an Azure private peering), and refuses a key it can see is already in
    use. Since api-version 2026-01-01 Azure masks keys in reads; then an in-use key is reported by Azure while the
    connection is created, and the module explains that answer.
  - The key is write-only and single-use. A rerun with the same circuit finds the existing connection and changes
    nothing; it does not need the key again (it is never compared or shown).
  - The peer circuit of an existing connection cannot be changed in place. When O(peer_express_route_circuit) differs
    from the existing connection's, the module fails and asks you to remove it with O(state=absent) first, so a
    working connection is never torn down by accident.
  - A connection whose creation failed (Azure keeps it, with provisioning state C(Failed)) is replaced, that is deleted
    and created again with the key given now.
  - O(state=absent) deletes only this connection; the on-premises circuit, its peering, its authorizations and its
    other connections stay as they are.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit.PRIVATE_CLOUD
  - hybridlink.expressroute.attributes
options:
  name:
    description:
      - Name of the Global Reach connection in the private cloud.
    type: str
    required: true
  state:
    description:
      - V(present) creates the connection if it does not exist; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  peer_express_route_circuit:
    description:
      - Resource ID of your B(on-premises) ExpressRoute circuit (not a peering, and not the private cloud's own circuit
        shown as C(circuit.expressRouteID) by M(hybridlink.expressroute.avs_private_cloud_info)).
      - Required with O(state=present).
    type: str
  authorization_key:
    description:
      - Authorization key created on the on-premises circuit O(peer_express_route_circuit). Never logged, compared or
        returned.
      - Needed only to create the connection. An empty value is treated as not given; in check mode that is accepted
        (the key's authorization may only have been simulated by an earlier task) and the result says so.
    type: str
  wait:
    description:
      - Wait until the connection reports C(circuitConnectionStatus) V(Connected).
      - With V(false) the module still waits for the Azure operation itself (bounded by O(operation_timeout)), but
        not for the connection to come up.
    type: bool
    default: true
  wait_timeout:
    description:
      - Longest time, in seconds, to wait for V(Connected) after the operation finished. The module then fails with
        what it last saw; the connection may still come up, and a rerun waits again.
    type: int
    default: 900
'''

EXAMPLES = r'''
- name: Authorization on the on-premises circuit, named after the private cloud (reruns reuse it)
  hybridlink.expressroute.circuit_authorization:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    name: avs-westus-prod
    return_key: true
  register: onprem_auth
  no_log: true

- name: Connect the private cloud to on-premises
  vars:
    onprem_circuit_id: "/subscriptions/{{ subscription }}/resourceGroups/rg-onprem-network/providers/Microsoft.Network\
      /expressRouteCircuits/er-sv-primary"
  hybridlink.expressroute.avs_global_reach:
    resource_group: rg-avs-prod
    private_cloud_name: avs-westus-prod
    name: onprem-sv
    peer_express_route_circuit: "{{ onprem_circuit_id }}"
    authorization_key: "{{ onprem_auth.authorization.authorization_key }}"
  register: global_reach

- name: Show the /29 AVS assigned to the connection
  ansible.builtin.debug:
    msg: "{{ global_reach.global_reach_connection.address_prefix }}"

- name: Disconnect (the on-premises circuit and its peering stay)
  hybridlink.expressroute.avs_global_reach:
    resource_group: rg-avs-prod
    private_cloud_name: avs-westus-prod
    name: onprem-sv
    state: absent
'''

RETURN = r'''
global_reach_connection:
  description: The connection after the run (in check mode, what it would be); null when absent. Never holds the key.
  returned: always
  type: dict
  contains:
    id:
      description: Resource ID.
      type: str
      returned: when present
    name:
      description: Name of the connection.
      type: str
      returned: when present
    peer_express_route_circuit:
      description: The on-premises circuit.
      type: str
      returned: when present
    address_prefix:
      description: The /29 AVS assigned to the connection from the private cloud's network block; null in check mode
        before creation.
      type: str
      returned: when present
    circuit_connection_status:
      description: V(Connected), V(Connecting) or V(Disconnected).
      type: str
      returned: when present
    provisioning_state:
      description: Provisioning state of the connection.
      type: str
      returned: when present
    express_route_id:
      description: The private cloud's AVS-managed circuit.
      type: str
      returned: when present
  sample:
    id: /subscriptions/0000/resourceGroups/rg-avs-prod/providers/Microsoft.AVS/privateClouds/avs-westus-prod/globalReachConnections/onprem-sv
    name: onprem-sv
    peer_express_route_circuit: /subscriptions/0000/resourceGroups/rg-onprem-network/providers/Microsoft.Network/expressRouteCircuits/er-sv-primary
    address_prefix: 10.176.0.128/29
    circuit_connection_status: Connected
    provisioning_state: Succeeded
action:
  description: What the run did, or would do in check mode; V(create), V(replace) (a failed connection deleted and
    created again), V(delete) or V(none).
  returned: always
  type: str
changed_fields:
  description: The fields the run changes (or would change in check mode).
  returned: always
  type: list
  elements: str
request:
  description: The body sent to Azure (or that would be sent in check mode), with the key masked.
  returned: when a create is planned
  type: dict
notes:
  description: What the module could not check or do, such as a key that is not known yet in check mode.
  returned: always
  type: list
  elements: str
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_api import (
    delete_global_reach, get_global_reach, get_private_cloud, list_authorizations, list_global_reach, put_global_reach)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_results import private_cloud_generation
from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import get_circuit
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connect_flow import (
    ConnectionSide, accepted_in_check_mode, converge_connection, if_permitted)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connection_model import (
    GLOBAL_REACH_PLAN_RULES, global_reach_from_api, global_reach_request, global_reach_result)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import (
    ModuleFailure, problems_failure, require_no_problems)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import (
    REPLACE, authorizations_in_use, avs_side_circuits, check_wait_timeout, explain_failure, find_key, given_key,
    key_matches)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.request_names import name_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import CIRCUIT, parse_strict, same_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import require_ready
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    PRIVATE_CLOUD_TARGET_RULES, PRIVATE_CLOUD_TARGET_SPEC, private_cloud_target)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation import (
    validate_avs_global_reach_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten

UNREADABLE = object()


def desired_state(params, cloud):
    """The wanted connection (None for absent), after every option is checked: all problems at once."""
    problems = name_problems(params, cloud, 'private_cloud', 'name')
    problems.extend(check_wait_timeout(params['wait_timeout']))
    if params['state'] == 'absent':
        require_no_problems(problems)
        return None
    desired = dict(name=params['name'], peer_express_route_circuit=params['peer_express_route_circuit'],
                   authorization_key=given_key(params['authorization_key']))
    require_no_problems(problems + validate_avs_global_reach_connection(desired))
    desired['peer_express_route_circuit'] = str(parse_strict(desired['peer_express_route_circuit'], CIRCUIT))
    return desired


def refuse_generation_2(cloud, cloud_wire):
    """Global Reach needs the AVS-managed circuit, which a Generation 2 private cloud does not have."""
    if private_cloud_generation(cloud_wire) == 2:
        raise ModuleFailure(
            'private cloud %s is a Generation 2 private cloud (it lives in virtual network %s) and has no AVS-managed '
            'ExpressRoute circuit, so Global Reach does not apply to it. Connect on-premises through the gateway path '
            'instead: an ExpressRoute gateway in that virtual network or a peered hub (hybridlink.expressroute.'
            'virtual_network_gateway), an authorization on your on-premises circuit (hybridlink.expressroute.'
            'circuit_authorization), and a connection from the gateway to the circuit (hybridlink.expressroute.'
            'gateway_connection). Nothing was changed.'
            % (cloud.name, (cloud_wire.get('properties') or {}).get('virtualNetworkId')))


def refuse_avs_circuit(cloud, cloud_flat, peer, avs_authorizations=()):
    for avs_circuit in avs_side_circuits(cloud_flat, avs_authorizations):
        if same_resource(avs_circuit, peer):
            raise ModuleFailure(
                'peer_express_route_circuit: %s is the ExpressRoute circuit Azure VMware Solution manages for private '
                'cloud %s (its circuit.expressRouteID), not your on-premises circuit. Global Reach joins that AVS '
                'circuit to the circuit that connects your on-premises network: give the resource ID of your '
                'on-premises circuit, and an authorization key created on it (hybridlink.expressroute.'
                'circuit_authorization). Nothing was changed.' % (peer, cloud.name))


def refuse_avs_key(cloud, key, avs_authorizations):
    for authorization in avs_authorizations:
        if key_matches(key, [authorization.get('express_route_authorization_key')]):
            raise ModuleFailure(
                'authorization_key: this key belongs to authorization %s of private cloud %s, on the AVS side. Those '
                'keys connect virtual network gateways to the private cloud. Global Reach needs a key created on your '
                'on-premises circuit (hybridlink.expressroute.circuit_authorization on the circuit given as '
                'peer_express_route_circuit). Nothing was changed.' % (authorization.get('name'), cloud.name))


def refuse_second_connection(cloud, name, peer, connections):
    for other in connections:
        if other.get('name') != name and same_resource(other.get('peer_express_route_circuit'), peer):
            raise ModuleFailure(
                'private cloud %s is already connected to %s by Global Reach connection %s; one connection per '
                'circuit pair is possible. Use that name, or remove it with state=absent first. Nothing was changed.'
                % (cloud.name, peer, other.get('name')))


def check_peer_circuit(module, peer, key, notes):
    """Refuse what the on-premises circuit shows would fail; the circuit wire (or UNREADABLE)."""
    peer_id = parse_strict(peer, CIRCUIT)
    circuit = if_permitted(lambda: get_circuit(module, peer_id), denied=UNREADABLE)
    if circuit is UNREADABLE:
        notes.append('the on-premises circuit %s is not readable with these credentials; Azure checks it while '
                     'creating the connection' % peer)
        return circuit
    if circuit is None:
        raise ModuleFailure('peer_express_route_circuit: circuit %s was not found; give the resource ID of your '
                            'on-premises ExpressRoute circuit. Nothing was changed.' % peer)
    require_ready('peer_express_route_circuit: circuit %s' % peer_id.name, circuit, 'Global Reach')
    properties = circuit.get('properties') or {}
    private = [item for item in properties.get('peerings') or () if (item.get('name') or '').lower() == 'azureprivatepeering']
    if not private:
        message = ('circuit %s has no AzurePrivatePeering; Global Reach needs it. Configure it with '
                   'hybridlink.expressroute.circuit_peering first' % peer_id.name)
        accepted_in_check_mode(module, notes, message, refusal=ModuleFailure(
            'peer_express_route_circuit: %s. Nothing was changed.' % message))
    if key is not None:
        status, authorization = find_key(properties.get('authorizations'), key)
        if status == 'in_use':
            raise ModuleFailure(
                'authorization_key: the key of authorization %s on circuit %s is already in use by %s; a key serves '
                'exactly one connection. Create a new authorization on %s (hybridlink.expressroute.'
                'circuit_authorization with a new name) and pass its key. Nothing was changed.'
                % (authorization.get('name'), peer_id.name,
                   (authorization.get('properties') or {}).get('connectionResourceUri') or 'another connection',
                   peer_id.name))
        if status == 'unknown':
            raise ModuleFailure(
                'authorization_key: no authorization on circuit %s has this key; create the key on the on-premises '
                'circuit given as peer_express_route_circuit. Nothing was changed.' % peer_id.name)
    return circuit


def read_private_cloud(module, cloud):
    """The private cloud, flattened; a ModuleFailure when it does not exist or is of Generation 2."""
    cloud_wire = get_private_cloud(module, cloud)
    if cloud_wire is None:
        raise ModuleFailure('private cloud %s not found in resource group %s of subscription %s'
                            % (cloud.name, cloud.resource_group, cloud.subscription_id))
    refuse_generation_2(cloud, cloud_wire)
    return flatten(cloud_wire)


class GlobalReachSide(ConnectionSide):
    """An AVS private cloud's Global Reach connection to an on-premises circuit."""

    result_name = 'global_reach_connection'
    plan_rules = GLOBAL_REACH_PLAN_RULES

    def __init__(self, module, cloud, name):
        super(GlobalReachSide, self).__init__(module, name, 'Global Reach connection %s of private cloud %s'
                                              % (name, cloud.name))
        self.cloud = cloud
        self.cloud_flat = None
        self.peer = None
        self.peer_circuit = None

    def read(self):
        # The connection first: a rerun that changes nothing needs only this GET. Without a private cloud there is
        # no connection either (404), which is "already absent" for state=absent.
        return get_global_reach(self.module, self.cloud, self.name)

    def from_api(self, wire):
        return global_reach_from_api(wire)

    def refuse(self, desired, plan, conflicts):
        if desired is not None and (conflicts or plan.action in ('create', REPLACE)):
            # Only a create, or a refusal, needs the private cloud: its own AVS circuit is refused first.
            self.cloud_flat = read_private_cloud(self.module, self.cloud)
            refuse_avs_circuit(self.cloud, self.cloud_flat, desired['peer_express_route_circuit'])

    def prepare(self, desired, plan, current_wire, notes):
        """Every check a create needs before it writes; the request body (None: nothing to create)."""
        if plan.action not in ('create', REPLACE):
            return None
        module, cloud = self.module, self.cloud
        key = desired['authorization_key']
        self.peer = desired['peer_express_route_circuit']
        avs_authorizations = [flatten(item) for item in list_authorizations(module, cloud)]
        refuse_avs_circuit(cloud, self.cloud_flat, self.peer, avs_authorizations)
        if key is None:
            accepted_in_check_mode(
                module, notes, 'authorization_key is not known yet (its authorization may only have been simulated '
                'by an earlier task); a real run needs it',
                refusal=problems_failure([Problem(
                    'authorization_key', 'must be set to create the Global Reach connection: create an authorization '
                    'on the on-premises circuit %s and pass its key' % self.peer)]))
        else:
            refuse_avs_key(cloud, key, avs_authorizations)
        connections = [global_reach_from_api(item) for item in list_global_reach(module, cloud)]
        refuse_second_connection(cloud, desired['name'], self.peer, connections)
        self.peer_circuit = check_peer_circuit(module, self.peer, key, notes)
        return global_reach_request(desired)

    def put(self, body):
        return put_global_reach(self.module, self.cloud, self.name, body)

    def delete(self):
        delete_global_reach(self.module, self.cloud, self.name)

    def explain(self, failure):
        extra = ''
        in_use = authorizations_in_use(((self.peer_circuit or {}).get('properties') or {}).get('authorizations')
                                       if self.peer_circuit is not UNREADABLE else ())
        if failure.details.get('error_code') == 'AuthorizationKeyAlreadyInUse' and in_use:
            extra = 'Authorizations of that circuit in use: %s.' % ', '.join(in_use)
        if failure.details.get('error_code') in ('AuthorizationKeyAlreadyInUse', 'InvalidAuthorizationKey'):
            extra += (' Azure keeps the failed connection %s (provisioning state Failed); the next run with a valid '
                      'key replaces it.' % self.name)
        return explain_failure(failure, 'the on-premises circuit %s' % parse_strict(self.peer, CIRCUIT).name,
                               extra.strip())

    def planned(self, final, plan, desired):
        return global_reach_result(final, str(self.cloud.child('globalReachConnections', self.name)), desired)


def run(module):
    # The names are checked with every other option, so that all problems come at once.
    cloud = private_cloud_target(module, check_names=False)
    desired = desired_state(module.params, cloud)
    converge_connection(module, GlobalReachSide(module, cloud, module.params['name']), desired)


def main():
    spec = dict(
        PRIVATE_CLOUD_TARGET_SPEC,
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        peer_express_route_circuit=dict(type='str'),
        authorization_key=dict(type='str', no_log=True),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=900),
    )
    rules = dict(PRIVATE_CLOUD_TARGET_RULES, required_if=[('state', 'present', ['peer_express_route_circuit'])])
    AzureModule(spec, **rules).run(run)


if __name__ == '__main__':
    main()

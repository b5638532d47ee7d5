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
from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_results import global_reach_connection_result
from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import get_circuit
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import (
    REPLACE, SECRET_FIELDS, authorizations_in_use, avs_side_circuits, await_connected, check_wait_timeout,
    conflict_message, connected, explain_failure, find_key, given_key, if_permitted, key_matches, plan_connection,
    require_ready)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.request_names import (
    name_problems, require_no_problems)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import MASK, diff_for
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import CIRCUIT, parse_strict, same_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    PRIVATE_CLOUD_TARGET_RULES, PRIVATE_CLOUD_TARGET_SPEC, private_cloud_target)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation import (
    validate_avs_global_reach_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten

READ_ONLY = ('id', 'address_prefix', 'circuit_connection_status', 'provisioning_state', 'express_route_id')
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
    require_ready('peer_express_route_circuit', peer_id.name, circuit)
    properties = circuit.get('properties') or {}
    for authorization in properties.get('authorizations') or ():
        module.add_secret((authorization.get('properties') or {}).get('authorizationKey'))
    private = [item for item in properties.get('peerings') or () if (item.get('name') or '').lower() == 'azureprivatepeering']
    if not private:
        message = ('circuit %s has no AzurePrivatePeering; Global Reach needs it. Configure it with '
                   'hybridlink.expressroute.circuit_peering first' % peer_id.name)
        if not module.check_mode:
            raise ModuleFailure('peer_express_route_circuit: %s. Nothing was changed.' % message)
        notes.append(message + ' (accepted in check mode: an earlier task may only have simulated it)')
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


def prepare_create(module, cloud, cloud_flat, desired, notes):
    """Every check a create needs before it writes; the peer circuit's wire (or UNREADABLE)."""
    key = desired['authorization_key']
    peer = desired['peer_express_route_circuit']
    avs_authorizations = [flatten(item) for item in list_authorizations(module, cloud)]
    for authorization in avs_authorizations:
        module.add_secret(authorization.get('express_route_authorization_key'))
    refuse_avs_circuit(cloud, cloud_flat, peer, avs_authorizations)
    if key is None:
        if not module.check_mode:
            require_no_problems([Problem('authorization_key', 'must be set to create the Global Reach connection: '
                                         'create an authorization on the on-premises circuit %s and pass its key'
                                         % peer)])
        notes.append('authorization_key is not known yet; accepted in check mode (its authorization may only have '
                     'been simulated by an earlier task), a real run needs it')
    else:
        refuse_avs_key(cloud, key, avs_authorizations)
    connections = [global_reach_connection_result(item) for item in list_global_reach(module, cloud)]
    refuse_second_connection(cloud, desired['name'], peer, connections)
    return check_peer_circuit(module, peer, key, notes)


def write(module, cloud, plan, body, peer, peer_circuit):
    name = plan.after['name']
    if plan.action == REPLACE:
        delete_global_reach(module, cloud, name)
    try:
        return put_global_reach(module, cloud, name, body)
    except ModuleFailure as failure:
        extra = ''
        in_use = authorizations_in_use(((peer_circuit or {}).get('properties') or {}).get('authorizations')
                                       if peer_circuit is not UNREADABLE else ())
        if failure.details.get('error_code') == 'AuthorizationKeyAlreadyInUse' and in_use:
            extra = 'Authorizations of that circuit in use: %s.' % ', '.join(in_use)
        if failure.details.get('error_code') in ('AuthorizationKeyAlreadyInUse', 'InvalidAuthorizationKey'):
            extra += (' Azure keeps the failed connection %s (provisioning state Failed); the next run with a valid '
                      'key replaces it.' % name)
        raise explain_failure(failure, 'the on-premises circuit %s' % parse_strict(peer, CIRCUIT).name, extra.strip())


def read_private_cloud(module, cloud):
    """The private cloud, flattened; a ModuleFailure when it does not exist."""
    cloud_wire = get_private_cloud(module, cloud)
    if cloud_wire is None:
        raise ModuleFailure('private cloud %s not found in resource group %s of subscription %s'
                            % (cloud.name, cloud.resource_group, cloud.subscription_id))
    return flatten(cloud_wire)


def run(module):
    cloud = private_cloud_target(module)
    name = module.params['name']
    desired = desired_state(module.params, cloud)
    # The connection first: a rerun that changes nothing needs only this GET. Without a private cloud there is no
    # connection either (404), which is "already absent" for state=absent.
    current_wire = get_global_reach(module, cloud, name)
    module.add_secret(((current_wire or {}).get('properties') or {}).get('authorizationKey'))
    current = global_reach_connection_result(current_wire)
    plan, conflicts = plan_connection(desired, current, fixed_fields=('peer_express_route_circuit',),
                                      id_fields=('peer_express_route_circuit',), read_only=READ_ONLY)
    cloud_flat = None
    if desired is not None and (conflicts or plan.action in ('create', REPLACE)):
        # Only a create, or a refusal, needs the private cloud: its own AVS circuit is refused first.
        cloud_flat = read_private_cloud(module, cloud)
        refuse_avs_circuit(cloud, cloud_flat, desired['peer_express_route_circuit'])
    if conflicts:
        raise ModuleFailure(conflict_message('Global Reach connection %s of private cloud %s' % (name, cloud.name),
                                             conflicts))
    notes, body, peer_circuit = [], None, None
    if plan.action in ('create', REPLACE):
        peer_circuit = prepare_create(module, cloud, cloud_flat, desired, notes)
        body = {'properties': {'peerExpressRouteCircuit': desired['peer_express_route_circuit'],
                               'authorizationKey': desired['authorization_key']}}

    def apply(plan):
        if plan.action == 'delete':
            delete_global_reach(module, cloud, name)
            return None
        return write(module, cloud, plan, body, desired['peer_express_route_circuit'], peer_circuit)

    written = module.apply_plan(plan, apply)
    module.add_secret(((written or {}).get('properties') or {}).get('authorizationKey'))
    final = None if desired is None else (global_reach_connection_result(written) or current)
    if final is None and desired is not None:
        # Check mode, before creation: what would exist (AVS assigns the prefix).
        final = dict(id=str(cloud.child('globalReachConnections', name)), name=name, address_prefix=None,
                     peer_express_route_circuit=desired['peer_express_route_circuit'], circuit_connection_status=None,
                     provisioning_state=None, express_route_id=None)
    elif final is not None and module.params['wait'] and not module.check_mode and not connected(final):
        final = await_connected(
            lambda: global_reach_connection_result(get_global_reach(module, cloud, name)),
            'Global Reach connection %s of private cloud %s' % (name, cloud.name),
            module.params['wait_timeout'], module.sleep, module.clock, last_read=final)
    result = dict(action=plan.action, global_reach_connection=final, changed_fields=plan.changed_fields, notes=notes)
    if body is not None:
        result['request'] = {'properties': dict(body['properties'], authorizationKey=MASK)}
    module.exit(changed=plan.changed, diff=diff_for(plan, SECRET_FIELDS), **result)


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

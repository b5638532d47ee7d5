#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: circuit_authorization
short_description: Create or delete an authorization (key) on an ExpressRoute circuit
version_added: 0.1.0
description:
  - Creates or deletes a named authorization on an ExpressRoute circuit. Azure generates the authorization key;
    a key can serve exactly one connection (a virtual network gateway connection, circuit Global Reach, or
    the Global Reach connection of an Azure VMware Solution private cloud).
  - An existing, healthy authorization is never recreated, so a second run changes nothing and its key stays valid.
  - An authorization that an earlier operation left in provisioning state V(Failed) or V(Canceled) is deleted and
    created again (Azure refuses to update an existing authorization), so it gets a new key; its old key is never
    returned. One that is in use by a connection is left alone and the module fails, because deleting it would
    revoke that connection.
  - When a create is refused because the authorization exists already (a parallel run made it) or was superseded
    by another operation, the module reads it again and returns it once it has succeeded.
  - The key is returned only when O(return_key=true). Since api-version 2026-01-01 Azure masks keys in reads,
    so the module then reads it with the circuit authorization C(listKeys) action, which changes nothing.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit
  - hybridlink.expressroute.attributes
options:
  name:
    description:
      - Name of the authorization, unique on the circuit. Name it after its consumer (for example the private cloud),
        so reruns find and reuse it.
    type: str
    required: true
  state:
    description:
      - V(present) creates the authorization if it does not exist; V(absent) deletes it.
      - Deleting an authorization that is in use revokes the connection that uses it.
    type: str
    choices: [present, absent]
    default: present
  return_key:
    description:
      - Return the authorization key in RV(authorization.authorization_key).
      - "Set C(no_log: true) on the task, or the key appears in the job output."
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Create an authorization for the AVS private cloud and keep its key
  hybridlink.expressroute.circuit_authorization:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    name: avs-westus-prod
    return_key: true
  register: auth
  no_log: true

- name: Connect the private cloud to the circuit with that key
  hybridlink.expressroute.avs_global_reach:
    resource_group: rg-avs-prod
    private_cloud_name: avs-westus-prod
    name: onprem-sv
    # The circuit's ID: the authorization's ID without its last two segments.
    peer_express_route_circuit: "{{ auth.authorization.id | dirname | dirname }}"
    authorization_key: "{{ auth.authorization.authorization_key }}"
  no_log: true

- name: Remove an authorization that is no longer used
  hybridlink.expressroute.circuit_authorization:
    circuit_id: /subscriptions/{{ subscription }}/resourceGroups/rg-onprem-network/providers/Microsoft.Network/expressRouteCircuits/er-sv-primary
    name: old-vnet-gateway
    state: absent
'''

RETURN = r'''
authorization:
  description: The authorization after the run; null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: Resource ID.
      type: str
      returned: when present
    name:
      description: Name of the authorization.
      type: str
      returned: when present
    authorization_use_status:
      description: V(Available) until a connection uses the key, then V(InUse); null in check mode before creation.
      type: str
      returned: when present
    connection_resource_uri:
      description: The connection that uses the key, if any.
      type: str
      returned: when present
    provisioning_state:
      description: V(Succeeded) once the authorization is usable; null in check mode before creation.
      type: str
      returned: when present
    authorization_key:
      description: >-
        The key (a GUID). Null in check mode when the authorization does not exist yet or would be replaced.
      type: str
      returned: when O(return_key=true)
  sample:
    id: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er1/authorizations/avs
    name: avs
    provisioning_state: Succeeded
    authorization_use_status: Available
    connection_resource_uri: null
repair:
  description: Why the run replaces an authorization that already exists, such as a provisioning state of V(Failed).
  returned: when the run replaces (or in check mode would replace) an authorization an earlier operation left broken
  type: str
  sample: provisioning state Failed
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import (
    authorization_result, is_masked_key, planned_authorization)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import (
    create_authorization, delete_authorization, get_authorization, list_authorization_key)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import CONFLICT_CODES, ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import (
    NONE, Plan, diff_for, is_broken, plan_repair, plan_resource)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    CIRCUIT_TARGET_RULES, CIRCUIT_TARGET_SPEC, circuit_target)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.waiters import WaitTimeout, wait_until
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import provisioning_state

REPLACE = 'replace'
# Answers to a create that mean the authorization exists already (made by a parallel run, or by our own
# attempt that another operation superseded): Azure refuses a PUT on an existing authorization.
TAKEN_CODES = frozenset(['CannotModifyExistingAuthorization']) | CONFLICT_CODES
# A create is tried at most this often; a broken authorization left by the previous try is deleted first.
CREATE_ATTEMPTS = 2
# Between two reads of an authorization another operation is still creating or deleting.
SETTLE_POLL_SECONDS = 2.0
BUSY_STATES = ('Updating', 'Deleting', 'Creating')


def plan_authorization(name, present, current_wire):
    """The plan; an authorization left Failed or Canceled is replaced (Azure refuses a PUT on an existing one)."""
    desired = {'name': name} if present else None
    current = {'name': name} if current_wire is not None else None
    return plan_repair(plan_resource(desired, current), provisioning_state(current_wire), action=REPLACE)


def refuse_replacing_in_use(circuit, name, current_wire):
    properties = (current_wire or {}).get('properties') or {}
    if properties.get('authorizationUseStatus') == 'InUse':
        raise ModuleFailure(
            'authorization %s of circuit %s is in provisioning state %s but its key is in use by %s; recreating it '
            'would revoke that connection. Delete it with state=absent when the connection may go, then rerun. '
            'The authorization was left as it is.'
            % (name, circuit.name, properties.get('provisioningState'),
               properties.get('connectionResourceUri') or 'a connection'))


def is_recoverable(failure):
    """A failed create after which the authorization may exist: refused as taken, ended Failed/Canceled, or unclear.

    Other 4xx answers (forbidden, bad request) wrote nothing; a timeout leaves an operation running.
    """
    code = failure.details.get('error_code')
    if code in TAKEN_CODES:
        return True
    if code == 'Timeout':
        return False
    status = failure.details.get('status_code')
    return not (status is not None and 400 <= status < 500)


def settled_authorization(module, circuit, name):
    """The authorization once no other operation is creating or deleting it (None when it does not exist)."""
    def read():
        return get_authorization(module, circuit, name)

    try:
        return wait_until(read, lambda wire: provisioning_state(wire) not in BUSY_STATES,
                          module.params['operation_timeout'], SETTLE_POLL_SECONDS, module.sleep, module.clock,
                          lambda wire: 'in provisioning state %s' % provisioning_state(wire))
    except WaitTimeout:
        return read()


def create(module, circuit, name, replacing):
    """(wire, changed): create the authorization; after a create that failed or was refused, read it again.

    Succeeded: it is returned (changed only if this run wrote something: a refusal as taken means another run
    made it). Failed or Canceled: deleted and created again, once. Anything else: the failure stands.
    """
    wrote = replacing
    for attempt in range(CREATE_ATTEMPTS):
        try:
            return create_authorization(module, circuit, name), True
        except ModuleFailure as failure:
            if not is_recoverable(failure):
                raise
            wrote = wrote or failure.details.get('error_code') not in TAKEN_CODES
            found = settled_authorization(module, circuit, name)
            state = provisioning_state(found)
            if state == 'Succeeded':
                return found, wrote
            if attempt == CREATE_ATTEMPTS - 1 or (found is not None and not is_broken(state)):
                raise
            if found is not None:
                refuse_replacing_in_use(circuit, name, found)
                delete_authorization(module, circuit, name)
                wrote = True


def readable_key(module, circuit, name, wire):
    """The clear key: from the answer when Azure sent it, else through listKeys."""
    key = (wire.get('properties') or {}).get('authorizationKey')
    if is_masked_key(key):
        key = list_authorization_key(module, circuit, name)
    return key


def run(module):
    circuit = circuit_target(module, 'name')
    name = module.params['name']
    current = get_authorization(module, circuit, name)
    present = module.params['state'] == 'present'
    plan = plan_authorization(name, present, current)
    if plan.action == REPLACE:
        refuse_replacing_in_use(circuit, name, current)

    def apply(plan):
        if plan.action == 'delete':
            delete_authorization(module, circuit, name)
            return None, True
        if plan.action == REPLACE:
            delete_authorization(module, circuit, name)
        return create(module, circuit, name, replacing=plan.action == REPLACE)

    final, changed = module.apply_plan(plan, apply) or (current, plan.action != NONE)
    if not present or plan.action in ('create', REPLACE) and module.check_mode:
        # Absent; or check mode, where nothing exists yet (or the broken one would be replaced).
        final = None
    result = authorization_result(final)
    if result is None and present:
        # Check mode: what would exist. Never the key of a broken authorization about to be replaced.
        result = planned_authorization(str(circuit.child('authorizations', name)), name)
    if result is not None and module.params['return_key']:
        # Asked for: the one place a key leaves the module (the API layer registers every key it reads as secret).
        result['authorization_key'] = readable_key(module, circuit, name, final) if final else None
        module.reveal(result['authorization_key'])
    extra = {}
    if plan.action == REPLACE:
        extra['repair'] = 'provisioning state %s' % provisioning_state(current)
    if not changed:
        plan = Plan(NONE, plan.after, plan.after)
    module.exit(changed=changed, authorization=result, diff=diff_for(plan, ()), **extra)


def main():
    spec = dict(
        CIRCUIT_TARGET_SPEC,
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        return_key=dict(type='bool', default=False, no_log=False),
    )
    AzureModule(spec, **CIRCUIT_TARGET_RULES).run(run)


if __name__ == '__main__':
    main()

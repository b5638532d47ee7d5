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
  - An existing authorization is never recreated, so a second run changes nothing and its key stays valid.
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
    authorization_key:
      description: The key (a GUID). Null in check mode when the authorization does not exist yet.
      type: str
      returned: when O(return_key=true)
  sample:
    id: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er1/authorizations/avs
    name: avs
    authorization_use_status: Available
    connection_resource_uri: null
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import (
    create_authorization, delete_authorization, get_authorization, list_authorization_key)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import diff_for, plan_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import authorization_result, is_masked_key
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    CIRCUIT_TARGET_RULES, CIRCUIT_TARGET_SPEC, circuit_target)


def readable_key(module, circuit, name, wire):
    """The clear key: from the answer when Azure sent it, else through listKeys."""
    key = (wire.get('properties') or {}).get('authorizationKey')
    if is_masked_key(key):
        key = list_authorization_key(module, circuit, name)
    return key


def run(module):
    circuit = circuit_target(module, 'name')
    name = module.params['name']
    want_key = module.params['return_key']
    current = get_authorization(module, circuit, name)
    desired = {'name': name} if module.params['state'] == 'present' else None
    plan = plan_resource(desired, {'name': name} if current is not None else None)

    def apply(plan):
        if plan.action == 'delete':
            delete_authorization(module, circuit, name)
            return None
        return create_authorization(module, circuit, name)

    written = module.apply_plan(plan, apply)
    final = written if plan.action == 'create' and written is not None else current
    if desired is None:
        final = None
    result = authorization_result(final)
    if result is None and desired is not None:
        # Check mode, before creation: say what would exist.
        result = dict(id=str(circuit.child('authorizations', name)), name=name, provisioning_state=None,
                      authorization_use_status=None, connection_resource_uri=None)
    if result is not None and want_key:
        result['authorization_key'] = readable_key(module, circuit, name, final) if final else None
    module.exit(changed=plan.action != 'none', authorization=result, diff=diff_for(plan, ()))


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

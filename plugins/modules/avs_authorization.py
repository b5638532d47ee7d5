#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: avs_authorization
short_description: Create or delete an ExpressRoute authorization (key) on an Azure VMware Solution private cloud
version_added: 0.1.0
description:
  - Creates or deletes a named authorization on the ExpressRoute circuit that Azure VMware Solution (AVS) manages
    for a private cloud. Azure generates the key; it serves exactly one connection.
  - Use this key to connect a B(virtual network gateway) in Azure to the private cloud. It is B(not) the key for
    Global Reach to your on-premises network; that key comes from your on-premises circuit, see
    M(hybridlink.expressroute.circuit_authorization) and M(hybridlink.expressroute.avs_global_reach).
  - An existing authorization is never recreated, so a second run changes nothing and its key stays valid. Only
    one whose last operation ended V(Failed) or V(Canceled) is written again (RV(action) V(repair)).
  - The key is returned only when O(return_key=true).
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit.PRIVATE_CLOUD
  - hybridlink.expressroute.attributes
options:
  name:
    description:
      - Name of the authorization, unique in the private cloud. Name it after its consumer (for example the virtual
        network gateway), so reruns find and reuse it.
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
- name: Authorization for the hub's ExpressRoute gateway, key kept for the connection task
  hybridlink.expressroute.avs_authorization:
    resource_group: rg-avs-prod
    private_cloud_name: avs-westus-prod
    name: hub-westus-gateway
    return_key: true
  register: avs_auth
  no_log: true

- name: Revoke it
  hybridlink.expressroute.avs_authorization:
    resource_group: rg-avs-prod
    private_cloud_name: avs-westus-prod
    name: hub-westus-gateway
    state: absent
'''

RETURN = r'''
authorization:
  description: The authorization after the run (in check mode, what it would be); null when absent.
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
    provisioning_state:
      description: Provisioning state; null in check mode before creation.
      type: str
      returned: when present
    express_route_id:
      description: The AVS-managed ExpressRoute circuit the authorization lives on.
      type: str
      returned: when present
    express_route_authorization_id:
      description: The authorization's resource ID on that circuit.
      type: str
      returned: when present
    authorization_key:
      description: The key (a GUID). Null in check mode when the authorization does not exist yet.
      type: str
      returned: when O(return_key=true)
  sample:
    id: /subscriptions/0000/resourceGroups/rg-avs-prod/providers/Microsoft.AVS/privateClouds/avs-westus-prod/authorizations/hub
    name: hub
    provisioning_state: Succeeded
    express_route_id: /subscriptions/0000/resourceGroups/tnt15-0000-westus/providers/Microsoft.Network/expressroutecircuits/tnt15-xconnect
action:
  description: What the run did, or would do in check mode; V(create), V(repair) (an authorization whose last
    operation failed, written again), V(delete) or V(none).
  returned: always
  type: str
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import (
    authorization_result, is_masked_key, planned_authorization)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_api import (
    create_authorization, delete_authorization, get_authorization)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import FAILED_STATES
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import Plan, diff_for, plan_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    PRIVATE_CLOUD_TARGET_RULES, PRIVATE_CLOUD_TARGET_SPEC, private_cloud_target)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import provisioning_state

REPAIR = 'repair'


def avs_key(wire):
    key = ((wire or {}).get('properties') or {}).get('expressRouteAuthorizationKey')
    return None if is_masked_key(key) else key


def run(module):
    cloud = private_cloud_target(module, 'name')
    name = module.params['name']
    current = get_authorization(module, cloud, name)
    desired = {'name': name} if module.params['state'] == 'present' else None
    state = provisioning_state(current)
    if desired is not None and state in FAILED_STATES:
        # A create or update that ended Failed/Canceled leaves a broken authorization: write it again.
        plan = Plan(REPAIR, {'name': name, 'provisioning_state': state}, {'name': name}, ['provisioning_state'])
    else:
        plan = plan_resource(desired, {'name': name} if current is not None else None)

    def apply(plan):
        if plan.action == 'delete':
            delete_authorization(module, cloud, name)
            return None
        return create_authorization(module, cloud, name)

    written = module.apply_plan(plan, apply)
    final = None if desired is None else (written if written is not None else current)
    result = authorization_result(final)
    if result is None and desired is not None:
        # Check mode, before creation: say what would exist.
        result = planned_authorization(str(cloud.child('authorizations', name)), name, avs=True)
    if result is not None and module.params['return_key']:
        # Asked for: the one place a key leaves the module (the API layer registers every key it reads as secret).
        result['authorization_key'] = avs_key(final)
        module.reveal(result['authorization_key'])
    module.exit(changed=plan.changed, action=plan.action, authorization=result, diff=diff_for(plan, ()))


def main():
    spec = dict(
        PRIVATE_CLOUD_TARGET_SPEC,
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        return_key=dict(type='bool', default=False, no_log=False),
    )
    AzureModule(spec, **PRIVATE_CLOUD_TARGET_RULES).run(run)


if __name__ == '__main__':
    main()

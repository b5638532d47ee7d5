#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: avs_private_cloud_info
short_description: Read an Azure VMware Solution private cloud's address plan, ExpressRoute circuit and connections
version_added: 0.1.0
description:
  - Reads one Azure VMware Solution (AVS) private cloud and reports its C(/22) network block, the management,
    provisioning and vMotion networks carved out of it, and the IDs of the ExpressRoute circuit and private peering
    AVS manages for it.
  - Also lists its Global Reach connections (to on-premises circuits) and its ExpressRoute authorizations, without
    keys.
  - Use it to plan address space (on-premises prefixes must not overlap the network block) and to tell the AVS
    circuit from your on-premises circuit before configuring Global Reach.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit.PRIVATE_CLOUD
  - hybridlink.expressroute.attributes.info_module
options:
  include_global_reach:
    description:
      - Also list the private cloud's Global Reach connections (one more request).
    type: bool
    default: true
  include_authorizations:
    description:
      - Also list the private cloud's ExpressRoute authorizations (one more request).
    type: bool
    default: true
'''

EXAMPLES = r'''
- name: Read the private cloud
  hybridlink.expressroute.avs_private_cloud_info:
    resource_group: rg-avs-prod
    private_cloud_name: avs-westus-prod
  register: avs

- name: Networks on-premises routers should learn through Global Reach
  ansible.builtin.debug:
    msg: "{{ avs.private_cloud.network_block }} (management {{ avs.private_cloud.management_network }})"
'''

RETURN = r'''
exists:
  description: Whether the private cloud exists.
  returned: always
  type: bool
private_cloud:
  description: The private cloud, or null when it does not exist.
  returned: always
  type: dict
  contains:
    id:
      description: Resource ID.
      type: str
      returned: success
    provisioning_state:
      description: Provisioning state; connectivity can be configured once it is V(Succeeded).
      type: str
      returned: success
    network_block:
      description: The C(/22) the private cloud's management networks are carved from.
      type: str
      returned: success
    management_network:
      description: Management network (vCenter, NSX manager).
      type: str
      returned: success
    provisioning_network:
      description: Provisioning network.
      type: str
      returned: success
    vmotion_network:
      description: vMotion network.
      type: str
      returned: success
    circuit:
      description: The AVS-managed ExpressRoute circuit.
      type: dict
      returned: success
      contains:
        express_route_id:
          description: Resource ID of the AVS-managed circuit (not your on-premises circuit).
          type: str
        express_route_private_peering_id:
          description: Resource ID of its Azure private peering.
          type: str
        primary_subnet:
          description: Primary link subnet.
          type: str
        secondary_subnet:
          description: Secondary link subnet.
          type: str
    endpoints:
      description: vCenter, NSX-T manager and HCX URLs and addresses.
      type: dict
      returned: success
    generation:
      description:
        - V(2) for a Generation 2 private cloud (deployed into your virtual network, C(properties.virtualNetworkId),
          no AVS-managed circuit), else V(1).
      type: int
      returned: success
    virtual_network_id:
      description: The virtual network a Generation 2 private cloud lives in; null for Generation 1.
      type: str
      returned: success
    connectivity_path:
      description:
        - How on-premises reaches this private cloud. V(global_reach) (Generation 1,
          M(hybridlink.expressroute.avs_global_reach)) or V(gateway_connection) (Generation 2, an ExpressRoute gateway in
          its virtual network and M(hybridlink.expressroute.gateway_connection) to the on-premises circuit).
      type: str
      returned: success
  sample:
    id: /subscriptions/0000/resourceGroups/rg-avs-prod/providers/Microsoft.AVS/privateClouds/avs-westus-prod
    provisioning_state: Succeeded
    network_block: 10.176.0.0/22
    management_network: 10.176.0.0/24
    generation: 1
    connectivity_path: global_reach
    circuit:
      express_route_id: /subscriptions/0000/resourceGroups/tnt15-0000-westus/providers/Microsoft.Network/expressroutecircuits/tnt15-xconnect
global_reach_connections:
  description:
    - Global Reach connections, as M(hybridlink.expressroute.avs_global_reach_info) returns them.
    - Always empty for a Generation 2 private cloud (no AVS-managed circuit); not read then.
  returned: when O(include_global_reach=true) and the private cloud exists
  type: list
  elements: dict
authorizations:
  description: ExpressRoute authorizations, as M(hybridlink.expressroute.avs_authorization_info) returns them (no keys).
  returned: when O(include_authorizations=true) and the private cloud exists
  type: list
  elements: dict
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import authorization_result
from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_api import (
    get_private_cloud, list_authorizations, list_global_reach)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_results import (
    private_cloud_generation, private_cloud_result)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connection_model import global_reach_from_api
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    PRIVATE_CLOUD_TARGET_RULES, PRIVATE_CLOUD_TARGET_SPEC, private_cloud_target)


def run(module):
    cloud = private_cloud_target(module)
    wire = module.found_or_exit(get_private_cloud(module, cloud), exists=False, private_cloud=None)
    result = dict(changed=False, exists=True, private_cloud=private_cloud_result(wire))
    if module.params['include_global_reach']:
        connections = list_global_reach(module, cloud) if private_cloud_generation(wire) == 1 else []
        result['global_reach_connections'] = [global_reach_from_api(item) for item in connections]
    if module.params['include_authorizations']:
        result['authorizations'] = [authorization_result(item) for item in list_authorizations(module, cloud)]
    module.exit(**result)


def main():
    spec = dict(PRIVATE_CLOUD_TARGET_SPEC, include_global_reach=dict(type='bool', default=True),
                include_authorizations=dict(type='bool', default=True))
    AzureModule(spec, **PRIVATE_CLOUD_TARGET_RULES).run(run)


if __name__ == '__main__':
    main()

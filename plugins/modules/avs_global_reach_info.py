#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: avs_global_reach_info
short_description: List the Global Reach connections of an Azure VMware Solution private cloud
version_added: 0.1.0
description:
  - Reads one Global Reach connection by name, or all of a private cloud, with the on-premises circuit each one
    joins, the /29 AVS assigned to it and whether it is connected.
  - Authorization keys are never returned, although Azure includes them in its answers.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit.PRIVATE_CLOUD
  - hybridlink.expressroute.attributes.info_module
options:
  name:
    description:
      - Name of one connection. When omitted, all connections of the private cloud are listed.
    type: str
'''

EXAMPLES = r'''
- name: Which on-premises circuits is the private cloud connected to?
  hybridlink.expressroute.avs_global_reach_info:
    resource_group: rg-avs-prod
    private_cloud_name: avs-westus-prod
  register: gr

- name: Stop unless every connection is up
  ansible.builtin.assert:
    that: gr.global_reach_connections | rejectattr('circuit_connection_status', 'equalto', 'Connected') | list | length == 0
'''

RETURN = r'''
global_reach_connections:
  description: The connections found (empty when the named one does not exist).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Resource ID.
      type: str
      returned: always
    name:
      description: Name.
      type: str
      returned: always
    peer_express_route_circuit:
      description: The on-premises circuit.
      type: str
      returned: always
    address_prefix:
      description: The /29 AVS assigned to the connection.
      type: str
      returned: always
    circuit_connection_status:
      description: V(Connected), V(Connecting) or V(Disconnected).
      type: str
      returned: always
    provisioning_state:
      description: Provisioning state.
      type: str
      returned: always
    express_route_id:
      description: The private cloud's AVS-managed circuit.
      type: str
      returned: always
  sample:
    - name: onprem-sv
      peer_express_route_circuit: /subscriptions/0000/resourceGroups/rg-onprem-network/providers/Microsoft.Network/expressRouteCircuits/er-sv-primary
      address_prefix: 10.176.0.128/29
      circuit_connection_status: Connected
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_api import get_global_reach, list_global_reach
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connection_model import global_reach_from_api
from ansible_collections.hybridlink.expressroute.plugins.module_utils.info import run_child_info


def main():
    run_child_info('private_cloud', 'global_reach_connections', get_global_reach, list_global_reach, global_reach_from_api)


if __name__ == '__main__':
    main()

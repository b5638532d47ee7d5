#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: gateway_connection_info
short_description: Read the ExpressRoute connections of virtual network gateways
version_added: 0.2.0
description:
  - Reads one connection (C(Microsoft.Network/connections)) by name, or every connection of a resource group, in the
    schema of M(hybridlink.expressroute.gateway_connection).
  - Authorization keys are never returned.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.attributes.info_module
options:
  resource_group:
    description:
      - Resource group of the connections.
    type: str
    required: true
  name:
    description:
      - Name of one connection. When omitted, all of the resource group are listed.
    type: str
'''

EXAMPLES = r'''
- name: Is the Generation 2 private cloud's gateway connected to on-premises?
  hybridlink.expressroute.gateway_connection_info:
    resource_group: rg-avs-gen2
    name: gen2-to-onprem
  register: found

- name: Show its status
  ansible.builtin.debug:
    msg: "{{ found.connections[0].connection_status | default('absent') }}"
'''

RETURN = r'''
connections:
  description: The connections found (empty when the one named does not exist); never holds a key.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Resource ID.
      type: str
    name:
      description: Name.
      type: str
    virtual_network_gateway:
      description: Resource ID of the gateway.
      type: str
    peer_express_route_circuit:
      description: Resource ID of the circuit.
      type: str
    routing_weight:
      description: Routing weight.
      type: int
    express_route_gateway_bypass:
      description: Whether FastPath is on.
      type: bool
    connection_status:
      description: V(Unknown), V(Connecting), V(Connected) or V(NotConnected).
      type: str
    provisioning_state:
      description: Provisioning state.
      type: str
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_api import (
    get_gateway_connection, list_gateway_connections)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_connection_model import (
    gateway_connection_from_api)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_targets import target_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    GATEWAY_CONNECTION, resource_id_of)


def run(module):
    params = module.params
    subscription = module.subscription_id()
    require_no_problems(target_problems(subscription, params['resource_group'], ('name', params['name'])))
    items = module.one_or_all(
        params['name'],
        lambda name: get_gateway_connection(module, resource_id_of(subscription, params['resource_group'],
                                                                   GATEWAY_CONNECTION, name)),
        lambda: list_gateway_connections(module, subscription, params['resource_group']))
    module.exit(changed=False, connections=[gateway_connection_from_api(item) for item in items])


def main():
    AzureModule(dict(resource_group=dict(type='str', required=True), name=dict(type='str'))).run(run)


if __name__ == '__main__':
    main()

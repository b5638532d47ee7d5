#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: circuit_connection_info
short_description: List the Global Reach connections of an ExpressRoute circuit, made here or towards it
version_added: 0.1.0
description:
  - Reads the Global Reach connections configured on a circuit's V(AzurePrivatePeering) (RV(connections)), and the
    ones other circuits configured towards it (RV(peered_connections)), including those of Azure VMware Solution
    private clouds connected to this circuit.
  - Authorization keys are never returned, although Azure includes them in its answers.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit
  - hybridlink.expressroute.attributes.info_module
options:
  name:
    description:
      - Name of one connection made on this circuit. When omitted, all are listed.
      - RV(peered_connections) are always listed in full.
    type: str
'''

EXAMPLES = r'''
- name: Everything this circuit is joined to through Global Reach
  hybridlink.expressroute.circuit_connection_info:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
  register: gr

- name: Show the peers
  ansible.builtin.debug:
    msg: "{{ (gr.connections + gr.peered_connections) | map(attribute='peer_peering_id') }}"
'''

RETURN = r'''
peering_exists:
  description: Whether the circuit has an V(AzurePrivatePeering). Without it there are no connections.
  returned: always
  type: bool
connections:
  description: Connections configured on this circuit's private peering.
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
    peering_id:
      description: This circuit's private peering.
      type: str
      returned: always
    peer_peering_id:
      description: The other circuit's private peering.
      type: str
      returned: always
    address_prefix:
      description: The IPv4 /29.
      type: str
      returned: always
    ipv6_address_prefix:
      description: The IPv6 /125, if any.
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
  sample:
    - name: sv-to-ams
      address_prefix: 10.255.0.0/29
      circuit_connection_status: Connected
peered_connections:
  description: Connections other circuits (or AVS private clouds) configured towards this circuit, seen from here;
    their C(peer_peering_id) is the peering of the circuit that made them.
  returned: always
  type: list
  elements: dict
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import get_peering
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connection_model import circuit_connection_from_api
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    CIRCUIT_TARGET_RULES, CIRCUIT_TARGET_SPEC, circuit_target)


def run(module):
    circuit = circuit_target(module, 'name')
    peering = get_peering(module, circuit, 'AzurePrivatePeering')
    properties = (peering or {}).get('properties') or {}
    made = properties.get('connections') or []
    if module.params['name']:
        made = [item for item in made if item.get('name') == module.params['name']]
    module.exit(changed=False, peering_exists=peering is not None,
                connections=[circuit_connection_from_api(item) for item in made],
                peered_connections=[circuit_connection_from_api(item) for item in properties.get('peeredConnections') or []])


def main():
    spec = dict(CIRCUIT_TARGET_SPEC, name=dict(type='str'))
    AzureModule(spec, **CIRCUIT_TARGET_RULES).run(run)


if __name__ == '__main__':
    main()

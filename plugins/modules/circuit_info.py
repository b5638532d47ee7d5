#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: circuit_info
short_description: Read an ExpressRoute circuit, its provider state, authorizations and peerings
version_added: 0.1.0
description:
  - Reads one ExpressRoute circuit and reports its SKU, its provider-side state (whether the connectivity
    provider has provisioned it), its authorizations (without keys) and its peerings.
  - Use it before configuring peering or Global Reach, which need the circuit to be V(Provisioned) and V(Enabled).
  - Never writes anything.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit
  - hybridlink.expressroute.attributes.info_module
options:
  include_peerings:
    description:
      - Also return the circuit's peerings in full (they come with the circuit; no extra request).
    type: bool
    default: true
'''

EXAMPLES = r'''
- name: Check that the provider has provisioned the circuit
  hybridlink.expressroute.circuit_info:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
  register: circuit

- name: Stop unless the circuit is ready for peering
  ansible.builtin.assert:
    that:
      - circuit.ready
    fail_msg: >-
      Circuit {{ circuit.circuit.name }} is {{ circuit.circuit.service_provider_provisioning_state }} /
      {{ circuit.circuit.circuit_provisioning_state }}; ask the provider to provision it.
'''

RETURN = r'''
exists:
  description: Whether the circuit exists.
  returned: always
  type: bool
ready:
  description: Whether the circuit is V(Provisioned) by the provider and V(Enabled), as peering and Global Reach need.
  returned: always
  type: bool
circuit:
  description: The circuit, or null when it does not exist.
  returned: always
  type: dict
  contains:
    id:
      description: Resource ID.
      type: str
      returned: success
    service_provider_provisioning_state:
      description: V(NotProvisioned), V(Provisioning), V(Provisioned) or V(Deprovisioning).
      type: str
      returned: success
    circuit_provisioning_state:
      description: V(Enabled) or V(Disabled).
      type: str
      returned: success
    sku:
      description: SKU with C(name), C(tier) and C(family).
      type: dict
      returned: success
    authorizations:
      description: Authorizations with their use status; keys are never returned here.
      type: list
      elements: dict
      returned: success
    peerings:
      description: The peerings, in the same shape as M(hybridlink.expressroute.circuit_peering_info) returns them.
      type: list
      elements: dict
      returned: when O(include_peerings=true)
  sample:
    id: /subscriptions/0000/resourceGroups/rg-onprem-network/providers/Microsoft.Network/expressRouteCircuits/er-sv-primary
    name: er-sv-primary
    service_provider_provisioning_state: Provisioned
    circuit_provisioning_state: Enabled
    sku: {name: Standard_MeteredData, tier: Standard, family: MeteredData}
    authorizations: [{name: avs-westus-prod, authorization_use_status: InUse}]
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import get_circuit
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import (
    circuit_is_ready, circuit_result, peering_result)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    CIRCUIT_TARGET_RULES, CIRCUIT_TARGET_SPEC, circuit_target)


def run(module):
    circuit = circuit_target(module)
    wire = module.found_or_exit(get_circuit(module, circuit), exists=False, ready=False, circuit=None)
    result = circuit_result(wire)
    if module.params['include_peerings']:
        # The circuit GET already carries its peerings in full: no second request.
        result['peerings'] = [peering_result(item) for item in (wire.get('properties') or {}).get('peerings') or []]
    ready = circuit_is_ready(wire)[0]
    module.exit(changed=False, exists=True, ready=ready, circuit=result)


def main():
    spec = dict(CIRCUIT_TARGET_SPEC, include_peerings=dict(type='bool', default=True))
    AzureModule(spec, **CIRCUIT_TARGET_RULES).run(run)


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: circuit_authorization_info
short_description: List the authorizations of an ExpressRoute circuit and whether their keys are in use
version_added: 0.1.0
description:
  - Reads one authorization by name, or all authorizations of a circuit, with their use status.
  - Keys are never returned; use M(hybridlink.expressroute.circuit_authorization) with O(hybridlink.expressroute.circuit_authorization#module:return_key=true)
    when a playbook needs one.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit
  - hybridlink.expressroute.attributes.info_module
options:
  name:
    description:
      - Name of one authorization. When omitted, all authorizations of the circuit are listed.
    type: str
'''

EXAMPLES = r'''
- name: Find authorizations whose keys are still unused
  hybridlink.expressroute.circuit_authorization_info:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
  register: auths

- name: Show them
  ansible.builtin.debug:
    msg: "{{ auths.authorizations | selectattr('authorization_use_status', 'equalto', 'Available') | map(attribute='name') }}"
'''

RETURN = r'''
authorizations:
  description: The authorizations found (empty when the named one does not exist).
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
    authorization_use_status:
      description: V(Available) or V(InUse).
      type: str
      returned: always
    connection_resource_uri:
      description: The connection that uses the key, if any.
      type: str
      returned: always
  sample:
    - name: avs-westus-prod
      authorization_use_status: InUse
      connection_resource_uri: /subscriptions/.../globalReachConnections/onprem
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import authorization_result
from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import get_authorization, list_authorizations
from ansible_collections.hybridlink.expressroute.plugins.module_utils.info import run_child_info


def main():
    run_child_info('circuit', 'authorizations', get_authorization, list_authorizations, authorization_result)


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: avs_authorization_info
short_description: List the ExpressRoute authorizations of an Azure VMware Solution private cloud
version_added: 0.1.0
description:
  - Reads one authorization by name, or all authorizations of a private cloud.
  - Keys are never returned; use M(hybridlink.expressroute.avs_authorization) with
    O(hybridlink.expressroute.avs_authorization#module:return_key=true) when a playbook needs one.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit.PRIVATE_CLOUD
  - hybridlink.expressroute.attributes.info_module
options:
  name:
    description:
      - Name of one authorization. When omitted, all authorizations of the private cloud are listed.
    type: str
'''

EXAMPLES = r'''
- name: List the private cloud's authorizations
  hybridlink.expressroute.avs_authorization_info:
    resource_group: rg-avs-prod
    private_cloud_name: avs-westus-prod
  register: avs_auths

- name: Show their names
  ansible.builtin.debug:
    msg: "{{ avs_auths.authorizations | map(attribute='name') }}"
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
    provisioning_state:
      description: Provisioning state.
      type: str
      returned: always
    express_route_id:
      description: The AVS-managed ExpressRoute circuit the authorization lives on.
      type: str
      returned: always
    express_route_authorization_id:
      description: The authorization's resource ID on that circuit.
      type: str
      returned: always
  sample:
    - name: hub-westus-gateway
      provisioning_state: Succeeded
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import authorization_result
from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_api import get_authorization, list_authorizations
from ansible_collections.hybridlink.expressroute.plugins.module_utils.info import run_child_info


def main():
    run_child_info('private_cloud', 'authorizations', get_authorization, list_authorizations, authorization_result)


if __name__ == '__main__':
    main()

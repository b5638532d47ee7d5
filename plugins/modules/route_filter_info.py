#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: route_filter_info
short_description: Read route filters, their rules and the peerings they are attached to
version_added: 0.2.0
description:
  - Reads one route filter by name, or every route filter of a resource group, in the schema of
    M(hybridlink.expressroute.route_filter), with its rules (community values) and the Microsoft peerings it is
    attached to.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.attributes.info_module
options:
  resource_group:
    description:
      - Resource group of the route filters.
    type: str
    required: true
  name:
    description:
      - Name of one route filter; every filter of O(resource_group) when not given.
    type: str
'''

EXAMPLES = r'''
- name: Which peerings use the Office 365 filter, and which communities does it allow?
  hybridlink.expressroute.route_filter_info:
    resource_group: rg-onprem-network
    name: rf-o365
  register: found

- name: Show them
  ansible.builtin.debug:
    msg: "{{ found.route_filters[0].rules[0].communities }} on {{ found.route_filters[0].peerings }}"
'''

RETURN = r'''
route_filters:
  description: The route filters found (empty when the one named does not exist).
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
    location:
      description: Region.
      type: str
    rules:
      description: The rules, each with C(name), C(access), C(route_filter_rule_type) and C(communities).
      type: list
      elements: dict
    peerings:
      description: Resource IDs of the peerings the filter is attached to (IPv4).
      type: list
      elements: str
    ipv6_peerings:
      description: Resource IDs of the peerings the filter is attached to for IPv6.
      type: list
      elements: str
    provisioning_state:
      description: Provisioning state.
      type: str
    tags:
      description: Tags.
      type: dict
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_targets import target_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ROUTE_FILTER, resource_id_of
from ansible_collections.hybridlink.expressroute.plugins.module_utils.route_filter_api import (
    get_route_filter, list_route_filters)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.route_filter_model import route_filter_from_api


def run(module):
    params = module.params
    subscription = module.subscription_id()
    require_no_problems(target_problems(subscription, params['resource_group'], ('name', params['name'])))

    def one(name):
        return get_route_filter(module, resource_id_of(subscription, params['resource_group'], ROUTE_FILTER, name))

    items = module.one_or_all(params['name'], one,
                              lambda: list_route_filters(module, subscription, params['resource_group']))
    module.exit(changed=False, route_filters=[route_filter_from_api(item) for item in items])


def main():
    AzureModule(dict(resource_group=dict(type='str', required=True), name=dict(type='str'))).run(run)


if __name__ == '__main__':
    main()

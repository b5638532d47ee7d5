#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: bgp_service_community_info
short_description: Read the BGP communities of Microsoft services, to pick a route filter's communities by name
version_added: 0.2.0
description:
  - Reads Azure's catalogue of BGP service communities (C(Microsoft.Network/bgpServiceCommunities)), which lists each
    Microsoft service reachable over Microsoft peering with its communities (name, value such as V(12076:5010), the
    prefixes behind it, the region it serves).
  - Narrow it by service or community name (O(service_name)) and by value (O(community_value)). RV(communities) lists
    the values found, ready for the O(hybridlink.expressroute.route_filter#module:rules[].communities) of
    M(hybridlink.expressroute.route_filter).
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.attributes.info_module
options:
  service_name:
    description:
      - Keep the communities of this service (V(Exchange), V(AzureActiveDirectory)), or the community of this
        name (V(Azure Active Directory)). Case and spaces are ignored; the name must match whole.
    type: str
  community_value:
    description:
      - Keep the community of this value, such as V(12076:5010).
    type: str
'''

EXAMPLES = r'''
- name: The community of Exchange Online
  hybridlink.expressroute.bgp_service_community_info:
    service_name: exchange
  register: exchange

- name: A route filter that allows it
  hybridlink.expressroute.route_filter:
    resource_group: rg-onprem-network
    name: rf-o365
    location: westus
    rules:
      - name: allow-exchange
        communities: "{{ exchange.communities }}"
'''

RETURN = r'''
services:
  description: The services found, each with the communities kept.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Name of the catalogue entry.
      type: str
    service_name:
      description: The service, such as V(Exchange).
      type: str
    communities:
      description: >-
        Its communities: C(community_name), C(community_value), C(community_prefixes), C(service_supported_region),
        C(service_group) and C(is_authorized_to_use).
      type: list
      elements: dict
  sample:
    - name: Exchange
      service_name: Exchange
      communities:
        - community_name: Exchange
          community_value: "12076:5010"
          community_prefixes: [40.96.0.0/13]
          service_supported_region: Global
communities:
  description: Each community value of RV(services) once, in catalogue order.
  returned: always
  type: list
  elements: str
  sample: ["12076:5010"]
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.request_names import check_request_names
from ansible_collections.hybridlink.expressroute.plugins.module_utils.route_filter_api import list_service_communities
from ansible_collections.hybridlink.expressroute.plugins.module_utils.service_community_model import (
    community_values, select_services, service_from_api)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.route_filter import community_problem


def run(module):
    params = module.params
    subscription = module.subscription_id()
    problems = check_request_names([('subscription_id', subscription, 'subscription')])
    if params['community_value'] is not None:
        problems += [found for found in [community_problem('community_value', params['community_value'])] if found]
    require_no_problems(problems)
    catalogue = [service_from_api(item) for item in list_service_communities(module, subscription)]
    services = select_services(catalogue, params['service_name'], params['community_value'])
    module.exit(changed=False, services=services, communities=community_values(services))


def main():
    AzureModule(dict(service_name=dict(type='str'), community_value=dict(type='str'))).run(run)


if __name__ == '__main__':
    main()

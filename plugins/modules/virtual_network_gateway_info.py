#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: virtual_network_gateway_info
short_description: Read virtual network gateways, and what an ExpressRoute gateway learns, advertises and peers with
version_added: 0.2.0
description:
  - Reads one gateway by name, or every gateway of a resource group, in the schema of
    M(hybridlink.expressroute.virtual_network_gateway).
  - For one gateway, also reads for verification the routes it learned (O(learned_routes)), the routes it advertises to
    a BGP peer (O(advertised_routes_peer)) and the status of its BGP peers (O(bgp_peer_status)). Azure answers these
    asynchronously; they are awaited within O(operation_timeout).
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.attributes.info_module
options:
  resource_group:
    description:
      - Resource group of the gateways.
    type: str
    required: true
  name:
    description:
      - Name of one gateway. Needed for the route and BGP reads.
    type: str
  learned_routes:
    description:
      - Read the routes the gateway learned (C(getLearnedRoutes)), such as the on-premises prefixes over a connection.
    type: bool
    default: false
  advertised_routes_peer:
    description:
      - Read the routes the gateway advertises to this BGP peer address (C(getAdvertisedRoutes)).
    type: str
  bgp_peer_status:
    description:
      - Read the status of the gateway's BGP peers (C(getBgpPeerStatus)).
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Does the Generation 2 gateway learn the on-premises prefixes?
  hybridlink.expressroute.virtual_network_gateway_info:
    resource_group: rg-avs-gen2
    name: ergw-avs-gen2
    learned_routes: true
    bgp_peer_status: true
  register: gw

- name: Check one prefix
  ansible.builtin.assert:
    that: "'192.168.0.0/16' in (gw.learned_routes | map(attribute='network'))"
'''

RETURN = r'''
gateways:
  description: The gateways found (empty when the one named does not exist).
  returned: always
  type: list
  elements: dict
learned_routes:
  description: Routes the gateway learned (network, next_hop, source_peer, origin, as_path, weight, local_address).
  returned: when O(learned_routes=true) and the gateway exists
  type: list
  elements: dict
advertised_routes:
  description: Routes the gateway advertises to O(advertised_routes_peer), in the same shape.
  returned: when O(advertised_routes_peer) is given and the gateway exists
  type: list
  elements: dict
bgp_peers:
  description: The gateway's BGP peers (neighbor, asn, state, connected_duration, routes_received, messages).
  returned: when O(bgp_peer_status=true) and the gateway exists
  type: list
  elements: dict
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_api import (
    get_gateway, list_gateways, read_gateway)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_model import gateway_from_api
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_targets import target_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    VIRTUAL_NETWORK_GATEWAY, resource_id_of)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten

# Result key -> (the read, whether the module's options ask for it).
READS = (
    ('learned_routes', 'learned_routes', lambda params: params['learned_routes']),
    ('advertised_routes', 'advertised_routes_peer', lambda params: bool(params['advertised_routes_peer'])),
    ('bgp_peers', 'bgp_peer_status', lambda params: params['bgp_peer_status']),
)


def run(module):
    params = module.params
    subscription = module.subscription_id()
    problems = target_problems(subscription, params['resource_group'], ('name', params['name']))
    if not params['name']:
        problems += [Problem(read[1], 'needs name (one gateway)') for read in READS if read[2](params)]
    require_no_problems(problems)

    def one(name):
        return get_gateway(module, resource_id_of(subscription, params['resource_group'], VIRTUAL_NETWORK_GATEWAY, name))

    items = module.one_or_all(params['name'], one, lambda: list_gateways(module, subscription, params['resource_group']))
    result = dict(gateways=[gateway_from_api(item) for item in items])
    if items and params['name']:
        gateway = resource_id_of(subscription, params['resource_group'], VIRTUAL_NETWORK_GATEWAY, params['name'])
        for key, option, asked in READS:
            if asked(params) and option:
                rows = read_gateway(module, gateway, key if key != 'bgp_peers' else 'bgp_peer_status',
                                    params['advertised_routes_peer'] if key == 'advertised_routes' else None)
                result[key] = [flatten(row) for row in rows or ()]
    module.exit(changed=False, **result)


def main():
    AzureModule(dict(resource_group=dict(type='str', required=True), name=dict(type='str'),
                     learned_routes=dict(type='bool', default=False), advertised_routes_peer=dict(type='str'),
                     bgp_peer_status=dict(type='bool', default=False))).run(run)


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: route_table_info
short_description: Verify what Microsoft's edge routers learn on an ExpressRoute peering (routes, ARP, BGP, counters)
version_added: 0.1.0
description:
  - Reads, for a circuit peering and the primary and/or secondary link, the route table, the ARP table and the BGP
    neighbor summary of Microsoft's edge routers (MSEEs), plus the byte counters of the circuit and the peering.
  - Use it to verify Global Reach to an Azure VMware Solution private cloud from the on-premises circuit. The
    private cloud's management and workload networks appear in the route table with Microsoft's ASN 12076 first
    in the AS path. Give them in O(prefixes) and check RV(found) and RV(missing_prefixes).
  - Warns when on-premises advertises a default route alone; AVS drops a lone C(0.0.0.0/0) on its management
    network, so a more specific route is needed as well.
  - The tables are read with POST actions that Azure runs as long-running operations; they change nothing. They are
    started together, are not retried, and are bounded together by O(operation_timeout). Use the C(include_*) options
    to send only the requests you need.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit
  - hybridlink.expressroute.attributes.info_module
options:
  peering_name:
    description:
      - Which peering.
    type: str
    choices: [AzurePrivatePeering, MicrosoftPeering]
    default: AzurePrivatePeering
  device_path:
    description:
      - Which link's edge router to ask; V(both) asks the primary and the secondary.
    type: str
    choices: [primary, secondary, both]
    default: both
  include_routes:
    description:
      - Read the route table (one request per link).
    type: bool
    default: true
  include_arp:
    description:
      - Read the ARP table (one request per link).
    type: bool
    default: true
  include_summary:
    description:
      - Read the BGP neighbor summary (one request per link).
    type: bool
    default: true
  include_stats:
    description:
      - Read the byte counters of the circuit and of the peering (two requests).
    type: bool
    default: true
  prefixes:
    description:
      - Prefixes that must be in the route table of every link asked, in CIDR notation. Those that are not are
        returned in RV(missing_prefixes); RV(found) says whether all are there.
    type: list
    elements: str
    default: []
  prefix_match:
    description:
      - How a route answers for a prefix of O(prefixes).
      - V(exact) needs a route for that very network.
      - V(orlonger) accepts the network or any more specific route inside it (give a private cloud's C(/22) network
        block to check that its networks are learned).
      - V(covering) accepts the network or any less specific route that contains it (a summary route).
    type: str
    choices: [exact, orlonger, covering]
    default: exact
  next_hop:
    description:
      - Keep only routes with this next hop (an IP address). O(prefixes) are then checked against those routes only.
    type: str
'''

EXAMPLES = r'''
- name: Does on-premises learn the AVS private cloud through Global Reach, on both links?
  hybridlink.expressroute.route_table_info:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    prefixes:
      - 10.176.0.0/22        # the private cloud's network block
      - 10.180.10.0/24       # an NSX-T workload segment
    prefix_match: orlonger
    include_arp: false
  register: routes

- name: Stop when something is missing
  ansible.builtin.assert:
    that: routes.found
    fail_msg: "Not learned: {{ routes.missing_prefixes }}"

- name: Only the BGP sessions of the primary link
  hybridlink.expressroute.route_table_info:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    device_path: primary
    include_routes: false
    include_arp: false
    include_stats: false
'''

RETURN = r'''
tables:
  description: Per link asked (V(primary), V(secondary)), what its edge router reports.
  returned: always
  type: dict
  contains:
    routes:
      description: Routes (filtered by O(next_hop)), each with C(network), C(next_hop), C(loc_prf), C(weight) and C(path)
        (the AS path; Global Reach routes start with 12076).
      type: list
      elements: dict
      returned: when O(include_routes=true)
    missing_prefixes:
      description: Prefixes of O(prefixes) this link has no route for.
      type: list
      elements: str
      returned: when O(include_routes=true)
    arp:
      description: ARP entries with C(age), C(interface), C(ip_address) and C(mac_address).
      type: list
      elements: dict
      returned: when O(include_arp=true)
    summary:
      description: BGP neighbors with C(neighbor), C(v), C(asn), C(up_down), C(state_pfx_rcd), C(prefixes_received)
        (null unless the session is up) and C(session_state).
      type: list
      elements: dict
      returned: when O(include_summary=true)
  sample:
    primary:
      routes:
        - {network: 10.176.0.0/26, next_hop: 10.176.0.130, path: "12076 398656", loc_prf: "", weight: 0}
      missing_prefixes: []
      summary:
        - {neighbor: 10.0.0.1, asn: 65010, prefixes_received: 2, session_state: Established}
stats:
  description: Byte counters of the C(circuit) and the C(peering), each with C(primary_bytes_in),
    C(primary_bytes_out), C(secondary_bytes_in) and C(secondary_bytes_out).
  returned: when O(include_stats=true)
  type: dict
missing_prefixes:
  description: Prefixes of O(prefixes) missing from at least one link asked, in the order given.
  returned: always
  type: list
  elements: str
found:
  description: Whether every prefix of O(prefixes) is in the route table of every link asked.
  returned: always
  type: bool
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.avs_results import (
    arp_entry, filter_routes, missing_prefixes, on_premises_routes, route_entry, stats_result, summary_entry,
    validate_route_query)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.route_api import (
    get_circuit_stats, get_peering_stats, list_tables)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    CIRCUIT_TARGET_RULES, CIRCUIT_TARGET_SPEC, circuit_target)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation import lone_default_route_warning


ENTRIES = (('routes', route_entry), ('arp', arp_entry), ('summary', summary_entry))


def found_or_fail(answer, circuit, peering):
    if answer is None:
        raise ModuleFailure('peering %s of circuit %s was not found: check the circuit, and configure the peering '
                            'first (hybridlink.expressroute.circuit_peering)' % (peering, circuit.name))
    return answer


def path_table(params, answers, path, circuit, peering, warnings):
    """What one link's edge router reported, normalised and filtered; warnings collected."""
    table = {}
    for name, entry in ENTRIES:
        if (name, path) in answers:
            table[name] = [entry(item) for item in found_or_fail(answers[(name, path)], circuit, peering)]
    if 'routes' in table:
        warning = lone_default_route_warning(route['network'] for route in on_premises_routes(table['routes']))
        if warning and warning not in warnings:
            warnings.append(warning)
        table['routes'] = filter_routes(table['routes'], params['next_hop'])
        table['missing_prefixes'] = missing_prefixes(params['prefixes'], table['routes'], params['prefix_match'])
    return table


def run(module):
    params = module.params
    circuit = circuit_target(module)
    require_no_problems(validate_route_query(params['prefixes'], params['next_hop'], params['include_routes']))
    peering = params['peering_name']
    paths = ('primary', 'secondary') if params['device_path'] == 'both' else (params['device_path'],)
    wanted = [(name, path) for path in paths for name, _entry in ENTRIES if params['include_' + name]]
    answers = list_tables(module, circuit, peering, wanted)
    warnings = []
    tables = dict((path, path_table(params, answers, path, circuit, peering, warnings)) for path in paths)
    result = dict(tables=tables)
    if params['include_stats']:
        result['stats'] = dict(circuit=stats_result(get_circuit_stats(module, circuit)),
                               peering=stats_result(found_or_fail(get_peering_stats(module, circuit, peering),
                                                                  circuit, peering)))
    missing = set()
    for path in paths:
        missing.update(tables[path].get('missing_prefixes', ()))
    for warning in warnings:
        module.ansible.warn(warning)
    module.exit(changed=False, missing_prefixes=[prefix for prefix in params['prefixes'] if prefix in missing],
                found=not missing, **result)


def main():
    spec = dict(
        CIRCUIT_TARGET_SPEC,
        peering_name=dict(type='str', default='AzurePrivatePeering', choices=['AzurePrivatePeering', 'MicrosoftPeering']),
        device_path=dict(type='str', default='both', choices=['primary', 'secondary', 'both']),
        include_routes=dict(type='bool', default=True),
        include_arp=dict(type='bool', default=True),
        include_summary=dict(type='bool', default=True),
        include_stats=dict(type='bool', default=True),
        prefixes=dict(type='list', elements='str', default=[]),
        prefix_match=dict(type='str', default='exact', choices=['exact', 'orlonger', 'covering']),
        next_hop=dict(type='str'),
    )
    AzureModule(spec, **CIRCUIT_TARGET_RULES).run(run)


if __name__ == '__main__':
    main()

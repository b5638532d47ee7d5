#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: route_filter
short_description: Manage a route filter and its rule, which decide what a Microsoft peering receives
version_added: 0.2.0
description:
  - Creates, updates or deletes a route filter (C(Microsoft.Network/routeFilters)) and its rule. A Microsoft peering
    set up since August 2017 receives no Microsoft prefixes until a route filter is attached to it; the filter's
    rule lists the BGP community values of the services wanted (for example V(12076:5010), Exchange Online). Find
    the values by service name with M(hybridlink.expressroute.bgp_service_community_info), and attach the filter
    with the O(hybridlink.expressroute.circuit_peering#module:route_filter_id) option of
    M(hybridlink.expressroute.circuit_peering).
  - Every option is checked before anything is sent, all problems at once. Azure takes rules of access V(Allow) and
    type V(Community) only, and keeps one rule per filter.
  - Rules are matched by name (case-insensitively). A rule given replaces the rule of that name (its communities
    become exactly the ones given); rules not named are kept unless O(purge_rules=true). Without O(rules), the rules
    are left as they are. The filter's tags and other properties are carried through every update (read, merge,
    write; the filter is written whole, with its rules, in one request).
  - O(state=absent) refuses a filter still attached to a peering and names the peerings; detach it first with
    M(hybridlink.expressroute.circuit_peering) and an empty O(hybridlink.expressroute.circuit_peering#module:route_filter_id),
    as Azure refuses to delete it too.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.attributes
options:
  resource_group:
    description:
      - Resource group of the route filter.
    type: str
    required: true
  name:
    description:
      - Name of the route filter.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the filter; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  location:
    description:
      - Region of the filter (for example V(westus)). Needed to create it; a filter cannot move to another region.
    type: str
  rules:
    description:
      - The rules to create or update, by name. Azure keeps one rule per filter, so at most one may be given, and a
        rule of another name than the existing one needs O(purge_rules=true).
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the rule.
        type: str
        required: true
      access:
        description:
          - Only V(Allow), since a route filter lets through the communities it lists.
        type: str
        default: Allow
      route_filter_rule_type:
        description:
          - Only V(Community).
        type: str
        default: Community
      communities:
        description:
          - BGP community values (C(ASN:value), both parts 0-65535), such as V(12076:5010). They replace the rule's
            current list.
        type: list
        elements: str
        required: true
  purge_rules:
    description:
      - With V(false), rules of the filter that O(rules) does not name are kept.
      - With V(true), the filter's rules become exactly O(rules) (V([]) removes every rule). Ignored without O(rules).
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Find the community of Exchange Online by its name
  hybridlink.expressroute.bgp_service_community_info:
    service_name: Exchange
  register: exchange

- name: A route filter that lets Exchange Online's prefixes through
  hybridlink.expressroute.route_filter:
    resource_group: rg-onprem-network
    name: rf-o365
    location: westus
    rules:
      - name: allow-exchange
        communities: "{{ exchange.communities }}"
  register: route_filter

- name: Attach it to the circuit's Microsoft peering
  hybridlink.expressroute.circuit_peering:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    peering_type: MicrosoftPeering
    route_filter_id: "{{ route_filter.route_filter.id }}"

- name: Detach it (the peering then receives no Microsoft prefixes), then delete it
  hybridlink.expressroute.circuit_peering:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    peering_type: MicrosoftPeering
    route_filter_id: ''

- name: Delete the route filter
  hybridlink.expressroute.route_filter:
    resource_group: rg-onprem-network
    name: rf-o365
    state: absent
'''

RETURN = r'''
route_filter:
  description: The route filter after the run (in check mode, what it would be); null when absent.
  returned: always
  type: dict
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
      description: Provisioning state; null in check mode before creation.
      type: str
    tags:
      description: The filter's tags (carried through, not managed).
      type: dict
  sample:
    name: rf-o365
    location: westus
    rules: [{name: allow-exchange, access: Allow, route_filter_rule_type: Community, communities: ["12076:5010"]}]
    peerings: []
action:
  description: What the run did, or would do in check mode; V(create), V(update), V(delete) or V(none).
  returned: always
  type: str
changed_fields:
  description: The fields the run changes (or would change in check mode).
  returned: always
  type: list
  elements: str
request:
  description: The body sent to Azure (or that would be sent in check mode).
  returned: when a create or update is planned
  type: dict
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure, require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_targets import target_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import diff_for, plan_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ROUTE_FILTER, resource_id_of
from ansible_collections.hybridlink.expressroute.plugins.module_utils.route_filter_api import (
    delete_route_filter, get_route_filter, put_route_filter)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.route_filter_model import (
    ROUTE_FILTER_CASE_INSENSITIVE, ROUTE_FILTER_READ_ONLY, ROUTE_FILTER_SET_LISTS, attached_peerings, merge_rules,
    normalise_location, planned_route_filter, route_filter_from_api, route_filter_request, rule_count_problems,
    wanted_rule)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.route_filter import (
    validate_route_filter_rules)


def desired_state(module):
    """(the filter's ID, the wanted rules or None when unmanaged), every option checked at once."""
    params = module.params
    subscription = module.subscription_id()
    problems = target_problems(subscription, params['resource_group'], ('name', params['name']))
    if params['state'] == 'present':
        problems += validate_route_filter_rules(params['rules'])
    require_no_problems(problems)
    rules = None if params['rules'] is None else [wanted_rule(rule) for rule in params['rules']]
    return resource_id_of(subscription, params['resource_group'], ROUTE_FILTER, params['name']), rules


def managed_state(module, route_filter, rules, current):
    """The filter as the user manages it: rules merged over the current ones; location checked against Azure's."""
    location = normalise_location(module.params['location'])
    if current is None:
        if location is None:
            require_no_problems([Problem('location', 'must be set to create route filter %s' % route_filter.name)])
        return dict(name=route_filter.name, location=location, rules=rules or [])
    if location is not None and location != current['location']:
        raise ModuleFailure('location: route filter %s is in %s, requested %s; Azure cannot move it. Delete it '
                            '(state=absent, once detached) and create it again. Nothing was changed.'
                            % (route_filter.name, current['location'], location))
    merged = None
    if rules is not None:
        merged = merge_rules(current['rules'], rules, module.params['purge_rules'])
        require_no_problems(rule_count_problems(route_filter.name, current['rules'], merged))
    return dict(name=current['name'], location=current['location'], rules=merged)


def refuse_delete_attached(route_filter, current):
    users = attached_peerings(current)
    if users:
        raise ModuleFailure('route filter %s is still attached to %s; detach it first with '
                            "hybridlink.expressroute.circuit_peering route_filter_id='' on each peering. Nothing was "
                            'changed.' % (route_filter.name, ', '.join(users)), peerings=users)


def run(module):
    route_filter, rules = desired_state(module)
    current_wire = get_route_filter(module, route_filter)
    current = route_filter_from_api(current_wire)
    managed = None
    if module.params['state'] == 'present':
        managed = managed_state(module, route_filter, rules, current)
    plan = plan_resource(managed, current, read_only=ROUTE_FILTER_READ_ONLY, set_lists=ROUTE_FILTER_SET_LISTS,
                         case_insensitive=ROUTE_FILTER_CASE_INSENSITIVE)
    body = None
    if plan.action in ('create', 'update'):
        body = route_filter_request(plan.after, plan.after['location'], current_wire)
    if plan.action == 'delete':
        refuse_delete_attached(route_filter, current)

    def apply(plan):
        if plan.action == 'delete':
            return delete_route_filter(module, route_filter) and None
        return put_route_filter(module, route_filter, body, plan.action == 'create')

    written = module.apply_plan(plan, apply)
    result = dict(action=plan.action, changed_fields=plan.changed_fields)
    if body is not None:
        result['request'] = body
    final = route_filter_from_api(written) if written is not None else (None if managed is None else current)
    if managed is not None and (final is None or module.check_mode and plan.changed):
        final = planned_route_filter(final, str(route_filter), plan.after)
    module.exit(changed=plan.changed, diff=diff_for(plan, ()), route_filter=final, **result)


def main():
    spec = dict(
        resource_group=dict(type='str', required=True),
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        location=dict(type='str'),
        rules=dict(type='list', elements='dict', options=dict(
            name=dict(type='str', required=True),
            access=dict(type='str', default='Allow'),
            route_filter_rule_type=dict(type='str', default='Community'),
            communities=dict(type='list', elements='str', required=True),
        )),
        purge_rules=dict(type='bool', default=False),
    )
    AzureModule(spec).run(run)


if __name__ == '__main__':
    main()

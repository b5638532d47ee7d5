# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""route_filter_model: the API answer in the user schema, the rule merge, the PUT body. Table-driven, inputs kept."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import plan_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.route_filter_model import (
    ROUTE_FILTER_CASE_INSENSITIVE, ROUTE_FILTER_READ_ONLY, ROUTE_FILTER_SET_LISTS, attached_peerings, merge_rules,
    normalise_location, planned_route_filter, route_filter_from_api, route_filter_request, rule_count_problems,
    wanted_rule)

RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/'
FILTER = RG + 'routeFilters/rf-o365'
PEERING = RG + 'expressRouteCircuits/er1/peerings/MicrosoftPeering'
# The shape of azure-rest-api-specs' RouteFilterGet example.
WIRE = {
    'id': FILTER, 'name': 'rf-o365', 'type': 'Microsoft.Network/routeFilters', 'etag': 'W/"1"', 'location': 'West US',
    'tags': {'team': 'net'},
    'properties': {
        'provisioningState': 'Succeeded', 'peerings': [{'id': PEERING}], 'ipv6Peerings': [],
        'rules': [{'name': 'Allow-Exchange', 'id': FILTER + '/routeFilterRules/Allow-Exchange', 'etag': 'W/"1"',
                   'properties': {'provisioningState': 'Succeeded', 'access': 'Allow',
                                  'routeFilterRuleType': 'Community', 'communities': ['12076:5010', '12076:5060']}}],
    },
}
EXCHANGE = dict(name='Allow-Exchange', access='Allow', route_filter_rule_type='Community',
                communities=['12076:5010', '12076:5060'])


def test_from_api():
    wire = copy.deepcopy(WIRE)
    assert route_filter_from_api(wire) == dict(
        id=FILTER, name='rf-o365', location='westus', rules=[EXCHANGE], peerings=[PEERING], ipv6_peerings=[],
        provisioning_state='Succeeded', tags={'team': 'net'})
    assert wire == WIRE
    assert route_filter_from_api(None) is None
    assert route_filter_from_api({'name': 'empty'})['rules'] == []


@pytest.mark.parametrize('location, expected', [('West US', 'westus'), ('westus', 'westus'), (None, None)])
def test_normalise_location(location, expected):
    assert normalise_location(location) == expected


def wanted(name, *communities):
    return wanted_rule(dict(name=name, communities=list(communities)))


@pytest.mark.parametrize('current, given, purge, expected', [
    # The rule of the same name (any case) takes the given communities, keeps Azure's spelling of its name.
    ([EXCHANGE], [wanted('allow-exchange', '12076:5100')], False,
     [dict(EXCHANGE, communities=['12076:5100'])]),
    # A rule not named is kept...
    ([EXCHANGE], [wanted('other', '12076:5100')], False, [EXCHANGE, wanted('other', '12076:5100')]),
    # ...unless purged.
    ([EXCHANGE], [wanted('other', '12076:5100')], True, [wanted('other', '12076:5100')]),
    ([EXCHANGE], [], True, []),
    ([EXCHANGE], [], False, [EXCHANGE]),
    ([], [wanted('new', '12076:5010')], False, [wanted('new', '12076:5010')]),
])
def test_merge_rules(current, given, purge, expected):
    kept = copy.deepcopy((current, given))
    assert merge_rules(current, given, purge) == expected
    assert (current, given) == kept


def test_more_rules_than_azure_keeps_are_refused_with_the_way_out():
    merged = merge_rules([EXCHANGE], [wanted('other', '12076:5100')], False)
    (problem,) = rule_count_problems('rf-o365', [EXCHANGE], merged)
    assert problem.option == 'rules' and 'Allow-Exchange' in problem.rule and 'purge_rules=true' in problem.rule
    assert rule_count_problems('rf-o365', [EXCHANGE], [EXCHANGE]) == []


def plan(desired):
    return plan_resource(desired, route_filter_from_api(WIRE), read_only=ROUTE_FILTER_READ_ONLY,
                         set_lists=ROUTE_FILTER_SET_LISTS, case_insensitive=ROUTE_FILTER_CASE_INSENSITIVE)


def test_plans_compare_communities_as_sets_and_names_without_case():
    reordered = [dict(EXCHANGE, name='allow-exchange', communities=['12076:5060', '12076:5010'])]
    assert not plan(dict(name='rf-o365', location='westus', rules=reordered)).changed
    assert not plan(dict(name='rf-o365', location='westus', rules=None)).changed  # rules unmanaged
    changed = plan(dict(name='rf-o365', location='westus', rules=[dict(EXCHANGE, communities=['12076:5010'])]))
    assert changed.action == 'update' and changed.changed_fields == ['rules']
    assert plan(None).action == 'delete'


def test_update_body_carries_tags_and_unmanaged_properties_and_drops_server_fields():
    current = copy.deepcopy(WIRE)
    current['properties']['someFutureSetting'] = True
    after = dict(name='rf-o365', location='westus', rules=[dict(EXCHANGE, communities=['12076:5010'])])
    body = route_filter_request(after, 'westus', current)
    assert body == {'location': 'West US', 'tags': {'team': 'net'}, 'properties': {
        'someFutureSetting': True,
        'rules': [{'name': 'Allow-Exchange', 'properties': {'access': 'Allow', 'routeFilterRuleType': 'Community',
                                                            'communities': ['12076:5010']}}]}}
    assert current['properties']['rules'][0]['properties']['communities'] == ['12076:5010', '12076:5060']


def test_create_body_and_check_mode_result():
    after = dict(name='rf-o365', location='westus', rules=[wanted('allow-exchange', '12076:5010')])
    assert route_filter_request(after, 'westus', None) == {'location': 'westus', 'properties': {'rules': [
        {'name': 'allow-exchange', 'properties': {'access': 'Allow', 'routeFilterRuleType': 'Community',
                                                  'communities': ['12076:5010']}}]}}
    planned = planned_route_filter(None, FILTER, after)
    assert planned == dict(after, id=FILTER, peerings=[], ipv6_peerings=[], provisioning_state=None, tags={})


def test_attached_peerings_name_ipv6_ones():
    assert attached_peerings(dict(peerings=[PEERING], ipv6_peerings=[PEERING])) == [PEERING, PEERING + ' (IPv6)']
    assert attached_peerings(dict(peerings=[], ipv6_peerings=[])) == []

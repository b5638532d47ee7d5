# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""validation.route_filter: every problem with a route filter's rules, each naming the option path."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.route_filter import (
    community_problem, validate_route_filter_rules)


def rule(**extra):
    return dict(dict(name='allow-exchange', access='Allow', route_filter_rule_type='Community',
                     communities=['12076:5010']), **extra)


@pytest.mark.parametrize('value, ok', [
    ('12076:5010', True), ('0:0', True), ('65535:65535', True), ('12076:65536', False), ('70000:1', False),
    ('12076', False), ('12076:', False), (':5010', False), ('a:1', False), (' 12076:5010', False),
    ('12076:5010:1', False), (12076, False), (None, False), ('', False),
])
def test_community_values(value, ok):
    problem = community_problem('rules[0].communities[0]', value)
    assert (problem is None) == ok
    if not ok:
        assert problem.option == 'rules[0].communities[0]' and '12076:5010' in problem.rule


@pytest.mark.parametrize('rules, options', [
    (None, []),
    ([], []),
    ([rule()], []),
    ([rule(communities=['12076:5010', '12076:5060'])], []),
    ([rule(access='Deny')], ['rules[0].access']),
    ([rule(access='allow')], ['rules[0].access']),  # Azure's enum is case-sensitive
    ([rule(route_filter_rule_type='Prefix')], ['rules[0].route_filter_rule_type']),
    ([rule(communities=[])], ['rules[0].communities']),
    ([rule(communities=None)], ['rules[0].communities']),
    ([rule(communities=['12076:5010', 'x', '12076:5010'])], ['rules[0].communities[1]', 'rules[0].communities[2]']),
    ([rule(name='a/b')], ['rules[0].name']),
    ([rule(name=None)], ['rules[0].name']),
    ([rule(), rule(name='ALLOW-EXCHANGE')], ['rules[1].name', 'rules']),
    ([rule(), rule(name='other')], ['rules']),
    (['not-a-mapping'], ['rules[0]']),
])
def test_rules(rules, options):
    given = copy.deepcopy(rules)
    problems = validate_route_filter_rules(rules)
    assert [problem.option for problem in problems] == options
    assert rules == given


def test_every_problem_at_once_names_the_value():
    problems = validate_route_filter_rules([rule(access='Deny', communities=['bad'])])
    assert [str(problem) for problem in problems] == [
        "rules[0].access: must be Allow: Azure route filter rules only allow (got 'Deny')",
        "rules[0].communities[0]: must be a BGP community ASN:value with both parts 0-65535, like 12076:5010 (see "
        "hybridlink.expressroute.bgp_service_community_info) (got 'bad')"]

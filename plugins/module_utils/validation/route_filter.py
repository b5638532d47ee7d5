# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Validation of a route filter's requested rules (Microsoft.Network/routeFilters), before any request.

Azure's route filters take rules of access ``Allow`` and type ``Community``
only, each with a non-empty list of BGP community values like ``12076:5010``
(edge-and-gen2.md; Learn, "Configure route filters for Microsoft peering").
A filter holds at most one rule. Pure: no Ansible, no Azure calls.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
from typing import Any, List, Mapping, Optional, Sequence

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.request_names import check_request_names

RULE_ACCESS = "Allow"
RULE_TYPE = "Community"
# Azure keeps one rule per route filter.
MAX_RULES = 1
_COMMUNITY = re.compile(r"^\d+:\d+$")
_PART_MAX = 65535


def community_problem(option: str, value: Any) -> Optional[Problem]:
    """A BGP community value ``ASN:value`` (both parts 0-65535), or the problem with it."""
    if isinstance(value, str) and _COMMUNITY.match(value):
        if all(int(part) <= _PART_MAX for part in value.split(":")):
            return None
    return Problem(option, "must be a BGP community ASN:value with both parts 0-65535, like 12076:5010 "
                   "(see hybridlink.expressroute.bgp_service_community_info)", value)


def _rule_problems(option: str, rule: Any) -> List[Problem]:
    if not isinstance(rule, Mapping):
        return [Problem(option, "must be a mapping with name and communities", rule)]
    problems = check_request_names([(option + ".name", rule.get("name"), "name")])
    if rule.get("name") is None:
        problems.append(Problem(option + ".name", "must be set: rules are matched by name"))
    access = rule.get("access")
    if access is not None and access != RULE_ACCESS:
        problems.append(Problem(option + ".access", "must be Allow: Azure route filter rules only allow", access))
    rule_type = rule.get("route_filter_rule_type")
    if rule_type is not None and rule_type != RULE_TYPE:
        problems.append(Problem(option + ".route_filter_rule_type", "must be Community, the only rule type Azure has",
                                rule_type))
    communities = rule.get("communities")
    if not isinstance(communities, list) or not communities:
        problems.append(Problem(option + ".communities", "must list at least one BGP community value like 12076:5010",
                                communities))
        return problems
    seen = set()
    for index, value in enumerate(communities):
        item = "%s.communities[%d]" % (option, index)
        problem = community_problem(item, value)
        if problem is not None:
            problems.append(problem)
        elif value in seen:
            problems.append(Problem(item, "must not repeat a community of the same rule", value))
        seen.add(value)
    return problems


def validate_route_filter_rules(rules: Optional[Sequence[Any]]) -> List[Problem]:
    """Every problem with the ``rules`` option (None: rules unmanaged); names repeated or too many rules included."""
    if rules is None:
        return []
    problems = []
    names = []
    for index, rule in enumerate(rules):
        option = "rules[%d]" % index
        problems.extend(_rule_problems(option, rule))
        name = rule.get("name") if isinstance(rule, Mapping) else None
        if isinstance(name, str):
            if name.lower() in names:
                problems.append(Problem(option + ".name", "must be unique among the rules", name))
            names.append(name.lower())
    if len(rules) > MAX_RULES:
        problems.append(Problem("rules", "must hold at most %d rule: Azure keeps one rule per route filter "
                                "(list several communities in that rule instead)" % MAX_RULES,
                                [rule.get("name") if isinstance(rule, Mapping) else rule for rule in rules]))
    return problems

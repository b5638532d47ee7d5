# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Route filters (Microsoft.Network/routeFilters): between the API and the user schema.

``route_filter_from_api`` turns an answer into the user schema plus
read-only fields (the peerings it is attached to); ``merge_rules`` applies
the requested rules over the current ones by name, never dropping a rule the
user did not ask to remove; ``route_filter_request`` builds the PUT body by
read, merge, write (the filter's tags and any property the module does not
manage are carried through). Pure: no Ansible, no Azure calls.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
from typing import Any, Dict, List, Mapping, Optional, Sequence

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.route_filter import (
    MAX_RULES, RULE_ACCESS, RULE_TYPE)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import id_of

ROUTE_FILTER_READ_ONLY = frozenset(("id", "provisioning_state", "peerings", "ipv6_peerings", "tags"))
ROUTE_FILTER_SET_LISTS = frozenset(("rules.communities",))
ROUTE_FILTER_CASE_INSENSITIVE = frozenset(("rules.name",))
# What Azure answers about a filter and never takes back.
_SERVER_PROPERTIES = ("provisioningState", "peerings", "ipv6Peerings", "rules")


def normalise_location(location: Optional[str]) -> Optional[str]:
    """Azure's spelling of a region: "West US" -> "westus"."""
    return location.replace(" ", "").lower() if isinstance(location, str) else location


def _rule_from_api(wire: Mapping[str, Any]) -> Dict[str, Any]:
    properties = wire.get("properties") or {}
    return dict(name=wire.get("name"), access=properties.get("access"),
                route_filter_rule_type=properties.get("routeFilterRuleType"),
                communities=list(properties.get("communities") or []))


def route_filter_from_api(wire: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A route filter in the user schema, with the IDs of the peerings it is attached to (read-only)."""
    if wire is None:
        return None
    properties = wire.get("properties") or {}
    return dict(id=wire.get("id"), name=wire.get("name"), location=normalise_location(wire.get("location")),
                rules=[_rule_from_api(rule) for rule in properties.get("rules") or []],
                peerings=[id_of(peering) for peering in properties.get("peerings") or []],
                ipv6_peerings=[id_of(peering) for peering in properties.get("ipv6Peerings") or []],
                provisioning_state=properties.get("provisioningState"), tags=dict(wire.get("tags") or {}))


def wanted_rule(rule: Mapping[str, Any]) -> Dict[str, Any]:
    """A rule option in the user schema (access and type have one possible value each)."""
    return dict(name=rule["name"], access=RULE_ACCESS, route_filter_rule_type=RULE_TYPE,
                communities=list(rule["communities"]))


def merge_rules(current: Sequence[Mapping[str, Any]], wanted: Sequence[Mapping[str, Any]],
                purge: bool) -> List[Dict[str, Any]]:
    """The rules after the run: each wanted rule replaces the current one of the same name (case-insensitive,
    keeping Azure's spelling of the name) or is added after them; current rules not named are kept unless
    ``purge``. Inputs are not modified."""
    by_name = dict((rule["name"].lower(), rule) for rule in wanted)
    merged = []
    for rule in current:
        match = by_name.pop((rule.get("name") or "").lower(), None)
        if match is not None:
            merged.append(dict(copy.deepcopy(dict(match)), name=rule.get("name")))
        elif not purge:
            merged.append(copy.deepcopy(dict(rule)))
    merged.extend(copy.deepcopy(dict(rule)) for rule in wanted if rule["name"].lower() in by_name)
    return merged


def rule_count_problems(name: str, current: Sequence[Mapping[str, Any]], merged: Sequence[Mapping[str, Any]],
                        ) -> List[Problem]:
    """Azure keeps one rule per filter: the merge must not leave more (found before anything is written)."""
    if len(merged) <= MAX_RULES:
        return []
    kept = ", ".join(rule.get("name") or "" for rule in current)
    return [Problem("rules", "would leave route filter %s with %d rules, but Azure keeps one rule per filter; name its "
                    "existing rule (%s) to change its communities, or set purge_rules=true to replace it"
                    % (name, len(merged), kept), [rule.get("name") for rule in merged])]


def _rule_request(rule: Mapping[str, Any]) -> Dict[str, Any]:
    return {"name": rule["name"], "properties": {"access": rule["access"],
                                                 "routeFilterRuleType": rule["route_filter_rule_type"],
                                                 "communities": list(rule["communities"])}}


def route_filter_request(after: Mapping[str, Any], location: Optional[str],
                         current_wire: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The PUT body: the current filter (tags and unmanaged properties kept) with the planned rules; or a new one."""
    if current_wire is not None:
        body = copy.deepcopy(dict(current_wire))
        for envelope in ("etag", "type", "id", "name"):
            body.pop(envelope, None)
        properties = dict((name, value) for name, value in (body.get("properties") or {}).items()
                          if name not in _SERVER_PROPERTIES)
    else:
        body, properties = {"location": location}, {}
    properties["rules"] = [_rule_request(rule) for rule in after.get("rules") or []]
    body["properties"] = properties
    return body


def planned_route_filter(final: Optional[Mapping[str, Any]], route_filter_id: str,
                         after: Mapping[str, Any]) -> Dict[str, Any]:
    """In check mode, the filter as the plan leaves it."""
    planned = dict(final or dict(peerings=[], ipv6_peerings=[], provisioning_state=None, tags={}), id=route_filter_id)
    planned.update(copy.deepcopy(dict(after)))
    return planned


def attached_peerings(route_filter: Mapping[str, Any]) -> List[str]:
    """The peerings (IPv4, then IPv6 marked so) a filter is attached to, from route_filter_from_api's result."""
    ipv6 = ["%s (IPv6)" % peering for peering in route_filter.get("ipv6_peerings") or []]
    return list(route_filter.get("peerings") or []) + ipv6

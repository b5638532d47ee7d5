# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The BGP service community catalogue (Microsoft.Network/bgpServiceCommunities) in the user schema, and its search.

Azure lists each Microsoft service (``serviceName``) with its BGP
communities: a name, a value like ``12076:5010``, the prefixes behind it and
the region it serves. ``select_services`` keeps the communities a user asks
for, by service or community name (case and spaces ignored) and by value, so
that a play can pick a route filter's communities by name. Pure: no Ansible,
no Azure calls.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, List, Mapping, Optional, Sequence


def _community_from_api(community: Mapping[str, Any]) -> Dict[str, Any]:
    return dict(community_name=community.get("communityName"), community_value=community.get("communityValue"),
                community_prefixes=list(community.get("communityPrefixes") or []),
                service_supported_region=community.get("serviceSupportedRegion"),
                service_group=community.get("serviceGroup"),
                is_authorized_to_use=community.get("isAuthorizedToUse"))


def service_from_api(wire: Mapping[str, Any]) -> Dict[str, Any]:
    """One service of the catalogue: its name and its communities."""
    properties = wire.get("properties") or {}
    return dict(id=wire.get("id"), name=wire.get("name"), service_name=properties.get("serviceName") or wire.get("name"),
                communities=[_community_from_api(item) for item in properties.get("bgpCommunities") or []])


def _folded(name: Any) -> str:
    return "".join(str(name or "").split()).casefold()


def select_services(services: Sequence[Mapping[str, Any]], service_name: Optional[str] = None,
                    community_value: Optional[str] = None) -> List[Dict[str, Any]]:
    """The services (user schema) with only the communities asked for; services left with none are dropped.

    A community is kept when ``service_name`` (if given) names its service or the community itself, ignoring
    case and spaces ("exchange", "Azure Active Directory"), and when ``community_value`` (if given) is its value.
    Inputs are not modified.
    """
    wanted = _folded(service_name) if service_name is not None else None
    selected = []
    for service in services:
        by_service = wanted is None or _folded(service.get("service_name")) == wanted
        communities = [dict(community) for community in service.get("communities") or []
                       if (by_service or _folded(community.get("community_name")) == wanted)
                       and (community_value is None or community.get("community_value") == community_value)]
        if communities:
            selected.append(dict(service, communities=communities))
    return selected


def community_values(services: Sequence[Mapping[str, Any]]) -> List[str]:
    """Each community value once, in catalogue order: what a route filter rule's ``communities`` takes."""
    values = []
    for service in services:
        for community in service.get("communities") or []:
            value = community.get("community_value")
            if value and value not in values:
                values.append(value)
    return values

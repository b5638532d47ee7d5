# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whole-resource validation of a circuit peering's requested state.

Runs once, up front, over the module's option dict, and returns every
problem at once. Options that are None were not set: they are unmanaged and
not checked, except the ones a new peering needs (``creating=True``).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
from typing import Any, List, Mapping, Optional, Sequence, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ROUTE_FILTER, parse_strict
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import (
    check_address_spaces,
    check_not_overlapping,
    check_peer_subnet_pair,
    check_prefix_list,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.asn import (
    check_customer_asn,
    check_peer_asn,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.prefix_items import split_prefix_items
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.registry import (
    check_routing_registry,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.shared_key import check_shared_key
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.vlan import check_vlan

PRIVATE_PEERING = "AzurePrivatePeering"
MICROSOFT_PEERING = "MicrosoftPeering"
PEERING_TYPES = (PRIVATE_PEERING, MICROSOFT_PEERING)
PEERING_STATES = ("Enabled", "Disabled")

# A standard BGP community, ASN:value with 16 bits each (like 12076:5010).
_COMMUNITY = re.compile(r"^(\d{1,5}):(\d{1,5})$")

InUse = List[Tuple[str, str]]


def _is(peering_type: object, expected: str) -> bool:
    return isinstance(peering_type, str) and peering_type.lower() == expected.lower()


def _check_peering_type(value: object, creating: bool) -> List[Problem]:
    if value is None:
        return [Problem("peering_type", "must be set to one of %s" % ", ".join(PEERING_TYPES))] if creating else []
    if _is(value, "AzurePublicPeering"):
        return [Problem("peering_type", "must be one of %s; AzurePublicPeering was retired on 2024-03-31, "
                        "use MicrosoftPeering" % ", ".join(PEERING_TYPES), value)]
    if not any(_is(value, known) for known in PEERING_TYPES):
        return [Problem("peering_type", "must be one of %s" % ", ".join(PEERING_TYPES), value)]
    return []


def _check_state(option: str, value: object) -> List[Problem]:
    if value is not None and value not in PEERING_STATES:
        return [Problem(option, "must be one of %s" % ", ".join(PEERING_STATES), value)]
    return []


def _check_communities(option: str, values: object) -> List[Problem]:
    if not isinstance(values, (list, tuple)):
        return [Problem(option, "must be a list of BGP communities like 12076:5010", values)]
    problems = []
    for index, value in enumerate(values):
        match = _COMMUNITY.match(value) if isinstance(value, str) else None
        if not match or int(match.group(1)) > 65535 or int(match.group(2)) > 65535:
            problems.append(Problem("%s[%d]" % (option, index),
                                    "must be a BGP community ASN:value with both parts 0-65535, like 12076:5010",
                                    value))
    return problems


def _check_route_filter(option: str, value: object, peering_type: object) -> List[Problem]:
    if value is None or value == "":
        # Unset, or '' (detach: the peering keeps no route filter).
        return []
    if _is(peering_type, PRIVATE_PEERING):
        return [Problem(option, "must not be set for AzurePrivatePeering; route filters apply to MicrosoftPeering",
                        value)]
    try:
        parse_strict(value, ROUTE_FILTER)
    except ValueError as error:
        return [Problem(option, str(error), value)]
    return []


def _check_microsoft_config(option: str, config: object, peering_type: object, *, version: int,
                            required: bool) -> List[Problem]:
    """The microsoft_peering_config block (IPv4 or, inside ipv6_peering_config, IPv6)."""
    prefixes_option = option + ".advertised_public_prefixes"
    if config is None:
        if required and _is(peering_type, MICROSOFT_PEERING):
            return [Problem(prefixes_option, "must list at least one public prefix for a new MicrosoftPeering")]
        return []
    if _is(peering_type, PRIVATE_PEERING):
        return [Problem(option, "must not be set for AzurePrivatePeering; it belongs to MicrosoftPeering",
                        config)]
    if not isinstance(config, Mapping):
        return [Problem(option, "must be a dictionary", config)]
    # Items are prefixes or {prefix, signature, validation_id}; the prefixes keep the items' places.
    prefixes, _proofs, problems = split_prefix_items(prefixes_option, config.get("advertised_public_prefixes"))
    if prefixes is None:
        if required and _is(peering_type, MICROSOFT_PEERING):
            problems.append(Problem(prefixes_option,
                                    "must list at least one public prefix for a new MicrosoftPeering"))
    elif isinstance(prefixes, (list, tuple)) and not prefixes and _is(peering_type, MICROSOFT_PEERING):
        problems.append(Problem(prefixes_option, "must list at least one public prefix for MicrosoftPeering",
                                prefixes))
    else:
        problems.extend(check_prefix_list(prefixes_option, prefixes, version=version, public=True))
        if prefixes and config.get("routing_registry_name") is None:
            problems.append(Problem(option + ".routing_registry_name",
                                    "must name the registry (RIR/IRR) of the advertised prefixes when "
                                    "advertised_public_prefixes are given"))
    if config.get("advertised_communities") is not None:
        problems.extend(_check_communities(option + ".advertised_communities", config["advertised_communities"]))
    if config.get("customer_asn") is not None:
        problems.extend(check_customer_asn(option + ".customer_asn", config["customer_asn"]))
    if config.get("routing_registry_name") is not None:
        problems.extend(check_routing_registry(option + ".routing_registry_name", config["routing_registry_name"]))
    legacy_mode = config.get("legacy_mode")
    if legacy_mode is not None and (isinstance(legacy_mode, bool) or not isinstance(legacy_mode, int)
                                    or legacy_mode < 0):
        problems.append(Problem(option + ".legacy_mode", "must be a non-negative integer", legacy_mode))
    return problems


def _check_subnets(prefix: str, subnets: Mapping[str, Any], peering_type: object, *, version: int,
                   in_use: InUse) -> List[Problem]:
    primary_option = prefix + "primary_peer_address_prefix"
    secondary_option = prefix + "secondary_peer_address_prefix"
    primary = subnets.get("primary_peer_address_prefix")
    secondary = subnets.get("secondary_peer_address_prefix")
    problems = check_peer_subnet_pair(primary_option, primary, secondary_option, secondary,
                                      version=version, public=_is(peering_type, MICROSOFT_PEERING))
    if _is(peering_type, PRIVATE_PEERING):
        for option, value in ((primary_option, primary), (secondary_option, secondary)):
            if value is not None:
                problems.extend(check_not_overlapping(option, value, in_use))
    return problems


def _check_ipv6(config: object, peering_type: object, *, in_use: InUse, creating: bool) -> List[Problem]:
    if config is None:
        return []
    if not isinstance(config, Mapping):
        return [Problem("ipv6_peering_config", "must be a dictionary", config)]
    problems = _check_subnets("ipv6_peering_config.", config, peering_type, version=6, in_use=in_use)
    problems.extend(_check_state("ipv6_peering_config.state", config.get("state")))
    problems.extend(_check_microsoft_config(
        "ipv6_peering_config.microsoft_peering_config", config.get("microsoft_peering_config"), peering_type,
        version=6, required=creating and config.get("primary_peer_address_prefix") is not None))
    problems.extend(_check_route_filter("ipv6_peering_config.route_filter_id", config.get("route_filter_id"),
                                        peering_type))
    return problems


def _required_on_create(desired: Mapping[str, Any]) -> List[Problem]:
    problems = []
    for option in ("vlan_id", "peer_asn"):
        if desired.get(option) is None:
            problems.append(Problem(option, "must be set to create a peering"))
    ipv6 = desired.get("ipv6_peering_config")
    has_ipv6_subnets = isinstance(ipv6, Mapping) and ipv6.get("primary_peer_address_prefix") is not None
    if desired.get("primary_peer_address_prefix") is None and not has_ipv6_subnets:
        if _is(desired.get("peering_type"), MICROSOFT_PEERING):
            rule = "must be set to create a peering (or give ipv6_peering_config subnets)"
        else:
            rule = "must be set to create a peering"
        problems.append(Problem("primary_peer_address_prefix", rule))
    return problems


def validate_peering(desired: Mapping[str, Any], *, other_peerings_vlans: Optional[Mapping[str, object]] = None,
                     address_spaces_in_use: Optional[Sequence[str]] = None,
                     creating: bool = False) -> List[Problem]:
    """Every problem with a requested circuit peering, in option order.

    ``desired`` is the module's option dict (schema of circuit_peering);
    None values are unset and skipped. ``other_peerings_vlans`` maps the
    circuit's peerings to their VLAN IDs; an entry named like this peering's
    type is ignored, so the whole circuit's mapping may be passed.
    ``address_spaces_in_use`` (VNet/AVS ranges a private peering must not
    overlap) defaults to ``desired["address_spaces_in_use"]``. With
    ``creating`` the options a new peering cannot do without are required.
    The inputs are never modified.
    """
    peering_type = desired.get("peering_type")
    problems = _check_peering_type(peering_type, creating)
    problems.extend(_check_state("peering_state", desired.get("peering_state")))
    if creating:
        problems.extend(_required_on_create(desired))
    if desired.get("vlan_id") is not None:
        others = {name: vlan for name, vlan in (other_peerings_vlans or {}).items()
                  if not _is(peering_type, str(name))}
        problems.extend(check_vlan("vlan_id", desired["vlan_id"], others))
    if desired.get("peer_asn") is not None:
        problems.extend(check_peer_asn("peer_asn", desired["peer_asn"]))
    if desired.get("shared_key") is not None:
        problems.extend(check_shared_key("shared_key", desired["shared_key"]))
    if address_spaces_in_use is None:
        address_spaces_in_use = desired.get("address_spaces_in_use")
    in_use, in_use_problems = check_address_spaces("address_spaces_in_use", address_spaces_in_use)
    problems.extend(_check_subnets("", desired, peering_type, version=4, in_use=in_use))
    problems.extend(_check_microsoft_config(
        "microsoft_peering_config", desired.get("microsoft_peering_config"), peering_type,
        version=4, required=creating and desired.get("primary_peer_address_prefix") is not None))
    problems.extend(_check_route_filter("route_filter_id", desired.get("route_filter_id"), peering_type))
    problems.extend(_check_ipv6(desired.get("ipv6_peering_config"), peering_type, in_use=in_use, creating=creating))
    problems.extend(in_use_problems)
    return problems

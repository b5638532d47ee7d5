# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Circuit peering: between the module's user schema and the API's JSON.

``peering_from_api`` flattens what the API answered into the user schema
(plus read-only fields, listed in ``PEERING_READ_ONLY``), so want and have
compare directly. ``peering_request`` builds the request the other way and
carries through everything the user did not set, above all the existing
Global Reach ``connections``: the Network RP deletes children a PUT omits.
``peering_rest_body`` turns it into the PUT body. ``PEERING_SECRETS`` and
``PEERING_REQUEST_SECRETS`` mask the MD5 key in diffs and in the request echo.

The API side is accepted flat (snake_case, ``peer_asn``) or as arm.ArmClient
answers it (``properties`` envelope, camelCase, ``peerASN``).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
from typing import Any, Dict, Mapping, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.registry import (
    normalise_routing_registry,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.prefix_validation import (
    info_request, prefix_info_from_api, proofs_from_info)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import normalise_prefix
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.prefix_items import split_prefix_items
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten as flatten_api, id_of, unflatten

# Options of the circuit_peering module that describe the peering.
PEERING_OPTIONS = (
    "peering_type", "peering_state", "vlan_id", "peer_asn", "primary_peer_address_prefix",
    "secondary_peer_address_prefix", "shared_key", "microsoft_peering_config", "ipv6_peering_config",
    "route_filter_id",
)
MICROSOFT_CONFIG_OPTIONS = (
    "advertised_public_prefixes", "advertised_communities", "customer_asn", "routing_registry_name", "legacy_mode",
)
IPV6_OPTIONS = ("primary_peer_address_prefix", "secondary_peer_address_prefix", "microsoft_peering_config",
                "route_filter_id", "state")

# route_filter_id: '' detaches the peering's route filter.
DETACH = ""

_MS = "microsoft_peering_config"
_V6 = "ipv6_peering_config"
_V6_MS = _V6 + "." + _MS

# Rules for planning.plan_resource and masking.
PEERING_READ_ONLY = frozenset((
    "id", "name", "etag", "azure_asn", "primary_azure_port", "secondary_azure_port", "provisioning_state",
    "last_modified_by", "connections", "peered_connections", _MS + ".advertised_public_prefixes_state",
    _V6_MS + ".advertised_public_prefixes_state", _MS + ".advertised_public_prefix_info",
    _V6_MS + ".advertised_public_prefix_info",
))
# The planning view of the per-prefix proofs ({prefix: {signature, validation_id}}, see prefix_validation.py):
# in plans and diffs, never in results (advertised_public_prefix_info reports them with their states).
PREFIX_PROOFS = "prefix_validation"
PEERING_SECRETS = frozenset(("shared_key",))
PEERING_REQUEST_SECRETS = frozenset(("properties.sharedKey",))
PEERING_SET_LISTS = frozenset((
    _MS + ".advertised_public_prefixes", _MS + ".advertised_communities",
    _V6_MS + ".advertised_public_prefixes", _V6_MS + ".advertised_communities",
))
PEERING_CASE_INSENSITIVE = frozenset((
    "peering_type", "peering_state", "route_filter_id", _MS + ".routing_registry_name", _V6 + ".state",
    _V6 + ".route_filter_id", _V6_MS + ".routing_registry_name",
))

# API attributes that are read-only (azure-api.md) and never sent back.
_READ_ONLY_API = frozenset((
    "etag", "type", "azure_asn", "primary_azure_port", "secondary_azure_port", "provisioning_state",
    "last_modified_by", "peered_connections",
))
_READ_ONLY_CONNECTION_API = frozenset(("etag", "type", "circuit_connection_status", "provisioning_state"))


def _prefixes(values: Any) -> Any:
    return [normalise_prefix(value) for value in values] if isinstance(values, list) else values


def _microsoft_config_from_api(config: Any) -> Optional[Dict[str, Any]]:
    if not isinstance(config, Mapping):
        return None
    return {
        "advertised_public_prefixes": _prefixes(config.get("advertised_public_prefixes")),
        "advertised_communities": copy.deepcopy(config.get("advertised_communities")),
        "customer_asn": config.get("customer_asn"),
        "routing_registry_name": config.get("routing_registry_name"),
        "legacy_mode": config.get("legacy_mode"),
        "advertised_public_prefixes_state": config.get("advertised_public_prefixes_state"),
        "advertised_public_prefix_info": prefix_info_from_api(config.get("advertised_public_prefix_info")),
    }


def _connection_from_api(connection: Mapping[str, Any]) -> Dict[str, Any]:
    ipv6 = connection.get("ipv6_circuit_connection_config")
    return {
        "id": connection.get("id"),
        "name": connection.get("name"),
        "address_prefix": normalise_prefix(connection.get("address_prefix")),
        "ipv6_address_prefix": normalise_prefix(ipv6.get("address_prefix")) if isinstance(ipv6, Mapping) else None,
        "peer_peering_id": id_of(connection.get("peer_express_route_circuit_peering")),
        "circuit_connection_status": connection.get("circuit_connection_status"),
        "provisioning_state": connection.get("provisioning_state"),
    }


def peering_from_api(api: Mapping[str, Any]) -> Dict[str, Any]:
    """The peering in the module's user schema, plus read-only fields (``PEERING_READ_ONLY``).

    ``api`` is an answer in either shape (see the module docstring).
    Prefixes come back in ipaddress's spelling. Global Reach
    connections are summarised without their authorization keys.
    """
    props = flatten_api(api)
    ipv6 = props.get("ipv6_peering_config")
    return {
        "id": props.get("id"),
        "name": props.get("name"),
        "etag": props.get("etag"),
        "peering_type": props.get("peering_type"),
        "peering_state": props.get("state"),
        "vlan_id": props.get("vlan_id"),
        "peer_asn": props.get("peer_asn"),
        "primary_peer_address_prefix": normalise_prefix(props.get("primary_peer_address_prefix")),
        "secondary_peer_address_prefix": normalise_prefix(props.get("secondary_peer_address_prefix")),
        "shared_key": props.get("shared_key"),
        "microsoft_peering_config": _microsoft_config_from_api(props.get("microsoft_peering_config")),
        "ipv6_peering_config": None if not isinstance(ipv6, Mapping) else {
            "primary_peer_address_prefix": normalise_prefix(ipv6.get("primary_peer_address_prefix")),
            "secondary_peer_address_prefix": normalise_prefix(ipv6.get("secondary_peer_address_prefix")),
            "microsoft_peering_config": _microsoft_config_from_api(ipv6.get("microsoft_peering_config")),
            "route_filter_id": id_of(ipv6.get("route_filter")),
            "state": ipv6.get("state"),
        },
        "route_filter_id": id_of(props.get("route_filter")),
        "azure_asn": props.get("azure_asn"),
        "primary_azure_port": props.get("primary_azure_port"),
        "secondary_azure_port": props.get("secondary_azure_port"),
        "provisioning_state": props.get("provisioning_state"),
        "last_modified_by": props.get("last_modified_by"),
        "connections": [_connection_from_api(item) for item in props.get("connections") or []],
        "peered_connections": [_connection_from_api(item) for item in props.get("peered_connections") or []],
    }


def _normalised_microsoft_config(config: Any) -> Any:
    if not isinstance(config, Mapping):
        return copy.deepcopy(config)
    result = {key: copy.deepcopy(config.get(key)) for key in MICROSOFT_CONFIG_OPTIONS}
    prefixes, proofs, _problems = split_prefix_items("advertised_public_prefixes", result["advertised_public_prefixes"])
    result["advertised_public_prefixes"] = _prefixes(prefixes)
    result[PREFIX_PROOFS] = proofs
    registry = normalise_routing_registry(result["routing_registry_name"])
    if registry is not None:
        result["routing_registry_name"] = registry
    return result


def peering_desired_state(params: Mapping[str, Any]) -> Dict[str, Any]:
    """The desired peering from module params: only PEERING_OPTIONS, in canonical spelling.

    Validation-only options (``address_spaces_in_use``) and connection
    options are left out; prefixes get ipaddress's spelling and the routing
    registry upper case, so they compare with ``peering_from_api``'s output.
    Unparsable values are kept as given (validation reports them). None stays
    None (unset). ``params`` is not modified.
    """
    desired = {key: copy.deepcopy(params.get(key)) for key in PEERING_OPTIONS}
    for key in ("primary_peer_address_prefix", "secondary_peer_address_prefix"):
        desired[key] = normalise_prefix(desired[key])
    desired[_MS] = _normalised_microsoft_config(desired[_MS])
    ipv6 = desired[_V6]
    if isinstance(ipv6, Mapping):
        ipv6 = {key: ipv6.get(key) for key in IPV6_OPTIONS}
        for key in ("primary_peer_address_prefix", "secondary_peer_address_prefix"):
            ipv6[key] = normalise_prefix(ipv6[key])
        ipv6[_MS] = _normalised_microsoft_config(ipv6[_MS])
        desired[_V6] = ipv6
    return desired


def _writable_microsoft_config(current: Any, wanted: Any) -> Any:
    current = current or {}
    result = {key: value for key, value in current.items()
              if key not in ("advertised_public_prefixes_state", "advertised_public_prefix_info")}
    for key in MICROSOFT_CONFIG_OPTIONS:
        if isinstance(wanted, Mapping) and wanted.get(key) is not None:
            result[key] = copy.deepcopy(wanted[key])
    proofs = wanted.get(PREFIX_PROOFS) if isinstance(wanted, Mapping) else None
    if current.get("advertised_public_prefix_info") is not None or proofs:
        # One entry per prefix now advertised, with its proofs; the read-only validationState is not sent back.
        result["advertised_public_prefix_info"] = info_request(
            result.get("advertised_public_prefixes") or [], current.get("advertised_public_prefix_info"), proofs)
    return result or None


def with_prefix_proofs(peering: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """``peering_from_api``'s peering plus the planning view of its proofs (``PREFIX_PROOFS``) in each config.

    The desired state carries the proofs the user gave the same way, so
    planning compares only those; ``peering`` is not modified.
    """
    if peering is None:
        return None
    result = copy.deepcopy(dict(peering))
    configs = [result.get(_MS), (result.get(_V6) or {}).get(_MS)]
    for config in configs:
        if isinstance(config, dict):
            config[PREFIX_PROOFS] = proofs_from_info(config.get("advertised_public_prefix_info"))
    return result


def without_prefix_proofs(peering: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """``peering`` (user schema) without the planning view of the proofs, as results report a peering."""
    if peering is None:
        return None
    result = copy.deepcopy(dict(peering))
    for config in (result.get(_MS), (result.get(_V6) or {}).get(_MS)):
        if isinstance(config, dict):
            config.pop(PREFIX_PROOFS, None)
    return result


def _writable_connection(connection: Mapping[str, Any]) -> Dict[str, Any]:
    result = {key: value for key, value in connection.items() if key not in _READ_ONLY_CONNECTION_API}
    if isinstance(result.get("ipv6_circuit_connection_config"), Mapping):
        result["ipv6_circuit_connection_config"] = {
            key: value for key, value in result["ipv6_circuit_connection_config"].items()
            if key != "circuit_connection_status"}
    return result


def _without_none(data: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


def _set_route_filter(request: Dict[str, Any], route_filter_id: Optional[str]) -> None:
    """Attach the filter named, detach on '' (DETACH), leave the current one on None."""
    if route_filter_id == DETACH:
        request.pop("route_filter", None)
    elif route_filter_id is not None:
        request["route_filter"] = {"id": route_filter_id}


def detach_only_if_attached(desired: Optional[Mapping[str, Any]],
                            current: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """``desired`` where a detach ('') of a route filter that is not attached is left unset, so it plans no change.

    Both are in the user schema (``peering_desired_state``, ``peering_from_api``); neither is modified.
    """
    if desired is None:
        return None
    result = copy.deepcopy(dict(desired))
    have = current or {}
    if result.get("route_filter_id") == DETACH and not have.get("route_filter_id"):
        result["route_filter_id"] = None
    ipv6 = result.get(_V6)
    if isinstance(ipv6, Mapping) and ipv6.get("route_filter_id") == DETACH \
            and not (have.get(_V6) or {}).get("route_filter_id"):
        result[_V6] = dict(ipv6, route_filter_id=None)
    return result


def peering_request(after: Mapping[str, Any], current_api: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The peering to PUT, flat and snake_case (nested dicts stay dicts); ``peering_rest_body`` makes it JSON.

    Starts from every writable field of ``current_api`` (either shape),
    keeps the existing Global Reach ``connections`` untouched, then sets what
    ``after`` (user schema, e.g. ``Plan.after``) holds. None in ``after``
    changes nothing. Read-only fields are dropped. Inputs are not modified.
    """
    current = flatten_api(current_api) if current_api else {}
    request = {key: value for key, value in current.items() if key not in _READ_ONLY_API}
    if isinstance(request.get("connections"), list):
        request["connections"] = [_writable_connection(item) for item in request["connections"]
                                  if isinstance(item, Mapping)]

    simple = {"peering_type": "peering_type", "peering_state": "state", "vlan_id": "vlan_id",
              "peer_asn": "peer_asn", "primary_peer_address_prefix": "primary_peer_address_prefix",
              "secondary_peer_address_prefix": "secondary_peer_address_prefix", "shared_key": "shared_key"}
    for option, attribute in simple.items():
        if after.get(option) is not None:
            request[attribute] = copy.deepcopy(after[option])
    if request.get("name") is None and after.get("peering_type"):
        # A peering is named after its type.
        request["name"] = after["peering_type"]
    if after.get(_MS) is not None or request.get(_MS) is not None:
        request[_MS] = _writable_microsoft_config(request.get(_MS), after.get(_MS))
    _set_route_filter(request, after.get("route_filter_id"))

    wanted_ipv6 = after.get(_V6)
    if isinstance(wanted_ipv6, Mapping) or isinstance(request.get(_V6), Mapping):
        ipv6 = dict(request.get(_V6) or {})
        wanted_ipv6 = wanted_ipv6 or {}
        for key in ("primary_peer_address_prefix", "secondary_peer_address_prefix", "state"):
            if wanted_ipv6.get(key) is not None:
                ipv6[key] = copy.deepcopy(wanted_ipv6[key])
        if wanted_ipv6.get(_MS) is not None or ipv6.get(_MS) is not None:
            ipv6[_MS] = _writable_microsoft_config(ipv6.get(_MS), wanted_ipv6.get(_MS))
        _set_route_filter(ipv6, wanted_ipv6.get("route_filter_id"))
        request[_V6] = _without_none(ipv6)
    return _without_none(request)


def peering_rest_body(request: Mapping[str, Any]) -> Dict[str, Any]:
    """``peering_request``'s result as the REST JSON body (``properties`` envelope, camelCase)."""
    return unflatten(dict(request))


def planned_peering(current: Optional[Mapping[str, Any]], after: Mapping[str, Any]) -> Dict[str, Any]:
    """The peering a run leaves without writing (check mode, no change): ``current`` (a result) with ``after`` over it.

    ``after`` (a plan's, without read-only fields) wins field by field; the
    read-only fields of the Microsoft peering configs (the prefixes' states)
    are kept, per-prefix entries only for prefixes still advertised. Inputs
    are not modified.
    """
    result = dict(copy.deepcopy(dict(current or {})), **copy.deepcopy(dict(after)))
    pairs = [((current or {}).get(_MS), result)]
    if isinstance(result.get(_V6), dict):
        result[_V6] = dict(result[_V6])
        pairs.append((((current or {}).get(_V6) or {}).get(_MS), result[_V6]))
    for read, holder in pairs:
        if not isinstance(read, Mapping) or not isinstance(holder.get(_MS), Mapping):
            continue
        config = dict(holder[_MS])
        prefixes = set(config.get("advertised_public_prefixes") or [])
        config.setdefault("advertised_public_prefixes_state", read.get("advertised_public_prefixes_state"))
        info = read.get("advertised_public_prefix_info")
        config.setdefault("advertised_public_prefix_info", None if info is None else [
            copy.deepcopy(entry) for entry in info if entry.get("prefix") in prefixes])
        holder[_MS] = config
    return result

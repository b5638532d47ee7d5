# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Global Reach connections: between the API and the modules' user schema.

Two kinds: an AVS private cloud's ``globalReachConnections`` (AVS Global
Reach) and a circuit peering's ``connections`` (circuit to circuit). For each,
``*_from_api`` turns an answer into the user schema plus read-only fields,
``*_request`` builds the PUT body, and ``*_result`` is what the module
reports: the connection as read, or in check mode the one that would exist.
The authorization key is write-only and single-use: Azure may echo it, the
user schema never carries it (``CONNECTION_SECRETS`` masks it in diffs,
``CONNECTION_REQUEST_SECRETS`` in the request echo).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, Mapping, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import is_masked_key
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten, id_of, pick

CONNECTION_SECRETS = frozenset(("authorization_key",))
CONNECTION_REQUEST_SECRETS = frozenset(("properties.authorizationKey",))

GLOBAL_REACH_READ_ONLY = frozenset((
    "id", "address_prefix", "circuit_connection_status", "provisioning_state", "express_route_id",
))
# How global_reach.plan_connection compares each kind: fields set when the connection is created, which Azure
# cannot change in place (fixed_fields); IDs compared as ARM does (id_fields); what Azure reports (read_only).
GLOBAL_REACH_PLAN_RULES = dict(fixed_fields=("peer_express_route_circuit",), id_fields=("peer_express_route_circuit",),
                               read_only=GLOBAL_REACH_READ_ONLY)

CIRCUIT_CONNECTION_READ_ONLY = frozenset((
    "id", "peering_id", "circuit_connection_status", "ipv6_circuit_connection_status", "provisioning_state",
))
CIRCUIT_CONNECTION_PLAN_RULES = dict(fixed_fields=("peer_peering_id", "address_prefix"), id_fields=("peer_peering_id",),
                                     read_only=CIRCUIT_CONNECTION_READ_ONLY)


def _without_secrets(values: Mapping[str, Any]) -> Dict[str, Any]:
    return dict((key, value) for key, value in values.items() if key not in CONNECTION_SECRETS)


# --- AVS Global Reach (Microsoft.AVS privateClouds/globalReachConnections) ---------------------------------------


def global_reach_from_api(wire: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """An AVS Global Reach connection; the authorization key Azure echoes is left out."""
    if wire is None:
        return None
    return pick(flatten(wire), "id", "name", "peer_express_route_circuit", "address_prefix",
                "circuit_connection_status", "provisioning_state", "express_route_id")


def global_reach_request(desired: Mapping[str, Any]) -> Dict[str, Any]:
    """The PUT body: the on-premises circuit and the key of an authorization on it (None until known)."""
    return {"properties": {"peerExpressRouteCircuit": desired["peer_express_route_circuit"],
                           "authorizationKey": desired["authorization_key"]}}


def global_reach_result(final: Optional[Dict[str, Any]], connection_id: str,
                        desired: Mapping[str, Any]) -> Dict[str, Any]:
    """The connection as read; in check mode before creation, what would exist (AVS assigns the prefix)."""
    if final is not None:
        return final
    return dict(id=connection_id, name=desired["name"], address_prefix=None,
                peer_express_route_circuit=desired["peer_express_route_circuit"], circuit_connection_status=None,
                provisioning_state=None, express_route_id=None)


# --- circuit to circuit (Microsoft.Network expressRouteCircuits/peerings/connections) -------------------------------


def circuit_connection_from_api(wire: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A circuit-to-circuit connection (or a peered connection seen from the other side), no key."""
    if wire is None:
        return None
    flat = flatten(wire)
    ipv6 = flat.get("ipv6_circuit_connection_config") or {}
    result = pick(flat, "id", "name", "address_prefix", "circuit_connection_status", "provisioning_state")
    result.update(
        peering_id=id_of(flat.get("express_route_circuit_peering")),
        peer_peering_id=id_of(flat.get("peer_express_route_circuit_peering")),
        ipv6_address_prefix=ipv6.get("address_prefix"),
        ipv6_circuit_connection_status=ipv6.get("circuit_connection_status"),
    )
    if "connection_name" in flat:
        result["connection_name"] = flat.get("connection_name")
    return result


def circuit_connection_request(peering_id: str, action: str, after: Mapping[str, Any], key: Optional[str],
                               current_wire: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The PUT body; an update without a new key carries the one the connection was made with, when Azure shows it."""
    properties = {
        "expressRouteCircuitPeering": {"id": peering_id},
        "peerExpressRouteCircuitPeering": {"id": after["peer_peering_id"]},
        "addressPrefix": after["address_prefix"],
    }
    if after.get("ipv6_address_prefix"):
        properties["ipv6CircuitConnectionConfig"] = {"addressPrefix": after["ipv6_address_prefix"]}
    if key is None and action == "update":
        key = ((current_wire or {}).get("properties") or {}).get("authorizationKey")
        key = None if is_masked_key(key) else key
    if key:
        properties["authorizationKey"] = key
    return {"properties": properties}


def circuit_connection_result(final: Optional[Dict[str, Any]], connection_id: str, peering_id: str,
                              after: Mapping[str, Any]) -> Dict[str, Any]:
    """In check mode, the connection as the plan leaves it: what was read, overlaid with the planned fields."""
    return dict(final or {}, id=connection_id, peering_id=peering_id, **_without_secrets(after))

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ExpressRoute gateway connections (Microsoft.Network/connections): between the API and the user schema.

A connection of ``connectionType`` ExpressRoute joins a virtual network
gateway (``virtualNetworkGateway1``) to a circuit (``peer``), authorised by
a key from that circuit or from an AVS private cloud. ``*_from_api`` turns
an answer into the user schema plus read-only fields, ``*_request`` builds
the PUT body (read, merge, write: an update carries every property it does
not manage), ``*_result`` is what the module reports. The key is write-only
and single-use: the user schema never carries it.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
from typing import Any, Dict, List, Mapping, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.connection import check_authorization_key
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten, id_of, pick

GATEWAY_CONNECTION_SECRETS = frozenset(("authorization_key",))
GATEWAY_CONNECTION_REQUEST_SECRETS = frozenset(("properties.authorizationKey",))
GATEWAY_CONNECTION_READ_ONLY = frozenset(("id", "connection_status", "provisioning_state"))
# How global_reach.plan_connection compares a gateway connection: the gateway and the circuit are set when it is
# created and cannot change in place (CannotModifyConnectionEndpoints); both are IDs, compared as ARM does.
GATEWAY_CONNECTION_PLAN_RULES = dict(fixed_fields=("virtual_network_gateway", "peer_express_route_circuit"),
                                     id_fields=("virtual_network_gateway", "peer_express_route_circuit"),
                                     read_only=GATEWAY_CONNECTION_READ_ONLY)
# What Azure answers while a connection is being built, or reports about it: never sent back.
_SERVER_PROPERTIES = ("provisioningState", "connectionStatus", "resourceGuid", "ingressBytesTransferred",
                      "egressBytesTransferred", "tunnelConnectionStatus", "authorizationKey")
MAX_ROUTING_WEIGHT = 32000


def gateway_connection_from_api(wire: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A connection in the user schema; the key Azure may echo is left out."""
    if wire is None:
        return None
    flat = flatten(wire)
    result = pick(flat, "id", "name", "routing_weight", "express_route_gateway_bypass", "connection_status",
                  "provisioning_state")
    result.update(virtual_network_gateway=id_of(flat.get("virtual_network_gateway1")),
                  peer_express_route_circuit=id_of(flat.get("peer")))
    return result


def gateway_connection_request(after: Mapping[str, Any], location: Optional[str], key: Optional[str],
                               current_wire: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """The PUT body: the current connection (tags, properties not managed here) with the planned fields over it.

    The key goes only into a create; an existing connection keeps the one it was made with.
    """
    body = copy.deepcopy(dict(current_wire or {}))
    for envelope in ("etag", "type"):
        body.pop(envelope, None)
    properties = dict((name, value) for name, value in (body.get("properties") or {}).items()
                      if name not in _SERVER_PROPERTIES)
    properties.update(connectionType="ExpressRoute",
                      virtualNetworkGateway1={"id": after["virtual_network_gateway"]},
                      peer={"id": after["peer_express_route_circuit"]})
    for field, wire_name in (("routing_weight", "routingWeight"),
                             ("express_route_gateway_bypass", "expressRouteGatewayBypass")):
        if after.get(field) is not None:
            properties[wire_name] = after[field]
    if current_wire is None and key:
        properties["authorizationKey"] = key
    body["properties"] = properties
    if location and not body.get("location"):
        body["location"] = location
    return body


def gateway_connection_result(final: Optional[Dict[str, Any]], connection_id: str,
                              after: Mapping[str, Any]) -> Dict[str, Any]:
    """In check mode, the connection as the plan leaves it: what was read, overlaid with the planned fields."""
    planned = dict(final or dict(connection_status=None, provisioning_state=None), id=connection_id)
    planned.update((field, value) for field, value in after.items() if field != "authorization_key")
    return planned


def validate_gateway_connection(desired: Mapping[str, Any]) -> List[Problem]:
    """Problems with a wanted connection's own values (IDs are parsed by the module), all at once."""
    problems = []
    weight = desired.get("routing_weight")
    if weight is not None and not 0 <= weight <= MAX_ROUTING_WEIGHT:
        problems.append(Problem("routing_weight", "must be from 0 to %d" % MAX_ROUTING_WEIGHT, weight))
    if desired.get("authorization_key") is not None:
        problems.extend(check_authorization_key("authorization_key", desired["authorization_key"]))
    return problems

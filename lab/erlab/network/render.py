"""Turning stored Microsoft.Network rows into the JSON ARM answers.

Children live in their own rows; a circuit's answer embeds its peerings and
authorizations, a peering's answer its connections and (derived, never
stored) peeredConnections.
"""

from __future__ import annotations

import copy
from typing import Any

from ..arm.apiversions import at_least
from ..arm.context import Env
from ..ids import CIRCUIT, CIRCUIT_AUTHORIZATION, CIRCUIT_CONNECTION, PEER_CONNECTION, PEERING
from ..store import Resource
from . import linkstate, prefix_validation
from .common import MASKED_KEY, strip_newer_fields


def render_authorization(env: Env, auth: Resource, api_version: str) -> dict[str, Any]:
    body = copy.deepcopy(auth.body)
    props = body["properties"]
    if env.settings.mask_keys and at_least(api_version, "2026-01-01") and props.get("authorizationKey"):
        props["authorizationKey"] = MASKED_KEY
    return strip_newer_fields(body, CIRCUIT_AUTHORIZATION, api_version)


def render_connection(env: Env, conn: Resource, api_version: str) -> dict[str, Any]:
    return linkstate.apply(env, conn, copy.deepcopy(conn.body))


def peer_connections(env: Env, peering: Resource) -> list[dict[str, Any]]:
    """Connections other circuits made to this peering, seen from this side."""
    seen = []
    for conn in env.store.list(CIRCUIT_CONNECTION):
        props = conn.properties
        if props.get("peerExpressRouteCircuitPeering", {}).get("id", "").lower() != peering.key:
            continue
        name = conn.body["name"]
        seen.append(
            {
                "name": name,
                "id": f"{peering.id}/peerConnections/{name}",
                "etag": conn.body.get("etag"),
                "type": PEER_CONNECTION,
                "properties": {
                    "provisioningState": props.get("provisioningState"),
                    "expressRouteCircuitPeering": {"id": peering.id},
                    "peerExpressRouteCircuitPeering": {"id": props["expressRouteCircuitPeering"]["id"]},
                    "addressPrefix": props.get("addressPrefix"),
                    "circuitConnectionStatus": linkstate.status(env, conn),
                    "connectionName": name,
                    "authResourceGuid": conn.meta.get("auth_resource_guid", ""),
                },
            }
        )
    return seen


def render_peering(env: Env, peering: Resource, api_version: str) -> dict[str, Any]:
    body = copy.deepcopy(peering.body)
    props = body["properties"]
    props["connections"] = [
        render_connection(env, c, api_version) for c in env.store.children(peering.id, CIRCUIT_CONNECTION)
    ]
    props["peeredConnections"] = peer_connections(env, peering)
    prefix_validation.apply(env, peering, body, api_version)
    return strip_newer_fields(body, PEERING, api_version)


def render_circuit(env: Env, circuit: Resource, api_version: str) -> dict[str, Any]:
    body = copy.deepcopy(circuit.body)
    stored = body.pop("properties")
    props: dict[str, Any] = {
        "provisioningState": stored.pop("provisioningState"),
        "resourceGuid": stored.pop("resourceGuid"),
        "peerings": [render_peering(env, p, api_version) for p in env.store.children(circuit.id, PEERING)],
        "authorizations": [
            render_authorization(env, a, api_version) for a in env.store.children(circuit.id, CIRCUIT_AUTHORIZATION)
        ],
    }
    props.update(stored)
    ordered = {k: body[k] for k in ("name", "id", "etag", "type", "location", "tags") if k in body}
    ordered["properties"] = props
    ordered.update({k: v for k, v in body.items() if k not in ordered})
    return strip_newer_fields(ordered, CIRCUIT, api_version)

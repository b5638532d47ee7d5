"""Checks on a circuit-to-circuit Global Reach connection PUT.

Address rules come from the Global Reach docs (a /29, IPv6 /125, no overlap);
error codes are assumptions except InitiatingCircuitNotProvisioned, which is
decided when the operation completes (see completions.py) as in real traffic.
"""

from __future__ import annotations

from typing import Any

from ..arm.context import ArmContext, Env
from ..errors import bad_request
from ..ids import CIRCUIT_AUTHORIZATION, CIRCUIT_CONNECTION, PEERING, parse_circuit_ref
from ..store import Resource
from .addresses import overlaps, parse_network
from .builders import connection_body


def _ref_id(props: dict[str, Any], field: str) -> str | None:
    value = props.get(field)
    return value.get("id") if isinstance(value, dict) else None


def connections_touching(env: Env, peering_key: str) -> list[Resource]:
    """Global Reach connections that start or end at a peering."""
    found = []
    for conn in env.store.list(CIRCUIT_CONNECTION):
        props = conn.properties
        ends = {str(_ref_id(props, "expressRouteCircuitPeering")).lower(), str(_ref_id(props, "peerExpressRouteCircuitPeering")).lower()}
        if peering_key in ends or conn.parent_key == peering_key:
            found.append(conn)
    return found


def find_authorization(env: Env, circuit_id: str, key: str) -> Resource | None:
    for auth in env.store.children(circuit_id, CIRCUIT_AUTHORIZATION):
        if auth.properties.get("authorizationKey", "").lower() == str(key).lower():
            return auth
    return None


def check_connection(env: Env, circuit: Resource, peering: Resource, name: str, props: dict[str, Any],
                     existing: Resource | None) -> Resource | None:
    """Validate a new or repeated connection; return the peer authorization it will consume."""
    if peering.body["name"] != "AzurePrivatePeering":
        raise bad_request(
            "GlobalReachRequiresPrivatePeering",
            "Global Reach connections can only be created on AzurePrivatePeering.",
        )
    own_ref = _ref_id(props, "expressRouteCircuitPeering")
    if not own_ref or own_ref.lower() != peering.key:
        raise bad_request(
            "InvalidCircuitPeeringReference",
            f"expressRouteCircuitPeering.id must be the peering the connection is created on ({peering.id}); got '{own_ref}'.",
            "properties.expressRouteCircuitPeering.id",
        )
    peer_ref = parse_circuit_ref(_ref_id(props, "peerExpressRouteCircuitPeering"))
    if peer_ref is None or (peer_ref.peering or "").lower() != "azureprivatepeering":
        raise bad_request(
            "InvalidPeerCircuitPeeringReference",
            "peerExpressRouteCircuitPeering.id must be the resource id of another circuit's AzurePrivatePeering.",
            "properties.peerExpressRouteCircuitPeering.id",
        )
    peer_peering_id = f"{peer_ref.circuit_id}/peerings/AzurePrivatePeering"
    if peer_ref.circuit_id.lower() == circuit.key:
        raise bad_request("CannotConnectCircuitToItself", "A circuit cannot have a Global Reach connection to itself.")
    peer_circuit = env.store.get(peer_ref.circuit_id)
    peer_peering = env.store.get(peer_peering_id)
    if peer_circuit is None or peer_peering is None:
        raise bad_request(
            "PeerCircuitPeeringNotFound",
            f"Peer circuit peering {_ref_id(props, 'peerExpressRouteCircuitPeering')} was not found.",
            "properties.peerExpressRouteCircuitPeering.id",
        )
    if existing is not None:
        old = existing.properties
        if (_ref_id(old, "peerExpressRouteCircuitPeering") or "").lower() != peer_peering.key or old.get("addressPrefix") != props.get("addressPrefix"):
            raise bad_request(
                "CannotModifyGlobalReachConnection",
                "The peer and address prefix of an existing Global Reach connection cannot be changed; delete and recreate it.",
            )
        return None

    prefix = parse_network(props.get("addressPrefix"))
    if prefix is None or prefix.version != 4 or prefix.prefixlen != 29:
        raise bad_request(
            "InvalidGlobalReachAddressPrefix",
            f"addressPrefix '{props.get('addressPrefix')}' must be an IPv4 /29.",
            "properties.addressPrefix",
        )
    ipv6 = props.get("ipv6CircuitConnectionConfig")
    if isinstance(ipv6, dict) and ipv6.get("addressPrefix") is not None:
        net6 = parse_network(ipv6.get("addressPrefix"))
        if net6 is None or net6.version != 6 or net6.prefixlen != 125:
            raise bad_request(
                "InvalidGlobalReachAddressPrefix",
                f"ipv6CircuitConnectionConfig.addressPrefix '{ipv6.get('addressPrefix')}' must be an IPv6 /125.",
                "properties.ipv6CircuitConnectionConfig.addressPrefix",
            )
    _check_no_overlap(env, prefix, [circuit, peer_circuit])
    for conn in connections_touching(env, peering.key) + connections_touching(env, peer_peering.key):
        ends = {conn.parent_key, str(_ref_id(conn.properties, "peerExpressRouteCircuitPeering")).lower()}
        if ends == {peering.key, peer_peering.key}:
            raise bad_request(
                "GlobalReachConnectionAlreadyExists",
                f"Circuits are already connected by Global Reach connection {conn.id}. "
                "Configure Global Reach on one side of a circuit pair only.",
            )
    return _check_authorization(env, circuit, peer_circuit, props.get("authorizationKey"))


def _check_no_overlap(env: Env, prefix, circuits: list[Resource]) -> None:
    for circuit in circuits:
        for peering in env.store.children(circuit.id, PEERING):
            taken = [peering.properties.get("primaryPeerAddressPrefix"), peering.properties.get("secondaryPeerAddressPrefix")]
            taken += [c.properties.get("addressPrefix") for c in connections_touching(env, peering.key)]
            for value in taken:
                other = parse_network(value)
                if other is not None and overlaps(prefix, other):
                    raise bad_request(
                        "GlobalReachAddressPrefixOverlaps",
                        f"addressPrefix {prefix} overlaps {other} already used by circuit {circuit.id}.",
                        "properties.addressPrefix",
                    )


def _check_authorization(env: Env, circuit: Resource, peer_circuit: Resource, key: str | None) -> Resource | None:
    same_subscription = circuit.id.split("/")[2].lower() == peer_circuit.id.split("/")[2].lower()
    if not key:
        if same_subscription:
            return None
        raise bad_request(
            "AuthorizationKeyRequired",
            "The peer circuit is in another subscription: an authorizationKey created on the peer circuit is required.",
            "properties.authorizationKey",
        )
    auth = find_authorization(env, peer_circuit.id, key)
    if auth is None:
        raise bad_request(
            "InvalidAuthorizationKey",
            "The authorization key is not valid for the peer circuit: it is unknown or was revoked.",
            "properties.authorizationKey",
        )
    pending = [c for c in env.store.list(CIRCUIT_CONNECTION)
               if c.meta.get("authorization_id", "").lower() == auth.key]
    if auth.properties.get("authorizationUseStatus") == "InUse" or pending:
        raise bad_request(
            "AuthorizationKeyAlreadyInUse",
            f"Authorization {auth.body['name']} of the peer circuit is already in use; a key serves exactly one connection.",
            "properties.authorizationKey",
        )
    return auth


def plan_inline_connections(ctx: ArmContext, circuit: Resource, peering: Resource, inline: Any,
                            etag: str) -> tuple[list[Resource], list[Resource]]:
    """Connections a peering PUT keeps (all listed) and which of them are new."""
    keep: list[Resource] = []
    new: list[Resource] = []
    for index, item in enumerate(inline or []):
        if not isinstance(item, dict) or not item.get("name"):
            raise bad_request("InvalidRequestFormat", "Each inline connection needs a name.", f"properties.connections[{index}]")
        props = item.get("properties") or {}
        existing = ctx.store.get(f"{peering.id}/connections/{item['name']}")
        if existing is not None:
            keep.append(existing)
            continue
        auth = check_connection(ctx.env, circuit, peering, item["name"], props, None)
        conn = connection_body(peering.id, item["name"], props, etag)
        if auth is not None:
            conn.meta["authorization_id"] = auth.id
        keep.append(conn)
        new.append(conn)
    return keep, new

"""Checks on a circuit-to-circuit Global Reach connection PUT.

Address rules come from the Global Reach docs (a /29, IPv6 /125, no overlap);
an existing connection keeps its peer and /29, its IPv6 /125 may change;
error codes are assumptions except InitiatingCircuitNotProvisioned, which is
decided when the operation completes (see completions.py) as in real traffic.
"""

from __future__ import annotations

from typing import Any

from ..arm.context import ArmContext, Env
from ..errors import bad_request
from ..ids import CIRCUIT_AUTHORIZATION, CIRCUIT_CONNECTION, PEERING, parse_circuit_ref
from ..store import Resource
from .addresses import Network, overlaps, parse_network
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


def connection_joining(env: Env, peering_key: str, other_peering_key: str) -> Resource | None:
    """The Global Reach connection that already joins two peerings, whichever side made it; None when there is none."""
    for conn in connections_touching(env, peering_key):
        ends = {conn.parent_key, str(_ref_id(conn.properties, "peerExpressRouteCircuitPeering")).lower()}
        if ends == {peering_key, other_peering_key}:
            return conn
    return None


def overlapping(prefix: Network, values: list[Any]) -> Network | None:
    """The first of values (prefixes as text; unparsable ones skipped) that overlaps prefix, else None."""
    for value in values:
        other = parse_network(value)
        if other is not None and overlaps(prefix, other):
            return other
    return None


def find_authorization(env: Env, circuit_id: str, key: str) -> Resource | None:
    for auth in env.store.children(circuit_id, CIRCUIT_AUTHORIZATION):
        if auth.properties.get("authorizationKey", "").lower() == str(key).lower():
            return auth
    return None


def check_connection(env: Env, circuit: Resource, peering: Resource, name: str, props: dict[str, Any],
                     existing: Resource | None) -> Resource | None:
    """Validate a new or repeated connection; return the peer authorization a new one will consume."""
    if peering.body["name"] != "AzurePrivatePeering":
        raise bad_request(
            "GlobalReachRequiresPrivatePeering",
            "Global Reach connections can only be created on AzurePrivatePeering.",
        )
    own_ref = _ref_id(props, "expressRouteCircuitPeering")
    if not own_ref:
        # The service takes the connection's own peering from the URL: the Azure CLI's
        # `peering connection create` without --source-circuit leaves it out (issue 16).
        props["expressRouteCircuitPeering"] = {"id": peering.id}
        own_ref = peering.id
    if own_ref.lower() != peering.key:
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
    prefix = _check_ipv4_prefix(props)
    prefix6 = _check_ipv6_prefix(props)
    if existing is not None:
        _check_update(env, circuit, existing, peer_peering_id, prefix, prefix6)
        return None

    peer_circuit = env.store.get(peer_ref.circuit_id)
    peer_peering = env.store.get(peer_peering_id)
    if peer_circuit is None or peer_peering is None:
        raise bad_request(
            "PeerCircuitPeeringNotFound",
            f"Peer circuit peering {_ref_id(props, 'peerExpressRouteCircuitPeering')} was not found.",
            "properties.peerExpressRouteCircuitPeering.id",
        )
    _check_no_overlap(env, prefix, [circuit, peer_circuit], "properties.addressPrefix")
    if prefix6 is not None:
        _check_no_overlap(env, prefix6, [circuit, peer_circuit], "properties.ipv6CircuitConnectionConfig.addressPrefix")
    conn = connection_joining(env, peering.key, peer_peering.key)
    if conn is not None:
        raise bad_request(
            "GlobalReachConnectionAlreadyExists",
            f"Circuits are already connected by Global Reach connection {conn.id}. "
            "Configure Global Reach on one side of a circuit pair only.",
        )
    return _check_authorization(env, circuit, peer_circuit, props.get("authorizationKey"))


def _check_ipv4_prefix(props: dict[str, Any]) -> Network:
    prefix = parse_network(props.get("addressPrefix"))
    if prefix is None or prefix.version != 4 or prefix.prefixlen != 29:
        raise bad_request(
            "InvalidGlobalReachAddressPrefix",
            f"addressPrefix '{props.get('addressPrefix')}' must be an IPv4 /29.",
            "properties.addressPrefix",
        )
    return prefix


def _check_ipv6_prefix(props: dict[str, Any]) -> Network | None:
    """The IPv6 /125 of ipv6CircuitConnectionConfig, or None when the body has none."""
    ipv6 = props.get("ipv6CircuitConnectionConfig")
    if not isinstance(ipv6, dict) or ipv6.get("addressPrefix") is None:
        return None
    net6 = parse_network(ipv6.get("addressPrefix"))
    if net6 is None or net6.version != 6 or net6.prefixlen != 125:
        raise bad_request(
            "InvalidGlobalReachAddressPrefix",
            f"ipv6CircuitConnectionConfig.addressPrefix '{ipv6.get('addressPrefix')}' must be an IPv6 /125.",
            "properties.ipv6CircuitConnectionConfig.addressPrefix",
        )
    return net6


def _check_update(env: Env, circuit: Resource, existing: Resource, peer_peering_id: str, prefix: Network,
                  prefix6: Network | None) -> None:
    """A PUT of an existing connection: the peer and the IPv4 /29 are fixed; IPv6 may be added, changed or removed.

    That IPv6 is updatable in place is documented (az network express-route
    peering connection ipv6-config set/remove). What Azure answers to a changed
    peer or IPv4 prefix is not: refusing with 400 is an assumption (Terraform
    replaces the connection for either change rather than updating it).
    """
    old = existing.properties
    same_peer = (_ref_id(old, "peerExpressRouteCircuitPeering") or "").lower() == peer_peering_id.lower()
    if not same_peer or parse_network(old.get("addressPrefix")) != prefix:
        raise bad_request(
            "CannotModifyGlobalReachConnection",
            "The peer and address prefix of an existing Global Reach connection cannot be changed; delete and recreate it.",
        )
    old6 = parse_network((old.get("ipv6CircuitConnectionConfig") or {}).get("addressPrefix"))
    if prefix6 is not None and prefix6 != old6:
        peer_ref = parse_circuit_ref(peer_peering_id)
        peer_circuit = env.store.get(peer_ref.circuit_id) if peer_ref else None
        circuits = [circuit] + ([peer_circuit] if peer_circuit is not None else [])
        _check_no_overlap(env, prefix6, circuits, "properties.ipv6CircuitConnectionConfig.addressPrefix",
                          exclude=existing.key)


def _taken_prefixes(env: Env, circuit: Resource, exclude: str | None) -> list[Any]:
    """Link subnets (IPv4 and IPv6) of a circuit's peerings and of the Global Reach connections touching them."""
    taken: list[Any] = []
    for peering in env.store.children(circuit.id, PEERING):
        props = peering.properties
        ipv6_peering = props.get("ipv6PeeringConfig") or {}
        taken += [props.get("primaryPeerAddressPrefix"), props.get("secondaryPeerAddressPrefix"),
                  ipv6_peering.get("primaryPeerAddressPrefix"), ipv6_peering.get("secondaryPeerAddressPrefix")]
        for conn in connections_touching(env, peering.key):
            if conn.key == exclude:
                continue
            taken += [conn.properties.get("addressPrefix"),
                      (conn.properties.get("ipv6CircuitConnectionConfig") or {}).get("addressPrefix")]
    return taken


def _check_no_overlap(env: Env, prefix: Network, circuits: list[Resource], target: str, exclude: str | None = None) -> None:
    for circuit in circuits:
        other = overlapping(prefix, _taken_prefixes(env, circuit, exclude))
        if other is not None:
            raise bad_request(
                "GlobalReachAddressPrefixOverlaps",
                f"{target.removeprefix('properties.')} {prefix} overlaps {other} already used by circuit {circuit.id}.",
                target,
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

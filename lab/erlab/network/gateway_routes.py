"""Routes across ExpressRoute gateway connections (derived on demand, never stored).

Once a connection from a VNet's ExpressRoute gateway to a circuit is
Connected:
- the circuit's private peering (the MSEEs) learns the VNet's address space,
  plus, when the VNet holds a Generation 2 private cloud, that cloud's
  workload prefixes, from AS 65515 (the gateway): `azure_prefixes_for_private_peering`
  is the one place that says what Azure advertises to a circuit, for the
  synthetic route tables here and for a real BGP speaker later;
- the gateway learns what the circuit knows from its customer edge (the
  on-premises prefixes; behind an AVS-managed circuit, the cloud's networks)
  through both MSEEs, path 12076 then the edge's AS.
MSEE neighbour addresses inside the GatewaySubnet (.12/.13 for the first
connection, .14/.15 for the next, ...) are an assumption.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ..arm.context import Env
from ..ids import PRIVATE_CLOUD, parse_circuit_ref
from ..store import Resource
from .addresses import MICROSOFT_ASN
from .vnet_common import AZURE_GATEWAY_ASN, GATEWAY_CONNECTION, reference_id

CONNECTED, CONNECTING = "Connected", "Connecting"
UP_AT = "connected_at"


# -- connection status ----------------------------------------------------------------

def connection_status(env: Env, conn: Resource) -> str:
    state = conn.properties.get("provisioningState")
    up_at = conn.meta.get(UP_AT)
    if state in ("Failed", "Canceled"):
        return "NotConnected"
    if up_at is None:
        return "Unknown"
    return CONNECTED if env.now >= float(up_at) else CONNECTING


def is_connected(env: Env, conn: Resource) -> bool:
    return (connection_status(env, conn) == CONNECTED
            and conn.properties.get("provisioningState") in ("Succeeded", "Updating"))


# -- topology ----------------------------------------------------------------------------

def gateway_of(env: Env, conn: Resource) -> Resource | None:
    gateway_id = reference_id(conn.properties, "virtualNetworkGateway1")
    return env.store.get(gateway_id) if gateway_id else None


def circuit_id_of(conn: Resource) -> str | None:
    ref = parse_circuit_ref(reference_id(conn.properties, "peer"))
    return ref.circuit_id if ref else None


def vnet_of(env: Env, gateway: Resource) -> Resource | None:
    subnet_id = gateway.meta.get("subnet_id")
    return env.store.get(subnet_id.rsplit("/subnets/", 1)[0]) if subnet_id else None


def gen2_clouds_in(env: Env, vnet: Resource) -> list[Resource]:
    return [c for c in env.store.list(PRIVATE_CLOUD)
            if str(c.properties.get("virtualNetworkId") or "").lower() == vnet.key]


def vnet_prefixes(env: Env, vnet: Resource) -> list[str]:
    """What a VNet's gateway announces: the address space, then Gen 2 clouds' workload prefixes."""
    prefixes = list(vnet.properties.get("addressSpace", {}).get("addressPrefixes", []))
    for cloud in gen2_clouds_in(env, vnet):
        if cloud.properties.get("provisioningState") == "Succeeded":
            prefixes += env.world.workload_prefixes(cloud.id)
    return _unique(prefixes)


def _unique(prefixes: list[str]) -> list[str]:
    seen, out = set(), []
    for p in prefixes:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def connections_of_gateway(env: Env, gateway: Resource) -> list[Resource]:
    return [c for c in env.store.list(GATEWAY_CONNECTION)
            if (reference_id(c.properties, "virtualNetworkGateway1") or "").lower() == gateway.key]


def connected_to_circuit(env: Env, circuit_id: str) -> list[tuple[Resource, Resource]]:
    """(connection, gateway) pairs that are Connected to a circuit, oldest first."""
    found = []
    for conn in env.store.list(GATEWAY_CONNECTION):
        if (circuit_id_of(conn) or "").lower() != circuit_id.lower() or not is_connected(env, conn):
            continue
        gateway = gateway_of(env, conn)
        if gateway is not None and gateway.properties.get("provisioningState") == "Succeeded":
            found.append((conn, gateway))
    return found


def gateway_addresses(env: Env, gateway: Resource) -> list[str]:
    from .gateways import gateway_addresses as addresses

    return addresses(env, gateway)


def msee_addresses(env: Env, gateway: Resource, conn: Resource) -> list[str]:
    subnet = env.store.get(gateway.meta.get("subnet_id", ""))
    net = ipaddress.ip_network(subnet.properties["addressPrefix"]) if subnet else ipaddress.ip_network("10.255.255.0/27")
    ordinal = [c.key for c in connections_of_gateway(env, gateway)].index(conn.key)
    first = 12 + 2 * ordinal
    size = net.num_addresses
    return [str(net.network_address + (first % size)), str(net.network_address + ((first + 1) % size))]


# -- the circuit side -----------------------------------------------------------------------

def azure_prefixes_for_private_peering(env: Env, circuit: Resource) -> list[str]:
    """What Azure advertises to this circuit's private peering over its Connected gateway connections.

    The same prefixes the synthetic route tables list (circuit_routes); a real
    BGP speaker for the Microsoft side can announce exactly these.
    """
    peering = env.store.get(f"{circuit.id}/peerings/AzurePrivatePeering")
    if peering is None:
        return []
    return _unique([network for network, _hop, _path in circuit_routes(env, circuit, peering, "primary")])


def circuit_routes(env: Env, circuit: Resource, peering: Resource, device: str) -> list[tuple[str, str, str]]:
    """(network, nextHop, path) rows the MSEEs of a private peering have from VNet gateways."""
    if peering.body.get("name") != "AzurePrivatePeering":
        return []
    rows = []
    for _conn, gateway in connected_to_circuit(env, circuit.id):
        vnet = vnet_of(env, gateway)
        if vnet is None:
            continue
        hop = gateway_addresses(env, gateway)[0 if device == "primary" else 1]
        rows += [(prefix, hop, str(AZURE_GATEWAY_ASN)) for prefix in vnet_prefixes(env, vnet)]
    return rows


# -- the gateway side --------------------------------------------------------------------------

def _behind_circuit(env: Env, conn: Resource) -> tuple[int, list[str]]:
    from .routing import _remote_side

    circuit_id = circuit_id_of(conn)
    return _remote_side(env, f"{circuit_id}/peerings/AzurePrivatePeering") if circuit_id else (0, [])


def _sort(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (ipaddress.ip_network(r["network"]).version, ipaddress.ip_network(r["network"]),
                                       r["sourcePeer"]))


def learned_routes(env: Env, gateway: Resource) -> list[dict[str, Any]]:
    local = gateway_addresses(env, gateway)[0]
    rows: list[dict[str, Any]] = []
    vnet = vnet_of(env, gateway)
    if vnet is not None and gateway.properties.get("provisioningState") == "Succeeded":
        rows += [{"localAddress": local, "network": p, "nextHop": "", "sourcePeer": local, "origin": "Network",
                  "asPath": "", "weight": 32768} for p in vnet_prefixes(env, vnet)]
    for conn in connections_of_gateway(env, gateway):
        if not is_connected(env, conn):
            continue
        asn, prefixes = _behind_circuit(env, conn)
        for msee in msee_addresses(env, gateway, conn):
            rows += [{"localAddress": local, "network": p, "nextHop": msee, "sourcePeer": msee, "origin": "EBgp",
                      "asPath": f"{MICROSOFT_ASN}-{asn}" if asn else str(MICROSOFT_ASN),
                      "weight": int(conn.properties.get("routingWeight") or 0)} for p in prefixes]
    return _sort(rows)


def advertised_routes(env: Env, gateway: Resource, peer: str | None) -> list[dict[str, Any]]:
    local = gateway_addresses(env, gateway)[0]
    vnet = vnet_of(env, gateway)
    for conn in connections_of_gateway(env, gateway):
        if is_connected(env, conn) and peer in msee_addresses(env, gateway, conn) and vnet is not None:
            return _sort([{"localAddress": local, "network": p, "nextHop": local, "sourcePeer": "", "origin": "Igp",
                           "asPath": str(AZURE_GATEWAY_ASN), "weight": 0} for p in vnet_prefixes(env, vnet)])
    return []


def _duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    fraction = int((seconds - int(seconds)) * 10_000_000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{fraction:07d}"


def bgp_peer_status(env: Env, gateway: Resource, peer: str | None) -> list[dict[str, Any]]:
    local = gateway_addresses(env, gateway)[0]
    rows = []
    for conn in connections_of_gateway(env, gateway):
        status = connection_status(env, conn)
        if status not in (CONNECTED, CONNECTING):
            continue
        up = is_connected(env, conn)
        _asn, prefixes = _behind_circuit(env, conn)
        since = float(conn.meta.get(UP_AT, env.now))
        for msee in msee_addresses(env, gateway, conn):
            if peer and peer != msee:
                continue
            # One keepalive a minute each way (MSEE timers), plus the opening exchange.
            messages = int(max(0.0, env.now - since) // 60) + 2 if up else 0
            rows.append({"localAddress": local, "neighbor": msee, "asn": MICROSOFT_ASN,
                         "state": "Connected" if up else "Connecting",
                         "connectedDuration": _duration(env.now - since) if up else "00:00:00",
                         "routesReceived": len(prefixes) if up else 0,
                         "messagesSent": messages, "messagesReceived": messages + (1 if up and prefixes else 0)})
    return rows


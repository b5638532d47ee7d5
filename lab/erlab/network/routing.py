"""What the Microsoft edge routers (MSEEs) of a peering see.

Derived on demand from stored state, never stored: the customer edge's
advertised prefixes (from the world), and everything Global Reach brings in
from the other end of each connected link (another customer circuit's
on-premises prefixes, or an AVS private cloud's management and workload
networks).
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass

from ..arm.context import Env
from ..ids import CIRCUIT_CONNECTION, parse_circuit_ref
from ..store import Resource
from . import linkstate
from .addresses import MICROSOFT_ASN, first_usable, parse_network, second_usable
from .common import is_ready


@dataclass(frozen=True)
class LearnedRoute:
    network: str
    next_hop: str
    path: str


@dataclass(frozen=True)
class GlobalReachLink:
    connection: Resource
    local_ip: str      # this MSEE's end of the /30 carved from the /29
    remote_ip: str     # the other circuit's MSEE
    remote_asn: int
    remote_prefixes: list[str]


def avs_management_prefixes(network_block: str) -> list[str]:
    """The routable management networks AVS carves out of a /22 (AVS network planning docs)."""
    block = ipaddress.ip_network(network_block)
    base = block.network_address
    carve = [(0, 26), (64, 26), (256, 25), (384, 25), (512, 25), (640, 25), (768, 26)]
    return [str(ipaddress.ip_network(f"{base + offset}/{length}")) for offset, length in carve]


def _remote_side(env: Env, peering_id: str) -> tuple[int, list[str]]:
    """ASN and prefixes announced by whatever sits behind a peering."""
    ref = parse_circuit_ref(peering_id)
    if ref is None:
        return 0, []
    circuit = env.store.get(ref.circuit_id)
    peering = env.store.get(peering_id)
    if circuit is None or peering is None:
        return 0, []
    cloud_id = circuit.meta.get("avs_private_cloud")
    if cloud_id:
        cloud = env.store.get(cloud_id)
        if cloud is None:
            return env.world.avs_asn, []
        block = cloud.properties.get("networkBlock")
        return env.world.avs_asn, avs_management_prefixes(block) + env.world.workload_prefixes(cloud_id)
    return int(peering.properties.get("peerASN") or 0), env.world.advertised_routes(circuit.id, peering.body["name"])


def global_reach_links(env: Env, peering: Resource, device: str) -> list[GlobalReachLink]:
    links = []
    for conn in env.store.list(CIRCUIT_CONNECTION):
        props = conn.properties
        if not linkstate.is_connected(env, conn):
            continue
        initiating = props["expressRouteCircuitPeering"]["id"]
        peer = props["peerExpressRouteCircuitPeering"]["id"]
        if peering.key == initiating.lower():
            other, local_is_initiator = peer, True
        elif peering.key == peer.lower():
            other, local_is_initiator = initiating, False
        else:
            continue
        prefix = parse_network(props.get("addressPrefix"))
        if prefix is None:
            continue
        # The /29 is split in two /30s: primary link first, secondary second.
        link = list(prefix.subnets(new_prefix=30))[0 if device == "primary" else 1]
        a, b = first_usable(link), second_usable(link)
        local, remote = (a, b) if local_is_initiator else (b, a)
        asn, prefixes = _remote_side(env, other)
        links.append(GlobalReachLink(conn, local, remote, asn, prefixes))
    return links


def _customer_link(peering: Resource, device: str):
    field = "primaryPeerAddressPrefix" if device == "primary" else "secondaryPeerAddressPrefix"
    return parse_network(peering.properties.get(field))


def routes(env: Env, circuit: Resource, peering: Resource, device: str) -> list[LearnedRoute]:
    if not _up(circuit, peering):
        return []
    learned: list[LearnedRoute] = []
    link = _customer_link(peering, device)
    customer_asn = str(peering.properties.get("peerASN"))
    for prefix in env.world.advertised_routes(circuit.id, peering.body["name"]):
        learned.append(LearnedRoute(prefix, first_usable(link), customer_asn))
    for gr in global_reach_links(env, peering, device):
        for prefix in gr.remote_prefixes:
            learned.append(LearnedRoute(prefix, gr.remote_ip, f"{MICROSOFT_ASN} {gr.remote_asn}"))
    learned += vnet_gateway_routes(env, circuit, peering, device)
    return sorted(learned, key=lambda r: (ipaddress.ip_network(r.network).version, ipaddress.ip_network(r.network)))


def vnet_gateway_routes(env: Env, circuit: Resource, peering: Resource, device: str) -> list[LearnedRoute]:
    """What VNet gateways connected to the circuit announce (see gateway_routes.azure_prefixes_for_private_peering)."""
    from .gateway_routes import circuit_routes

    return [LearnedRoute(network, hop, path) for network, hop, path in circuit_routes(env, circuit, peering, device)]


def _up(circuit: Resource, peering: Resource) -> bool:
    return is_ready(circuit) and peering.properties.get("provisioningState") == "Succeeded" and peering.properties.get("state") == "Enabled"


def route_table(env: Env, circuit: Resource, peering: Resource, device: str) -> dict:
    return {
        "value": [
            {"network": r.network, "nextHop": r.next_hop, "locPrf": "", "weight": 0, "path": r.path}
            for r in routes(env, circuit, peering, device)
        ]
    }


def _uptime(env: Env, peering: Resource) -> str:
    seconds = int(max(0, env.now - peering.meta.get("up_since", env.now)))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{days}d{hours:02d}h" if days else f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def route_table_summary(env: Env, circuit: Resource, peering: Resource, device: str) -> dict:
    link = _customer_link(peering, device)
    if link is None:
        return {"value": []}
    up = _up(circuit, peering)
    customer_routes = env.world.advertised_routes(circuit.id, peering.body["name"]) if up else []
    neighbors = [
        {
            "neighbor": first_usable(link),
            "v": 4,
            "as": int(peering.properties.get("peerASN") or 0),
            "upDown": _uptime(env, peering) if up else "never",
            # With no prefixes received BGP shows the session state instead of a count.
            "statePfxRcd": str(len(customer_routes)) if up else "Idle",
        }
    ]
    if up:
        for gr in global_reach_links(env, peering, device):
            neighbors.append(
                {"neighbor": gr.remote_ip, "v": 4, "as": MICROSOFT_ASN, "upDown": _uptime(env, peering),
                 "statePfxRcd": str(len(gr.remote_prefixes))}
            )
    return {"value": neighbors}


def _mac(seed: str) -> str:
    digest = hashlib.sha1(seed.encode()).hexdigest()
    return ".".join(digest[i:i + 4] for i in (0, 4, 8))


def arp_table(env: Env, circuit: Resource, peering: Resource, device: str) -> dict:
    link = _customer_link(peering, device)
    if link is None or not _up(circuit, peering):
        return {"value": []}
    age = int(max(0, env.now - peering.meta.get("up_since", env.now)) // 60)
    entries = [
        {"age": age, "interface": "On-Prem", "ipAddress": first_usable(link), "macAddress": _mac(f"ce{circuit.key}{device}")},
        {"age": 0, "interface": "Microsoft", "ipAddress": second_usable(link), "macAddress": _mac(f"msee{circuit.key}{device}")},
    ]
    for gr in global_reach_links(env, peering, device):
        entries.append({"age": 0, "interface": "Microsoft", "ipAddress": gr.local_ip, "macAddress": _mac(f"gr{gr.local_ip}")})
        entries.append({"age": age, "interface": "GlobalReach", "ipAddress": gr.remote_ip, "macAddress": _mac(f"gr{gr.remote_ip}")})
    return {"value": entries}

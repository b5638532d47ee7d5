"""listRoutesTable / listArpTable / listRoutesTableSummary of a site's peering, read from its MSEE speaker.

Same shapes as the made-up tables (network/routing.py) and Azure's examples.
Routes are the speaker's best paths: learned from the CE (next hop the CE's
address, path the CE's AS path) and originated for Global Reach (shown as
the made-up tables show them: next hop the remote MSEE, path `12076 <AS>`).
The summary's CE line is the speaker's own view of the session. ARP lists
the CE only while its address is wired (an unplugged or mis-tagged cable
answers no ARP); the Microsoft side is always there.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from ..arm.context import Env
from ..network import routing
from ..network.addresses import MICROSOFT_ASN
from ..store import Resource
from . import speakers

if TYPE_CHECKING:
    from .manager import EdgeManager


def _link(peering: Resource, device: str):
    return routing._customer_link(peering, device)


def _sorted(rows: list[dict]) -> list[dict]:
    def key(row):
        net = ipaddress.ip_network(row["network"])
        return net.version, net
    return sorted(rows, key=key)


def route_table(manager: EdgeManager, env: Env, circuit: Resource, peering: Resource, device: str) -> dict:
    found = manager.running_msee(circuit.id, peering.body["name"], device)
    if found is None:
        return {"value": []}
    pathspace, running = found
    remote = running.next_hops
    rows = []
    for route in speakers.routes(pathspace):
        if route.peer == running.session.ce_address:
            rows.append({"network": route.network, "nextHop": route.next_hop, "locPrf": "", "weight": 0, "path": route.path})
        elif route.peer == "(unspec)":
            path = f"{MICROSOFT_ASN} {route.path}".strip()
            rows.append({"network": route.network, "nextHop": remote.get(route.network, ""), "locPrf": "", "weight": 0,
                         "path": path})
    return {"value": _sorted(rows)}


def route_table_summary(manager: EdgeManager, env: Env, circuit: Resource, peering: Resource, device: str) -> dict:
    link = _link(peering, device)
    if link is None:
        return {"value": []}
    found = manager.running_msee(circuit.id, peering.body["name"], device)
    ce_address = str(link.network_address + 1)
    state = speakers.neighbor(found[0], ce_address) if found else speakers.DOWN
    established = state.state == "Established"
    rows = [{"neighbor": ce_address, "v": 4, "as": int(peering.properties.get("peerASN") or 0),
             "upDown": state.up_down if established or state.up_down != "never" else "never",
             # BGP shows the session state in place of the count until it is Established.
             "statePfxRcd": str(state.prefixes_received) if established else state.state}]
    if found is not None:
        for gr in routing.global_reach_links(env, peering, device):
            rows.append({"neighbor": gr.remote_ip, "v": 4, "as": MICROSOFT_ASN, "upDown": routing._uptime(env, peering),
                         "statePfxRcd": str(len(gr.remote_prefixes))})
    return {"value": rows}


def arp_table(manager: EdgeManager, env: Env, circuit: Resource, peering: Resource, device: str) -> dict:
    link = _link(peering, device)
    found = manager.running_msee(circuit.id, peering.body["name"], device)
    if link is None or found is None:
        return {"value": []}
    ce_address, msee_address = str(link.network_address + 1), str(link.network_address + 2)
    entries = []
    if manager.ce_wired(circuit.id, ce_address):
        entries.append({"age": 0, "interface": "On-Prem", "ipAddress": ce_address,
                        "macAddress": routing._mac(f"ce{circuit.key}{device}")})
    entries.append({"age": 0, "interface": "Microsoft", "ipAddress": msee_address,
                    "macAddress": routing._mac(f"msee{circuit.key}{device}")})
    for gr in routing.global_reach_links(env, peering, device):
        entries.append({"age": 0, "interface": "Microsoft", "ipAddress": gr.local_ip, "macAddress": routing._mac(f"gr{gr.local_ip}")})
        entries.append({"age": 0, "interface": "GlobalReach", "ipAddress": gr.remote_ip,
                        "macAddress": routing._mac(f"gr{gr.remote_ip}")})
    return {"value": entries}


TABLES = {"routeTables": route_table, "arpTables": arp_table, "routeTablesSummary": route_table_summary}


def live(manager: "EdgeManager"):
    """The source network/tables.py asks first: a site's tables from its speakers, None for any other circuit."""
    def read(env: Env, circuit: Resource, peering: Resource, table: str, device: str) -> dict | None:
        if not manager.has_site(circuit.id):
            return None
        return TABLES[table](manager, env, circuit, peering, device)
    return read

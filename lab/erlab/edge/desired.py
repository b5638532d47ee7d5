"""What each site's MSEEs should be, read from ARM state (run under the store's lock).

A site is a customer circuit whose on-premises router the lab runs. Every
peering link with both a subnet and a VLAN is a cable the CE can plug into;
an MSEE speaker runs on it while the peering is provisioned and Enabled on a
provisioned circuit (the same condition under which the made-up tables show
a session). Global Reach routes: the private cloud's networks for AVS (from
the lab's model of AVS), another site's on-premises prefixes as that site's
MSEE actually learned them, or the world file's prefixes for a circuit whose
router the lab does not run. Gateway routes: the address space of each VNet
whose ExpressRoute gateway has a Connected connection to the circuit (with a
Generation 2 private cloud's prefixes), path 65515 behind Microsoft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..arm.context import Env
from ..ids import PEERING, parse_circuit_ref
from ..network import communities, gateway_routes, routing
from ..network.addresses import first_usable, parse_network, second_usable
from ..network.prefix_limits import limit_for
from ..store import Resource
from .ce import Link
from .msee import Session, with_community

PEERINGS = ("AzurePrivatePeering", "MicrosoftPeering")
DEVICES = ("primary", "secondary")


@dataclass
class DesiredMsee:
    session: Session
    advertise: dict[str, str] = field(default_factory=dict)       # prefix -> AS path behind Microsoft
    borrowed: list[tuple[str, str, str]] = field(default_factory=list)  # (site key, device, remote MSEE) whose CE routes cross
    next_hops: dict[str, str] = field(default_factory=dict)       # prefix -> the remote MSEE it comes from
    from_gateways: set[str] = field(default_factory=set)          # prefixes a VNet gateway sends: no 12076 in the table


@dataclass
class DesiredSite:
    circuit_id: str
    circuit_name: str
    links: list[Link]
    msees: list[DesiredMsee]


def links(circuit: Resource, peerings: list[Resource]) -> list[Link]:
    found = []
    for peering in peerings:
        name = peering.body["name"]
        vlan = peering.properties.get("vlanId")
        if name not in PEERINGS or not isinstance(vlan, int):
            continue
        for device in DEVICES:
            net = routing._customer_link(peering, device)
            if net is None or net.version != 4:
                continue
            found.append(Link(name, device, vlan, str(net), first_usable(net), second_usable(net)))
    return found


def _other_end(gr: routing.GlobalReachLink, peering: Resource) -> str:
    props = gr.connection.properties
    initiating = props["expressRouteCircuitPeering"]["id"]
    peer = props["peerExpressRouteCircuitPeering"]["id"]
    return peer if initiating.lower() == peering.key else initiating


def _global_reach(env: Env, peering: Resource, device: str, site_keys: set[str], msee: DesiredMsee) -> None:
    for gr in routing.global_reach_links(env, peering, device):
        ref = parse_circuit_ref(_other_end(gr, peering))
        other_key = ref.circuit_id.lower() if ref else ""
        if other_key in site_keys:
            msee.borrowed.append((other_key, device, gr.remote_ip))
            continue
        for prefix in gr.remote_prefixes:
            net = parse_network(prefix)
            if net is not None and net.version == 4:
                msee.advertise[str(net)] = str(gr.remote_asn)
                msee.next_hops[str(net)] = gr.remote_ip


def _gateways(env: Env, circuit: Resource, peering: Resource, device: str, msee: DesiredMsee) -> None:
    """VNets (and Generation 2 private clouds) behind Connected ExpressRoute gateway connections."""
    for prefix, hop, path in gateway_routes.circuit_routes(env, circuit, peering, device):
        net = parse_network(prefix)
        if net is not None and net.version == 4:
            msee.advertise[str(net)] = path
            msee.next_hops[str(net)] = hop
            msee.from_gateways.add(str(net))


def compute(env: Env, site_ids: list[str]) -> dict[str, DesiredSite | None]:
    """circuit key -> what the site should run (None when its circuit is gone)."""
    keys = {cid.lower() for cid in site_ids}
    result: dict[str, DesiredSite | None] = {}
    for circuit_id in site_ids:
        circuit = env.store.get(circuit_id)
        if circuit is None:
            result[circuit_id.lower()] = None
            continue
        peerings = env.store.children(circuit.id, PEERING)
        site = DesiredSite(circuit.id, circuit.body["name"], links(circuit, peerings), [])
        for peering in peerings:
            if not routing._up(circuit, peering):
                continue
            for link in site.links:
                if link.peering != peering.body["name"]:
                    continue
                session = Session(link.peering, link.device, link.vlan, link.prefix, link.ce_address, link.msee_address,
                                  int(peering.properties.get("peerASN") or 0), peering.properties.get("sharedKey") or None,
                                  limit_for(circuit, link.peering))
                msee = DesiredMsee(session)
                if link.peering == "AzurePrivatePeering":
                    _global_reach(env, peering, link.device, keys, msee)
                    _gateways(env, circuit, peering, link.device, msee)
                else:
                    # Microsoft peering: the services its route filter allows, tagged with their community.
                    for prefix, community in communities.microsoft_prefixes(env, peering).items():
                        msee.advertise[prefix] = with_community("", community)
                site.msees.append(msee)
        result[circuit.key] = site
    return result

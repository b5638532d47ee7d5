"""The customer's router: its FRR configuration split into the cable (interfaces) and the routing part.

The lab plays the cable. An address from an `interface <name>.<vlan>` stanza
is wired (put on the circuit namespace's loopback) only when its VLAN is the
peering's VLAN and it is the first usable address of that link's subnet,
as Microsoft's how-to assigns them; anything else stays unwired and the
answer says why. bgpd then gets the routing part, plus only what the lab's
own wiring needs (listed in `LAB_ADDITIONS` and in lab/README).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import asdict, dataclass

from .msee import CONNECT_RETRY_SECONDS

LAB_ADDITIONS = (
    "bgp router-id <first wired address> when the configuration sets none (no zebra, so no interface to take it from)",
    "no bgp network import-check (no zebra RIB to check `network` statements against)",
    "neighbor <MSEE> update-source <wired CE address> (every address shares one loopback)",
    f"neighbor <MSEE> timers connect {CONNECT_RETRY_SECONDS} when none is set (lab-only acceleration)",
)

_INTERFACE = re.compile(r"^interface\s+(\S+)")
_ADDRESS = re.compile(r"^\s+ip address\s+(\S+)")
_ROUTER_BGP = re.compile(r"^router bgp\s+(\d+)\s*$")
_NEIGHBOR_AS = re.compile(r"^\s+neighbor\s+(\S+)\s+remote-as\s+\S+")


@dataclass(frozen=True)
class Link:
    peering: str
    device: str
    vlan: int
    prefix: str
    ce_address: str
    msee_address: str


@dataclass
class Port:
    name: str
    vlan: int | None
    address: str | None
    wired: bool
    reason: str
    link: Link | None = None

    def view(self) -> dict:
        data = asdict(self)
        data.pop("link")
        return data


def split(config: str) -> tuple[list[tuple[str, list[str]]], str]:
    """([(interface name, [address/len...])], the rest of the configuration)."""
    interfaces: list[tuple[str, list[str]]] = []
    rest: list[str] = []
    current: list[str] | None = None
    for line in config.splitlines():
        match = _INTERFACE.match(line)
        if match:
            current = []
            interfaces.append((match[1], current))
            continue
        if current is not None:
            if line.startswith((" ", "\t")) or line.strip() in ("exit", ""):
                address = _ADDRESS.match(line)
                if address:
                    current.append(address[1])
                continue
            current = None
        rest.append(line)
    return interfaces, "\n".join(rest).strip() + "\n"


def vlan_of(name: str) -> int | None:
    match = re.match(r"^\S+\.(\d+)$", name)
    return int(match[1]) if match else None


def _wire_one(name: str, vlan: int | None, address: str, links: list[Link]) -> Port:
    try:
        interface = ipaddress.ip_interface(address)
    except ValueError:
        return Port(name, vlan, address, False, f"{address!r} on {name} is not an address/prefix-length")
    ip = str(interface.ip)
    if interface.version != 4:
        return Port(name, vlan, ip, False, "only IPv4 link addresses are wired (IPv6 sessions are not modelled)")
    containing = [link for link in links if interface.ip in ipaddress.ip_network(link.prefix)]
    if not containing:
        subnets = ", ".join(f"{l.peering} {l.device} {l.prefix}" for l in links) or "none configured"
        return Port(name, vlan, ip, False, f"{ip} is in no peering link subnet of this circuit ({subnets})")
    link = containing[0]
    where = f"{link.peering} {link.device} link {link.prefix}"
    if ip != link.ce_address:
        return Port(name, vlan, ip, False, f"{ip} is not the customer's address on the {where}: the customer takes the "
                    f"first usable address {link.ce_address}, Microsoft the second {link.msee_address}", link)
    if vlan is None:
        return Port(name, vlan, ip, False, f"{name} carries no VLAN tag; {link.peering} uses VLAN {link.vlan} "
                    f"(use a subinterface {name}.{link.vlan})", link)
    if vlan != link.vlan:
        return Port(name, vlan, ip, False, f"VLAN {vlan} on {name} differs from {link.peering}'s VLAN {link.vlan}", link)
    return Port(name, vlan, ip, True, f"wired to the {where} (VLAN {vlan})", link)


def wire(interfaces: list[tuple[str, list[str]]], links: list[Link]) -> tuple[list[Port], list[str]]:
    ports, warnings = [], []
    for name, addresses in interfaces:
        vlan = vlan_of(name)
        if not addresses:
            ports.append(Port(name, vlan, None, False, f"{name} has no `ip address`"))
        for address in addresses:
            port = _wire_one(name, vlan, address, links)
            if port.wired and port.link is not None:
                length = ipaddress.ip_interface(address).network.prefixlen
                expected = ipaddress.ip_network(port.link.prefix).prefixlen
                if length != expected:
                    warnings.append(f"{address} on {name}: the link subnet is {port.link.prefix} (/{expected})")
            ports.append(port)
    seen: dict[str, str] = {}
    for port in ports:
        if port.wired and port.address in seen:
            port.wired, port.reason = False, f"{port.address} is already wired on {seen[port.address]}"
        elif port.wired:
            seen[port.address] = port.name
    return ports, warnings


def effective(routing: str, ports: list[Port]) -> tuple[str, list[str]]:
    """The routing part with what the lab's wiring needs; returns (config, notes about what was added)."""
    wired = {p.link.msee_address: p.address for p in ports if p.wired and p.link is not None}
    lines = routing.splitlines()
    start = next((i for i, line in enumerate(lines) if _ROUTER_BGP.match(line)), None)
    if start is None:
        return routing, ["no `router bgp` in the configuration: the router will not speak BGP"]
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "\t"))), len(lines))
    block = lines[start + 1:end]
    insert = next((start + 1 + i for i, line in enumerate(block) if line.strip().startswith("address-family")), end)
    text = "\n".join(block)
    added: list[str] = []
    if not re.search(r"^\s+bgp router-id\s", text, re.M) and wired:
        added.append(f" bgp router-id {sorted(wired.values())[0]}")
    added.append(" no bgp network import-check")
    for line in block:
        match = _NEIGHBOR_AS.match(line)
        if not match or match[1] not in wired:
            continue
        neighbor = match[1]
        if not re.search(rf"^\s+neighbor {re.escape(neighbor)} update-source\s", text, re.M):
            added.append(f" neighbor {neighbor} update-source {wired[neighbor]}")
        if not re.search(rf"^\s+neighbor {re.escape(neighbor)} timers connect\s", text, re.M):
            added.append(f" neighbor {neighbor} timers connect {CONNECT_RETRY_SECONDS}")
    result = lines[:insert] + added + lines[insert:]
    notes = [f"lab added `{line.strip()}`" for line in added]
    return "\n".join(result) + "\n", notes


def listen_addresses(ports: list[Port]) -> list[str]:
    return sorted({p.address for p in ports if p.wired and p.address})

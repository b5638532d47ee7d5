# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Why an ExpressRoute BGP session is down, told from both ends of the link.

Pure standard-library code: the callers hand in what each end reported and
get back, per link, a verdict in the user's words. The three views are:

- the peering as Azure holds it (VLAN, peer ASN, the /30 of each link,
  whether an MD5 key is set and, only to compare, a keyed fingerprint of it);
- the edge router's (CE's) configuration and BGP state (for FRR: the
  configuration as applied and vtysh's ``show bgp summary json`` /
  ``show bgp neighbors json``);
- Azure's view of the session (route table summary and ARP, as
  route_table_info returns them).

TCP MD5 drops segments whose signature does not match without a word, so a
wrong key never produces a BGP notification: the session just stays in
Connect/Active. An MD5 mismatch is therefore told by comparing the two ends'
configuration. Keys are compared as HMAC fingerprints made with a salt that
lives only as long as one diagnosis; neither a key nor its fingerprint is ever
put in a message or in the result.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

MICROSOFT_ASN = 12076
ESTABLISHED = "Established"

# A CE neighbour whose password could not be read (e.g. stored encrypted).
UNKNOWN = "unknown"

# Verdict kinds, most specific first; the order is the order causes are listed.
KIND_ESTABLISHED = "established"
KIND_NOT_ON_AZURE = "link_not_configured_on_azure"
KIND_CE_NOT_CONFIGURED = "ce_not_configured"
KIND_VLAN = "vlan_mismatch"
KIND_ADDRESS = "wrong_address"
KIND_ASN = "asn_mismatch"
KIND_MD5 = "md5_mismatch"
KIND_CE_UNREACHABLE = "ce_not_answering"
KIND_NOT_VISIBLE = "cause_not_visible"

SHORT = {
    KIND_ESTABLISHED: "Established",
    KIND_NOT_ON_AZURE: "link not configured on the peering",
    KIND_CE_NOT_CONFIGURED: "edge router not configured",
    KIND_VLAN: "VLAN mismatch",
    KIND_ADDRESS: "wrong address",
    KIND_ASN: "ASN mismatch",
    KIND_MD5: "MD5 mismatch",
    KIND_CE_UNREACHABLE: "edge router not answering",
    KIND_NOT_VISIBLE: "cause not visible from here",
}

Fingerprint = Callable[[str], str]


def fingerprinter(salt: bytes) -> Fingerprint:
    """A keyed fingerprint function: equal keys give equal fingerprints under one salt only."""
    def fingerprint(secret: str) -> str:
        return hmac.new(salt, secret.encode("utf-8"), hashlib.sha256).hexdigest()
    return fingerprint


# --- the three views ---------------------------------------------------------

@dataclass(frozen=True)
class AzureLink:
    """One link of a peering as Azure holds it."""
    peering: str
    device: str
    vlan: Optional[int]
    peer_asn: Optional[int]
    subnet: Optional[str]
    key_set: bool
    key_fingerprint: Optional[str] = None


@dataclass(frozen=True)
class CeInterface:
    name: str
    vlan: Optional[int]
    address: str  # with its prefix length, e.g. 10.0.0.1/30


@dataclass(frozen=True)
class CeNeighbor:
    address: str
    remote_as: Optional[str]  # an ASN as text, or "external"/"internal"
    local_as: Optional[int]   # the AS the CE speaks as towards this neighbour
    password: Optional[str]   # None: no password; UNKNOWN; else a fingerprint


@dataclass(frozen=True)
class CeConfig:
    """The edge router's configuration, as far as these checks need it."""
    interfaces: Tuple[CeInterface, ...] = ()
    neighbors: Tuple[CeNeighbor, ...] = ()
    asn: Optional[int] = None


@dataclass(frozen=True)
class SessionState:
    """A BGP session as one end reports it."""
    state: str
    up_down: Optional[str] = None
    prefixes_received: Optional[int] = None
    last_reset: Optional[str] = None


@dataclass(frozen=True)
class CeView:
    """What the edge router said: its configuration (None: none) and its sessions by neighbour address.

    ``answered`` is False when the router could not be asked (daemon down,
    unreachable); ``error`` then says what happened, without secrets.
    """
    config: Optional[CeConfig]
    sessions: Mapping[str, SessionState] = field(default_factory=dict)
    answered: bool = True
    error: Optional[str] = None


@dataclass(frozen=True)
class AzureSessionView:
    """Azure's view of one link: the route table summary's neighbours and the ARP table's addresses."""
    sessions: Mapping[str, SessionState] = field(default_factory=dict)
    arp_addresses: Optional[Tuple[str, ...]] = None  # None: ARP not read
    read: bool = True  # False: the summary was not read (the verdict then rests on the edge router alone)


@dataclass(frozen=True)
class Cause:
    kind: str
    message: str


@dataclass(frozen=True)
class LinkVerdict:
    peering: str
    device: str
    subnet: Optional[str]
    ce_address: Optional[str]
    msee_address: Optional[str]
    vlan: Optional[int]
    azure: Optional[SessionState]
    edge: Optional[SessionState]
    causes: Tuple[Cause, ...]
    checks: Tuple[str, ...]

    @property
    def established(self) -> bool:
        return bool(self.causes) and self.causes[0].kind == KIND_ESTABLISHED

    @property
    def summary(self) -> str:
        if self.established:
            return ESTABLISHED
        kinds = []
        for cause in self.causes:
            if SHORT[cause.kind] not in kinds:
                kinds.append(SHORT[cause.kind])
        return "Down: " + "; ".join(kinds)

    def as_dict(self) -> Dict[str, Any]:
        def session(value: Optional[SessionState]) -> Optional[Dict[str, Any]]:
            if value is None:
                return None
            return dict(state=value.state, up_down=value.up_down, prefixes_received=value.prefixes_received,
                        last_reset=value.last_reset)
        return dict(peering=self.peering, device=self.device, subnet=self.subnet, ce_address=self.ce_address,
                    msee_address=self.msee_address, vlan=self.vlan, azure=session(self.azure),
                    edge=session(self.edge), established=self.established, verdict=self.summary,
                    causes=[dict(kind=cause.kind, message=cause.message) for cause in self.causes],
                    checks=list(self.checks))


# --- reading the views ------------------------------------------------------

def _int_or_none(value: Any) -> Optional[int]:
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def azure_links(peering: Mapping[str, Any], key_fingerprint: Optional[str] = None,
                key_set: Optional[bool] = None) -> List[AzureLink]:
    """The primary and secondary links of a peering in circuit_info / circuit_peering_info's shape.

    The read results mask the key, so whether one is set is read from
    ``shared_key`` being present; ``key_fingerprint`` is the fingerprint of
    the key the peering was configured with (None: not known here).
    """
    name = str(peering.get("peering_type") or peering.get("name") or "AzurePrivatePeering")
    if key_set is None:
        key_set = bool(peering.get("shared_key")) or key_fingerprint is not None
    return [AzureLink(peering=name, device=device, vlan=_int_or_none(peering.get("vlan_id")),
                      peer_asn=_int_or_none(peering.get("peer_asn")),
                      subnet=peering.get(device + "_peer_address_prefix") or None,
                      key_set=bool(key_set), key_fingerprint=key_fingerprint)
            for device in ("primary", "secondary")]


def link_addresses(subnet: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """(customer address, Microsoft address): the first and second usable addresses of a /30 (or /126)."""
    if not subnet:
        return None, None
    try:
        network = ipaddress.ip_network(str(subnet), strict=False)
    except ValueError:
        return None, None
    if network.num_addresses < 4:
        return None, None
    return str(network.network_address + 1), str(network.network_address + 2)


_INTERFACE = re.compile(r"^interface\s+(\S+)")
_ADDRESS = re.compile(r"^\s+ip(?:v6)?\s+address\s+(\S+)(?:\s+(\d+\.\d+\.\d+\.\d+))?")
_ENCAPSULATION = re.compile(r"^\s+(?:encapsulation\s+dot1q|vlan\s+id)\s+(\d+)", re.IGNORECASE)
_ROUTER_BGP = re.compile(r"^router\s+bgp\s+(\d+)")
_NEIGHBOR = re.compile(r"^\s+neighbor\s+(\S+)\s+(remote-as|local-as|password|peer-group)(?:\s+(.*))?$")


def _vlan_of(name: str) -> Optional[int]:
    suffix = name.rsplit(".", 1)
    return _int_or_none(suffix[1]) if len(suffix) == 2 else None


def _password_value(words: str, fingerprint: Fingerprint) -> str:
    """FRR: "password KEY"; IOS/EOS: "password [0|7] KEY". A type-7 (encrypted) key cannot be compared."""
    parts = words.split(None, 1)
    if len(parts) == 2 and parts[0] in ("0", "7"):
        return UNKNOWN if parts[0] == "7" else fingerprint(parts[1])
    return fingerprint(words)


def parse_ios_style_config(text: str, fingerprint: Fingerprint) -> CeConfig:
    """Interfaces and BGP neighbours from FRR (or IOS-XE/EOS style) configuration text.

    The VLAN of a subinterface is its name's suffix (``eth0.100``) or its
    ``encapsulation dot1q`` line. Peer-group settings are inherited. Clear
    passwords are replaced by ``fingerprint(password)`` as they are read.
    """
    interfaces: List[Dict[str, Any]] = []
    groups: Dict[str, Dict[str, Any]] = {}
    members: Dict[str, Dict[str, Any]] = {}
    asn = None
    section = None
    current: Optional[Dict[str, Any]] = None
    for line in text.splitlines():
        line = line.rstrip()
        if not line or line.lstrip().startswith(("!", "#")):
            continue
        if not line[0].isspace():
            match = _INTERFACE.match(line)
            router = _ROUTER_BGP.match(line)
            if match:
                current = dict(name=match.group(1), vlan=_vlan_of(match.group(1)), addresses=[])
                interfaces.append(current)
                section = "interface"
            elif router:
                asn = int(router.group(1))
                section = "bgp"
            else:
                section = None
            continue
        if section == "interface" and current is not None:
            address = _ADDRESS.match(line)
            encapsulation = _ENCAPSULATION.match(line)
            if address:
                value = address.group(1)
                if address.group(2):
                    value = "%s/%s" % (value, address.group(2))
                current["addresses"].append(value)
            elif encapsulation:
                current["vlan"] = int(encapsulation.group(1))
        elif section == "bgp":
            match = _NEIGHBOR.match(line)
            if not match:
                continue
            peer, what, rest = match.group(1), match.group(2), (match.group(3) or "").strip()
            if what == "peer-group" and not rest:
                groups.setdefault(peer, {})
                continue
            entry = groups[peer] if peer in groups else members.setdefault(peer, {})
            if what == "remote-as":
                entry["remote_as"] = rest.split()[0] if rest else None
            elif what == "local-as":
                entry["local_as"] = _int_or_none(rest.split()[0]) if rest else None
            elif what == "password":
                entry["password"] = _password_value(rest, fingerprint)
            elif what == "peer-group":
                entry["group"] = rest
    neighbors = []
    for peer, settings in members.items():
        merged = dict(groups.get(settings.get("group", ""), {}))
        merged.update(settings)
        neighbors.append(CeNeighbor(address=peer, remote_as=merged.get("remote_as"),
                                    local_as=merged.get("local_as", asn), password=merged.get("password")))
    found = []
    for interface in interfaces:
        for address in interface["addresses"]:
            try:
                normalised = str(ipaddress.ip_interface(address))
            except ValueError:
                continue
            found.append(CeInterface(name=interface["name"], vlan=interface["vlan"], address=normalised))
    return CeConfig(interfaces=tuple(found), neighbors=tuple(neighbors), asn=asn)


def frr_sessions(summary: Mapping[str, Any], neighbors: Optional[Mapping[str, Any]] = None) -> Dict[str, SessionState]:
    """Sessions by neighbour address from FRR's ``show bgp summary json`` (and ``show bgp neighbors json``)."""
    sessions: Dict[str, SessionState] = {}
    neighbors = neighbors or {}
    families = [value for value in summary.values() if isinstance(value, Mapping) and "peers" in value]
    if "peers" in summary:
        families.append(summary)
    for family in families:
        for address, peer in (family.get("peers") or {}).items():
            if address in sessions or not isinstance(peer, Mapping):
                continue
            state = str(peer.get("state") or "unknown")
            detail = neighbors.get(address) if isinstance(neighbors.get(address), Mapping) else {}
            reset = _last_reset(detail)
            sessions[address] = SessionState(
                state=state, up_down=peer.get("peerUptime"),
                prefixes_received=_int_or_none(peer.get("pfxRcd")) if state == ESTABLISHED else 0,
                last_reset=reset)
    for address, detail in neighbors.items():
        if address not in sessions and isinstance(detail, Mapping) and "bgpState" in detail:
            sessions[address] = SessionState(state=str(detail["bgpState"]), last_reset=_last_reset(detail))
    return sessions


def _last_reset(detail: Mapping[str, Any]) -> Optional[str]:
    """Why the session last went down; None before it ever dropped (FRR then still names a start-up reason)."""
    if not _int_or_none(detail.get("connectionsDropped")):
        return None
    reset = detail.get("lastNotificationReason") or detail.get("lastResetDueTo")
    return str(reset) if reset else None


def frr_routes(table: Mapping[str, Any]) -> List[Dict[str, Any]]:
    """The best routes learned from a neighbour in FRR's ``show bgp ipv4 unicast json``, as route_table_info's shape.

    Locally originated routes (no peer) are left out: they are what the
    router advertises, not what it learned.
    """
    routes = []
    for network, paths in sorted((table.get("routes") or {}).items()):
        for path in paths if isinstance(paths, list) else [paths]:
            if not isinstance(path, Mapping) or not path.get("bestpath") or path.get("peerId") in (None, "(unspec)"):
                continue
            hops = [hop.get("ip") for hop in path.get("nexthops") or [] if isinstance(hop, Mapping)]
            routes.append(dict(network=str(path.get("network") or network), next_hop=hops[0] if hops else None,
                               path=str(path.get("path") or ""), peer=str(path["peerId"])))
    return routes


def azure_session_view(table: Optional[Mapping[str, Any]]) -> AzureSessionView:
    """A link's table as route_table_info returns it (``summary`` and ``arp`` lists) as Azure's view."""
    if table is None or table.get("summary") is None:
        return AzureSessionView(read=False)
    sessions = {}
    for entry in table.get("summary") or []:
        neighbor = entry.get("neighbor")
        if neighbor is None:
            continue
        sessions[str(neighbor)] = SessionState(
            state=str(entry.get("session_state") or "unknown"), up_down=entry.get("up_down"),
            prefixes_received=entry.get("prefixes_received"))
    arp = None
    if table.get("arp") is not None:
        arp = tuple(str(entry.get("ip_address")) for entry in table["arp"] if entry.get("ip_address"))
    return AzureSessionView(sessions=sessions, arp_addresses=arp)


# --- the diagnosis -----------------------------------------------------------

def _config_causes(link: AzureLink, ce: CeConfig, ce_address: str, msee_address: str) -> List[Cause]:
    causes: List[Cause] = []
    subnet = ipaddress.ip_network(str(link.subnet), strict=False)
    in_subnet = [item for item in ce.interfaces
                 if ipaddress.ip_interface(item.address).ip in subnet]
    holder = [item for item in in_subnet if str(ipaddress.ip_interface(item.address).ip) == ce_address]

    # VLAN: the address is on the router, on a subinterface of another VLAN.
    wrong_vlan = [item for item in (holder or in_subnet) if item.vlan != link.vlan]
    if wrong_vlan and not [item for item in holder if item.vlan == link.vlan]:
        item = wrong_vlan[0]
        causes.append(Cause(KIND_VLAN, "VLAN differs: the edge router has %s on %s, %s; the peering uses VLAN %s"
                            % (item.address, item.name,
                               "VLAN %s" % item.vlan if item.vlan is not None else "no VLAN tag", link.vlan)))
    # Address: nothing holds the first usable address (on the right VLAN or, when the VLAN is wrong, at all).
    if not holder:
        if in_subnet:
            causes.append(Cause(KIND_ADDRESS, "wrong address: the edge router has %s on %s; it must have %s/%d, "
                                "the first usable address of %s (Microsoft's edge is on %s)"
                                % (in_subnet[0].address, in_subnet[0].name, ce_address, subnet.prefixlen, subnet,
                                   msee_address)))
        else:
            causes.append(Cause(KIND_ADDRESS, "wrong address: no interface of the edge router has %s/%d, the first "
                                "usable address of %s (on VLAN %s)" % (ce_address, subnet.prefixlen, subnet, link.vlan)))
    elif holder[0].address.split("/")[1] != str(subnet.prefixlen):
        causes.append(Cause(KIND_ADDRESS, "wrong address: the edge router has %s on %s; the link subnet is %s"
                            % (holder[0].address, holder[0].name, subnet)))

    neighbor = next((item for item in ce.neighbors if item.address == msee_address), None)
    if neighbor is None:
        others = sorted(item.address for item in ce.neighbors
                        if item.address != msee_address and _inside(item.address, subnet))
        causes.append(Cause(KIND_ADDRESS, "wrong address: the edge router has no BGP neighbour %s (the second usable "
                            "address of %s, Microsoft's edge)%s" % (
                                msee_address, subnet,
                                "; it has %s instead" % ", ".join(others) if others else "")))
        return causes

    if neighbor.remote_as not in (str(MICROSOFT_ASN), "external"):
        causes.append(Cause(KIND_ASN, "ASN mismatch: the edge router expects AS %s from %s; Microsoft's edge is AS %d"
                            % (neighbor.remote_as or "(none)", msee_address, MICROSOFT_ASN)))
    if link.peer_asn is not None and neighbor.local_as is not None and neighbor.local_as != link.peer_asn:
        causes.append(Cause(KIND_ASN, "ASN mismatch: the edge router speaks as AS %d to %s; the peering's peer ASN "
                            "is %d" % (neighbor.local_as, msee_address, link.peer_asn)))

    if link.key_set and neighbor.password is None:
        causes.append(Cause(KIND_MD5, "MD5 mismatch: the peering has an MD5 key, the edge router's neighbour %s has "
                            "no password" % msee_address))
    elif not link.key_set and neighbor.password not in (None, UNKNOWN):
        causes.append(Cause(KIND_MD5, "MD5 mismatch: the edge router's neighbour %s has a password, the peering has "
                            "no MD5 key" % msee_address))
    elif (link.key_set and link.key_fingerprint is not None and neighbor.password not in (None, UNKNOWN)
          and not hmac.compare_digest(neighbor.password, link.key_fingerprint)):
        causes.append(Cause(KIND_MD5, "MD5 mismatch: the edge router's password for %s differs from the peering's "
                            "MD5 key" % msee_address))
    return causes


def _inside(address: str, subnet: Any) -> bool:
    try:
        return ipaddress.ip_address(address) in subnet
    except ValueError:
        return False


def _what_to_check(link: AzureLink, ce: CeView, neighbor: Optional[CeNeighbor], azure: Optional[SessionState],
                   edge: Optional[SessionState], arp: Optional[Tuple[str, ...]], ce_address: str) -> List[str]:
    checks = []
    if arp is not None and ce_address not in arp:
        checks.append("Azure's ARP table has no entry for %s: check the cross-connect, the provider's VLAN "
                      "hand-off and the subinterface's state" % ce_address)
    if neighbor is not None and neighbor.password == UNKNOWN and link.key_set:
        checks.append("the edge router's password is stored encrypted and could not be compared: check it "
                      "equals the peering's MD5 key")
    if link.key_set and link.key_fingerprint is None:
        checks.append("the peering's MD5 key was not given to the check: compare it with the edge router's "
                      "password by hand")
    if edge is not None and edge.last_reset:
        checks.append("the edge router's last reset: %s" % edge.last_reset)
    checks.append("a filter or firewall between the routers dropping TCP port 179")
    checks.append("BFD and the layer-2 path of the %s link (the provider's side)" % link.device)
    return checks


def diagnose_link(link: AzureLink, ce: CeView, azure: AzureSessionView) -> LinkVerdict:
    """The verdict for one link: Established, or down with every cause that can be told from here."""
    ce_address, msee_address = link_addresses(link.subnet)
    azure_state = azure.sessions.get(ce_address) if ce_address else None
    if azure_state is None and len(azure.sessions) == 1:
        azure_state = next(iter(azure.sessions.values()))
    edge_state = ce.sessions.get(msee_address) if msee_address else None

    def verdict(causes: List[Cause], checks: Sequence[str] = ()) -> LinkVerdict:
        return LinkVerdict(peering=link.peering, device=link.device, subnet=link.subnet, ce_address=ce_address,
                           msee_address=msee_address, vlan=link.vlan, azure=azure_state, edge=edge_state,
                           causes=tuple(causes), checks=tuple(checks))

    if ce_address is None or msee_address is None:
        return verdict([Cause(KIND_NOT_ON_AZURE, "the peering has no %s link subnet (a /30)" % link.device)])

    up_azure = azure_state is not None and azure_state.state == ESTABLISHED
    up_edge = edge_state is not None and edge_state.state == ESTABLISHED
    if up_azure and (up_edge or not ce.answered or ce.config is None):
        return verdict([Cause(KIND_ESTABLISHED, "Established")])
    if up_edge and not azure.read:
        return verdict([Cause(KIND_ESTABLISHED, "Established (as the edge router reports it; Azure's summary not read)")])

    if ce.config is None:
        if not ce.answered:
            return verdict([Cause(KIND_CE_UNREACHABLE, "the edge router did not answer%s"
                                  % (": %s" % ce.error if ce.error else ""))],
                           ["that the edge router and its BGP daemon are running"])
        return verdict([Cause(KIND_CE_NOT_CONFIGURED, "the edge router has no configuration for this link "
                              "(apply the rendered configuration: role edge_router)")])

    causes = _config_causes(link, ce.config, ce_address, msee_address)
    neighbor = next((item for item in ce.config.neighbors if item.address == msee_address), None)
    if not ce.answered and not causes:
        causes.append(Cause(KIND_CE_UNREACHABLE, "the edge router did not answer%s; its configuration matches the "
                            "peering" % (": %s" % ce.error if ce.error else "")))
        return verdict(causes, ["that the edge router's BGP daemon is running"])
    if causes:
        return verdict(causes)
    if up_edge and not up_azure:
        # Both configurations agree and the edge router has the session: Azure's table lags behind.
        return verdict([Cause(KIND_NOT_VISIBLE, "the edge router has the session Established but Azure reports %s: "
                              "read the route table summary again in a minute"
                              % (azure_state.state if azure_state else "no neighbour"))])
    return verdict([Cause(KIND_NOT_VISIBLE, "down (Azure: %s, edge router: %s); both ends' configuration agrees on "
                          "VLAN, addresses, ASNs and MD5 key" % (
                              azure_state.state if azure_state else "no neighbour",
                              edge_state.state if edge_state else "no session"))],
                   _what_to_check(link, ce, neighbor, azure_state, edge_state, azure.arp_addresses, ce_address))


def diagnose(links: Sequence[AzureLink], ce: CeView, azure_by_device: Mapping[str, AzureSessionView]) -> List[LinkVerdict]:
    """One verdict per link, in the order given."""
    return [diagnose_link(link, ce, azure_by_device.get(link.device, AzureSessionView(read=False))) for link in links]


# --- masking ----------------------------------------------------------------

_SECRET_LINES = (
    # FRR / IOS-XE / EOS: neighbor X password [0|7] KEY
    re.compile(r"^(\s*neighbor\s+\S+\s+password\s+)(?:([07])\s+)?(\S.*?)\s*$"),
    # Junos: authentication-key "KEY";
    re.compile(r"^(\s*(?:set\s.*\s)?authentication-key\s+)()(\S.*?)(;?)\s*$"),
)

MASK = "<hidden>"


def mask_config(text: str) -> str:
    """Configuration text with every BGP password / authentication key replaced by <hidden>."""
    lines = []
    for line in text.splitlines():
        for pattern in _SECRET_LINES:
            match = pattern.match(line)
            if match:
                kind = (match.group(2) + " ") if match.group(2) else ""
                tail = match.group(4) if pattern.groups >= 4 else ""
                line = "%s%s%s%s" % (match.group(1), kind, MASK, tail)
                break
        lines.append(line)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")

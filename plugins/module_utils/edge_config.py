# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The customer-edge (CE) router of a site, as a vendor-neutral model.

``edge_model`` turns the site variables that configure a circuit's peerings
(``private_peering``, ``microsoft_peering``, ``onprem_prefixes``) into what the
on-premises router needs for each BGP session with Microsoft's edge (MSEE):
an 802.1Q subinterface on the peering's VLAN holding the first usable address
of the link subnet, the neighbour at the second usable address with remote-as
12076, the local AS (the peering's peer ASN), the MD5 password, BFD with the
timers of Microsoft's samples, a prefix list of what the site advertises and
Microsoft's maximum-prefix limit. Vendor templates and resource-module data
are rendered from this one model, so every platform follows the same rules.

Problems come back as a list, each naming the site option path
(``private_peering.primary_peer_address_prefix``); the peering rules
themselves are the validation package's, not re-checked here.
Pure standard library: no Ansible import.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import dataclasses
import difflib
import ipaddress
import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import HIDDEN, Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import (
    check_prefix_list,
    customer_and_microsoft_addresses,
)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.prefix_items import prefix_of
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.peering import (
    MICROSOFT_PEERING,
    PRIVATE_PEERING,
    validate_peering,
)

# Microsoft's edge routers use this AS on every peering.
MSEE_ASN = 12076
# MSEE timers (the CE's defaults on every platform here, stated for the reader).
KEEPALIVE_SECONDS = 60
HOLD_SECONDS = 180

# Per-session prefix limits Microsoft enforces; over the limit the session drops.
PRIVATE_IPV4_MAX_PREFIXES = 4000
PRIVATE_IPV4_MAX_PREFIXES_PREMIUM = 10000
PRIVATE_IPV6_MAX_PREFIXES = 100
MICROSOFT_MAX_PREFIXES = 200

# Site keys of each peering and the prefix-list stem its sessions use.
PEERING_KEYS = (("private_peering", PRIVATE_PEERING, "ER-PRIVATE"),
                ("microsoft_peering", MICROSOFT_PEERING, "ER-MICROSOFT"))
DEVICES = ("primary", "secondary")
DEFAULT_INTERFACES = {"primary": "eth0", "secondary": "eth1"}


@dataclass(frozen=True)
class Bfd:
    """BFD timers of Microsoft's CE samples: ``bfd interval 300 min_rx 300 multiplier 3``."""

    interval: int = 300
    min_rx: int = 300
    multiplier: int = 3


@dataclass(frozen=True)
class Subinterface:
    """One 802.1Q subinterface: a peering's VLAN on one link's physical port.

    ``ipv4``/``ipv6`` are the CE's interface addresses with prefix length
    (``10.250.0.1/30``), None when the peering has no subnet of that version.
    """

    name: str
    parent: str
    vlan_id: int
    peering: str
    device: str
    ipv4: Optional[str]
    ipv6: Optional[str]


@dataclass(frozen=True)
class Neighbor:
    """One BGP session with an MSEE.

    ``password`` is the peering's MD5 key (a secret; None when not set).
    ``prefix_list`` names the outbound filter holding what the site
    advertises on this session's address family.
    """

    address: str
    version: int
    peering: str
    device: str
    interface: str
    vlan_id: int
    subnet: str
    ce_address: str
    remote_as: int
    local_as: int
    password: Optional[str]
    bfd: bool
    prefix_list: str
    maximum_prefix: int
    description: str


@dataclass(frozen=True)
class PrefixList:
    """What the site advertises on one peering and address family."""

    name: str
    version: int
    peering: str
    prefixes: Tuple[str, ...]


@dataclass(frozen=True)
class EdgeModel:
    """The CE configuration of one site, for any vendor."""

    site: str
    local_as: int
    router_id: str
    subinterfaces: Tuple[Subinterface, ...]
    neighbors: Tuple[Neighbor, ...]
    prefix_lists: Tuple[PrefixList, ...]
    bfd: Bfd
    keepalive: int = KEEPALIVE_SECONDS
    hold: int = HOLD_SECONDS

    def networks(self, version: int) -> List[str]:
        """Every prefix advertised on an address family, once, in order of first appearance."""
        seen: List[str] = []
        for prefix_list in self.prefix_lists:
            if prefix_list.version == version:
                seen.extend(prefix for prefix in prefix_list.prefixes if prefix not in seen)
        return seen

    def secrets(self) -> List[str]:
        """The MD5 keys in this model, for masking rendered text."""
        return sorted({neighbor.password for neighbor in self.neighbors if neighbor.password not in (None, HIDDEN)})

    def without_secrets(self) -> "EdgeModel":
        """The same model with each MD5 key replaced by ``<hidden>`` (for reports and logs)."""
        neighbors = tuple(dataclasses.replace(neighbor, password=HIDDEN) if neighbor.password else neighbor
                          for neighbor in self.neighbors)
        return dataclasses.replace(self, neighbors=neighbors)

    def to_dict(self) -> Dict[str, Any]:
        """Plain data for templates and module results (the MD5 keys in clear: keep it no_log)."""
        result = dataclasses.asdict(self)
        result["networks"] = {"ipv4": self.networks(4), "ipv6": self.networks(6)}
        result["secrets"] = self.secrets()
        return result


def maximum_prefixes(peering_type: str, version: int, premium: bool) -> int:
    """Microsoft's per-session limit for a peering type and IP version."""
    if peering_type == MICROSOFT_PEERING:
        return MICROSOFT_MAX_PREFIXES
    if version == 6:
        return PRIVATE_IPV6_MAX_PREFIXES
    return PRIVATE_IPV4_MAX_PREFIXES_PREMIUM if premium else PRIVATE_IPV4_MAX_PREFIXES


def _given(peering: object) -> bool:
    return isinstance(peering, Mapping) and bool(peering) and peering.get("state", "present") != "absent"


def _repath(problems: Iterable[Problem], prefix: str) -> List[Problem]:
    return [Problem(prefix + problem.option, problem.rule, problem.value) for problem in problems]


def _required(key: str, peering: Mapping[str, Any], peering_type: str) -> List[Problem]:
    """What the CE cannot do without; circuit_peering only needs these on create."""
    problems = []
    for option in ("vlan_id", "peer_asn"):
        if peering.get(option) is None:
            problems.append(Problem("%s.%s" % (key, option), "must be set to render the customer edge"))
    ipv6 = peering.get("ipv6_peering_config")
    has_ipv6 = isinstance(ipv6, Mapping) and ipv6.get("primary_peer_address_prefix") is not None
    if peering.get("primary_peer_address_prefix") is None and not has_ipv6:
        problems.append(Problem("%s.primary_peer_address_prefix" % key,
                                "must be set to render the customer edge (or give ipv6_peering_config subnets)"
                                if peering_type == MICROSOFT_PEERING else "must be set to render the customer edge"))
    return problems


def _interfaces_problems(interfaces: object) -> List[Problem]:
    if not isinstance(interfaces, Mapping):
        return [Problem("interfaces", "must map primary and secondary to the CE's physical interfaces", interfaces)]
    return [Problem("interfaces.%s" % device, "must name the CE's physical interface of the %s link" % device,
                    interfaces.get(device))
            for device in DEVICES if not isinstance(interfaces.get(device), str) or not interfaces.get(device)]


def _split_versions(prefixes: Iterable[object]) -> Dict[int, Tuple[str, ...]]:
    by_version: Dict[int, List[str]] = {4: [], 6: []}
    for prefix in prefixes:
        network = ipaddress.ip_network(str(prefix).strip())
        by_version[network.version].append(str(network))
    return {version: tuple(values) for version, values in by_version.items()}


Advertised = Dict[int, Tuple[str, ...]]


def _advertised(key: str, site: Mapping[str, Any], peering: Mapping[str, Any]) -> Tuple[Advertised, List[Problem]]:
    """Prefixes the CE advertises on a peering, per IP version."""
    if key == "private_peering":
        prefixes = site.get("onprem_prefixes")
        if prefixes is None or (isinstance(prefixes, (list, tuple)) and not prefixes):
            return {}, [Problem("onprem_prefixes", "must list at least one prefix the site advertises over "
                                "private peering (the CE's outbound prefix list)", prefixes)]
        problems = check_prefix_list("onprem_prefixes", prefixes, public=False)
        return ({} if problems else _split_versions(prefixes)), problems
    # Microsoft peering advertises the public prefixes registered for it; validate_peering checked them.
    advertised: List[object] = []
    for config in (peering.get("microsoft_peering_config"),
                   (peering.get("ipv6_peering_config") or {}).get("microsoft_peering_config")):
        if isinstance(config, Mapping):
            # Items may carry an ownership proof ({prefix, signature, validation_id}): the CE needs the prefix.
            advertised.extend(prefix_of(item) for item in config.get("advertised_public_prefixes") or [])
    if not advertised:
        return {}, [Problem("%s.microsoft_peering_config.advertised_public_prefixes" % key,
                            "must list at least one public prefix the site advertises over Microsoft peering")]
    return _split_versions(advertised), []


def _peering_problems(site: Mapping[str, Any], given: Dict[str, Mapping[str, Any]]) -> List[Problem]:
    problems: List[Problem] = []
    vlans = {peering_type: given[key].get("vlan_id") for key, peering_type, _stem in PEERING_KEYS if key in given}
    for key, peering_type, _stem in PEERING_KEYS:
        if key not in given:
            continue
        peering = given[key]
        problems.extend(_required(key, peering, peering_type))
        desired = dict(peering, peering_type=peering_type)
        problems.extend(_repath(validate_peering(desired, other_peerings_vlans=vlans), key + "."))
    asns = {given[key].get("peer_asn") for key, _type, _stem in PEERING_KEYS if key in given}
    if len(asns) > 1:
        problems.append(Problem("microsoft_peering.peer_asn",
                                "must equal private_peering.peer_asn: one edge router speaks BGP with one local AS "
                                "(render the two peerings on separate routers otherwise)",
                                given["microsoft_peering"].get("peer_asn")))
    return problems


def edge_model(site: Mapping[str, Any], *, premium: bool = False,
               interfaces: Optional[Mapping[str, str]] = None) -> Tuple[Optional[EdgeModel], List[Problem]]:
    """The CE model of a site, or None and every problem with the site's values.

    ``site`` is one entry of the ``sites`` list (``private_peering``,
    ``microsoft_peering``, ``onprem_prefixes``, ``name``). ``premium`` raises
    the private IPv4 limit to 10,000 (the circuit has the Premium add-on).
    ``interfaces`` maps ``primary`` and ``secondary`` to the CE's physical
    ports (``eth0``/``eth1`` by default); each peering is a subinterface
    ``<port>.<vlan>`` on both. The inputs are never modified.
    """
    if interfaces is None:
        interfaces = DEFAULT_INTERFACES
    if not isinstance(site, Mapping):
        return None, [Problem("site", "must be a dictionary of site variables", type(site).__name__)]
    problems = _interfaces_problems(interfaces)
    if not isinstance(premium, bool):
        problems.append(Problem("premium", "must be true or false", premium))
    given = {key: site[key] for key, _type, _stem in PEERING_KEYS if _given(site.get(key))}
    for key, _type, _stem in PEERING_KEYS:
        if site.get(key) not in (None, {}) and not isinstance(site.get(key), Mapping):
            problems.append(Problem(key, "must be a dictionary of peering settings", site.get(key)))
    if not given:
        return None, problems + [Problem("private_peering", "must be set (or microsoft_peering) to render the "
                                         "customer edge; the site configures no peering")]
    problems.extend(_peering_problems(site, given))
    advertised = {}
    for key, _type, _stem in PEERING_KEYS:
        if key in given:
            advertised[key], advertised_problems = _advertised(key, site, given[key])
            problems.extend(advertised_problems)
    if problems:
        return None, problems
    return _build(site, given, advertised, bool(premium), interfaces), []


def _links(peering: Mapping[str, Any]) -> List[Tuple[int, str, str]]:
    """(version, device, subnet) of every link subnet a peering gives."""
    links = []
    ipv6 = peering.get("ipv6_peering_config") or {}
    for version, source in ((4, peering), (6, ipv6)):
        for device in DEVICES:
            subnet = source.get("%s_peer_address_prefix" % device)
            if subnet is not None:
                links.append((version, device, str(ipaddress.ip_network(subnet.strip()))))
    return links


def _build(site: Mapping[str, Any], given: Mapping[str, Mapping[str, Any]],
           advertised: Mapping[str, Advertised], premium: bool,
           interfaces: Mapping[str, str]) -> EdgeModel:
    subinterfaces: List[Subinterface] = []
    neighbors: List[Neighbor] = []
    prefix_lists: List[PrefixList] = []
    local_as = next(given[key]["peer_asn"] for key, _type, _stem in PEERING_KEYS if key in given)
    for key, peering_type, stem in PEERING_KEYS:
        if key not in given:
            continue
        peering = given[key]
        vlan_id = peering["vlan_id"]
        links = _links(peering)
        for version in (4, 6):
            if any(link[0] == version for link in links):
                name = stem + "-OUT" + ("-V6" if version == 6 else "")
                prefix_lists.append(PrefixList(name, version, peering_type, advertised[key].get(version, ())))
        for device in DEVICES:
            port = interfaces[device]
            addresses = {}
            for version, link_device, subnet in links:
                if link_device != device:
                    continue
                ce_address, msee_address = customer_and_microsoft_addresses(subnet)
                prefix_length = ipaddress.ip_network(subnet).prefixlen
                addresses[version] = "%s/%d" % (ce_address, prefix_length)
                neighbors.append(Neighbor(
                    address=msee_address, version=version, peering=peering_type, device=device,
                    interface="%s.%d" % (port, vlan_id), vlan_id=vlan_id, subnet=subnet, ce_address=ce_address,
                    remote_as=MSEE_ASN, local_as=local_as, password=peering.get("shared_key") or None,
                    # Microsoft configures BFD on the MSEE for IPv4 sessions.
                    bfd=version == 4,
                    prefix_list=stem + "-OUT" + ("-V6" if version == 6 else ""),
                    maximum_prefix=maximum_prefixes(peering_type, version, premium),
                    description="%s %s %s" % (peering_type, device, "IPv6" if version == 6 else "IPv4")))
            subinterfaces.append(Subinterface(
                name="%s.%d" % (port, vlan_id), parent=port, vlan_id=vlan_id, peering=peering_type, device=device,
                ipv4=addresses.get(4), ipv6=addresses.get(6)))
    ipv4_ce = [neighbor.ce_address for neighbor in neighbors if neighbor.version == 4]
    # A fixed router ID (the first CE address) instead of whatever the router would pick from its interfaces.
    router_id = ipv4_ce[0] if ipv4_ce else "0.0.0.1"
    return EdgeModel(site=str(site.get("name", "")), local_as=local_as, router_id=router_id,
                     subinterfaces=tuple(subinterfaces), neighbors=tuple(neighbors),
                     prefix_lists=tuple(prefix_lists), bfd=Bfd())


# A keyword that introduces a BGP MD5 key on the platforms rendered here. Everything after it on
# the line is the key (whatever the platform's quoting or encryption-type digit), except Junos' ";".
_SECRET_LINE = re.compile(r"(?P<keyword>\b(?:password|authentication-key)[ \t]+)(?P<secret>.+?)(?P<end>;?)[ \t]*$",
                          re.MULTILINE)
# Junos resource modules render NETCONF XML.
_SECRET_ELEMENT = re.compile(r"(?P<open><(?:\w+:)?authentication-key>)(?P<secret>[^<]*)(?P<close></(?:\w+:)?authentication-key>)")


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every MD5 key replaced by ``<hidden>``.

    Keys are masked by position (what follows ``password`` or
    ``authentication-key`` on a line, whatever the platform's quoting, and
    the content of an XML ``authentication-key`` element) and, as a second
    guard, wherever one of ``secrets`` appears as a whole word.
    """
    masked = _SECRET_ELEMENT.sub(lambda match: match.group("open") + HIDDEN + match.group("close"), text)
    masked = _SECRET_LINE.sub(lambda match: match.group("keyword") + HIDDEN + match.group("end"), masked)
    for secret in sorted(set(secrets), key=len, reverse=True):
        if secret:
            masked = re.sub(r'(?<![^\s"\'])%s(?![^\s"\';])' % re.escape(secret), HIDDEN, masked)
    return masked


def config_diff(before: str, after: str, secrets: Iterable[str] = ()) -> str:
    """A unified diff of two configurations, with the MD5 keys of both masked first.

    Empty when they are the same once masked (a changed key alone still
    shows: its line differs in the clear text, so callers decide on the
    clear text and show this).
    """
    masked_before = mask_secrets(before or "", secrets).splitlines()
    masked_after = mask_secrets(after or "", secrets).splitlines()
    return "\n".join(difflib.unified_diff(masked_before, masked_after, "before", "after", lineterm=""))

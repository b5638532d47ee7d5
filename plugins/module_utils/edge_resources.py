# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The customer-edge model as the vendors' resource modules take it.

``resource_configs(model, platform)`` turns the plain-data model of
``edge_config`` (``EdgeModel.to_dict()``) into the ``config`` option of each
resource module of cisco.ios, arista.eos and junipernetworks.junos, so the
role only hands them over (``state: rendered`` to see the text, ``merged`` or
``replaced`` to push). What a vendor's resource modules cannot express comes
as CLI lines under ``cli`` (parents and lines), each with the reason:

- arista.eos: ``eos_interfaces`` has no 802.1Q encapsulation and there is no
  BFD interface module, so ``encapsulation dot1q vlan`` and ``bfd interval``
  are CLI lines. ``eos_bgp_global`` marks the whole ``encryption_password``
  dict no_log, so its rendered text has every ``0`` masked too
  (``router bgp 65********1********``): the password is rendered as a CLI line
  and only pushed through the resource module.
  ``eos_bgp_address_family`` renders one attribute per neighbour entry
  (``activate`` hides ``prefix_list``), so the prefix lists come in a second
  pass (``bgp_address_family_policy``).
- junipernetworks.junos: no resource module sets ``vlan-tagging``/``vlan-id``
  or policy statements, so those are ``set`` commands. ``junos_bgp_address_family``
  (11.0.0) renders only the last of several groups, so the role calls it
  once per group.

Pure standard library: no Ansible import.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
from typing import Any, Callable, Dict, List, Mapping

PLATFORMS = ("frr", "ios", "junos", "eos")
_AFI = {4: "ipv4", 6: "ipv6"}
_JUNOS_FAMILY = {4: "inet", 6: "inet6"}


def _by_version(model: Mapping[str, Any], version: int) -> List[Mapping[str, Any]]:
    return [neighbor for neighbor in model["neighbors"] if neighbor["version"] == version]


def _versions(model: Mapping[str, Any]) -> List[int]:
    return [version for version in (4, 6) if _by_version(model, version)]


def _ios_network(prefix: str) -> Dict[str, str]:
    network = ipaddress.ip_network(prefix)
    if network.version == 4:
        return {"address": str(network.network_address), "mask": str(network.netmask)}
    return {"address": str(network)}


def _prefix_lists(model: Mapping[str, Any], prefix_key: str) -> List[Dict[str, Any]]:
    """The prefix_lists resource of IOS and EOS: one entry per address family that has lists.

    prefix_key: what the vendor's resource module calls an entry's prefix (IOS "prefix", EOS "address").
    """
    by_version: Dict[int, List[Dict[str, Any]]] = {4: [], 6: []}
    for prefix_list in model["prefix_lists"]:
        by_version[prefix_list["version"]].append({
            "name": prefix_list["name"],
            "entries": [{"sequence": 10 * index, "action": "permit", prefix_key: prefix}
                        for index, prefix in enumerate(prefix_list["prefixes"], 1)]})
    return [{"afi": _AFI[version], "prefix_lists": lists} for version, lists in sorted(by_version.items()) if lists]


def ios(model: Mapping[str, Any]) -> Dict[str, Any]:
    """cisco.ios resource-module configs; every part of the CE fits them."""
    bfd = model["bfd"]
    neighbors = []
    for neighbor in model["neighbors"]:
        entry: Dict[str, Any] = {
            "neighbor_address": neighbor["address"], "remote_as": str(neighbor["remote_as"]),
            "description": neighbor["description"],
            "timers": {"interval": model["keepalive"], "holdtime": model["hold"]},
        }
        if neighbor["password"]:
            entry["password_options"] = {"pass_key": neighbor["password"]}
        if neighbor["bfd"]:
            entry["fall_over"] = {"bfd": {"set": True}}
        neighbors.append(entry)
    families = []
    for version in _versions(model):
        families.append({
            "afi": _AFI[version],
            "networks": [_ios_network(prefix) for prefix in model["networks"][_AFI[version]]],
            "neighbors": [{"neighbor_address": neighbor["address"], "activate": True,
                           "prefix_lists": [{"name": neighbor["prefix_list"], "out": True}],
                           "maximum_prefix": {"number": neighbor["maximum_prefix"]}}
                          for neighbor in _by_version(model, version)],
        })
    return {
        "interfaces": [{"name": sub["name"], "description": _describe(sub), "enabled": True}
                       for sub in model["subinterfaces"]],
        "l2_interfaces": [{"name": sub["name"], "encapsulation": {"type": "dot1Q", "vlan_id": sub["vlan_id"]}}
                          for sub in model["subinterfaces"]],
        "l3_interfaces": [_l3(sub) for sub in model["subinterfaces"]],
        "bfd_interfaces": [{"name": sub["name"], "interval": {"input": bfd["interval"], "min_rx": bfd["min_rx"],
                                                              "multiplier": bfd["multiplier"]}}
                           for sub in model["subinterfaces"] if sub["ipv4"]],
        "bgp_global": {"as_number": str(model["local_as"]), "bgp": {"router_id": {"address": model["router_id"]}},
                       "neighbors": neighbors},
        "bgp_address_family": {"as_number": str(model["local_as"]), "address_family": families},
        "prefix_lists": _prefix_lists(model, "prefix"),
        "cli": [],
    }


def _describe(subinterface: Mapping[str, Any]) -> str:
    return "ExpressRoute %s %s link, VLAN %d" % (subinterface["peering"], subinterface["device"],
                                                 subinterface["vlan_id"])


def _l3(subinterface: Mapping[str, Any]) -> Dict[str, Any]:
    entry: Dict[str, Any] = {"name": subinterface["name"]}
    if subinterface["ipv4"]:
        entry["ipv4"] = [{"address": subinterface["ipv4"]}]
    if subinterface["ipv6"]:
        entry["ipv6"] = [{"address": subinterface["ipv6"]}]
    return entry


def eos(model: Mapping[str, Any]) -> Dict[str, Any]:
    """arista.eos resource-module configs, and the CLI lines they cannot express (see the module docstring)."""
    bfd = model["bfd"]
    neighbors, rendered_neighbors, password_lines = [], [], []
    for neighbor in model["neighbors"]:
        entry: Dict[str, Any] = {
            "neighbor_address": neighbor["address"], "remote_as": str(neighbor["remote_as"]),
            "description": neighbor["description"],
            "timers": {"keepalive": model["keepalive"], "holdtime": model["hold"]},
            "maximum_received_routes": {"count": neighbor["maximum_prefix"]},
        }
        if neighbor["bfd"]:
            entry["bfd"] = "enable"
        rendered_neighbors.append(dict(entry))
        if neighbor["password"]:
            entry["encryption_password"] = {"type": 0, "password": neighbor["password"]}
            password_lines.append("neighbor %s password 0 %s" % (neighbor["address"], neighbor["password"]))
        neighbors.append(entry)
    activate, policy = [], []
    for version in _versions(model):
        activate.append({"afi": _AFI[version],
                         "network": [{"address": prefix} for prefix in model["networks"][_AFI[version]]],
                         "neighbor": [{"peer": neighbor["address"], "activate": True}
                                      for neighbor in _by_version(model, version)]})
        policy.append({"afi": _AFI[version],
                       "neighbor": [{"peer": neighbor["address"],
                                     "prefix_list": {"name": neighbor["prefix_list"], "direction": "out"}}
                                    for neighbor in _by_version(model, version)]})
    cli = [{"parents": ["interface %s" % sub["name"]],
            "lines": ["encapsulation dot1q vlan %d" % sub["vlan_id"]]
            + (["bfd interval %d min-rx %d multiplier %d" % (bfd["interval"], bfd["min_rx"], bfd["multiplier"])]
               if sub["ipv4"] else [])}
           for sub in model["subinterfaces"]]
    local_as = str(model["local_as"])
    return {
        "interfaces": [{"name": sub["name"], "description": _describe(sub), "enabled": True}
                       for sub in model["subinterfaces"]],
        "l3_interfaces": [_l3(sub) for sub in model["subinterfaces"]],
        "bgp_global": {"as_number": local_as, "router_id": model["router_id"], "neighbor": neighbors},
        "bgp_global_rendered": {"as_number": local_as, "router_id": model["router_id"],
                                "neighbor": rendered_neighbors},
        "bgp_address_family": {"as_number": local_as, "address_family": activate},
        "bgp_address_family_policy": {"as_number": local_as, "address_family": policy},
        "prefix_lists": _prefix_lists(model, "address"),
        "cli": cli,
        # Rendered only (the push sends the password through eos_bgp_global).
        "cli_rendered": cli + ([{"parents": ["router bgp %s" % local_as], "lines": password_lines}]
                               if password_lines else []),
    }


def junos_group(peering: str, version: int) -> str:
    """The BGP group of a peering's sessions of one IP version: ``ER-PRIVATE-V4``."""
    stem = "ER-PRIVATE" if peering == "AzurePrivatePeering" else "ER-MICROSOFT"
    return "%s-V%d" % (stem, version)


def junos(model: Mapping[str, Any]) -> Dict[str, Any]:
    """junipernetworks.junos resource-module configs, and the set commands they cannot express."""
    bfd = model["bfd"]
    groups: Dict[str, Dict[str, Any]] = {}
    limits: Dict[str, Dict[str, Any]] = {}
    for neighbor in model["neighbors"]:
        name = junos_group(neighbor["peering"], neighbor["version"])
        if name not in groups:
            group: Dict[str, Any] = {"name": name, "type": "external", "peer_as": str(neighbor["remote_as"]),
                                     "hold_time": model["hold"], "export": neighbor["prefix_list"],
                                     "neighbors": []}
            if neighbor["password"]:
                group["authentication_key"] = neighbor["password"]
            if neighbor["bfd"]:
                group["bfd_liveness_detection"] = {"minimum_interval": bfd["interval"],
                                                   "minimum_receive_interval": bfd["min_rx"],
                                                   "multiplier": bfd["multiplier"]}
            groups[name] = group
            limits[name] = {"name": name, "address_family": [{
                "afi": _JUNOS_FAMILY[neighbor["version"]],
                "af_type": [{"type": "unicast", "prefix_limit": {"maximum": neighbor["maximum_prefix"]}}]}]}
        groups[name]["neighbors"].append({"neighbor_address": neighbor["address"],
                                          "description": neighbor["description"]})
    commands = []
    for parent in sorted({sub["parent"] for sub in model["subinterfaces"]}):
        commands.append("set interfaces %s vlan-tagging" % parent)
    for sub in model["subinterfaces"]:
        commands.append("set interfaces %s unit %d vlan-id %d" % (sub["parent"], sub["vlan_id"], sub["vlan_id"]))
        commands.append('set interfaces %s unit %d description "%s"' % (sub["parent"], sub["vlan_id"], _describe(sub)))
    for prefix_list in model["prefix_lists"]:
        statement = "set policy-options policy-statement %s" % prefix_list["name"]
        commands.append("%s term advertise from prefix-list %s" % (statement, prefix_list["name"]))
        commands.append("%s term advertise then accept" % statement)
        commands.append("%s then reject" % statement)
    return {
        "l3_interfaces": [dict(_l3(sub), name=sub["parent"], unit=sub["vlan_id"]) for sub in model["subinterfaces"]],
        "routing_options": {"autonomous_system": {"as_number": str(model["local_as"])},
                            "router_id": model["router_id"]},
        "bgp_global": {"groups": list(groups.values())},
        "bgp_address_family": {"groups": list(limits.values())},
        "prefix_lists": [{"name": prefix_list["name"], "address_prefixes": list(prefix_list["prefixes"])}
                         for prefix_list in model["prefix_lists"]],
        "cli": [{"parents": [], "lines": commands}],
    }


_BUILDERS: Dict[str, Callable[[Mapping[str, Any]], Dict[str, Any]]] = {"ios": ios, "eos": eos, "junos": junos}


def resource_configs(model: Mapping[str, Any], platform: str) -> Dict[str, Any]:
    """Each resource module's ``config`` for ``platform`` (ios, eos, junos), plus ``cli`` blocks.

    ``model`` is ``EdgeModel.to_dict()``; it is not modified. FRR has no
    resource modules: its configuration is the role's template.
    """
    if platform not in _BUILDERS:
        raise ValueError("platform must be one of %s, not %r" % (", ".join(sorted(_BUILDERS)), platform))
    return _BUILDERS[platform](model)


def cli_text(blocks: List[Mapping[str, Any]]) -> str:
    """CLI blocks as configuration text: each parent line, then its lines indented one space."""
    text = []
    for block in blocks:
        indent = ""
        for parent in block["parents"]:
            text.append(indent + parent)
            indent += " "
        text.extend(indent + line for line in block["lines"])
    return "\n".join(text) + ("\n" if text else "")

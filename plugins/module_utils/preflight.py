# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pre-flight findings for a plan of sites, from the plan and what the play already read; no calls.

Each finding is ``{severity, site, rule, message}``, severity ``error``
(the plan cannot work as written), ``warning`` (it will run, but not as
the user likely expects) or ``info`` (a fact the collection cannot check).
Every rule runs; all findings come back at once.

Facts (shared/reference/edge-and-gen2.md, azure-api.md):
* prefix limits per BGP session: private peering 4,000 IPv4 (10,000 with
  Premium) and 100 IPv6; Microsoft peering 200. Going over drops the session;
* a Microsoft peering configured since 1 August 2017 receives no Microsoft
  prefixes until a route filter is attached;
* Global Reach is not offered at some peering locations (local
  regulations), and crossing geopolitical regions needs Premium.
The references list neither those locations, nor which location or region
lies in which geopolitical region, nor the Local SKU's limits: the rules say
so instead of guessing, and take a user's own region map where given.

Pure: standard library only.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
from typing import Any, Dict, List, Mapping, Optional, Sequence

from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.prefix_items import prefix_of

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (ERROR, WARNING, INFO)

PRIVATE_IPV4_LIMIT = 4000
PRIVATE_IPV4_PREMIUM_LIMIT = 10000
PRIVATE_IPV6_LIMIT = 100
MICROSOFT_LIMIT = 200

Finding = Dict[str, str]


def finding(severity: str, site: str, rule: str, message: str) -> Finding:
    return {"severity": severity, "site": site, "rule": rule, "message": message}


def count_by_version(prefixes: Sequence[Any]) -> Dict[int, int]:
    """Distinct prefixes per IP version ({4: n, 6: m}); items may be dicts with a prefix; unparsable ones are not counted."""
    seen = set()
    for item in prefixes or []:
        value = prefix_of(item)
        try:
            seen.add(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            continue
    counts = {4: 0, 6: 0}
    for network in seen:
        counts[network.version] += 1
    return counts


def _tier(circuit: Mapping[str, Any]) -> Optional[str]:
    tier = (circuit.get("sku") or {}).get("tier")
    return str(tier) if tier else None


def _is_premium(circuit: Mapping[str, Any]) -> bool:
    return (_tier(circuit) or "").lower() == "premium"


def private_prefix_findings(sites: Sequence[Mapping[str, Any]], circuit: Mapping[str, Any]) -> List[Finding]:
    """The circuit's edge advertises every site's onprem_prefixes on one private peering session per link."""
    with_private = [site for site in sites if site.get("private_peering")]
    if not with_private:
        return []
    counts = count_by_version([prefix for site in with_private for prefix in site.get("onprem_prefixes") or []])
    premium = _is_premium(circuit)
    limits = {4: PRIVATE_IPV4_PREMIUM_LIMIT if premium else PRIVATE_IPV4_LIMIT, 6: PRIVATE_IPV6_LIMIT}
    notes = {4: " with Premium" if premium else " (10,000 with Premium)", 6: ""}
    found = []
    for version in (4, 6):
        limit, why = limits[version], notes[version]
        if counts[version] > limit:
            for site in with_private:
                found.append(finding(
                    ERROR, site.get("name", ""), "private_prefix_limit",
                    "the edge router of circuit %s would advertise %d IPv%d prefixes (onprem_prefixes of every site on "
                    "it) over private peering, above the %d a session accepts%s: going over drops the BGP session. "
                    "Summarise them." % (site.get("circuit_name", ""), counts[version], version, limit, why)))
    return found


def _microsoft_configs(peering: Mapping[str, Any]):
    yield "microsoft_peering_config", peering.get("microsoft_peering_config"), peering.get("route_filter_id")
    ipv6 = peering.get("ipv6_peering_config")
    if isinstance(ipv6, Mapping) and ipv6.get("microsoft_peering_config") is not None:
        yield ("ipv6_peering_config.microsoft_peering_config", ipv6.get("microsoft_peering_config"),
               ipv6.get("route_filter_id"))


def _current_route_filter(circuit: Mapping[str, Any], option: str) -> Optional[str]:
    """The route filter the circuit's Microsoft peering has now (circuit_info with peerings), if read."""
    for peering in circuit.get("peerings") or []:
        if peering.get("peering_type") == "MicrosoftPeering":
            if option.startswith("ipv6"):
                return (peering.get("ipv6_peering_config") or {}).get("route_filter_id")
            return peering.get("route_filter_id")
    return None


def microsoft_findings(site: Mapping[str, Any], circuit: Mapping[str, Any]) -> List[Finding]:
    peering = site.get("microsoft_peering")
    if not isinstance(peering, Mapping) or not peering or peering.get("state") == "absent":
        return []
    name = site.get("name", "")
    found = []
    for option, config, route_filter in _microsoft_configs(peering):
        prefixes = (config.get("advertised_public_prefixes") or []) if isinstance(config, Mapping) else []
        counts = count_by_version(prefixes)
        total = counts[4] + counts[6]
        if total > MICROSOFT_LIMIT:
            found.append(finding(
                ERROR, name, "microsoft_prefix_limit",
                "microsoft_peering.%s.advertised_public_prefixes lists %d prefixes, above the %d a Microsoft peering "
                "session accepts: going over drops the BGP session." % (option, total, MICROSOFT_LIMIT)))
        if not route_filter and not _current_route_filter(circuit, option):
            where = "ipv6_peering_config.route_filter_id" if option.startswith("ipv6") else "route_filter_id"
            found.append(finding(
                WARNING, name, "microsoft_route_filter",
                "microsoft_peering has no %s and the circuit's Microsoft peering has none attached: a Microsoft "
                "peering set up since 1 August 2017 receives no Microsoft prefixes until a route filter with the "
                "wanted BGP communities is attached." % where))
    return found


def _global_reach_sites(sites: Sequence[Mapping[str, Any]], clouds: Sequence[Any]):
    """(site, private cloud read or {}) for the sites whose private cloud is reached through Global Reach (Gen 1)."""
    for index, site in enumerate(sites):
        cloud = clouds[index] if index < len(clouds) and isinstance(clouds[index], Mapping) else {}
        if not site.get("private_cloud") or cloud.get("generation") == 2:
            continue
        yield site, cloud


def global_reach_findings(sites: Sequence[Mapping[str, Any]], circuit: Mapping[str, Any], clouds: Sequence[Any],
                          geopolitical_regions: Mapping[str, str]) -> List[Finding]:
    found = []
    location = circuit.get("peering_location")
    tier = _tier(circuit)
    regions = dict((str(key).lower(), value) for key, value in (geopolitical_regions or {}).items())
    for site, cloud in _global_reach_sites(sites, clouds):
        name = site.get("name", "")
        cloud_region = cloud.get("location")
        found.append(finding(
            INFO, name, "global_reach_location",
            "Global Reach is not offered at some peering locations (local regulations), and the references this "
            "collection is built from list none of them: confirm it is offered at the circuit's peering location "
            "(%s) and at that of the private cloud's AVS-managed circuit, which AVS does not report (the private "
            "cloud is in %s)." % (location or "not read", cloud_region or "a region not read")))
        if tier is None or tier.lower() == "premium":
            continue
        ours = regions.get(str(location).lower()) if location else None
        theirs = regions.get(str(cloud_region).lower()) if cloud_region else None
        if ours and theirs and ours != theirs:
            found.append(finding(
                ERROR, name, "global_reach_sku",
                "Global Reach from circuit %s (%s, %s, geopolitical region %s) to private cloud %s (%s, geopolitical "
                "region %s) crosses geopolitical regions, which needs the Premium add-on; the circuit is %s."
                % (circuit.get("name"), location, tier, ours, site.get("private_cloud_name", ""), cloud_region, theirs,
                   tier)))
        elif not (ours and theirs):
            found.append(finding(
                INFO, name, "global_reach_sku",
                "Global Reach across geopolitical regions needs the Premium add-on and circuit %s is %s; the "
                "collection holds no map of peering locations and regions to geopolitical regions: confirm %s and %s "
                "are in one, or give geopolitical_regions." % (circuit.get("name"), tier, location or "its location",
                                                               cloud_region or "the private cloud's region")))
    return found


def sku_findings(sites: Sequence[Mapping[str, Any]], circuit: Mapping[str, Any]) -> List[Finding]:
    if (_tier(circuit) or "").lower() != "local":
        return []
    return [finding(
        WARNING, site.get("name", ""), "local_sku",
        "circuit %s is ExpressRoute Local: the references this collection is built from hold no facts on Local's "
        "limits (what it reaches, Global Reach, prefix limits), so the pre-flight checks none of them; read "
        "Microsoft's ExpressRoute Local documentation before relying on this plan." % circuit.get("name"))
        for site in sites]


def preflight(sites: Sequence[Mapping[str, Any]], circuit: Optional[Mapping[str, Any]] = None,
              private_clouds: Sequence[Any] = (), geopolitical_regions: Optional[Mapping[str, str]] = None
              ) -> List[Finding]:
    """Every finding for the sites of one circuit, errors first, then by site and rule.

    ``sites``: the plan's sites (plan_sites' normalised form: name, circuit_name, private_peering,
    microsoft_peering, onprem_prefixes, private_cloud, private_cloud_name). ``circuit``: the circuit as
    circuit_info returns it (sku, peering_location, peerings), or None when not read. ``private_clouds``:
    avs_private_cloud_info's private_cloud per site, in the sites' order (None where not read).
    ``geopolitical_regions``: the user's own {peering location or Azure region: geopolitical region}.
    No input is modified.
    """
    circuit = circuit if isinstance(circuit, Mapping) else {}
    sites = [site for site in sites or [] if isinstance(site, Mapping)]
    found = private_prefix_findings(sites, circuit)
    for site in sites:
        found.extend(microsoft_findings(site, circuit))
    if circuit:
        found.extend(global_reach_findings(sites, circuit, list(private_clouds or []), geopolitical_regions or {}))
        found.extend(sku_findings(sites, circuit))
    else:
        found.extend(finding(INFO, site.get("name", ""), "circuit_not_read",
                             "the circuit was not read (it may not exist yet): its SKU and peering location were "
                             "not checked.") for site in sites)
    order = dict((severity, index) for index, severity in enumerate(SEVERITIES))
    return sorted(found, key=lambda item: (order[item["severity"]], item["site"], item["rule"]))

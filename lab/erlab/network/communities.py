"""GET /subscriptions/{s}/providers/Microsoft.Network/bgpServiceCommunities: the catalogue.

Which Microsoft service sits behind which BGP community, and the prefixes a
Microsoft peering receives for it once a route filter allows the community.

The values are public: the community numbers and prefix lists are the
Network RP's own answer as printed by `az network route-filter rule
list-service-communities` in Microsoft's Japan team article "ExpressRoute
Microsoft Peering で流れてくるアドレスプレフィックスとサービスの対応を取得する"
(zenn.dev, publication "microsoft"), matching the community table of Learn's
"ExpressRoute routing requirements" (Exchange Online 12076:5010, Azure
Active Directory 12076:5060, Other Office 365 Services 12076:5100). The lab
carries this small subset, not the whole catalogue; a world file may replace
it with `bgp_service_communities` (same shape as below). These prefixes are
only ever configured on the lab's own routers inside network namespaces that
have no route out.

The ids are shaped as the service answers them (empty subscription and
resource group, as in that output), not as the spec example shows them.
"""

from __future__ import annotations

import copy
import ipaddress
from typing import Any

from ..arm.context import ArmContext, ArmResponse, Env
from ..store import Resource
from .route_filters import communities_of

CATALOGUE_TYPE = "Microsoft.Network/bgpServiceCommunities"

DEFAULT_CATALOGUE: list[dict[str, Any]] = [
    {
        "serviceName": "Exchange",
        "bgpCommunities": [
            {
                "communityName": "Exchange", "communityValue": "12076:5010", "serviceGroup": "O365",
                "serviceSupportedRegion": "Global", "isAuthorizedToUse": False,
                "communityPrefixes": [
                    "13.107.6.152/31", "13.107.18.10/31", "13.107.128.0/22", "23.103.160.0/20", "40.92.0.0/15",
                    "40.96.0.0/13", "40.104.0.0/15", "40.107.0.0/16", "52.96.0.0/14", "52.100.0.0/14",
                    "52.238.78.88/32", "104.47.0.0/17", "131.253.33.215/32", "132.245.0.0/16", "150.171.32.0/22",
                    "204.79.197.215/32", "13.107.128.0/24", "13.107.129.0/24", "150.171.32.0/24", "150.171.34.0/24",
                    "150.171.35.0/24", "52.96.38.0/24",
                ],
            },
            {
                "communityName": "Exchange IPv6", "communityValue": "12076:5010", "serviceGroup": "O365",
                "serviceSupportedRegion": "Global", "isAuthorizedToUse": False,
                "communityPrefixes": [
                    "2603:1006::/40", "2603:1016::/36", "2603:1026::/36", "2603:1036::/36", "2603:1046::/36",
                    "2603:1056::/36", "2620:1ec:4::152/128", "2620:1ec:4::153/128", "2620:1ec:c::10/128",
                    "2620:1ec:c::11/128", "2620:1ec:d::10/128", "2620:1ec:d::11/128", "2620:1ec:8f0::/46",
                    "2620:1ec:900::/46", "2620:1ec:a92::152/128", "2620:1ec:a92::153/128", "2a01:111:f400::/48",
                    "2a01:111:f403::/48",
                ],
            },
        ],
    },
    {
        "serviceName": "AzureActiveDirectory",
        "bgpCommunities": [
            {
                "communityName": "Azure Active Directory", "communityValue": "12076:5060", "serviceGroup": "Azure",
                "serviceSupportedRegion": "Global", "isAuthorizedToUse": True,
                "communityPrefixes": ["40.126.0.0/19", "40.126.32.0/19", "20.190.128.0/19", "20.190.160.0/19"],
            },
        ],
    },
    {
        "serviceName": "OtherOffice365Services",
        "bgpCommunities": [
            {
                "communityName": "Other Office 365 Services", "communityValue": "12076:5100", "serviceGroup": "O365",
                "serviceSupportedRegion": "Global", "isAuthorizedToUse": False,
                "communityPrefixes": [
                    "13.107.6.171/32", "13.107.6.192/32", "13.107.9.192/32", "13.107.18.15/32", "13.107.140.6/32",
                    "20.20.32.0/19", "20.190.128.0/18", "20.231.128.0/19", "40.126.0.0/18", "52.108.0.0/14",
                    "52.244.37.168/32",
                ],
            },
        ],
    },
]


def catalogue(env: Env) -> list[dict[str, Any]]:
    custom = env.world.data.get("bgp_service_communities")
    return copy.deepcopy(custom if isinstance(custom, list) else DEFAULT_CATALOGUE)


def prefixes_for(env: Env, communities: list[str], version: int = 4) -> dict[str, str]:
    """prefix -> the community it is tagged with, for the allowed community values (one IP version)."""
    wanted = set(communities)
    found: dict[str, str] = {}
    for service in catalogue(env):
        for community in service.get("bgpCommunities", []):
            value = community.get("communityValue")
            if value not in wanted:
                continue
            for prefix in community.get("communityPrefixes", []):
                net = ipaddress.ip_network(prefix, strict=False)
                if net.version == version:
                    found.setdefault(str(net), value)
    return found


def microsoft_prefixes(env: Env, peering: Resource, version: int = 4) -> dict[str, str]:
    """What a Microsoft peering receives: the prefixes of its route filter's communities (none without a filter).

    A Microsoft peering set up since August 2017 receives no Microsoft prefixes until a
    route filter is attached (edge-and-gen2.md).
    """
    if peering.body.get("name") != "MicrosoftPeering":
        return {}
    props = peering.properties
    ref = props.get("routeFilter") if version == 4 else (props.get("ipv6PeeringConfig") or {}).get("routeFilter")
    allowed = communities_of(env, (ref or {}).get("id"))
    return prefixes_for(env, allowed, version) if allowed else {}


def list_(ctx: ArmContext) -> ArmResponse:
    value = []
    for service in catalogue(ctx.env):
        name = service["serviceName"]
        value.append({
            "id": f"/subscriptions//resourceGroups//providers/{CATALOGUE_TYPE}/{name}",
            "name": name,
            "type": CATALOGUE_TYPE,
            "properties": {"serviceName": name, "bgpCommunities": service.get("bgpCommunities", [])},
        })
    return ArmResponse(200, {"value": value})

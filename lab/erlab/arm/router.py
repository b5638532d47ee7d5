"""The ARM URL table: method + path pattern -> handler, request kind, api-version family."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..avs import authorizations as avs_authorizations
from ..avs import global_reach, private_clouds
from ..network import authorizations, circuits, connections, peerings, tables
from ..network import gateway_connections, gateways, virtual_networks
from . import polling, providers, subscriptions
from .context import ArmContext, ArmResponse

SUB = r"/subscriptions/(?P<sub>[^/]+)"
RG = SUB + r"/resourceGroups/(?P<rg>[^/]+)"
CIRCUITS = RG + r"/providers/Microsoft\.Network/expressRouteCircuits"
CIRCUIT = CIRCUITS + r"/(?P<circuit>[^/]+)"
AUTH = CIRCUIT + r"/authorizations/(?P<authorization>[^/]+)"
PEERING = CIRCUIT + r"/peerings/(?P<peering>[^/]+)"
CLOUDS = RG + r"/providers/Microsoft\.AVS/privateClouds"
VNET = RG + r"/providers/Microsoft\.Network/virtualNetworks/(?P<vnet>[^/]+)"
GATEWAY = RG + r"/providers/Microsoft\.Network/virtualNetworkGateways/(?P<gateway>[^/]+)"
GW_CONNECTION = RG + r"/providers/Microsoft\.Network/connections/(?P<connection>[^/]+)"
CLOUD = CLOUDS + r"/(?P<cloud>[^/]+)"


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern
    handler: Callable[[ArmContext], ArmResponse]
    family: str                   # network | avs | resources (api-version list)
    namespace: str | None         # provider that must be registered
    feature: str | None = None    # api-version floor (apiversions.SINCE)
    poll: bool = False
    tenant_level: bool = False    # no subscription in the path (GET /subscriptions, /tenants)


def _r(method, path, handler, family, feature=None, poll=False, namespace="default", tenant_level=False):
    if namespace == "default":
        namespace = {"network": "Microsoft.Network", "avs": "Microsoft.AVS"}.get(family)
    return Route(method, re.compile(f"^{path}/?$", re.IGNORECASE), handler, family, namespace, feature, poll,
                 tenant_level)


ROUTES = [
    # Microsoft.Network: circuits
    _r("GET", SUB + r"/providers/Microsoft\.Network/expressRouteCircuits", circuits.list_in_subscription, "network"),
    _r("GET", CIRCUITS, circuits.list_in_group, "network"),
    _r("GET", CIRCUIT, circuits.get, "network"),
    _r("PUT", CIRCUIT, circuits.put, "network"),
    _r("PATCH", CIRCUIT, circuits.patch_tags, "network"),
    _r("DELETE", CIRCUIT, circuits.delete, "network"),
    _r("GET", CIRCUIT + r"/stats", circuits.stats, "network"),
    # authorizations
    _r("GET", CIRCUIT + r"/authorizations", authorizations.list_, "network"),
    _r("GET", AUTH, authorizations.get, "network"),
    _r("PUT", AUTH, authorizations.put, "network"),
    _r("DELETE", AUTH, authorizations.delete, "network"),
    _r("POST", AUTH + r"/listKeys", authorizations.list_keys, "network", feature="listKeys"),
    # peerings
    _r("GET", CIRCUIT + r"/peerings", peerings.list_, "network"),
    _r("GET", PEERING, peerings.get, "network"),
    _r("PUT", PEERING, peerings.put, "network"),
    _r("DELETE", PEERING, peerings.delete, "network"),
    _r("GET", PEERING + r"/stats", peerings.stats, "network"),
    *[_r("POST", PEERING + rf"/{table}/(?P<device>[^/]+)", tables.post(table), "network") for table in tables.TABLES],
    # Global Reach (circuit to circuit)
    _r("GET", PEERING + r"/connections", connections.list_, "network", feature="connections"),
    _r("GET", PEERING + r"/connections/(?P<connection>[^/]+)", connections.get, "network", feature="connections"),
    _r("PUT", PEERING + r"/connections/(?P<connection>[^/]+)", connections.put, "network", feature="connections"),
    _r("DELETE", PEERING + r"/connections/(?P<connection>[^/]+)", connections.delete, "network", feature="connections"),
    _r("GET", PEERING + r"/peerConnections", connections.list_peer_connections, "network", feature="peerConnections"),
    _r("GET", PEERING + r"/peerConnections/(?P<connection>[^/]+)", connections.get_peer_connection, "network",
       feature="peerConnections"),
    # Virtual networks, subnets, ExpressRoute gateways and their connections (AVS Generation 2 path)
    _r("GET", SUB + r"/providers/Microsoft\.Network/virtualNetworks", virtual_networks.list_in_subscription, "network"),
    _r("GET", RG + r"/providers/Microsoft\.Network/virtualNetworks", virtual_networks.list_in_group, "network"),
    _r("GET", VNET, virtual_networks.get, "network"),
    _r("PUT", VNET, virtual_networks.put, "network"),
    _r("DELETE", VNET, virtual_networks.delete, "network"),
    _r("GET", VNET + r"/subnets", virtual_networks.subnet_list, "network"),
    _r("GET", VNET + r"/subnets/(?P<subnet>[^/]+)", virtual_networks.subnet_get, "network"),
    _r("PUT", VNET + r"/subnets/(?P<subnet>[^/]+)", virtual_networks.subnet_put, "network"),
    _r("DELETE", VNET + r"/subnets/(?P<subnet>[^/]+)", virtual_networks.subnet_delete, "network"),
    _r("GET", RG + r"/providers/Microsoft\.Network/virtualNetworkGateways", gateways.list_in_group, "network"),
    _r("GET", GATEWAY, gateways.get, "network"),
    _r("PUT", GATEWAY, gateways.put, "network"),
    _r("DELETE", GATEWAY, gateways.delete, "network"),
    *[_r("POST", GATEWAY + rf"/{action}", gateways.post(action), "network") for action in gateways.ACTIONS],
    _r("GET", RG + r"/providers/Microsoft\.Network/connections", gateway_connections.list_in_group, "network"),
    _r("GET", GW_CONNECTION, gateway_connections.get, "network"),
    _r("PUT", GW_CONNECTION, gateway_connections.put, "network"),
    _r("DELETE", GW_CONNECTION, gateway_connections.delete, "network"),
    # Network RP operations
    _r("GET", SUB + r"/providers/Microsoft\.Network/locations/(?P<loc>[^/]+)/operations/(?P<op>[^/]+)", polling.status,
       "network", poll=True),
    _r("GET", SUB + r"/providers/Microsoft\.Network/locations/(?P<loc>[^/]+)/operationResults/(?P<op>[^/]+)", polling.result,
       "network", poll=True),
    # Microsoft.AVS
    _r("GET", SUB + r"/providers/Microsoft\.AVS/privateClouds", private_clouds.list_in_subscription, "avs"),
    _r("GET", CLOUDS, private_clouds.list_in_group, "avs"),
    _r("GET", CLOUD, private_clouds.get, "avs"),
    _r("PUT", CLOUD, private_clouds.put, "avs"),
    _r("PATCH", CLOUD, private_clouds.patch, "avs"),
    _r("DELETE", CLOUD, private_clouds.delete, "avs"),
    _r("GET", CLOUD + r"/authorizations", avs_authorizations.list_, "avs"),
    _r("GET", CLOUD + r"/authorizations/(?P<authorization>[^/]+)", avs_authorizations.get, "avs"),
    _r("PUT", CLOUD + r"/authorizations/(?P<authorization>[^/]+)", avs_authorizations.put, "avs"),
    _r("DELETE", CLOUD + r"/authorizations/(?P<authorization>[^/]+)", avs_authorizations.delete, "avs"),
    _r("GET", CLOUD + r"/globalReachConnections", global_reach.list_, "avs", feature="globalReachConnections"),
    _r("GET", CLOUD + r"/globalReachConnections/(?P<connection>[^/]+)", global_reach.get, "avs", feature="globalReachConnections"),
    _r("PUT", CLOUD + r"/globalReachConnections/(?P<connection>[^/]+)", global_reach.put, "avs", feature="globalReachConnections"),
    _r("DELETE", CLOUD + r"/globalReachConnections/(?P<connection>[^/]+)", global_reach.delete, "avs",
       feature="globalReachConnections"),
    _r("GET", RG + r"/providers/Microsoft\.AVS/operationstatuses/(?P<op>[^/]+)", polling.status, "avs", poll=True),
    _r("GET", RG + r"/providers/Microsoft\.AVS/operationresults/(?P<op>[^/]+)", polling.result, "avs", poll=True),
    # Microsoft.Resources: what clients read to check a login and find a group's location
    _r("GET", r"/subscriptions", subscriptions.list_subscriptions, "subscriptions", namespace=None, tenant_level=True),
    _r("GET", r"/tenants", subscriptions.list_tenants, "subscriptions", namespace=None, tenant_level=True),
    _r("GET", SUB, subscriptions.get_subscription, "subscriptions", namespace=None),
    _r("GET", SUB + r"/resourceGroups", subscriptions.list_resource_groups, "resources", namespace=None),
    _r("GET", RG, subscriptions.get_resource_group, "resources", namespace=None),
    # Provider registration
    _r("GET", SUB + r"/providers", providers.list_, "resources", namespace=None),
    _r("GET", SUB + r"/providers/(?P<ns>[^/]+)", providers.get, "resources", namespace=None),
    _r("POST", SUB + r"/providers/(?P<ns>[^/]+)/register", providers.register, "resources", namespace=None),
]


def resolve(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for route in ROUTES:
        if route.method != method:
            continue
        match = route.pattern.match(path)
        if match:
            return route, match.groupdict()
    return None


def kind_of(route: Route | None, method: str) -> str:
    if route is not None and route.poll:
        return "poll"
    return {"GET": "read", "HEAD": "read", "POST": "action"}.get(method, "write")

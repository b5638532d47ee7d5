"""Building and parsing ARM resource ids for the types the lab serves."""

from __future__ import annotations

import re
from dataclasses import dataclass

NETWORK = "Microsoft.Network"
AVS = "Microsoft.AVS"

CIRCUIT = "Microsoft.Network/expressRouteCircuits"
CIRCUIT_AUTHORIZATION = "Microsoft.Network/expressRouteCircuits/authorizations"
PEERING = "Microsoft.Network/expressRouteCircuits/peerings"
CIRCUIT_CONNECTION = "Microsoft.Network/expressRouteCircuits/peerings/connections"
PEER_CONNECTION = "Microsoft.Network/expressRouteCircuits/peerings/peerConnections"
PRIVATE_CLOUD = "Microsoft.AVS/privateClouds"
AVS_AUTHORIZATION = "Microsoft.AVS/privateClouds/authorizations"
GLOBAL_REACH = "Microsoft.AVS/privateClouds/globalReachConnections"


def group_id(subscription: str, resource_group: str) -> str:
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group}"


def circuit_id(subscription: str, resource_group: str, name: str) -> str:
    return f"{group_id(subscription, resource_group)}/providers/{CIRCUIT}/{name}"


def private_cloud_id(subscription: str, resource_group: str, name: str) -> str:
    return f"{group_id(subscription, resource_group)}/providers/{PRIVATE_CLOUD}/{name}"


def child_id(parent_id: str, collection: str, name: str) -> str:
    return f"{parent_id}/{collection}/{name}"


_CIRCUIT_RE = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.Network/"
    r"expressRouteCircuits/(?P<circuit>[^/]+)(?:/peerings/(?P<peering>[^/]+))?/?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CircuitRef:
    subscription: str
    resource_group: str
    circuit: str
    peering: str | None

    @property
    def circuit_id(self) -> str:
        return circuit_id(self.subscription, self.resource_group, self.circuit)


def parse_circuit_ref(value: str | None) -> CircuitRef | None:
    """Parse a circuit id or a circuit peering id (lenient about case, strict about shape)."""
    if not isinstance(value, str):
        return None
    match = _CIRCUIT_RE.match(value.strip())
    if not match:
        return None
    return CircuitRef(match["sub"], match["rg"], match["circuit"], match["peering"])


def parent_of(resource_id: str) -> str:
    return resource_id.rsplit("/", 2)[0]


def name_of(resource_id: str) -> str:
    return resource_id.rstrip("/").rsplit("/", 1)[-1]

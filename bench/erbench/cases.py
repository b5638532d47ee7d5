"""The no-op task cases: each module on an already-converged resource, the floor and the azure reference.

Every case names the fewest Resource Manager GETs that can answer it (from
the REST API: a circuit GET carries its peerings and authorizations inline, a
peering GET its Global Reach connections; AVS private clouds carry no
children), so a module that reads more shows up as excess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SUBSCRIPTION = "5b1f7c9e-2d4a-4e8b-9c3f-6a0d1e2b3c4d"     # the lab's default world
NETWORK_RG = "rg-onprem-network"
AVS_RG = "rg-avs-prod"
CIRCUIT = "er-sv-primary"
PEER_CIRCUIT = "er-ams-secondary"
PRIVATE_CLOUD = "avs-westus-prod"
API_VERSION = "2026-03-01"                                   # arm.NETWORK_API_VERSION (azure-mgmt-network 33.1.0's)
# What the modules import to talk to ARM (plugins/module_utils/arm.py) on a read; writes add the pollers.
ARM_CLIENT = ("azure.mgmt.core", "azure.mgmt.core.policies", "azure.core.rest")


def circuit_id(name: str = CIRCUIT) -> str:
    return (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{NETWORK_RG}/providers/Microsoft.Network/"
            f"expressRouteCircuits/{name}")


def private_cloud_id(name: str = PRIVATE_CLOUD) -> str:
    return f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{AVS_RG}/providers/Microsoft.AVS/privateClouds/{name}"


CIRCUIT_ARGS = {"resource_group": NETWORK_RG, "circuit_name": CIRCUIT}
CLOUD_ARGS = {"resource_group": AVS_RG, "private_cloud_name": PRIVATE_CLOUD}
PRIVATE_PEERING = {
    "peering_type": "AzurePrivatePeering", "vlan_id": 100, "peer_asn": 65010,
    "primary_peer_address_prefix": "10.250.0.0/30", "secondary_peer_address_prefix": "10.250.0.4/30",
}
PEER_PRIVATE_PEERING = {
    "peering_type": "AzurePrivatePeering", "vlan_id": 200, "peer_asn": 65020,
    "primary_peer_address_prefix": "10.250.1.0/30", "secondary_peer_address_prefix": "10.250.1.4/30",
}
CONNECTION = {"name": "bench-gr", "peer_peering_id": circuit_id(PEER_CIRCUIT) + "/peerings/AzurePrivatePeering",
              "address_prefix": "10.251.0.0/29"}
AVS_CONNECTION = {"name": "bench-avs-gr", "peer_express_route_circuit": circuit_id()}
# The Generation 2 private cloud's virtual network (the lab's default world: a GatewaySubnet, no gateway yet).
GEN2_RG = "rg-avs-gen2"
GATEWAY_ARGS = {"resource_group": GEN2_RG, "name": "ergw-avs-gen2"}
GATEWAY = dict(GATEWAY_ARGS, virtual_network="vnet-avs-gen2", sku="Standard")
GATEWAY_CONNECTION = {"resource_group": GEN2_RG, "name": "bench-gw-conn", "virtual_network_gateway": "ergw-avs-gen2",
                      "peer_express_route_circuit": circuit_id()}


@dataclass(frozen=True)
class Case:
    id: str
    side: str                      # floor | ours | azure
    module: str
    args: dict[str, Any]
    min_reads: int                 # the fewest ARM GETs that answer this task
    sdks: tuple[str, ...] = ()     # SDK packages the module imports at run time (import-cost phase)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _ours(case_id: str, module: str, args: dict[str, Any], min_reads: int, sdks=ARM_CLIENT,
          note: str = "") -> Case:
    return Case(case_id, "ours", f"hybridlink.expressroute.{module}", args, min_reads, sdks, note)


FLOOR = Case(
    "floor_uri", "floor", "ansible.builtin.uri",
    {"url": "{{ bench_lab_url }}" + circuit_id() + f"?api-version={API_VERSION}",
     "headers": {"Authorization": "Bearer {{ bench_token }}"}, "ca_path": "{{ bench_ca_bundle }}"},
    1, note="ansible.builtin.uri GET of the circuit with a bearer token fetched once before")

AZURE = Case(
    "azure_rm_expressroute_info", "azure", "azure.azcollection.azure_rm_expressroute_info",
    {"resource_group": NETWORK_RG, "name": CIRCUIT}, 1, ("azure_rm_common",),
    note="azure.azcollection, reading the same circuit")

OURS = [
    _ours("circuit_info", "circuit_info", dict(CIRCUIT_ARGS, include_peerings=False), 1),
    _ours("circuit_info+peerings", "circuit_info", dict(CIRCUIT_ARGS), 1,
          note="default include_peerings=true; peerings are inline in the circuit GET"),
    _ours("circuit_peering_info", "circuit_peering_info", dict(CIRCUIT_ARGS, peering_type="AzurePrivatePeering"), 1),
    _ours("circuit_peering", "circuit_peering", dict(CIRCUIT_ARGS, **PRIVATE_PEERING), 1),
    _ours("circuit_authorization_info", "circuit_authorization_info", dict(CIRCUIT_ARGS, name="bench-noop"), 1),
    _ours("circuit_authorization", "circuit_authorization", dict(CIRCUIT_ARGS, name="bench-noop"), 1),
    _ours("circuit_connection_info", "circuit_connection_info", dict(CIRCUIT_ARGS, name="bench-gr"), 1),
    _ours("circuit_connection", "circuit_connection", dict(CIRCUIT_ARGS, **CONNECTION), 1,
          note="the connection is inline in its peering's GET"),
    _ours("avs_private_cloud_info", "avs_private_cloud_info",
          dict(CLOUD_ARGS, include_global_reach=False, include_authorizations=False), 1),
    _ours("avs_private_cloud_info+children", "avs_private_cloud_info", dict(CLOUD_ARGS), 3,
          note="defaults: also lists Global Reach connections and authorizations (AVS has no inline children)"),
    _ours("avs_authorization_info", "avs_authorization_info", dict(CLOUD_ARGS, name="bench-noop"), 1),
    _ours("avs_authorization", "avs_authorization", dict(CLOUD_ARGS, name="bench-noop"), 1),
    _ours("avs_global_reach_info", "avs_global_reach_info", dict(CLOUD_ARGS, name="bench-avs-gr"), 1),
    _ours("avs_global_reach", "avs_global_reach", dict(CLOUD_ARGS, **AVS_CONNECTION), 1,
          note="existing connection to the same circuit, no key: only the connection needs reading"),
    _ours("virtual_network_gateway_info", "virtual_network_gateway_info", dict(GATEWAY_ARGS), 1),
    _ours("virtual_network_gateway", "virtual_network_gateway", dict(GATEWAY), 1,
          note="existing gateway, same SKU: only the gateway needs reading"),
    _ours("gateway_connection_info", "gateway_connection_info", {"resource_group": GEN2_RG, "name": "bench-gw-conn"}, 1),
    _ours("gateway_connection", "gateway_connection", dict(GATEWAY_CONNECTION), 1,
          note="existing connection, no key: only the connection needs reading"),
]

ALL_CASES = [FLOOR, AZURE] + OURS
QUICK_CASES = [FLOOR, AZURE] + [case for case in OURS if case.id in (
    "circuit_info", "circuit_info+peerings", "circuit_peering", "circuit_authorization", "circuit_connection",
    "avs_private_cloud_info", "avs_global_reach", "virtual_network_gateway_info", "virtual_network_gateway",
    "gateway_connection_info", "gateway_connection")]


def setup_tasks() -> list[dict[str, Any]]:
    """Converge the default world so that every case above is a no-op (run once before the bench)."""
    peering = "hybridlink.expressroute.circuit_peering"
    return [
        {"name": "setup: private peering on the circuit", peering: dict(CIRCUIT_ARGS, **PRIVATE_PEERING)},
        {"name": "setup: private peering on the peer circuit",
         peering: dict(resource_group=NETWORK_RG, circuit_name=PEER_CIRCUIT, **PEER_PRIVATE_PEERING)},
        {"name": "setup: circuit authorization",
         "hybridlink.expressroute.circuit_authorization": dict(CIRCUIT_ARGS, name="bench-noop")},
        {"name": "setup: circuit Global Reach",
         "hybridlink.expressroute.circuit_connection": dict(CIRCUIT_ARGS, **CONNECTION)},
        {"name": "setup: AVS authorization",
         "hybridlink.expressroute.avs_authorization": dict(CLOUD_ARGS, name="bench-noop")},
        {"name": "setup: key for AVS Global Reach",
         "hybridlink.expressroute.circuit_authorization": dict(CIRCUIT_ARGS, name=PRIVATE_CLOUD, return_key=True),
         "register": "bench_avs_key", "no_log": True},
        {"name": "setup: AVS Global Reach", "no_log": True,
         "hybridlink.expressroute.avs_global_reach": dict(
             CLOUD_ARGS, authorization_key="{{ bench_avs_key.authorization.authorization_key }}", **AVS_CONNECTION)},
        {"name": "setup: ExpressRoute gateway", "hybridlink.expressroute.virtual_network_gateway": dict(GATEWAY)},
        {"name": "setup: key for the gateway connection",
         "hybridlink.expressroute.circuit_authorization": dict(CIRCUIT_ARGS, name="bench-gateway", return_key=True),
         "register": "bench_gateway_key", "no_log": True},
        {"name": "setup: gateway connection", "no_log": True,
         "hybridlink.expressroute.gateway_connection": dict(
             GATEWAY_CONNECTION, authorization_key="{{ bench_gateway_key.authorization.authorization_key }}")},
    ]

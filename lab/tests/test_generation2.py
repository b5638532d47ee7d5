"""AVS Generation 2 private clouds: in the customer's VNet, no circuit, reached through a gateway connection."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.avs.models import (
    GlobalReachConnection,
    ManagementCluster,
    PrivateCloud,
    Sku,
)

from erlab.testing import wait_for

from conftest import POLL, RG, SUB, circuit_path
from test_vnet_gateways import (
    SV_ONPREM,
    circuit_routes,
    error_code,
    make_vnet,
    new_key,
    peer_sv,
    vnet_path,
)

GEN2_RG = "rg-avs-gen2"
GEN2 = "avs-westus-gen2"
GEN2_VNET = "vnet-avs-gen2"
CLOUD_PATH = f"/subscriptions/{SUB}/resourceGroups/{GEN2_RG}/providers/Microsoft.AVS/privateClouds/{GEN2}"


@pytest.fixture
def gw_world(world):
    world.admin.settings(gateway_operation_seconds=0.3)
    return world


def test_default_world_has_a_generation2_cloud(world, avs, net):
    cloud = avs.private_clouds.get(GEN2_RG, GEN2)
    assert cloud.sku.name == "AV64"
    assert cloud.properties.virtual_network_id.lower() == vnet_path(GEN2_VNET, GEN2_RG).lower()
    assert cloud.properties.circuit is None
    assert cloud.properties.provisioning_state == "Succeeded"
    subnets = {s.name: s.address_prefix for s in net.subnets.list(GEN2_RG, GEN2_VNET)}
    assert subnets["GatewaySubnet"] == "10.200.255.0/27"
    avs_subnets = {n: p for n, p in subnets.items() if n.startswith("avs-")}
    assert avs_subnets and all(p.startswith("10.200.") for p in avs_subnets.values())
    assert list(net.virtual_network_gateways.list(GEN2_RG)) == []  # no gateway yet
    # Generation 1 clouds are unchanged: they keep their circuit and have no virtualNetworkId.
    gen1 = avs.private_clouds.get("rg-avs-prod", "avs-westus-prod")
    assert gen1.properties.circuit.express_route_id and gen1.properties.virtual_network_id is None


def test_virtual_network_id_is_absent_before_2024_09_01(world, arm):
    old = arm.get(CLOUD_PATH, params={"api-version": "2023-09-01"}).json()
    new = arm.get(CLOUD_PATH, params={"api-version": "2024-09-01"}).json()
    assert "virtualNetworkId" not in old["properties"]
    assert new["properties"]["virtualNetworkId"].endswith(f"/virtualNetworks/{GEN2_VNET}")


def test_circuit_features_are_refused_on_generation2(world, avs, net):
    with pytest.raises(HttpResponseError) as excinfo:
        avs.global_reach_connections.begin_create_or_update(
            GEN2_RG, GEN2, "to-onprem",
            GlobalReachConnection(peer_express_route_circuit=circuit_path("er-sv-primary"), authorization_key="x"),
            **POLL).result()
    assert error_code(excinfo) == "NotSupportedForGeneration2PrivateCloud"
    assert "gateway" in excinfo.value.error.message
    with pytest.raises(HttpResponseError) as excinfo:
        avs.authorizations.begin_create_or_update(GEN2_RG, GEN2, "key", {}, **POLL).result()
    assert error_code(excinfo) == "NotSupportedForGeneration2PrivateCloud"
    assert list(avs.global_reach_connections.list(GEN2_RG, GEN2)) == []


def test_onprem_reaches_generation2_through_a_gateway(gw_world, net):
    peer_sv(net)
    gateway = net.virtual_network_gateways.begin_create_or_update(GEN2_RG, "gw-gen2", _gateway(), **POLL).result()
    assert gateway.provisioning_state == "Succeeded"
    key = new_key(net, name="gen2")
    conn = net.virtual_network_gateway_connections.begin_create_or_update(GEN2_RG, "gen2-to-sv", _connection(key), **POLL).result()
    assert conn.provisioning_state == "Succeeded"
    wait_for(lambda: net.virtual_network_gateway_connections.get(GEN2_RG, "gen2-to-sv").connection_status == "Connected")
    routes = circuit_routes(net)
    assert {(n, p) for n, _h, p in routes if p == "65515"} == {("10.200.0.0/16", "65515"), ("10.201.10.0/24", "65515")}
    learned = net.virtual_network_gateways.begin_get_learned_routes(GEN2_RG, "gw-gen2", **POLL).result().value
    assert {r.network for r in learned if r.origin == "EBgp"} == SV_ONPREM
    assert net.express_route_circuit_authorizations.get(RG, "er-sv-primary", "gen2").authorization_use_status == "InUse"
    # The one function an edge speaker will announce from says the same as the route table.
    assert _azure_prefixes(gw_world, "er-sv-primary") == ["10.200.0.0/16", "10.201.10.0/24"]
    assert _azure_prefixes(gw_world, "er-ams-secondary") == []


def _azure_prefixes(lab, circuit: str) -> list[str]:
    """Call gateway_routes.azure_prefixes_for_private_peering on the running lab's state (read-only)."""
    import time as clock

    from erlab.arm.context import Env
    from erlab.network.gateway_routes import azure_prefixes_for_private_peering
    from erlab.settings import load_settings
    from erlab.store import Store
    from erlab.world import World

    store = Store(lab.state_dir / "lab.db")
    try:
        env = Env(store=store, world=World(store.get_kv("world")), settings=load_settings(store), now=clock.time(), base_url="")
        return azure_prefixes_for_private_peering(env, store.get(circuit_path(circuit)))
    finally:
        store.close()


def _gateway():
    from test_vnet_gateways import gateway_body

    return gateway_body(vnet=GEN2_VNET, rg=GEN2_RG)


def _connection(key):
    from azure.mgmt.network.models import SubResource, VirtualNetworkGateway, VirtualNetworkGatewayConnection

    return VirtualNetworkGatewayConnection(
        location="westus", connection_type="ExpressRoute",
        virtual_network_gateway1=VirtualNetworkGateway(
            id=f"/subscriptions/{SUB}/resourceGroups/{GEN2_RG}/providers/Microsoft.Network/virtualNetworkGateways/gw-gen2"),
        peer=SubResource(id=circuit_path("er-sv-primary")), authorization_key=key)


def _gen2_cloud(vnet_id, sku="AV64", block="10.130.0.0/22"):
    return PrivateCloud(location="westus", sku=Sku(name=sku), network_block=block, virtual_network_id=vnet_id,
                        management_cluster=ManagementCluster(cluster_size=3))


def test_create_and_delete_a_generation2_cloud(world, avs, net):
    make_vnet(net, name="vnet-new-gen2", space="10.130.0.0/16", subnets=(("GatewaySubnet", "10.130.255.0/27"),), rg=GEN2_RG)
    vnet_id = vnet_path("vnet-new-gen2", GEN2_RG)
    with pytest.raises(HttpResponseError) as excinfo:
        avs.private_clouds.begin_create_or_update(GEN2_RG, "gen2-b", _gen2_cloud(vnet_id, sku="AV36P"), **POLL).result()
    assert error_code(excinfo) == "InvalidSkuForGeneration2"
    with pytest.raises(HttpResponseError) as excinfo:
        avs.private_clouds.begin_create_or_update(GEN2_RG, "gen2-b", _gen2_cloud(vnet_id, block="10.140.0.0/22"), **POLL).result()
    assert error_code(excinfo) == "NetworkBlockOutsideVirtualNetwork"
    with pytest.raises(HttpResponseError) as excinfo:
        avs.private_clouds.begin_create_or_update(GEN2_RG, "gen2-b", _gen2_cloud(vnet_path(GEN2_VNET, GEN2_RG),
                                                                               block="10.200.4.0/22"), **POLL).result()
    assert error_code(excinfo) == "VirtualNetworkAlreadyHasPrivateCloud"
    cloud = avs.private_clouds.begin_create_or_update(GEN2_RG, "gen2-b", _gen2_cloud(vnet_id), **POLL).result()
    assert cloud.properties.provisioning_state == "Succeeded" and cloud.properties.circuit is None
    names = {s.name for s in net.subnets.list(GEN2_RG, "vnet-new-gen2")}
    assert "GatewaySubnet" in names and any(n.startswith("avs-") for n in names)
    with pytest.raises(HttpResponseError) as excinfo:
        net.virtual_networks.begin_delete(GEN2_RG, "vnet-new-gen2", **POLL).result()
    assert error_code(excinfo) == "InUseSubnetCannotBeDeleted"
    avs.private_clouds.begin_delete(GEN2_RG, "gen2-b", **POLL).result()
    assert {s.name for s in net.subnets.list(GEN2_RG, "vnet-new-gen2")} == {"GatewaySubnet"}
    net.virtual_networks.begin_delete(GEN2_RG, "vnet-new-gen2", **POLL).result()


def test_generation2_gateway_in_default_world_needs_no_new_subnet(gw_world, net):
    """The default world's Gen 2 VNet is ready for a gateway: GatewaySubnet exists and is free."""
    subnet = net.subnets.get(GEN2_RG, GEN2_VNET, "GatewaySubnet")
    assert subnet.provisioning_state == "Succeeded" and not subnet.ip_configurations

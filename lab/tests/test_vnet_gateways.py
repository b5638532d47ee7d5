"""Virtual networks, ExpressRoute gateways and gateway connections, through the real SDK."""

from __future__ import annotations

import time

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.network.models import (
    AddressSpace,
    Subnet,
    SubResource,
    VirtualNetwork,
    VirtualNetworkGateway,
    VirtualNetworkGatewayConnection,
    VirtualNetworkGatewayIPConfiguration,
    VirtualNetworkGatewaySku,
)

from erlab.testing import wait_for

from conftest import NET_API, POLL, RG, SUB, circuit_path, private_peering
from test_examples import assert_shape, example

HUB = "vnet-hub"
HUB_SPACE = "10.100.0.0/16"
GW_SUBNET = "10.100.255.0/27"
SV_ONPREM = {"192.168.0.0/16", "172.20.0.0/14"}  # er-sv-primary's edge (default world)
GW_SECONDS = 0.6


@pytest.fixture
def gw_world(world):
    world.admin.settings(gateway_operation_seconds=GW_SECONDS)
    return world


def vnet_path(name=HUB, rg=RG):
    return f"/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}"


def gateway_path(name="gw-hub", rg=RG):
    return f"/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworkGateways/{name}"


def make_vnet(net, name=HUB, space=HUB_SPACE, subnets=(("GatewaySubnet", GW_SUBNET), ("workload", "10.100.1.0/24")), rg=RG):
    return net.virtual_networks.begin_create_or_update(rg, name, VirtualNetwork(
        location="westus", address_space=AddressSpace(address_prefixes=[space]),
        subnets=[Subnet(name=n, address_prefix=p) for n, p in subnets]), **POLL).result()


def gateway_body(sku="ErGw1AZ", gateway_type="ExpressRoute", vnet=HUB, rg=RG):
    return VirtualNetworkGateway(
        location="westus", gateway_type=gateway_type, sku=VirtualNetworkGatewaySku(name=sku, tier=sku),
        ip_configurations=[VirtualNetworkGatewayIPConfiguration(
            name="default", subnet=SubResource(id=vnet_path(vnet, rg) + "/subnets/GatewaySubnet"))])


def make_gateway(net, name="gw-hub", **kwargs):
    return net.virtual_network_gateways.begin_create_or_update(RG, name, gateway_body(**kwargs), **POLL).result()


def connection_body(gateway="gw-hub", circuit="er-sv-primary", key=None, bypass=False, weight=0):
    return VirtualNetworkGatewayConnection(
        location="westus", connection_type="ExpressRoute",
        virtual_network_gateway1=VirtualNetworkGateway(id=gateway_path(gateway)),
        peer=SubResource(id=circuit if circuit.startswith("/") else circuit_path(circuit)),
        authorization_key=key, express_route_gateway_bypass=bypass, routing_weight=weight)


def connect(net, name="hub-to-sv", **kwargs):
    return net.virtual_network_gateway_connections.begin_create_or_update(RG, name, connection_body(**kwargs), **POLL).result()


def new_key(net, circuit="er-sv-primary", name="hub"):
    net.express_route_circuit_authorizations.begin_create_or_update(RG, circuit, name, {}, **POLL).result()
    return net.express_route_circuit_authorizations.list_keys(RG, circuit, name).authorization_key


def peer_sv(net):
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(), **POLL).result()


def circuit_routes(net, circuit="er-sv-primary", device="primary"):
    table = net.express_route_circuits.begin_list_routes_table(RG, circuit, "AzurePrivatePeering", device, **POLL).result()
    return {(r.network, r.next_hop, r.path) for r in table.value}


def error_code(excinfo) -> str:
    return excinfo.value.error.code


# -- virtual networks and subnets ---------------------------------------------------------

def test_vnet_and_subnet_lifecycle(gw_world, net):
    vnet = make_vnet(net)
    assert vnet.provisioning_state == "Succeeded"
    assert sorted(s.name for s in vnet.subnets) == ["GatewaySubnet", "workload"]
    assert {s.etag for s in vnet.subnets} == {vnet.etag}  # inline children share the parent's etag
    assert [v.name for v in net.virtual_networks.list(RG)] == [HUB]
    assert HUB in [v.name for v in net.virtual_networks.list_all()]
    subnet = net.subnets.begin_create_or_update(RG, HUB, "extra", Subnet(address_prefix="10.100.2.0/24"), **POLL).result()
    assert subnet.provisioning_state == "Succeeded" and subnet.address_prefix == "10.100.2.0/24"
    assert sorted(s.name for s in net.subnets.list(RG, HUB)) == ["GatewaySubnet", "extra", "workload"]
    net.subnets.begin_delete(RG, HUB, "extra", **POLL).result()
    with pytest.raises(ResourceNotFoundError):
        net.subnets.get(RG, HUB, "extra")
    net.virtual_networks.begin_delete(RG, HUB, **POLL).result()
    with pytest.raises(ResourceNotFoundError) as excinfo:
        net.virtual_networks.get(RG, HUB)
    assert error_code(excinfo) == "ResourceNotFound"


def test_vnet_put_replaces_subnets(gw_world, net):
    make_vnet(net)
    vnet = make_vnet(net, subnets=(("GatewaySubnet", GW_SUBNET),))
    assert [s.name for s in vnet.subnets] == ["GatewaySubnet"]


@pytest.mark.parametrize("subnets, code", [
    ((("a", "10.101.0.0/24"),), "NetcfgSubnetRangeOutsideVnet"),
    ((("a", "10.100.0.0/24"), ("b", "10.100.0.128/25")), "NetcfgSubnetRangesOverlap"),
    ((("a", "10.100.0.1/24"),), "InvalidAddressPrefixFormat"),
])
def test_bad_subnets_are_refused_before_any_write(gw_world, net, subnets, code):
    with pytest.raises(HttpResponseError) as excinfo:
        make_vnet(net, subnets=subnets)
    assert excinfo.value.status_code == 400 and error_code(excinfo) == code
    with pytest.raises(ResourceNotFoundError):
        net.virtual_networks.get(RG, HUB)


def test_example_shapes_vnet_and_subnet(gw_world, arm):
    ex = example("network_2025-07-01_VirtualNetworkCreate.json")
    version = ex["parameters"]["api-version"]
    created = arm.put(vnet_path("test-vnet"), params={"api-version": version}, json=ex["parameters"]["parameters"])
    assert created.status_code == 201 and created.headers["Azure-AsyncOperation"]
    settled = wait_for(lambda: (b := arm.get(vnet_path("test-vnet"), params={"api-version": version}).json())
                       ["properties"]["provisioningState"] == "Succeeded" and b, timeout=5)
    # flowTimeoutInMinutes is echoed only when sent with a value the lab does not model; the rest must match.
    assert_shape(settled, ex["responses"]["201"]["body"], optional=frozenset({"flowTimeoutInMinutes"}))
    sub_ex = example("network_2025-07-01_SubnetCreate.json")
    subnet = arm.put(vnet_path("test-vnet") + "/subnets/subnet1", params={"api-version": version},
                     json={"properties": {"addressPrefix": "10.0.0.0/24"}})
    assert subnet.status_code == 201
    assert_shape(subnet.json(), sub_ex["responses"]["201"]["body"])


# -- gateways ---------------------------------------------------------------------------------

def test_gateway_creation_is_a_long_operation(gw_world, net, arm):
    make_vnet(net)
    started = time.monotonic()
    poller = net.virtual_network_gateways.begin_create_or_update(RG, "gw-hub", gateway_body("ErGw1AZ"), **POLL)
    during = net.virtual_network_gateways.get(RG, "gw-hub")
    assert during.provisioning_state == "Updating"
    gateway = poller.result()
    assert time.monotonic() - started >= GW_SECONDS * 0.9
    assert gateway.provisioning_state == "Succeeded"
    assert gateway.gateway_type == "ExpressRoute" and gateway.sku.name == "ErGw1AZ"
    assert gateway.bgp_settings.asn == 65515
    assert gateway.ip_configurations[0].subnet.id.endswith("/subnets/GatewaySubnet")
    subnet = net.subnets.get(RG, HUB, "GatewaySubnet")
    assert [c.id for c in subnet.ip_configurations] == [gateway.ip_configurations[0].id]
    # A subnet a gateway uses cannot be deleted, nor left out of a VNet PUT.
    with pytest.raises(HttpResponseError) as excinfo:
        net.subnets.begin_delete(RG, HUB, "GatewaySubnet", **POLL).result()
    assert error_code(excinfo) == "InUseSubnetCannotBeDeleted"
    with pytest.raises(HttpResponseError) as excinfo:
        make_vnet(net, subnets=(("workload", "10.100.1.0/24"),))
    assert error_code(excinfo) == "InUseSubnetCannotBeDeleted"


@pytest.mark.parametrize("sku", ["Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ", "ErGwScale"])
def test_expressroute_skus(gw_world, net, sku):
    gw_world.admin.settings(gateway_operation_seconds=0.1)
    make_vnet(net)
    assert make_gateway(net, sku=sku).sku.name == sku


def test_bad_gateways_are_refused(gw_world, net):
    make_vnet(net)
    with pytest.raises(HttpResponseError) as excinfo:
        make_gateway(net, sku="VpnGw1")
    assert error_code(excinfo) == "InvalidGatewaySku"
    body = gateway_body()
    body.ip_configurations[0].subnet = SubResource(id=vnet_path() + "/subnets/workload")
    with pytest.raises(HttpResponseError) as excinfo:
        net.virtual_network_gateways.begin_create_or_update(RG, "gw-hub", body, **POLL).result()
    assert error_code(excinfo) == "InvalidGatewaySubnet"
    make_vnet(net, name="vnet-no-gw", space="10.102.0.0/16", subnets=(("workload", "10.102.1.0/24"),))
    with pytest.raises(HttpResponseError) as excinfo:
        make_gateway(net, vnet="vnet-no-gw")
    assert error_code(excinfo) == "InvalidResourceReference"
    assert list(net.virtual_network_gateways.list(RG)) == []


def test_one_gateway_of_a_type_per_vnet(gw_world, net):
    gw_world.admin.settings(gateway_operation_seconds=0.1)
    make_vnet(net)
    make_gateway(net)
    with pytest.raises(HttpResponseError) as excinfo:
        make_gateway(net, name="gw-second")
    assert error_code(excinfo) == "VirtualNetworkAlreadyHasGatewayOfType"


# -- connections -----------------------------------------------------------------------------

@pytest.fixture
def hub(gw_world, net):
    peer_sv(net)
    make_vnet(net)
    make_gateway(net)
    return net


def test_connection_with_circuit_key_connects_and_consumes_it(hub, gw_world, arm):
    net = hub
    key = new_key(net)
    gw_world.admin.settings(connect_seconds=0.5)
    poller = net.virtual_network_gateway_connections.begin_create_or_update(RG, "hub-to-sv", connection_body(key=key), **POLL)
    assert net.virtual_network_gateway_connections.get(RG, "hub-to-sv").connection_status == "Unknown"
    conn = poller.result()
    assert conn.provisioning_state == "Succeeded" and conn.connection_status == "Connecting"
    conn = wait_for(lambda: (c := net.virtual_network_gateway_connections.get(RG, "hub-to-sv")).connection_status == "Connected"
                    and c, timeout=5)
    assert conn.connection_type == "ExpressRoute" and conn.peer.id.lower() == circuit_path("er-sv-primary").lower()
    assert conn.authorization_key is None  # never answered
    raw = arm.get(conn.id, params={"api-version": NET_API}).text
    assert key not in raw
    auth = net.express_route_circuit_authorizations.get(RG, "er-sv-primary", "hub")
    assert auth.authorization_use_status == "InUse"
    assert [c.name for c in net.virtual_network_gateway_connections.list(RG)] == ["hub-to-sv"]
    with pytest.raises(HttpResponseError) as excinfo:
        net.express_route_circuits.begin_delete(RG, "er-sv-primary", **POLL).result()
    assert error_code(excinfo) == "CircuitHasVirtualNetworkConnections"


def test_circuit_with_a_keyless_connection_cannot_be_deleted(hub):
    connect(hub)  # same subscription: the owner needs no key
    with pytest.raises(HttpResponseError) as excinfo:
        hub.express_route_circuits.begin_delete(RG, "er-sv-primary", **POLL).result()
    assert error_code(excinfo) == "CircuitHasVirtualNetworkConnections"
    hub.virtual_network_gateway_connections.begin_delete(RG, "hub-to-sv", **POLL).result()
    hub.express_route_circuits.begin_delete(RG, "er-sv-primary", **POLL).result()


def test_connection_checks(hub, gw_world):
    net = hub
    key = new_key(net)
    connect(net, key=key)
    # The same key again (a second gateway), a key of another circuit, a second connection to the same circuit.
    make_vnet(net, name="vnet-spoke", space="10.110.0.0/16", subnets=(("GatewaySubnet", "10.110.255.0/27"),))
    make_gateway(net, name="gw-spoke", vnet="vnet-spoke")
    with pytest.raises(HttpResponseError) as excinfo:
        connect(net, name="spoke-to-sv", gateway="gw-spoke", key=key)
    assert error_code(excinfo) == "AuthorizationKeyAlreadyInUse"
    ams_key = new_key(net, circuit="er-ams-secondary", name="ams")
    with pytest.raises(HttpResponseError) as excinfo:
        connect(net, name="spoke-to-sv", gateway="gw-spoke", key=ams_key)
    assert error_code(excinfo) == "InvalidAuthorizationKey"
    with pytest.raises(HttpResponseError) as excinfo:
        connect(net, name="hub-to-sv-again", key=new_key(net, name="hub2"))
    assert error_code(excinfo) == "GatewayAlreadyConnectedToCircuit"
    # FastPath needs UltraPerformance / ErGw3AZ.
    with pytest.raises(HttpResponseError) as excinfo:
        connect(net, name="spoke-fastpath", gateway="gw-spoke", key=new_key(net, name="fp"), bypass=True)
    assert error_code(excinfo) == "FastPathNotSupportedOnGatewaySku"
    # The circuit in the partner subscription needs a key.
    partner = f"/subscriptions/{gw_world.partner_subscription_id}/resourceGroups/rg-partner/providers/Microsoft.Network/" \
              "expressRouteCircuits/er-partner-dallas"
    with pytest.raises(HttpResponseError) as excinfo:
        connect(net, name="spoke-to-partner", gateway="gw-spoke", circuit=partner)
    assert error_code(excinfo) == "AuthorizationKeyRequired"
    assert sorted(c.name for c in net.virtual_network_gateway_connections.list(RG)) == ["hub-to-sv"]
    # A gateway with connections cannot be deleted; without them it can.
    with pytest.raises(HttpResponseError) as excinfo:
        net.virtual_network_gateways.begin_delete(RG, "gw-hub", **POLL).result()
    assert error_code(excinfo) == "InUseVirtualNetworkGatewayCannotBeDeleted"
    net.virtual_network_gateway_connections.begin_delete(RG, "hub-to-sv", **POLL).result()
    net.virtual_network_gateways.begin_delete(RG, "gw-hub", **POLL).result()
    with pytest.raises(ResourceNotFoundError):
        net.virtual_network_gateways.get(RG, "gw-hub")
    assert not net.subnets.get(RG, HUB, "GatewaySubnet").ip_configurations
    # The consumed key stays InUse (release_key_on_disconnect is off by default).
    assert net.express_route_circuit_authorizations.get(RG, "er-sv-primary", "hub").authorization_use_status == "InUse"


def test_vpn_gateway_cannot_take_an_expressroute_connection(gw_world, net):
    peer_sv(net)
    make_vnet(net)
    make_gateway(net, sku="VpnGw1", gateway_type="Vpn")
    with pytest.raises(HttpResponseError) as excinfo:
        connect(net)
    assert error_code(excinfo) == "InvalidGatewayTypeForExpressRouteConnection"


def test_fastpath_on_ergw3az(gw_world, net):
    peer_sv(net)
    make_vnet(net)
    make_gateway(net, sku="ErGw3AZ")
    conn = connect(net, bypass=True)
    assert conn.express_route_gateway_bypass is True


def test_connection_to_a_gateway_still_being_built_is_refused(gw_world, net):
    peer_sv(net)
    make_vnet(net)
    gw_world.admin.settings(gateway_operation_seconds=30)
    net.virtual_network_gateways.begin_create_or_update(RG, "gw-hub", gateway_body(), **POLL)
    with pytest.raises(HttpResponseError) as excinfo:
        connect(net)
    assert error_code(excinfo) == "ReferencedResourceNotProvisioned"


# -- routes ----------------------------------------------------------------------------------

def test_routes_once_connected(hub, gw_world):
    net = hub
    gateway = net.virtual_network_gateways.get(RG, "gw-hub")
    before = net.virtual_network_gateways.begin_get_learned_routes(RG, "gw-hub", **POLL).result()
    assert {(r.network, r.origin) for r in before.value} == {(HUB_SPACE, "Network")}
    assert net.virtual_network_gateways.begin_get_bgp_peer_status(RG, "gw-hub", **POLL).result().value == []
    assert not any(r[0] == HUB_SPACE for r in circuit_routes(net))

    connect(net, weight=10)
    wait_for(lambda: net.virtual_network_gateway_connections.get(RG, "hub-to-sv").connection_status == "Connected")
    gw_addresses = gateway.bgp_settings.bgp_peering_address.split(",")
    assert (HUB_SPACE, gw_addresses[0], "65515") in circuit_routes(net, device="primary")
    assert (HUB_SPACE, gw_addresses[1], "65515") in circuit_routes(net, device="secondary")

    learned = net.virtual_network_gateways.begin_get_learned_routes(RG, "gw-hub", **POLL).result().value
    from_circuit = [r for r in learned if r.origin == "EBgp"]
    assert {r.network for r in from_circuit} == SV_ONPREM
    assert {r.as_path for r in from_circuit} == {"12076-65010"}
    assert {r.weight for r in from_circuit} == {10}
    msees = sorted({r.source_peer for r in from_circuit})
    assert len(msees) == 2

    peers = net.virtual_network_gateways.begin_get_bgp_peer_status(RG, "gw-hub", **POLL).result().value
    assert sorted(p.neighbor for p in peers) == msees
    assert {(p.asn, p.state, p.routes_received) for p in peers} == {(12076, "Connected", len(SV_ONPREM))}
    one = net.virtual_network_gateways.begin_get_bgp_peer_status(RG, "gw-hub", peer=msees[0], **POLL).result().value
    assert [p.neighbor for p in one] == [msees[0]]

    advertised = net.virtual_network_gateways.begin_get_advertised_routes(RG, "gw-hub", peer=msees[0], **POLL).result().value
    assert [(r.network, r.as_path) for r in advertised] == [(HUB_SPACE, "65515")]
    assert net.virtual_network_gateways.begin_get_advertised_routes(RG, "gw-hub", peer="10.9.9.9", **POLL).result().value == []


def test_gateway_actions_answer_202_with_location(hub, arm):
    ex = example("network_2025-07-01_VirtualNetworkGatewayLearnedRoutes.json")
    response = arm.post(gateway_path() + "/getLearnedRoutes", params={"api-version": ex["parameters"]["api-version"]})
    assert response.status_code == 202
    assert {h.lower() for h in ex["responses"]["202"]["headers"]} <= {h.lower() for h in response.headers.keys()}
    assert response.headers["Location"]
    adv = example("network_2025-07-01_VirtualNetworkGatewayGetAdvertisedRoutes.json")
    missing_peer = arm.post(gateway_path() + "/getAdvertisedRoutes", params={"api-version": adv["parameters"]["api-version"]})
    assert missing_peer.status_code == 400
    ok = arm.post(gateway_path() + "/getAdvertisedRoutes", params={"api-version": adv["parameters"]["api-version"],
                                                                   "peer": adv["parameters"]["peer"]})
    assert ok.status_code == 202


def test_gen1_cloud_reaches_a_hub_vnet_with_an_avs_key(hub, avs):
    """A Generation 1 cloud's authorization key, used on the hub gateway: the key is on the AVS-managed circuit."""
    net = hub
    auth = avs.authorizations.begin_create_or_update("rg-avs-prod", "avs-westus-prod", "to-hub", {}, **POLL).result()
    cloud = avs.private_clouds.get("rg-avs-prod", "avs-westus-prod")
    conn = connect(net, name="hub-to-avs", circuit=cloud.circuit.express_route_id, key=auth.express_route_authorization_key)
    assert conn.provisioning_state == "Succeeded"
    wait_for(lambda: net.virtual_network_gateway_connections.get(RG, "hub-to-avs").connection_status == "Connected")
    learned = net.virtual_network_gateways.begin_get_learned_routes(RG, "gw-hub", **POLL).result().value
    avs_routes = {r.network for r in learned if r.origin == "EBgp"}
    assert "10.176.0.0/26" in avs_routes and "10.180.10.0/24" in avs_routes  # management and workload networks
    with pytest.raises(HttpResponseError) as excinfo:
        make_vnet(net, name="vnet-other", space="10.120.0.0/16", subnets=(("GatewaySubnet", "10.120.255.0/27"),))
        make_gateway(net, name="gw-other", vnet="vnet-other")
        connect(net, name="other-to-avs", gateway="gw-other", circuit=cloud.circuit.express_route_id,
                key=auth.express_route_authorization_key)
    assert error_code(excinfo) == "AuthorizationKeyAlreadyInUse"


def test_gateway_creation_survives_a_restart(tmp_path):
    """A long gateway creation is a stored operation: a restarted lab finishes it on time."""
    from erlab.testing import LabServer

    window = 6.0
    with LabServer(tmp_path / "state", operation_seconds=0.1, retry_after=0) as lab:
        net = lab.network_client()
        make_vnet(net)
        lab.admin.settings(gateway_operation_seconds=window)
        started = time.monotonic()
        net.virtual_network_gateways.begin_create_or_update(RG, "gw-hub", gateway_body(), polling=False)
        lab.restart()
        net = lab.network_client()
        state = net.virtual_network_gateways.get(RG, "gw-hub").provisioning_state
        if time.monotonic() - started < window * 0.9:
            assert state == "Updating"
        wait_for(lambda: net.virtual_network_gateways.get(RG, "gw-hub").provisioning_state == "Succeeded", timeout=30)
        assert time.monotonic() - started >= window * 0.9
        assert lab.admin.settings()["gateway_operation_seconds"] == window


def test_key_consumed_by_global_reach_while_provisioning_fails_the_connection(hub, gw_world, arm):
    """Single use holds across kinds: a key taken by Global Reach meanwhile ends the gateway connection Failed."""
    from azure.mgmt.network.models import ExpressRouteCircuitConnection

    net = hub
    key = new_key(net)
    net.express_route_circuit_peerings.begin_create_or_update(
        RG, "er-ams-secondary", "AzurePrivatePeering", private_peering(asn=65020, primary="10.254.0.0/30",
                                                                      secondary="10.254.0.4/30"), **POLL).result()
    gw_world.admin.settings(operation_seconds=1.5)
    poller = net.virtual_network_gateway_connections.begin_create_or_update(RG, "hub-to-sv", connection_body(key=key), **POLL)
    gw_world.admin.settings(operation_seconds=0.1)
    ams = circuit_path("er-ams-secondary") + "/peerings/AzurePrivatePeering"
    sv = circuit_path("er-sv-primary") + "/peerings/AzurePrivatePeering"
    net.express_route_circuit_connections.begin_create_or_update(
        RG, "er-ams-secondary", "AzurePrivatePeering", "ams-sv", ExpressRouteCircuitConnection(
            express_route_circuit_peering=SubResource(id=ams), peer_express_route_circuit_peering=SubResource(id=sv),
            address_prefix="10.250.8.0/29", authorization_key=key), **POLL).result()
    with pytest.raises(HttpResponseError) as excinfo:
        poller.result()
    assert error_code(excinfo) == "AuthorizationKeyAlreadyInUse"
    assert net.virtual_network_gateway_connections.get(RG, "hub-to-sv").provisioning_state == "Failed"

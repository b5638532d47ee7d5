"""Global Reach: circuit to circuit and AVS to on-premises, with their network effects."""

from __future__ import annotations

import time

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.avs.models import GlobalReachConnection, GlobalReachConnectionProperties
from azure.mgmt.network.models import ExpressRouteCircuitConnection, Ipv6CircuitConnectionConfig, SubResource

from erlab.testing import wait_for

from conftest import AVS_RG, NET_API, POLL, RG, circuit_path, private_peering

SV = circuit_path("er-sv-primary") + "/peerings/AzurePrivatePeering"
AMS = circuit_path("er-ams-secondary") + "/peerings/AzurePrivatePeering"


def _peer_both(net):
    for name, third in (("er-sv-primary", 255), ("er-ams-secondary", 254)):
        net.express_route_circuit_peerings.begin_create_or_update(
            RG, name, "AzurePrivatePeering",
            private_peering(asn=65010 if third == 255 else 65020, primary=f"10.{third}.0.0/30", secondary=f"10.{third}.0.4/30"),
            **POLL).result()


def _connection(local=SV, peer=AMS, prefix="10.250.0.0/29", key=None, ipv6=None):
    return ExpressRouteCircuitConnection(express_route_circuit_peering=SubResource(id=local),
                                         peer_express_route_circuit_peering=SubResource(id=peer),
                                         address_prefix=prefix, authorization_key=key,
                                         ipv6_circuit_connection_config=Ipv6CircuitConnectionConfig(address_prefix=ipv6)
                                         if ipv6 else None)


def _get_connection(net, name="sv-ams", circuit="er-sv-primary"):
    return net.express_route_circuit_connections.get(RG, circuit, "AzurePrivatePeering", name)


def _neighbors(net, circuit="er-sv-primary"):
    summary = net.express_route_circuits.begin_list_routes_table_summary(RG, circuit, "AzurePrivatePeering", "primary",
                                                                         **POLL).result()
    return {n.neighbor for n in summary.value}


def _routes(net, circuit="er-sv-primary", device="primary"):
    table = net.express_route_circuits.begin_list_routes_table(RG, circuit, "AzurePrivatePeering", device, **POLL).result()
    return {(r.network, r.next_hop, r.path) for r in table.value}


def test_circuit_to_circuit_connects_and_exchanges_routes(world, net, arm):
    _peer_both(net)
    created = arm.put(SV + "/connections/sv-ams", params={"api-version": NET_API},
                      json=_connection().as_dict())
    assert created.status_code == 201
    assert created.json()["properties"]["circuitConnectionStatus"] == "Disconnected"
    assert created.json()["properties"]["provisioningState"] == "Updating"
    during = arm.get(SV + "/connections/sv-ams", params={"api-version": NET_API}).json()["properties"]
    assert during["circuitConnectionStatus"] == "Connecting"
    conn = wait_for(lambda: (c := net.express_route_circuit_connections.get(RG, "er-sv-primary", "AzurePrivatePeering",
                                                                             "sv-ams")).provisioning_state == "Succeeded" and c)
    assert conn.circuit_connection_status == "Connected" and conn.address_prefix == "10.250.0.0/29"
    peered = net.express_route_circuit_peerings.get(RG, "er-ams-secondary", "AzurePrivatePeering").peered_connections
    assert [(p.name, p.circuit_connection_status) for p in peered] == [("sv-ams", "Connected")]
    assert [p.name for p in net.peer_express_route_circuit_connections.list(RG, "er-ams-secondary", "AzurePrivatePeering")] == ["sv-ams"]
    assert ("10.60.0.0/16", "10.250.0.2", "12076 65020") in _routes(net)
    assert ("192.168.0.0/16", "10.250.0.1", "12076 65010") in _routes(net, "er-ams-secondary")
    assert ("192.168.0.0/16", "10.250.0.5", "12076 65010") in _routes(net, "er-ams-secondary", "secondary")


def test_global_reach_from_both_sides_is_refused(world, net):
    _peer_both(net)
    net.express_route_circuit_connections.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams",
                                                                 _connection(), **POLL).result()
    with pytest.raises(HttpResponseError) as caught:
        net.express_route_circuit_connections.begin_create_or_update(
            RG, "er-ams-secondary", "AzurePrivatePeering", "ams-sv", _connection(AMS, SV, "10.250.1.0/29"), **POLL).result()
    assert caught.value.error.code == "GlobalReachConnectionAlreadyExists"


@pytest.mark.parametrize("prefix, code", [("10.250.0.0/28", "InvalidGlobalReachAddressPrefix"),
                                          ("10.255.0.0/29", "GlobalReachAddressPrefixOverlaps")])
def test_connection_prefix_rules(world, net, prefix, code):
    _peer_both(net)
    with pytest.raises(HttpResponseError) as caught:
        net.express_route_circuit_connections.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering", "c",
                                                                     _connection(prefix=prefix), **POLL).result()
    assert caught.value.error.code == code


def test_unprovisioned_initiating_circuit_fails_the_lro(world, net, ids):
    _peer_both(net)
    world.admin.set_provider_state(ids["er-sv-primary"], "NotProvisioned")
    poller = net.express_route_circuit_connections.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                                          "sv-ams", _connection(), **POLL)
    with pytest.raises(HttpResponseError) as caught:
        poller.result()
    assert caught.value.status_code == 200
    assert caught.value.error.code == "InitiatingCircuitNotProvisioned"
    service_key = net.express_route_circuits.get(RG, "er-sv-primary").service_key
    assert caught.value.error.message == (
        f"Put Global Reach Connection Initiating Circuit Subscription = {world.subscription_id}, "
        f"ServiceKey = {service_key} is Not Provisioned. Current Status NotProvisioned")
    after = net.express_route_circuit_connections.get(RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams")
    assert after.provisioning_state == "Failed"  # the failed connection keeps existing (recorded)


def test_peering_put_without_connections_drops_global_reach(world, net):
    _peer_both(net)
    net.express_route_circuit_connections.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams",
                                                                 _connection(), **POLL).result()
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(primary="10.255.0.0/30",
                                                                              secondary="10.255.0.4/30"), **POLL).result()
    assert list(net.express_route_circuit_connections.list(RG, "er-sv-primary", "AzurePrivatePeering")) == []
    assert not any(r[0] == "10.60.0.0/16" for r in _routes(net))


def test_peering_delete_blocked_by_connections(world, net):
    _peer_both(net)
    net.express_route_circuit_connections.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams",
                                                                 _connection(), **POLL).result()
    for circuit in ("er-sv-primary", "er-ams-secondary"):
        with pytest.raises(HttpResponseError) as caught:
            net.express_route_circuit_peerings.begin_delete(RG, circuit, "AzurePrivatePeering", **POLL).result()
        assert caught.value.error.code == "PeeringHasGlobalReachConnections"


def _avs_key(net, name="avs"):
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", name, {}, **POLL).result()
    return net.express_route_circuit_authorizations.list_keys(RG, "er-sv-primary", name).authorization_key


def _avs_connect(avs, key, name="to-sv", circuit_id=None, cloud="avs-westus-prod"):
    body = GlobalReachConnection(properties=GlobalReachConnectionProperties(
        authorization_key=key, peer_express_route_circuit=circuit_id or circuit_path("er-sv-primary")))
    return avs.global_reach_connections.begin_create_or_update(AVS_RG, cloud, name, body, **POLL)


def test_avs_global_reach_brings_avs_routes_on_premises(world, net, avs):
    _peer_both(net)
    key = _avs_key(net)
    connection = _avs_connect(avs, key).result()
    assert connection.provisioning_state == "Succeeded" and connection.circuit_connection_status == "Connected"
    assert connection.address_prefix == "10.176.0.128/29"  # from the /22's Global Reach /26
    cloud = avs.private_clouds.get(AVS_RG, "avs-westus-prod")
    assert connection.express_route_id.lower() == cloud.circuit.express_route_id.lower()
    auth = net.express_route_circuit_authorizations.get(RG, "er-sv-primary", "avs")
    assert auth.authorization_use_status == "InUse"
    routes = _routes(net)
    for prefix in ("10.176.0.0/26", "10.176.1.0/25", "10.180.10.0/24", "10.180.20.0/24"):
        assert (prefix, "10.176.0.129", "12076 398656") in routes
    assert ("192.168.0.0/16", "10.255.0.1", "65010") in routes
    summary = net.express_route_circuits.begin_list_routes_table_summary(RG, "er-sv-primary", "AzurePrivatePeering",
                                                                         "primary", **POLL).result()
    assert {(n.neighbor, n.state_pfx_rcd) for n in summary.value} == {("10.255.0.1", "2"), ("10.176.0.129", "9")}
    arp = net.express_route_circuits.begin_list_arp_table(RG, "er-sv-primary", "AzurePrivatePeering", "primary",
                                                          **POLL).result()
    assert {"10.176.0.129", "10.176.0.130", "10.255.0.1", "10.255.0.2"} == {e.ip_address for e in arp.value}
    peered = net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering").peered_connections
    assert [p.address_prefix for p in peered] == ["10.176.0.128/29"]

    # Deleting the connection takes the routes away; the consumed key stays InUse.
    avs.global_reach_connections.begin_delete(AVS_RG, "avs-westus-prod", "to-sv", **POLL).result()
    assert not any(r[0].startswith("10.176.") for r in _routes(net))
    assert net.express_route_circuit_authorizations.get(RG, "er-sv-primary", "avs").authorization_use_status == "InUse"
    # ...and a used key cannot serve a second connection.
    with pytest.raises(HttpResponseError) as caught:
        _avs_connect(avs, key, name="again").result()
    assert caught.value.error.code == "AuthorizationKeyAlreadyInUse"


@pytest.mark.parametrize("case, code", [("unknown-key", "InvalidAuthorizationKey"),
                                        ("avs-side-key", "InvalidAuthorizationKey"),
                                        ("unprovisioned", "PeerCircuitNotProvisioned"),
                                        ("no-private-peering", "PrivatePeeringNotConfigured")])
def test_avs_global_reach_failures_end_the_lro_failed(world, net, avs, ids, case, code):
    _peer_both(net)
    key, circuit_id = "9d3b2a10-0000-4000-8000-000000000001", None
    if case == "avs-side-key":
        avs.authorizations.begin_create_or_update(AVS_RG, "avs-westus-prod", "mine", {}, **POLL).result()
        key = avs.authorizations.get(AVS_RG, "avs-westus-prod", "mine").express_route_authorization_key
    if case == "unprovisioned":
        key = _avs_key(net)
        world.admin.set_provider_state(ids["er-sv-primary"], "Deprovisioning")
    if case == "no-private-peering":
        net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-chi-pending", "k", {}, **POLL).result()
        world.admin.set_provider_state(ids["er-chi-pending"], "Provisioned")
        key = net.express_route_circuit_authorizations.list_keys(RG, "er-chi-pending", "k").authorization_key
        circuit_id = ids["er-chi-pending"]
    with pytest.raises(HttpResponseError) as caught:
        _avs_connect(avs, key, circuit_id=circuit_id).result()
    assert caught.value.error.code == code
    failed = avs.global_reach_connections.get(AVS_RG, "avs-westus-prod", "to-sv")
    assert failed.provisioning_state == "Failed"


def test_customer_side_connection_to_the_avs_circuit(world, net, avs):
    """The other documented way: a circuit connection from the on-prem peering with an AVS authorization key."""
    _peer_both(net)
    avs.authorizations.begin_create_or_update(AVS_RG, "avs-westus-prod", "for-onprem", {}, **POLL).result()
    auth = avs.authorizations.get(AVS_RG, "avs-westus-prod", "for-onprem")
    cloud = avs.private_clouds.get(AVS_RG, "avs-westus-prod")
    conn = net.express_route_circuit_connections.begin_create_or_update(
        RG, "er-sv-primary", "AzurePrivatePeering", "to-avs",
        _connection(peer=cloud.circuit.express_route_private_peering_id, prefix="10.250.8.0/29",
                    key=auth.express_route_authorization_key), **POLL).result()
    assert conn.circuit_connection_status == "Connected"
    assert ("10.180.20.0/24", "10.250.8.2", "12076 398656") in _routes(net)


def test_by_default_the_link_is_connected_when_its_operation_ends_and_the_url_names_the_peering(world, net, arm):
    """As the examples and recorded traffic show; the CLI's create sends no expressRouteCircuitPeering."""
    from erlab.settings import Settings

    _peer_both(net)
    world.admin.settings(connect_seconds=Settings().connect_seconds)
    body = {"properties": {"peerExpressRouteCircuitPeering": {"id": AMS}, "addressPrefix": "10.250.0.0/29"}}
    created = arm.put(SV + "/connections/sv-ams", params={"api-version": NET_API}, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["properties"]["expressRouteCircuitPeering"] == {"id": SV}
    done = wait_for(lambda: (c := _get_connection(net)).provisioning_state == "Succeeded" and c)
    assert done.circuit_connection_status == "Connected"
    # A reference to another peering is still refused.
    other = circuit_path("er-ams-secondary") + "/peerings/AzurePrivatePeering"
    wrong = arm.put(SV + "/connections/other", params={"api-version": NET_API},
                    json={"properties": {"expressRouteCircuitPeering": {"id": other}, **body["properties"]}})
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "InvalidCircuitPeeringReference"


def test_a_new_connection_is_connecting_for_connect_seconds_after_it_succeeded(world, net):
    _peer_both(net)
    world.admin.settings(operation_seconds=0, connect_seconds=1.0)
    started = time.monotonic()
    conn = net.express_route_circuit_connections.begin_create_or_update(
        RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams", _connection(ipv6="fd00:ff::/125"), **POLL).result()
    # The operation is over (even with operation_seconds 0), the link is not up yet.
    assert conn.provisioning_state == "Succeeded" and conn.circuit_connection_status == "Connecting"
    assert conn.ipv6_circuit_connection_config.circuit_connection_status == "Connecting"
    peered = net.express_route_circuit_peerings.get(RG, "er-ams-secondary", "AzurePrivatePeering").peered_connections
    assert [(p.name, p.circuit_connection_status) for p in peered] == [("sv-ams", "Connecting")]
    # Nothing crosses a link that is not up: no remote prefixes, no Global Reach BGP neighbor.
    assert not any(r[0] == "10.60.0.0/16" for r in _routes(net))
    assert not any(r[0] == "192.168.0.0/16" for r in _routes(net, "er-ams-secondary"))
    assert _neighbors(net) == {"10.255.0.1"}
    # The delay was fixed when the operation started, like an operation's length.
    world.admin.settings(connect_seconds=0)
    assert _get_connection(net).circuit_connection_status == "Connecting"

    up = wait_for(lambda: (c := _get_connection(net)).circuit_connection_status == "Connected" and c, timeout=10)
    assert time.monotonic() - started >= 1.0 - 0.1
    assert up.ipv6_circuit_connection_config.circuit_connection_status == "Connected"
    peered = net.express_route_circuit_peerings.get(RG, "er-ams-secondary", "AzurePrivatePeering").peered_connections
    assert [(p.name, p.circuit_connection_status) for p in peered] == [("sv-ams", "Connected")]
    assert ("10.60.0.0/16", "10.250.0.2", "12076 65020") in _routes(net)
    assert _neighbors(net) == {"10.255.0.1", "10.250.0.2"}


def test_avs_global_reach_is_connecting_before_routes_cross(world, net, avs):
    _peer_both(net)
    key = _avs_key(net)
    world.admin.settings(operation_seconds=0, connect_seconds=1.0)
    connection = _avs_connect(avs, key).result()
    assert connection.provisioning_state == "Succeeded" and connection.circuit_connection_status == "Connecting"
    assert avs.global_reach_connections.get(AVS_RG, "avs-westus-prod", "to-sv").circuit_connection_status == "Connecting"
    peered = net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering").peered_connections
    assert [p.circuit_connection_status for p in peered] == ["Connecting"]
    assert not any(r[0].startswith("10.176.") or r[0].startswith("10.180.") for r in _routes(net))

    wait_for(lambda: avs.global_reach_connections.get(AVS_RG, "avs-westus-prod", "to-sv").circuit_connection_status
             == "Connected", timeout=10)
    assert [c.circuit_connection_status for c in avs.global_reach_connections.list(AVS_RG, "avs-westus-prod")] == ["Connected"]
    assert ("10.180.10.0/24", "10.176.0.129", "12076 398656") in _routes(net)


def test_update_adds_changes_and_removes_ipv6_on_the_connection(world, net, arm):
    _peer_both(net)
    first = net.express_route_circuit_connections.begin_create_or_update(
        RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams", _connection(), **POLL).result()
    assert first.ipv6_circuit_connection_config is None and first.circuit_connection_status == "Connected"
    world.admin.settings(connect_seconds=1.0)

    path = SV + "/connections/sv-ams"
    world.admin.settings(operation_seconds=2.0)
    answer = arm.put(path, params={"api-version": NET_API}, json=_connection(ipv6="fd00:ff::/125").as_dict())
    assert answer.status_code == 200
    props = answer.json()["properties"]
    assert props["provisioningState"] == "Updating" and answer.json()["etag"] != first.etag
    assert props["circuitConnectionStatus"] == "Connected"  # the IPv4 link stays up during the update...
    world.admin.settings(operation_seconds=0)
    assert ("10.60.0.0/16", "10.250.0.2", "12076 65020") in _routes(net)  # ...and keeps carrying routes
    assert _get_connection(net).provisioning_state == "Updating"
    assert props["ipv6CircuitConnectionConfig"]["addressPrefix"] == "fd00:ff::/125"
    updated = wait_for(lambda: (c := _get_connection(net)).provisioning_state == "Succeeded" and c)
    assert updated.circuit_connection_status == "Connected"
    assert updated.ipv6_circuit_connection_config.circuit_connection_status == "Connecting"  # only the new link waits
    inline = net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering").connections
    assert [c.ipv6_circuit_connection_config.address_prefix for c in inline] == ["fd00:ff::/125"]
    wait_for(lambda: _get_connection(net).ipv6_circuit_connection_config.circuit_connection_status == "Connected",
             timeout=10)

    changed = net.express_route_circuit_connections.begin_create_or_update(
        RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams", _connection(ipv6="fd00:ff::8/125"), **POLL).result()
    assert changed.ipv6_circuit_connection_config.address_prefix == "fd00:ff::8/125"
    assert changed.ipv6_circuit_connection_config.circuit_connection_status == "Connecting"

    # PUT is the whole connection: leaving IPv6 out removes it; IPv4 is untouched.
    removed = net.express_route_circuit_connections.begin_create_or_update(
        RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams", _connection(), **POLL).result()
    assert removed.ipv6_circuit_connection_config is None
    assert removed.circuit_connection_status == "Connected" and removed.address_prefix == "10.250.0.0/29"
    assert ("10.60.0.0/16", "10.250.0.2", "12076 65020") in _routes(net)


def test_update_keeps_server_owned_fields_and_the_consumed_key(world, net, arm):
    _peer_both(net)
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-ams-secondary", "gr", {}, **POLL).result()
    key = net.express_route_circuit_authorizations.list_keys(RG, "er-ams-secondary", "gr").authorization_key
    net.express_route_circuit_connections.begin_create_or_update(
        RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams", _connection(key=key), **POLL).result()
    body = _connection(key="0b5c7e1a-2f3d-4c5b-9a8e-7d6c5b4a3f21", ipv6="fd00:ff::/125").as_dict()
    body["properties"].update(provisioningState="Failed", circuitConnectionStatus="Disconnected")
    body["properties"]["ipv6CircuitConnectionConfig"]["circuitConnectionStatus"] = "Connected"
    answer = arm.put(SV + "/connections/sv-ams", params={"api-version": NET_API}, json=body)
    assert answer.status_code == 200
    props = answer.json()["properties"]
    assert props["provisioningState"] == "Updating" and props["circuitConnectionStatus"] == "Connected"
    assert props["authorizationKey"] == key  # consumed at creation; a different one is ignored
    done = wait_for(lambda: (c := _get_connection(net)).provisioning_state == "Succeeded" and c)
    assert done.authorization_key == key and done.ipv6_circuit_connection_config.address_prefix == "fd00:ff::/125"
    auth = net.express_route_circuit_authorizations.get(RG, "er-ams-secondary", "gr")
    assert auth.authorization_use_status == "InUse"


@pytest.mark.parametrize("change, code", [
    ({"prefix": "10.250.0.8/29"}, "CannotModifyGlobalReachConnection"),
    ({"peer": circuit_path("er-chi-pending") + "/peerings/AzurePrivatePeering"}, "CannotModifyGlobalReachConnection"),
    ({"ipv6": "fd00:ff::/64"}, "InvalidGlobalReachAddressPrefix"),
    ({"ipv6": "fd00:ff::/125"}, "GlobalReachAddressPrefixOverlaps"),  # the peering's own IPv6 /126s
])
def test_update_refusals_leave_the_connection_as_it_was(world, net, arm, change, code):
    _peer_both(net)
    if code == "GlobalReachAddressPrefixOverlaps":
        peering = private_peering(primary="10.255.0.0/30", secondary="10.255.0.4/30").as_dict()
        peering["properties"]["ipv6PeeringConfig"] = {"primaryPeerAddressPrefix": "fd00:ff::/126",
                                                      "secondaryPeerAddressPrefix": "fd00:ff::4/126"}
        net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering", peering,
                                                                  **POLL).result()
    net.express_route_circuit_connections.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams",
                                                                 _connection(), **POLL).result()
    before = _get_connection(net)
    body = _connection(prefix=change.get("prefix", "10.250.0.0/29"), peer=change.get("peer", AMS),
                       ipv6=change.get("ipv6")).as_dict()
    answer = arm.put(SV + "/connections/sv-ams", params={"api-version": NET_API}, json=body)
    assert answer.status_code == 400 and answer.json()["error"]["code"] == code
    assert _get_connection(net).as_dict() == before.as_dict()

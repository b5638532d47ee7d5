"""A partner's circuit in a subscription our principal cannot read: Global Reach to it with the owner's key."""

from __future__ import annotations

import httpx
import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.avs.models import GlobalReachConnection, GlobalReachConnectionProperties
from azure.mgmt.network.models import ExpressRouteCircuitConnection, SubResource

from erlab.testing import PARTNER_KEY

from conftest import AVS_RG, NET_API, POLL, RG, circuit_path, private_peering

SV = circuit_path("er-sv-primary") + "/peerings/AzurePrivatePeering"


def _partner_peering(ids):
    return ids["er-partner-dallas"] + "/peerings/AzurePrivatePeering"


def _to_partner(ids, key, prefix="10.250.4.0/29"):
    return ExpressRouteCircuitConnection(express_route_circuit_peering=SubResource(id=SV),
                                         peer_express_route_circuit_peering=SubResource(id=_partner_peering(ids)),
                                         address_prefix=prefix, authorization_key=key)


def _routes(net):
    table = net.express_route_circuits.begin_list_routes_table(RG, "er-sv-primary", "AzurePrivatePeering", "primary",
                                                               **POLL).result()
    return {(r.network, r.next_hop, r.path) for r in table.value}


def test_the_partner_subscription_answers_403_to_our_principal(world, net, arm, ids):
    partner = world.network_client(subscription_id=world.partner_subscription_id)
    for call in (lambda: partner.express_route_circuits.get("rg-partner", "er-partner-dallas"),
                 lambda: partner.express_route_circuit_peerings.get("rg-partner", "er-partner-dallas", "AzurePrivatePeering"),
                 lambda: list(partner.express_route_circuits.list("rg-partner")),
                 lambda: partner.express_route_circuit_authorizations.list_keys("rg-partner", "er-partner-dallas",
                                                                                "hybridlink-global-reach")):
        with pytest.raises(HttpResponseError) as caught:
            call()
        assert caught.value.status_code == 403 and caught.value.error.code == "AuthorizationFailed"
    answer = arm.get(ids["er-partner-dallas"], params={"api-version": NET_API})
    assert answer.status_code == 403 and world.partner_subscription_id in answer.json()["error"]["message"]
    assert "er-partner-dallas" not in [c.name for c in net.express_route_circuits.list_all()]


def test_the_owner_view_of_keys_is_admin_only_and_current(world, ids):
    keys = world.admin.keys(ids["er-partner-dallas"])
    assert [(k["name"], k["authorizationKey"], k["authorizationUseStatus"]) for k in keys] == [
        ("hybridlink-global-reach", PARTNER_KEY, "Available")]
    extra = world.admin.add_key(ids["er-partner-dallas"], "second")
    assert extra["authorizationUseStatus"] == "Available" and extra["authorizationKey"] not in (PARTNER_KEY, None)
    assert [k["name"] for k in world.admin.keys(ids["er-partner-dallas"])] == ["hybridlink-global-reach", "second"]
    for call, status in ((lambda: world.admin.add_key(ids["er-partner-dallas"], "second"), 409),
                         (lambda: world.admin.keys(ids["er-partner-dallas"] + "-nope"), 404),
                         (lambda: world.admin._call("GET", "/keys"), 400)):
        with pytest.raises(httpx.HTTPStatusError) as caught:
            call()
        assert caught.value.response.status_code == status


def test_global_reach_to_the_partner_needs_its_key_and_then_connects(world, net, ids):
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(), **POLL).result()
    net.express_route_circuit_peerings.begin_create_or_update(
        RG, "er-ams-secondary", "AzurePrivatePeering",
        private_peering(asn=65020, primary="10.254.0.0/30", secondary="10.254.0.4/30"), **POLL).result()
    create = net.express_route_circuit_connections.begin_create_or_update
    for key, code in ((None, "AuthorizationKeyRequired"), ("9d3b2a10-0000-4000-8000-000000000001", "InvalidAuthorizationKey")):
        with pytest.raises(HttpResponseError) as caught:
            create(RG, "er-sv-primary", "AzurePrivatePeering", "to-partner", _to_partner(ids, key), **POLL)
        assert caught.value.status_code == 400 and caught.value.error.code == code
    conn = create(RG, "er-sv-primary", "AzurePrivatePeering", "to-partner", _to_partner(ids, PARTNER_KEY), **POLL).result()
    assert conn.provisioning_state == "Succeeded" and conn.circuit_connection_status == "Connected"
    assert ("10.90.0.0/16", "10.250.4.2", "12076 65030") in _routes(net)
    [used] = world.admin.keys(ids["er-partner-dallas"])
    assert used["authorizationUseStatus"] == "InUse" and used["connectionResourceUri"] == conn.id
    with pytest.raises(HttpResponseError) as caught:  # single use, also across subscriptions
        create(RG, "er-ams-secondary", "AzurePrivatePeering", "to-partner",
               ExpressRouteCircuitConnection(
                   express_route_circuit_peering=SubResource(id=circuit_path("er-ams-secondary") + "/peerings/AzurePrivatePeering"),
                   peer_express_route_circuit_peering=SubResource(id=_partner_peering(ids)),
                   address_prefix="10.250.5.0/29", authorization_key=PARTNER_KEY), **POLL)
    assert caught.value.status_code == 400 and caught.value.error.code == "AuthorizationKeyAlreadyInUse"


def test_avs_global_reach_to_the_partner_with_a_key_its_owner_minted(world, avs, ids):
    key = world.admin.add_key(ids["er-partner-dallas"], "avs-westus-prod")["authorizationKey"]
    body = GlobalReachConnection(properties=GlobalReachConnectionProperties(
        authorization_key=key, peer_express_route_circuit=ids["er-partner-dallas"]))
    conn = avs.global_reach_connections.begin_create_or_update(AVS_RG, "avs-westus-prod", "to-partner", body,
                                                               **POLL).result()
    assert conn.provisioning_state == "Succeeded" and conn.circuit_connection_status == "Connected"
    keys = {k["name"]: k["authorizationUseStatus"] for k in world.admin.keys(ids["er-partner-dallas"])}
    assert keys == {"hybridlink-global-reach": "Available", "avs-westus-prod": "InUse"}

"""Peerings: lifecycle, read-only fields, and the service's checks (table-driven)."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError

from conftest import NET_API, POLL, RG, circuit_path, private_peering

PRIVATE = {"peerASN": 65010, "primaryPeerAddressPrefix": "10.255.0.0/30", "secondaryPeerAddressPrefix": "10.255.0.4/30",
           "vlanId": 100}
MICROSOFT = {"peerASN": 64999, "primaryPeerAddressPrefix": "131.107.0.0/30", "secondaryPeerAddressPrefix": "131.107.0.4/30",
             "vlanId": 300, "microsoftPeeringConfig": {"advertisedPublicPrefixes": ["131.107.0.128/25"],
                                                       "routingRegistryName": "ARIN"}}


def test_private_peering_lifecycle(world, net, arm):
    first = arm.put(circuit_path("er-sv-primary") + "/peerings/AzurePrivatePeering", params={"api-version": NET_API},
                    json={"properties": PRIVATE})
    assert first.status_code == 201
    props = first.json()["properties"]
    assert props["azureASN"] == 0 and props["provisioningState"] == "Updating"
    assert props["lastModifiedBy"] == "" and props["connections"] == [] and props["peeredConnections"] == []
    assert props["peeringType"] == "AzurePrivatePeering"  # inferred from the name
    from erlab.testing import wait_for

    peering = wait_for(lambda: (p := net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering"))
                       .provisioning_state == "Succeeded" and p)
    assert peering.azure_asn == 12076 and peering.last_modified_by == "Customer"
    assert peering.primary_azure_port and peering.secondary_azure_port
    assert [p.name for p in net.express_route_circuit_peerings.list(RG, "er-sv-primary")] == ["AzurePrivatePeering"]
    net.express_route_circuit_peerings.begin_delete(RG, "er-sv-primary", "AzurePrivatePeering", **POLL).result()
    assert list(net.express_route_circuit_peerings.list(RG, "er-sv-primary")) == []


def test_microsoft_peering_prefix_state(world, net):
    peering = net.express_route_circuit_peerings.begin_create_or_update(
        RG, "er-sv-primary", "MicrosoftPeering", {"properties": MICROSOFT}, **POLL).result()
    assert peering.microsoft_peering_config.advertised_public_prefixes_state == "Configured"  # registered in the world
    other = dict(MICROSOFT, microsoftPeeringConfig={"advertisedPublicPrefixes": ["8.8.8.0/24"], "routingRegistryName": "ARIN"})
    peering = net.express_route_circuit_peerings.begin_create_or_update(
        RG, "er-sv-primary", "MicrosoftPeering", {"properties": other}, **POLL).result()
    assert peering.microsoft_peering_config.advertised_public_prefixes_state == "ValidationNeeded"


def _put(arm, name, props, circuit="er-sv-primary"):
    return arm.put(circuit_path(circuit) + f"/peerings/{name}", params={"api-version": NET_API}, json={"properties": props})


@pytest.mark.parametrize(
    "name, change, code",
    [
        ("AzurePrivatePeering", {"vlanId": 0}, "InvalidVlanId"),
        ("AzurePrivatePeering", {"vlanId": 4095}, "InvalidVlanId"),
        ("AzurePrivatePeering", {"peerASN": 65515}, "AsnReservedByMicrosoft"),
        ("AzurePrivatePeering", {"peerASN": 65520}, "AsnReservedByMicrosoft"),
        ("AzurePrivatePeering", {"peerASN": 4294967296}, "InvalidAsn"),
        ("AzurePrivatePeering", {"primaryPeerAddressPrefix": "10.255.0.0/29"}, "InvalidPeerAddressPrefixLength"),
        ("AzurePrivatePeering", {"primaryPeerAddressPrefix": "10.255.0.1/30"}, "InvalidPeerAddressPrefix"),
        ("AzurePrivatePeering", {"primaryPeerAddressPrefix": "banana"}, "InvalidPeerAddressPrefix"),
        ("AzurePrivatePeering", {"secondaryPeerAddressPrefix": "10.255.0.0/30"}, "PeerAddressPrefixesOverlap"),
        ("AzurePrivatePeering", {"sharedKey": "x" * 26}, "InvalidSharedKey"),
        ("AzurePrivatePeering", {"ipv6PeeringConfig": {"primaryPeerAddressPrefix": "2001:db8::/64",
                                                        "secondaryPeerAddressPrefix": "2001:db8:1::/126"}},
         "InvalidPeerAddressPrefixLength"),
        ("MicrosoftPeering", {"primaryPeerAddressPrefix": "10.1.0.0/30"}, "PeerAddressPrefixNotPublic"),
        ("MicrosoftPeering", {"microsoftPeeringConfig": {"advertisedPublicPrefixes": ["10.0.0.0/8"]}},
         "AdvertisedPublicPrefixNotPublic"),
        ("MicrosoftPeering", {"microsoftPeeringConfig": {"advertisedPublicPrefixes": []}}, "AdvertisedPublicPrefixesRequired"),
        ("MicrosoftPeering", {"microsoftPeeringConfig": {"advertisedPublicPrefixes": ["131.107.0.0/24"],
                                                          "routingRegistryName": "NOPE"}}, "InvalidRoutingRegistryName"),
        ("MicrosoftPeering", {"microsoftPeeringConfig": {"advertisedPublicPrefixes": ["131.107.0.0/24"],
                                                          "customerASN": 65001}}, "CustomerAsnNotPublic"),
        ("AzurePublicPeering", {}, "AzurePublicPeeringNotSupported"),
        ("AzurePrivatePeering", {"peeringType": "MicrosoftPeering"}, "PeeringTypeDoesNotMatchName"),
    ],
)
def test_peering_checks(world, arm, name, change, code):
    base = PRIVATE if name != "MicrosoftPeering" else MICROSOFT
    response = _put(arm, name, dict(base, **change))
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and error["details"] == []


def test_vlan_must_differ_between_peerings(world, net, arm):
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(vlan=300), **POLL).result()
    response = _put(arm, "MicrosoftPeering", MICROSOFT)
    assert response.status_code == 400 and response.json()["error"]["code"] == "PeeringVlanIdAlreadyInUse"


def test_peering_needs_provisioned_enabled_circuit(world, net, ids):
    with pytest.raises(HttpResponseError) as caught:
        net.express_route_circuit_peerings.begin_create_or_update(RG, "er-chi-pending", "AzurePrivatePeering",
                                                                  private_peering(), **POLL).result()
    assert caught.value.error.code == "CircuitNotProvisioned"
    world.admin.set_provider_state(ids["er-chi-pending"], "Provisioned")
    peering = net.express_route_circuit_peerings.begin_create_or_update(RG, "er-chi-pending", "AzurePrivatePeering",
                                                                        private_peering(), **POLL).result()
    assert peering.provisioning_state == "Succeeded"
    world.admin.set_provider_state(ids["er-sv-primary"], circuit_provisioning_state="Disabled")
    with pytest.raises(HttpResponseError):
        net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                                  private_peering(), **POLL).result()


def test_peering_stats(world, net):
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(), **POLL).result()
    stats = net.express_route_circuits.get_peering_stats(RG, "er-sv-primary", "AzurePrivatePeering")
    assert stats.primarybytes_in >= 0 and set(stats.as_dict()) == {"primarybytesIn", "primarybytesOut",
                                                                   "secondarybytesIn", "secondarybytesOut"}


def test_tables_on_fresh_peering_list_customer_routes(world, net):
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(), **POLL).result()
    routes = net.express_route_circuits.begin_list_routes_table(RG, "er-sv-primary", "AzurePrivatePeering", "primary",
                                                                **POLL).result()
    assert [(r.network, r.next_hop, r.path) for r in routes.value] == [
        ("172.20.0.0/14", "10.255.0.1", "65010"), ("192.168.0.0/16", "10.255.0.1", "65010")]
    secondary = net.express_route_circuits.begin_list_routes_table(RG, "er-sv-primary", "AzurePrivatePeering", "secondary",
                                                                   **POLL).result()
    assert {r.next_hop for r in secondary.value} == {"10.255.0.5"}
    arp = net.express_route_circuits.begin_list_arp_table(RG, "er-sv-primary", "AzurePrivatePeering", "primary",
                                                          **POLL).result()
    assert {(e.interface, e.ip_address) for e in arp.value} == {("On-Prem", "10.255.0.1"), ("Microsoft", "10.255.0.2")}
    summary = net.express_route_circuits.begin_list_routes_table_summary(RG, "er-sv-primary", "AzurePrivatePeering",
                                                                         "primary", **POLL).result()
    assert [(n.neighbor, n.as_property, n.state_pfx_rcd) for n in summary.value] == [("10.255.0.1", 65010, "2")]


def test_tables_reject_bad_device_path(world, net):
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(), **POLL).result()
    with pytest.raises(HttpResponseError) as caught:
        net.express_route_circuits.begin_list_routes_table(RG, "er-sv-primary", "AzurePrivatePeering", "tertiary",
                                                           **POLL).result()
    assert caught.value.error.code == "InvalidDevicePath"

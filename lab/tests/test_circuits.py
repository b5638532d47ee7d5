"""expressRouteCircuits: lifecycle, 404 shapes, api-versions, PUT replacing children, etags."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.network.models import TagsObject

from conftest import NET_API, POLL, RG, circuit_path, new_circuit_body, private_peering


def test_create_answers_updating_then_succeeds(world, net, arm):
    created = arm.put(circuit_path("er-new"), params={"api-version": NET_API},
                      json=new_circuit_body(location="Brazil South"))
    assert created.status_code == 201
    body = created.json()
    assert body["properties"]["provisioningState"] == "Updating"
    assert body["properties"]["serviceKey"] == "00000000-0000-0000-0000-000000000000"
    assert body["properties"]["circuitProvisioningState"] == "Disabled"
    assert body["etag"].startswith('W/"')
    assert "/providers/Microsoft.Network/locations/brazilsouth/operations/" in created.headers["Azure-AsyncOperation"]
    assert "Location" not in created.headers

    from erlab.testing import wait_for

    wait_for(lambda: net.express_route_circuits.get(RG, "er-new").provisioning_state == "Succeeded", timeout=5)
    circuit = net.express_route_circuits.begin_create_or_update(
        RG, "er-new", new_circuit_body(location="Brazil South"), **POLL).result()
    assert circuit.provisioning_state == "Succeeded"
    assert circuit.location == "brazilsouth"
    assert circuit.service_key != "00000000-0000-0000-0000-000000000000"
    assert circuit.circuit_provisioning_state == "Enabled"
    assert circuit.service_provider_provisioning_state == "NotProvisioned"
    assert circuit.stag > 0
    names = [c.name for c in net.express_route_circuits.list(RG)]
    assert "er-new" in names and names == sorted(names, key=names.index)
    assert "er-new" in [c.name for c in net.express_route_circuits.list_all()]


def test_update_tags_is_synchronous(net):
    circuit = net.express_route_circuits.update_tags(RG, "er-sv-primary", TagsObject(tags={"env": "lab"}))
    assert circuit.tags == {"env": "lab"}
    assert net.express_route_circuits.get(RG, "er-sv-primary").tags == {"env": "lab"}


def test_delete_is_an_lro_with_both_monitors(world, net, arm):
    response = arm.delete(circuit_path("er-chi-pending"), params={"api-version": NET_API})
    assert response.status_code == 202 and response.content == b""
    assert "/operations/" in response.headers["Azure-AsyncOperation"]
    assert "/operationResults/" in response.headers["Location"]
    assert response.headers["Retry-After"] == "0"
    location = arm.get(response.headers["Location"])
    assert location.status_code == 202
    from erlab.testing import wait_for

    wait_for(lambda: arm.get(response.headers["Location"]).status_code == 204, timeout=5)
    with pytest.raises(ResourceNotFoundError):
        net.express_route_circuits.get(RG, "er-chi-pending")
    assert arm.delete(circuit_path("er-chi-pending"), params={"api-version": NET_API}).status_code == 204


def test_missing_circuit_is_arm_resource_not_found(net):
    with pytest.raises(ResourceNotFoundError) as caught:
        net.express_route_circuits.get(RG, "nope")
    assert caught.value.error.code == "ResourceNotFound"
    assert caught.value.error.message == (
        "The Resource 'Microsoft.Network/expressRouteCircuits/nope' under resource group 'rg-onprem-network' was not found. "
        "For more details please go to https://aka.ms/ARMResourceNotFoundFix"
    )


def test_missing_child_is_rp_not_found(net):
    with pytest.raises(ResourceNotFoundError) as caught:
        net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering")
    assert caught.value.error.code == "NotFound"
    assert caught.value.error.message == f"Resource {circuit_path('er-sv-primary')}/peerings/AzurePrivatePeering not found."


def test_missing_resource_group(arm):
    response = arm.get(circuit_path("x", rg="rg-missing"), params={"api-version": NET_API})
    assert response.status_code == 404 and response.json()["error"]["code"] == "ResourceGroupNotFound"


@pytest.mark.parametrize("version", ["2015-06-15", "2020-07-01", "2021-03-01", "2025-07-01", "2026-01-01", "2026-03-01"])
def test_every_published_api_version_is_served(arm, version):
    response = arm.get(circuit_path("er-sv-primary"), params={"api-version": version})
    assert response.status_code == 200
    has_new_field = "enableDirectPortRateLimit" in response.json()["properties"]
    assert has_new_field == (version >= "2023-11-01")


@pytest.mark.parametrize("version", ["2026-02-01", "1999-01-01", "latest"])
def test_unknown_api_version_is_rejected(arm, version):
    response = arm.get(circuit_path("er-sv-primary"), params={"api-version": version})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "InvalidApiVersionParameter"
    assert error["message"].startswith(f"The api-version '{version}' is invalid. The supported versions are '")
    assert "2026-03-01" in error["message"]


def test_missing_api_version(arm):
    response = arm.get(circuit_path("er-sv-primary"))
    assert response.status_code == 400 and response.json()["error"]["code"] == "MissingApiVersionParameter"


def test_circuit_put_replaces_children(world, net):
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "keep", {}, **POLL).result()
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "drop", {}, **POLL).result()
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(), **POLL).result()
    current = net.express_route_circuits.get(RG, "er-sv-primary")
    key_before = net.express_route_circuit_authorizations.list_keys(RG, "er-sv-primary", "keep").authorization_key
    current.authorizations = [a for a in current.authorizations if a.name == "keep"]
    current.peerings = []
    updated = net.express_route_circuits.begin_create_or_update(RG, "er-sv-primary", current, **POLL).result()
    assert [a.name for a in updated.authorizations] == ["keep"]
    assert updated.peerings == []
    assert net.express_route_circuit_authorizations.list_keys(RG, "er-sv-primary", "keep").authorization_key == key_before
    with pytest.raises(ResourceNotFoundError):
        net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering")


def test_inline_children_share_the_parent_etag(world, net):
    body = new_circuit_body(authorizations=[{"name": "inline"}], peerings=[])
    circuit = net.express_route_circuits.begin_create_or_update(RG, "er-inline", body,
                                                                **POLL).result()
    assert circuit.authorizations[0].etag == circuit.etag
    assert circuit.authorizations[0].authorization_use_status == "Available"


def test_if_match_and_if_none_match(world, arm):
    path = circuit_path("er-sv-primary")
    etag = arm.get(path, params={"api-version": NET_API}).headers["ETag"]
    stale = 'W/"00000000-0000-0000-0000-000000000000"'
    tags = {"tags": {"a": "b"}}
    refused = arm.patch(path, params={"api-version": NET_API}, json=tags, headers={"If-Match": stale})
    assert refused.status_code == 412 and refused.json()["error"]["code"] == "PreconditionFailed"
    accepted = arm.patch(path, params={"api-version": NET_API}, json=tags, headers={"If-Match": etag})
    assert accepted.status_code == 200 and accepted.json()["etag"] != etag
    body = arm.get(path, params={"api-version": NET_API}).json()
    exists = arm.put(path, params={"api-version": NET_API}, json=body, headers={"If-None-Match": "*"})
    assert exists.status_code == 412


def test_sku_and_provider_checks(arm):
    bad_sku = new_circuit_body()
    bad_sku["sku"] = {"name": "Gold_MeteredData", "tier": "Gold", "family": "MeteredData"}
    response = arm.put(circuit_path("er-bad"), params={"api-version": NET_API}, json=bad_sku)
    assert response.status_code == 400 and response.json()["error"]["code"] == "InvalidSkuTier"
    bad_location = new_circuit_body()
    bad_location["properties"]["serviceProviderProperties"]["peeringLocation"] = "Atlantis"
    response = arm.put(circuit_path("er-bad"), params={"api-version": NET_API}, json=bad_location)
    assert response.status_code == 400 and response.json()["error"]["target"].endswith("peeringLocation")
    smaller = new_circuit_body(bandwidth=500)
    smaller["location"] = "westus"
    response = arm.put(circuit_path("er-sv-primary"), params={"api-version": NET_API}, json=smaller)
    assert response.status_code == 400 and response.json()["error"]["code"] == "CircuitBandwidthDecreaseNotAllowed"


def test_tier_upgrade_with_the_name_left_as_it_was(world, arm):
    """`az network express-route update --sku-tier Premium` (the CLI's own example) sends the old name."""
    from erlab.testing import wait_for

    path = circuit_path("er-sv-primary")
    body = arm.get(path, params={"api-version": NET_API}).json()
    assert body["sku"]["name"] == "Standard_MeteredData"
    body["sku"]["tier"] = "Premium"
    answer = arm.put(path, params={"api-version": NET_API}, json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["sku"] == {"name": "Premium_MeteredData", "tier": "Premium", "family": "MeteredData"}
    # A name that is neither the circuit's nor its tier and family is still refused.
    body = wait_for(lambda: (b := arm.get(path, params={"api-version": NET_API}).json())["properties"]["provisioningState"]
                    == "Succeeded" and b)
    body["sku"]["name"] = "Standard_UnlimitedData"
    refused = arm.put(path, params={"api-version": NET_API}, json=body)
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "InvalidSkuName"


def test_stats(net):
    stats = net.express_route_circuits.get_stats(RG, "er-sv-primary")
    assert stats.primarybytes_in == 0  # no peering yet


def test_eventual_consistency_window(world, net, arm):
    world.admin.settings(eventual_consistency_seconds=30)
    net.express_route_circuits.begin_create_or_update(RG, "er-slow", new_circuit_body(),
                                                      polling=False)
    assert arm.get(circuit_path("er-slow"), params={"api-version": NET_API}).status_code == 404
    world.admin.settings(eventual_consistency_seconds=0)


def test_delete_with_global_reach_is_refused(world, net):
    for name, prefixes in (("er-sv-primary", ("10.255.0.0/30", "10.255.0.4/30")),
                           ("er-ams-secondary", ("10.254.0.0/30", "10.254.0.4/30"))):
        net.express_route_circuit_peerings.begin_create_or_update(RG, name, "AzurePrivatePeering",
                                                                  private_peering(primary=prefixes[0], secondary=prefixes[1]),
                                                                  **POLL).result()
    from azure.mgmt.network.models import ExpressRouteCircuitConnection, SubResource

    sv = f"{circuit_path('er-sv-primary')}/peerings/AzurePrivatePeering"
    ams = f"{circuit_path('er-ams-secondary')}/peerings/AzurePrivatePeering"
    net.express_route_circuit_connections.begin_create_or_update(
        RG, "er-sv-primary", "AzurePrivatePeering", "sv-ams",
        ExpressRouteCircuitConnection(express_route_circuit_peering=SubResource(id=sv),
                                      peer_express_route_circuit_peering=SubResource(id=ams), address_prefix="10.250.0.0/29"),
        **POLL).result()
    for name in ("er-sv-primary", "er-ams-secondary"):
        with pytest.raises(HttpResponseError) as caught:
            net.express_route_circuits.begin_delete(RG, name, **POLL).result()
        assert caught.value.error.code == "CircuitHasGlobalReachConnections"

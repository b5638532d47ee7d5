"""Advertised public prefixes' validation: the aggregate state, and per prefix from api-version 2024-10-01."""

from __future__ import annotations

import httpx
import pytest
from azure.core.exceptions import HttpResponseError

from conftest import POLL, RG, circuit_path

PATH = circuit_path("er-sv-primary") + "/peerings/MicrosoftPeering"
OWNED, FOREIGN = "131.107.0.128/25", "8.8.8.0/24"   # registered in the default world / not


def body(prefixes=(OWNED, FOREIGN), info=None):
    config = {"advertisedPublicPrefixes": list(prefixes), "routingRegistryName": "ARIN"}
    if info is not None:
        config["advertisedPublicPrefixInfo"] = info
    return {"properties": {"peerASN": 64999, "primaryPeerAddressPrefix": "131.107.0.0/30",
                           "secondaryPeerAddressPrefix": "131.107.0.4/30", "vlanId": 300, "microsoftPeeringConfig": config}}


def settle(arm, version):
    from erlab.testing import wait_for

    return wait_for(lambda: (b := arm.get(PATH, params={"api-version": version}).json())
                    ["properties"]["provisioningState"] == "Succeeded" and b, timeout=5)


def test_per_prefix_states_and_the_aggregate(world, net, arm):
    first = arm.put(PATH, params={"api-version": "2024-10-01"},
                    json=body(info=[{"prefix": FOREIGN, "signature": "c2lnbmVk"}]))
    assert first.status_code == 201
    config = first.json()["properties"]["microsoftPeeringConfig"]
    assert config["advertisedPublicPrefixesState"] == "Configuring"
    assert {e["validationState"] for e in config["advertisedPublicPrefixInfo"]} == {"Configuring"}
    config = settle(arm, "2024-10-01")["properties"]["microsoftPeeringConfig"]
    info = {e["prefix"]: e for e in config["advertisedPublicPrefixInfo"]}
    assert info[OWNED]["validationState"] == "Configured"
    assert info[FOREIGN]["validationState"] == "ValidationNeeded"  # a signature alone validates nothing
    assert info[FOREIGN]["signature"] == "c2lnbmVk" and info[FOREIGN]["validationId"]
    assert config["advertisedPublicPrefixesState"] == "ValidationNeeded"

    # The same through the SDK (its default api-version carries the list too).
    peering = net.express_route_circuit_peerings.get(RG, "er-sv-primary", "MicrosoftPeering")
    assert {p.prefix: p.validation_state for p in peering.microsoft_peering_config.advertised_public_prefix_info} == {
        OWNED: "Configured", FOREIGN: "ValidationNeeded"}

    # Older api-versions never show the list.
    old = arm.get(PATH, params={"api-version": "2024-07-01"}).json()["properties"]["microsoftPeeringConfig"]
    assert "advertisedPublicPrefixInfo" not in old and old["advertisedPublicPrefixesState"] == "ValidationNeeded"


def test_the_service_decides_and_that_is_no_write(world, net, arm):
    arm.put(PATH, params={"api-version": "2024-10-01"}, json=body())
    etag = settle(arm, "2024-10-01")["etag"]
    world.admin._call("POST", "/peerings/prefix-validation",
                      json={"id": PATH, "prefix": FOREIGN, "validationState": "Configured"})
    after = arm.get(PATH, params={"api-version": "2024-10-01"}).json()
    assert after["properties"]["microsoftPeeringConfig"]["advertisedPublicPrefixesState"] == "Configured"
    assert after["etag"] == etag  # the resource did not change: no client write, nothing to call drift
    world.admin._call("POST", "/peerings/prefix-validation",
                      json={"id": PATH, "prefix": OWNED, "validationState": "SignatureVerificationFailed"})
    info = {e["prefix"]: e["validationState"]
            for e in arm.get(PATH, params={"api-version": "2024-10-01"}).json()["properties"]["microsoftPeeringConfig"]
            ["advertisedPublicPrefixInfo"]}
    assert info == {OWNED: "SignatureVerificationFailed", FOREIGN: "Configured"}
    with pytest.raises(httpx.HTTPStatusError):
        world.admin._call("POST", "/peerings/prefix-validation", json={"id": PATH, "prefix": OWNED, "validationState": "Fine"})


def test_world_decides_a_prefix(world, arm):
    from erlab.world import load_world_file

    data = load_world_file(None)
    data["subscriptions"][0]["prefix_validation"] = {FOREIGN: "ManualValidationNeeded"}
    world.admin.reset(data)
    arm.put(PATH, params={"api-version": "2024-10-01"}, json=body())
    info = {e["prefix"]: e["validationState"] for e in settle(arm, "2024-10-01")["properties"]["microsoftPeeringConfig"]
            ["advertisedPublicPrefixInfo"]}
    assert info == {OWNED: "Configured", FOREIGN: "ManualValidationNeeded"}


def test_info_for_a_prefix_no_longer_advertised_is_ignored(world, net, arm):
    answer = arm.put(PATH, params={"api-version": "2024-10-01"},
                     json=body(prefixes=(OWNED,), info=[{"prefix": FOREIGN, "signature": "old"}]))
    assert answer.status_code == 201
    info = settle(arm, "2024-10-01")["properties"]["microsoftPeeringConfig"]["advertisedPublicPrefixInfo"]
    assert [e["prefix"] for e in info] == [OWNED]
    with pytest.raises(HttpResponseError) as refused:
        net.express_route_circuit_peerings.begin_create_or_update(
            RG, "er-sv-primary", "MicrosoftPeering", body(prefixes=(OWNED,), info=[{"signature": "x"}]), **POLL).result()
    assert refused.value.error.code == "InvalidRequestFormat"

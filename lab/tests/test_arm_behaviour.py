"""ARM platform behaviour: headers, LRO monitors, serialisation, throttling, faults, the request log."""

from __future__ import annotations

import threading
import time
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError

from conftest import NET_API, POLL, RG, circuit_path, private_peering

PEERING = circuit_path("er-sv-primary") + "/peerings/AzurePrivatePeering"
PEERING_BODY = {"properties": {"peerASN": 65010, "primaryPeerAddressPrefix": "10.255.0.0/30",
                               "secondaryPeerAddressPrefix": "10.255.0.4/30", "vlanId": 100}}


def test_every_answer_carries_arm_ids(arm):
    ok = arm.get(circuit_path("er-sv-primary"), params={"api-version": NET_API},
                 headers={"x-ms-correlation-request-id": "my-correlation"})
    missing = arm.get(circuit_path("nope"), params={"api-version": NET_API})
    for response in (ok, missing):
        assert response.headers["x-ms-request-id"]
        assert response.headers["x-ms-routing-request-id"]
        assert int(response.headers["x-ms-ratelimit-remaining-subscription-reads"]) > 0
    assert ok.headers["x-ms-correlation-request-id"] == "my-correlation"
    assert missing.headers["x-ms-correlation-request-id"] != "my-correlation"


def test_async_put_monitors_are_opaque_and_progress(world, arm):
    world.admin.settings(operation_seconds=1.0, retry_after=3)
    created = arm.put(PEERING, params={"api-version": NET_API}, json=PEERING_BODY)
    assert created.headers["Retry-After"] == "3"
    status_url = created.headers["Azure-AsyncOperation"]
    query = parse_qs(urlparse(status_url).query)
    assert query["api-version"] == ["2025-07-01"]  # not the request's version: clients must not rebuild it
    assert {"t", "c", "s", "h"} <= set(query)
    first = arm.get(status_url)
    assert first.json() == {"status": "InProgress"} and first.headers["Retry-After"] == "3"
    time.sleep(1.05)
    assert arm.get(status_url).json() == {"status": "Succeeded"}
    assert world.admin.counters()["poll"] == 2


def test_write_while_another_runs_gets_another_operation_in_progress(world, net, arm):
    world.admin.settings(operation_seconds=1.0)
    arm.put(PEERING, params={"api-version": NET_API}, json=PEERING_BODY)
    with pytest.raises(ResourceExistsError) as caught:
        net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k", {}, **POLL)
    assert caught.value.status_code == 409
    assert caught.value.error.code == "AnotherOperationInProgress"
    assert "/operations/" in caught.value.error.message
    # Another circuit is not blocked.
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-ams-secondary", "k", {}, **POLL).result()


def test_two_threads_one_circuit(world):
    world.admin.settings(operation_seconds=1.0)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def writer(name: str) -> None:
        client = world.network_client()
        barrier.wait()
        try:
            client.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", name, {}, **POLL).result()
            outcomes.append("ok")
        except HttpResponseError as error:
            outcomes.append(error.error.code)

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["AnotherOperationInProgress", "ok"]


def test_conflict_variant_429(world, arm):
    world.admin.settings(operation_seconds=1.0, conflict_variant="429", retry_after=2)
    arm.put(PEERING, params={"api-version": NET_API}, json=PEERING_BODY)
    second = arm.put(circuit_path("er-sv-primary") + "/authorizations/k", params={"api-version": NET_API}, json={})
    assert second.status_code == 429
    assert second.json()["error"]["code"] == "RetryableErrorDueToAnotherOperation"
    assert second.headers["Retry-After"] == "2"


def test_throttling_token_bucket(world, arm):
    world.admin.settings(read_capacity=3, read_refill_per_second=0.5)
    answers = [arm.get(circuit_path("er-sv-primary"), params={"api-version": NET_API}) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["x-ms-ratelimit-remaining-subscription-reads"] for a in answers] == ["2", "1", "0", "0"]
    throttled = answers[-1]
    assert throttled.json()["error"]["code"] == "SubscriptionRequestsThrottled"
    assert int(throttled.headers["Retry-After"]) >= 1
    assert world.admin.counters()["throttled"] == 1
    world.admin.settings(read_capacity=250, read_refill_per_second=25)


def test_write_bucket_is_separate(world, arm):
    world.admin.settings(write_capacity=1, write_refill_per_second=0.1)
    path = circuit_path("er-sv-primary")
    assert arm.patch(path, params={"api-version": NET_API}, json={"tags": {}}).status_code == 200
    assert arm.patch(path, params={"api-version": NET_API}, json={"tags": {}}).status_code == 429
    assert arm.get(path, params={"api-version": NET_API}).status_code == 200


def test_fault_status_with_retry_after_is_retried_by_the_sdk(world, net):
    world.admin.add_fault(method="GET", path="expressRouteCircuits/er-sv-primary$", status=503, code="ServerBusy",
                          retry_after=0, times=2)
    assert net.express_route_circuits.get(RG, "er-sv-primary").name == "er-sv-primary"
    faults = world.admin.faults()
    assert faults[0]["hits"] == 2
    assert world.admin.counters()["faulted"] == 2


def test_fault_error_shape(world, arm):
    world.admin.add_fault(method="PUT", path="/peerings/", status=500, code="InternalServerError", message="boom", times=1)
    response = arm.put(PEERING, params={"api-version": NET_API}, json=PEERING_BODY)
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "InternalServerError", "message": "boom", "details": []}}
    assert arm.put(PEERING, params={"api-version": NET_API}, json=PEERING_BODY).status_code == 201


def test_fault_drop_connection(world):
    world.admin.add_fault(method="GET", path="er-sv-primary$", drop_connection=True, times=1)
    with httpx.Client(verify=world.ca_bundle) as client:
        with pytest.raises(httpx.TransportError):
            client.get(world.url + circuit_path("er-sv-primary"), params={"api-version": NET_API},
                       headers={"Authorization": "Bearer " + world.admin.mint_token()})
    assert world.admin.requests()[-1]["kind"] == "faulted"


def test_fault_drop_is_survived_by_sdk_retries(world, net):
    world.admin.add_fault(method="GET", path="er-sv-primary$", drop_connection=True, times=1)
    assert net.express_route_circuits.get(RG, "er-sv-primary").name == "er-sv-primary"


def test_fault_delay(world, arm):
    world.admin.add_fault(method="GET", path="er-sv-primary$", delay_seconds=0.5, times=1)
    started = time.monotonic()
    assert arm.get(circuit_path("er-sv-primary"), params={"api-version": NET_API}).status_code == 200
    assert time.monotonic() - started >= 0.5


@pytest.mark.parametrize("final, code", [("Failed", "InternalServerError"), ("Canceled", "CanceledAndSupersededDueToAnotherOperation")])
def test_fault_lro_final_status(world, net, final, code):
    world.admin.add_fault(method="PUT", path="/peerings/", lro_final_status=final, lro_error_code=code, times=1)
    with pytest.raises(HttpResponseError) as caught:
        net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                                  private_peering(), **POLL).result()
    assert caught.value.error.code == code
    peering = net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering")
    assert peering.provisioning_state == "Failed"


def test_request_log_and_writes(world, net):
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k", {}, **POLL).result()
    net.express_route_circuits.get(RG, "er-sv-primary")
    writes = world.admin.writes()
    assert [(w["method"], w["kind"], w["status"]) for w in writes] == [("PUT", "write", 201)]
    assert writes[0]["api_version"] == NET_API
    counters = world.admin.counters()
    assert counters["write"] == 1 and counters["read"] >= 2 and counters["poll"] >= 1
    world.admin.clear_log()
    assert world.admin.requests() == []


def test_missing_provider_registration(world, arm):
    """The 409 azure-mgmt-core reacts to (it registers, then polls every 10 s, so driven raw here)."""
    world_doc = _default_world()
    world_doc["subscriptions"][0]["registered_providers"] = ["Microsoft.AVS"]
    world.admin.reset(world_doc)
    refused = arm.get(circuit_path("er-sv-primary"), params={"api-version": NET_API})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "MissingSubscriptionRegistration"
    sub = f"/subscriptions/{world.subscription_id}/providers/Microsoft.Network"
    assert arm.post(sub + "/register", params={"api-version": "2016-02-01"}).json()["registrationState"] == "Registered"
    assert arm.get(sub, params={"api-version": "2016-02-01"}).json()["registrationState"] == "Registered"
    assert arm.get(circuit_path("er-sv-primary"), params={"api-version": NET_API}).status_code == 200


def test_admin_rejects_bad_input(world):
    response = httpx.post(f"{world.url}/_lab/settings", json={"nope": 1}, verify=world.ca_bundle)
    assert response.status_code == 400
    response = httpx.post(f"{world.url}/_lab/faults", json={"path": "x"}, verify=world.ca_bundle)
    assert response.status_code == 400


def _default_world():
    from erlab.world import load_world_file

    return load_world_file(None)

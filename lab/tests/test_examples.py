"""The official x-ms-examples (tests/examples/, copied from the shared reference).

Each example's request body is sent (ids adapted to the lab world) and the
answer must have the example response's keys and JSON types. Keys listed as
optional are ones the example shows but only exist when the request asks for
them (identity, vcfLicense, expressRouteConnection...).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from erlab.testing import wait_for

from conftest import AVS_RG, POLL, RG, circuit_path, private_peering

EXAMPLES = Path(__file__).parent / "examples"
SV_PEERING = circuit_path("er-sv-primary") + "/peerings/AzurePrivatePeering"
AMS_PEERING = circuit_path("er-ams-secondary") + "/peerings/AzurePrivatePeering"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text())


def assert_shape(actual: Any, expected: Any, optional: frozenset[str] = frozenset(), where: str = "$") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        for key, value in expected.items():
            if key in optional:
                continue
            assert key in actual, f"{where}.{key} missing (have {sorted(actual)})"
            assert_shape(actual[key], value, optional, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: expected a list"
        if expected and actual:
            assert_shape(actual[0], expected[0], optional, f"{where}[0]")
    elif isinstance(expected, bool) or expected is None:
        assert actual is None or isinstance(actual, bool) or expected is None, f"{where}: {actual!r}"
    elif isinstance(expected, (int, float)):
        assert isinstance(actual, (int, float)) and not isinstance(actual, bool), f"{where}: {actual!r} is not a number"
    else:
        assert isinstance(actual, str), f"{where}: {actual!r} is not a string"


def _settle(arm, path, version):
    return wait_for(lambda: (b := arm.get(path, params={"api-version": version}).json())
                    ["properties"]["provisioningState"] in ("Succeeded", "Failed") and b, timeout=5)


def _peer(net, circuit="er-sv-primary", third=255):
    net.express_route_circuit_peerings.begin_create_or_update(
        RG, circuit, "AzurePrivatePeering", private_peering(primary=f"10.{third}.0.0/30", secondary=f"10.{third}.0.4/30"),
        **POLL).result()


def test_circuit_create(world, arm):
    ex = example("network_2025-05-01_ExpressRouteCircuitCreate.json")
    version = ex["parameters"]["api-version"]
    path = circuit_path("circuitName")
    created = arm.put(path, params={"api-version": version}, json=ex["parameters"]["parameters"])
    assert created.status_code == 201
    assert_shape(created.json(), ex["responses"]["201"]["body"])
    assert_shape(_settle(arm, path, version), ex["responses"]["201"]["body"])


def test_circuit_delete(world, arm):
    ex = example("network_2025-07-01_ExpressRouteCircuitDelete.json")
    response = arm.delete(circuit_path("er-chi-pending"), params={"api-version": ex["parameters"]["api-version"]})
    assert response.status_code == 202 and set(ex["responses"]["202"]["headers"]) <= set(response.headers.keys()) | {"Location"}
    assert response.headers["Location"]


def test_peering_create(world, arm):
    ex = example("network_2025-07-01_ExpressRouteCircuitPeeringCreate.json")
    version = ex["parameters"]["api-version"]
    path = circuit_path("er-sv-primary") + "/peerings/AzurePrivatePeering"
    created = arm.put(path, params={"api-version": version}, json=ex["parameters"]["peeringParameters"])
    assert created.status_code == 201
    optional = frozenset({"expressRouteConnection", "ipv6PeeringConfig"})  # not in the request
    assert_shape(_settle(arm, path, version), ex["responses"]["201"]["body"], optional)


def test_microsoft_peering_get(world, arm):
    ex = example("network_2025-05-01_ExpressRouteCircuitPeeringGet_MicrosoftPeering.json")
    version = ex["parameters"]["api-version"]
    expected = ex["responses"]["200"]["body"]
    writable = {k: v for k, v in expected["properties"].items()
                if k in ("peeringType", "peerASN", "primaryPeerAddressPrefix", "secondaryPeerAddressPrefix", "state",
                         "vlanId", "microsoftPeeringConfig", "ipv6PeeringConfig", "routeFilter")}
    # The example's routeFilter must exist in the lab too (a peering may only name an existing filter).
    route_filter = circuit_path("er-sv-primary").split("/providers/")[0] + "/providers/Microsoft.Network/routeFilters/filterName"
    assert arm.put(route_filter, params={"api-version": version}, json={"location": "westus"}).status_code == 201
    writable["routeFilter"] = {"id": route_filter}
    path = circuit_path("er-sv-primary") + "/peerings/MicrosoftPeering"
    assert arm.put(path, params={"api-version": version}, json={"properties": writable}).status_code == 201
    assert_shape(_settle(arm, path, version), expected)


def test_authorization_create_and_get(world, arm):
    create = example("network_2025-07-01_ExpressRouteCircuitAuthorizationCreate.json")
    get = example("network_2025-07-01_ExpressRouteCircuitAuthorizationGet.json")
    version = create["parameters"]["api-version"]
    path = circuit_path("er-sv-primary") + "/authorizations/authorizationName"
    created = arm.put(path, params={"api-version": version}, json=create["parameters"]["authorizationParameters"])
    assert created.status_code == 201
    assert_shape(created.json(), create["responses"]["201"]["body"])
    assert_shape(_settle(arm, path, version), get["responses"]["200"]["body"])


def test_circuit_connection_create_and_get(world, net, arm):
    create = example("network_2025-07-01_ExpressRouteCircuitConnectionCreate.json")
    get = example("network_2025-05-01_ExpressRouteCircuitConnectionGet.json")
    version = create["parameters"]["api-version"]
    _peer(net)
    _peer(net, "er-ams-secondary", 254)
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-ams-secondary", "gr", {}, **POLL).result()
    key = net.express_route_circuit_authorizations.list_keys(RG, "er-ams-secondary", "gr").authorization_key
    body = create["parameters"]["expressRouteCircuitConnectionParameters"]
    body["properties"].update(authorizationKey=key, expressRouteCircuitPeering={"id": SV_PEERING},
                              peerExpressRouteCircuitPeering={"id": AMS_PEERING})
    path = SV_PEERING + "/connections/circuitConnectionUSAUS"
    created = arm.put(path, params={"api-version": version}, json=body)
    assert created.status_code == 201
    settled = _settle(arm, path, version)
    assert_shape(settled, create["responses"]["200"]["body"])
    assert_shape(settled, get["responses"]["200"]["body"])
    assert settled["properties"]["addressPrefix"] == "10.0.0.0/29"  # echoed, as in real traffic


def test_tables_and_stats(world, net):
    ex = example("network_2025-0x_ExpressRouteCircuit_POST_tables_and_stats.json")
    _peer(net)
    ops = net.express_route_circuits
    arp = ops.begin_list_arp_table(RG, "er-sv-primary", "AzurePrivatePeering", "primary", **POLL).result().as_dict()
    routes = ops.begin_list_routes_table(RG, "er-sv-primary", "AzurePrivatePeering", "primary", **POLL).result().as_dict()
    summary = ops.begin_list_routes_table_summary(RG, "er-sv-primary", "AzurePrivatePeering", "primary", **POLL).result().as_dict()
    assert_shape(arp, ex["ListArpTable"]["200"])
    assert_shape(routes, ex["ListRoutesTable"]["200"])
    expected_summary = ex["ListRoutesTableSummary"]["200"]
    assert_shape(summary, expected_summary)
    assert_shape(ops.get_stats(RG, "er-sv-primary").as_dict(), ex["GetStats"]["200"])


def test_private_cloud_get(world, arm):
    ex = example("avs_2026-03-01_PrivateClouds_Get.json")
    path = f"/subscriptions/{world.subscription_id}/resourceGroups/{AVS_RG}/providers/Microsoft.AVS/privateClouds/avs-westus-prod"
    body = arm.get(path, params={"api-version": "2026-03-01"}).json()
    # identity, vcfLicense and keyVaultProperties exist only when asked for at create time.
    assert_shape(body, ex["responses"]["200"]["body"], frozenset({"identity", "vcfLicense", "keyVaultProperties"}))


def test_avs_authorization_create(world, avs, arm):
    ex = example("avs_2025-09-01_Authorizations_CreateOrUpdate.json")
    version = ex["parameters"]["api-version"]
    path = (f"/subscriptions/{world.subscription_id}/resourceGroups/{AVS_RG}/providers/Microsoft.AVS/privateClouds/"
            "avs-westus-prod/authorizations/authorization1")
    created = arm.put(path, params={"api-version": version}, json=ex["parameters"]["authorization"])
    assert created.status_code == 201
    assert_shape(created.json(), ex["responses"]["201"]["body"])
    assert_shape(_settle(arm, path, version), ex["responses"]["200"]["body"])


@pytest.mark.parametrize("version", ["2026-03-01", "2023-09-01"])
def test_avs_global_reach_create_and_delete(world, net, arm, version):
    ex = example("avs_2026-03-01_GlobalReachConnections_CreateOrUpdate.json")
    delete = example("avs_2026-03-01_GlobalReachConnections_Delete.json")
    _peer(net)
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "avs", {}, **POLL).result()
    key = net.express_route_circuit_authorizations.list_keys(RG, "er-sv-primary", "avs").authorization_key
    body = ex["parameters"]["globalReachConnection"]
    body["properties"].update(peerExpressRouteCircuit=circuit_path("er-sv-primary"), authorizationKey=key)
    path = (f"/subscriptions/{world.subscription_id}/resourceGroups/{AVS_RG}/providers/Microsoft.AVS/privateClouds/"
            "avs-westus-prod/globalReachConnections/connection1")
    created = arm.put(path, params={"api-version": version}, json=body)
    assert created.status_code == 201
    assert_shape(created.json(), ex["responses"]["201"]["body"])
    assert_shape(_settle(arm, path, version), ex["responses"]["200"]["body"])
    deleted = arm.delete(path, params={"api-version": version})
    assert deleted.status_code == 202
    assert set(delete["responses"]["202"]["headers"]) <= {k.lower() for k in deleted.headers}
    assert "/providers/Microsoft.AVS/operationstatuses/" in deleted.headers["azure-asyncoperation"]

"""The Microsoft.Resources reads clients make to check a login: subscriptions, tenants, groups, providers."""

from __future__ import annotations

import pytest

from conftest import RG, SUB

TENANT = "7e3c4a51-9b2d-4f6e-8a10-2c5d9e7f4b31"
PARTNER_SUB = "c7a2e9d4-5f31-4b86-9e0a-2d4f6b8c1e73"
SUBS_API = {"api-version": "2022-12-01"}
RG_API = {"api-version": "2024-11-01"}


def test_subscriptions_list_only_what_the_principal_may_use(world, arm):
    answer = arm.get("/subscriptions", params=SUBS_API)
    assert answer.status_code == 200
    assert int(answer.headers["x-ms-ratelimit-remaining-tenant-reads"]) > 0
    body = answer.json()
    assert [s["subscriptionId"] for s in body["value"]] == [SUB]  # the partner's is not granted
    assert body["count"] == {"type": "Total", "value": 1}
    sub = body["value"][0]
    assert sub["id"] == f"/subscriptions/{SUB}" and sub["tenantId"] == TENANT
    assert sub["displayName"] == "hybridlink-connectivity" and sub["state"] == "Enabled"
    assert set(sub["subscriptionPolicies"]) == {"locationPlacementId", "quotaId", "spendingLimit"}


def test_older_subscription_versions_have_older_shapes(world, arm):
    body = arm.get("/subscriptions", params={"api-version": "2016-06-01"}).json()
    assert "count" not in body and "tenantId" not in body["value"][0]


def test_one_subscription_and_the_ones_not_granted(world, arm):
    assert arm.get(f"/subscriptions/{SUB}", params=SUBS_API).json()["subscriptionId"] == SUB
    denied = arm.get(f"/subscriptions/{PARTNER_SUB}", params=SUBS_API)
    assert denied.status_code == 403 and denied.json()["error"]["code"] == "AuthorizationFailed"
    assert "Microsoft.Resources/subscriptions/read" in denied.json()["error"]["message"]
    missing = arm.get("/subscriptions/00000000-0000-0000-0000-000000000000", params=SUBS_API)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "SubscriptionNotFound"


def test_tenants_list_the_home_directory(world, arm):
    body = arm.get("/tenants", params=SUBS_API).json()
    assert [t["tenantId"] for t in body["value"]] == [TENANT]
    assert body["value"][0]["id"] == f"/tenants/{TENANT}"
    assert body["value"][0]["defaultDomain"] == "hybridlink.example"


@pytest.mark.parametrize("path", ["/subscriptions", "/tenants"])
def test_tenant_level_reads_need_a_token_and_a_known_version(world, arm, path):
    assert arm.get(path, params={"api-version": "2099-01-01"}).json()["error"]["code"] == "InvalidApiVersionParameter"
    assert arm.get(path).json()["error"]["code"] == "MissingApiVersionParameter"
    anonymous = arm.get(path, params=SUBS_API, headers={"Authorization": ""})
    assert anonymous.status_code == 401


def test_resource_groups_carry_their_location(world, arm):
    groups = arm.get(f"/subscriptions/{SUB}/resourcegroups", params=RG_API).json()["value"]
    assert {g["name"]: g["location"] for g in groups} == {"rg-onprem-network": "westus", "rg-avs-prod": "westus"}
    one = arm.get(f"/subscriptions/{SUB}/resourceGroups/{RG}", params=RG_API).json()
    assert one == {"id": f"/subscriptions/{SUB}/resourceGroups/{RG}", "name": RG, "type": "Microsoft.Resources/resourceGroups",
                   "location": "westus", "tags": {}, "properties": {"provisioningState": "Succeeded"}}
    missing = arm.get(f"/subscriptions/{SUB}/resourcegroups/rg-nope", params=RG_API)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "ResourceGroupNotFound"


def test_providers_list_the_served_namespaces(world, arm):
    providers = arm.get(f"/subscriptions/{SUB}/providers", params=RG_API).json()["value"]
    assert {p["namespace"]: p["registrationState"] for p in providers} == {"Microsoft.Network": "Registered",
                                                                          "Microsoft.AVS": "Registered"}


def test_refused_requests_are_logged_with_the_client(world, arm):
    world.admin.settings(operation_seconds=5)  # the first write still runs when the second arrives
    world.admin.clear_log()
    busy = arm.put(f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Network/expressRouteCircuits/"
                   "er-sv-primary/authorizations/a1", params={"api-version": "2026-03-01"}, json={"properties": {}})
    again = arm.put(f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.Network/expressRouteCircuits/"
                    "er-sv-primary/authorizations/a2", params={"api-version": "2026-03-01"}, json={"properties": {}})
    assert busy.status_code in (200, 201) and again.status_code == 409
    denied = arm.get(f"/subscriptions/{PARTNER_SUB}", params=SUBS_API)
    assert denied.status_code == 403
    refused = [e for e in world.admin.requests() if e["status"] in (403, 409)]
    assert [e["status"] for e in refused] == [409, 403]
    client_id = world.info["client_id"]
    assert [e["client_id"] for e in refused] == [client_id, client_id]
    assert refused[0]["error_code"] == "AnotherOperationInProgress"

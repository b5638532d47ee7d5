"""Circuit authorizations: service-generated single-use keys, masking, listKeys."""

from __future__ import annotations

import uuid

import pytest
from azure.core.exceptions import HttpResponseError

from conftest import NET_API, POLL, RG, circuit_path

MASKED = "00000000-0000-0000-0000-000000000000"


def test_key_is_generated_and_client_key_ignored(world, arm):
    path = circuit_path("er-sv-primary") + "/authorizations/k1"
    mine = str(uuid.uuid4())
    created = arm.put(path, params={"api-version": "2025-07-01"}, json={"properties": {"authorizationKey": mine}})
    assert created.status_code == 201
    props = created.json()["properties"]
    assert props["provisioningState"] == "Updating" and props["authorizationUseStatus"] == "Available"
    assert props["authorizationKey"] != mine
    uuid.UUID(props["authorizationKey"])
    assert "Location" not in created.headers and "Azure-AsyncOperation" in created.headers


def test_put_on_existing_authorization_fails(world, net):
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k1", {}, **POLL).result()
    with pytest.raises(HttpResponseError) as caught:
        net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k1", {}, **POLL).result()
    assert caught.value.status_code == 400
    assert caught.value.error.code == "CannotModifyExistingAuthorization"


def test_keys_masked_from_2026_01_01_and_list_keys(world, net, arm):
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k1", {}, **POLL).result()
    path = circuit_path("er-sv-primary") + "/authorizations/k1"
    clear = arm.get(path, params={"api-version": "2025-07-01"}).json()["properties"]["authorizationKey"]
    assert clear != MASKED
    assert arm.get(path, params={"api-version": "2026-01-01"}).json()["properties"]["authorizationKey"] == MASKED
    assert net.express_route_circuit_authorizations.get(RG, "er-sv-primary", "k1").authorization_key == MASKED
    assert net.express_route_circuits.get(RG, "er-sv-primary").authorizations[0].authorization_key == MASKED
    assert net.express_route_circuit_authorizations.list_keys(RG, "er-sv-primary", "k1").authorization_key == clear
    world.admin.settings(mask_keys=False)
    assert net.express_route_circuit_authorizations.get(RG, "er-sv-primary", "k1").authorization_key == clear


def test_list_keys_is_a_write_and_absent_before_2026(world, net, arm):
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k1", {}, **POLL).result()
    path = circuit_path("er-sv-primary") + "/authorizations/k1/listKeys"
    old = arm.post(path, params={"api-version": "2025-07-01"})
    assert old.status_code == 400 and old.json()["error"]["code"] == "InvalidApiVersionParameter"
    new = arm.post(path, params={"api-version": "2026-01-01"})
    assert new.status_code == 200 and "x-ms-ratelimit-remaining-subscription-writes" in new.headers
    assert world.admin.writes()[-1]["path"].endswith("/listKeys")


def test_list_and_delete(world, net):
    ops = net.express_route_circuit_authorizations
    for name in ("a", "b"):
        ops.begin_create_or_update(RG, "er-sv-primary", name, {}, **POLL).result()
    assert sorted(a.name for a in ops.list(RG, "er-sv-primary")) == ["a", "b"]
    ops.begin_delete(RG, "er-sv-primary", "a", **POLL).result()
    assert [a.name for a in ops.list(RG, "er-sv-primary")] == ["b"]


def test_older_api_version_lacks_connection_resource_uri(world, net, arm):
    net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k1", {}, **POLL).result()
    path = circuit_path("er-sv-primary") + "/authorizations/k1"
    assert "connectionResourceUri" not in arm.get(path, params={"api-version": "2020-07-01"}).json()["properties"]
    assert "connectionResourceUri" in arm.get(path, params={"api-version": NET_API}).json()["properties"]

"""Microsoft.AVS private clouds and their authorizations."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError

from conftest import AVS_RG, POLL

NEW_CLOUD = {"location": "westus", "sku": {"name": "AV36P"},
             "properties": {"networkBlock": "10.200.0.0/22", "managementCluster": {"clusterSize": 3}}}


def test_private_cloud_get_has_read_only_circuit(avs):
    cloud = avs.private_clouds.get(AVS_RG, "avs-westus-prod")
    assert cloud.network_block == "10.176.0.0/22"
    assert cloud.circuit.primary_subnet == "10.176.0.224/30" and cloud.circuit.secondary_subnet == "10.176.0.228/30"
    assert "/expressroutecircuits/" in cloud.circuit.express_route_id
    assert cloud.circuit.express_route_private_peering_id.endswith("/peerings/AzurePrivatePeering")
    assert cloud.management_network == "10.176.0.0/24"
    assert sorted(c.name for c in avs.private_clouds.list(AVS_RG)) == ["avs-westus-prod", "avs-weu-dr"]
    # Two Generation 1 clouds plus the Generation 2 one in rg-avs-gen2.
    assert sorted(c.name for c in avs.private_clouds.list_in_subscription()) == ["avs-westus-gen2", "avs-westus-prod", "avs-weu-dr"]


def test_create_private_cloud(world, avs):
    cloud = avs.private_clouds.begin_create_or_update(AVS_RG, "avs-new", NEW_CLOUD, **POLL).result()
    assert cloud.provisioning_state == "Succeeded"
    assert cloud.circuit.primary_subnet == "10.200.0.224/30"


@pytest.mark.parametrize("block", ["10.200.0.0/23", "10.200.0.0/24", "not-a-block", None])
def test_network_block_must_be_a_22(world, avs, block):
    body = {**NEW_CLOUD, "properties": {**NEW_CLOUD["properties"], "networkBlock": block}}
    with pytest.raises(HttpResponseError) as caught:
        avs.private_clouds.begin_create_or_update(AVS_RG, "avs-new", body, **POLL).result()
    assert caught.value.status_code == 400 and caught.value.error.code == "InvalidNetworkBlock"


def test_avs_authorization_lifecycle(world, avs):
    auth = avs.authorizations.begin_create_or_update(AVS_RG, "avs-westus-prod", "a1", {}, **POLL).result()
    assert auth.provisioning_state == "Succeeded" and auth.express_route_authorization_key
    assert "/expressroutecircuits/" in auth.express_route_authorization_id
    assert [a.name for a in avs.authorizations.list(AVS_RG, "avs-westus-prod")] == ["a1"]
    avs.authorizations.begin_delete(AVS_RG, "avs-westus-prod", "a1", **POLL).result()
    with pytest.raises(ResourceNotFoundError) as caught:
        avs.authorizations.get(AVS_RG, "avs-westus-prod", "a1")
    assert caught.value.error.code == "NotFound"


def test_missing_private_cloud(avs):
    with pytest.raises(ResourceNotFoundError) as caught:
        avs.private_clouds.get(AVS_RG, "nope")
    assert caught.value.error.code == "ResourceNotFound"
    assert "'Microsoft.AVS/privateClouds/nope' under resource group 'rg-avs-prod'" in caught.value.error.message


def test_delete_private_cloud_removes_its_circuit(world, avs, arm):
    cloud = avs.private_clouds.get(AVS_RG, "avs-weu-dr")
    avs.private_clouds.begin_delete(AVS_RG, "avs-weu-dr", **POLL).result()
    assert [c.name for c in avs.private_clouds.list(AVS_RG)] == ["avs-westus-prod"]
    assert cloud.circuit.express_route_id

"""Fixtures for the lab's own tests (the `lab` fixture comes from erlab.pytest_plugin).

Our tests set Retry-After to 0 so ARMPolling falls back to a short polling
interval: every LRO then takes about operation_seconds (0.1 s). New Global
Reach links come up at once (connect_seconds 0) unless a test is about the
Connecting phase and sets connect_seconds itself.
"""

from __future__ import annotations

import httpx
import pytest

POLL = {"polling_interval": 0.05}
SUB = "5b1f7c9e-2d4a-4e8b-9c3f-6a0d1e2b3c4d"
RG = "rg-onprem-network"
AVS_RG = "rg-avs-prod"
NET_API = "2026-03-01"


@pytest.fixture
def world(fresh_lab_world):
    fresh_lab_world.admin.settings(retry_after=0, operation_seconds=0.1, connect_seconds=0)
    return fresh_lab_world


@pytest.fixture
def net(world):
    return world.network_client()


@pytest.fixture
def avs(world):
    return world.avs_client()


@pytest.fixture
def ids(world):
    return world.world_ids()


@pytest.fixture
def arm(world):
    """Raw HTTPS client with a valid token, for what the SDK cannot express."""
    token = world.admin.mint_token()
    with httpx.Client(base_url=world.url, verify=world.ca_bundle, timeout=30.0,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


def circuit_path(name: str, rg: str = RG, sub: str = SUB) -> str:
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/expressRouteCircuits/{name}"


def private_peering(vlan: int = 100, asn: int = 65010, primary: str = "10.255.0.0/30", secondary: str = "10.255.0.4/30"):
    from azure.mgmt.network.models import ExpressRouteCircuitPeering

    return ExpressRouteCircuitPeering(peer_asn=asn, primary_peer_address_prefix=primary,
                                      secondary_peer_address_prefix=secondary, vlan_id=vlan)


def new_circuit_body(location: str = "westus", bandwidth: int = 200, **props):
    body = {
        "location": location,
        "sku": {"name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData"},
        "properties": {"serviceProviderProperties": {"serviceProviderName": "Equinix", "peeringLocation": "Silicon Valley",
                                                     "bandwidthInMbps": bandwidth}},
    }
    body["properties"].update(props)
    return body

"""State lives in SQLite: a restarted lab keeps resources, keys, settings, running operations and link timers."""

from __future__ import annotations

import time

from azure.mgmt.network.models import ExpressRouteCircuitConnection, SubResource

from erlab.testing import PARTNER_KEY, LabServer, wait_for

from conftest import POLL, RG, private_peering

# Long enough that a restart on a busy machine (several seconds) ends inside it.
WINDOW = 6


def test_restart_keeps_state_and_finishes_running_operations(tmp_path):
    with LabServer(tmp_path / "state", operation_seconds=0.2, retry_after=0) as lab:
        net = lab.network_client()
        net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k", {}, **POLL).result()
        key = net.express_route_circuit_authorizations.list_keys(RG, "er-sv-primary", "k").authorization_key
        # A Global Reach link that is still Connecting when the lab stops.
        ids = lab.world_ids()
        net.express_route_circuit_peerings.begin_create_or_update(
            RG, "er-ams-secondary", "AzurePrivatePeering", private_peering(primary="10.254.0.0/30", secondary="10.254.0.4/30"),
            **POLL).result()
        lab.admin.settings(connect_seconds=WINDOW)
        link_started = time.monotonic()
        link = net.express_route_circuit_connections.begin_create_or_update(
            RG, "er-ams-secondary", "AzurePrivatePeering", "to-partner", ExpressRouteCircuitConnection(
                express_route_circuit_peering=SubResource(id=ids["er-ams-secondary"] + "/peerings/AzurePrivatePeering"),
                peer_express_route_circuit_peering=SubResource(id=ids["er-partner-dallas"] + "/peerings/AzurePrivatePeering"),
                address_prefix="10.250.4.0/29", authorization_key=PARTNER_KEY), **POLL).result()
        assert link.provisioning_state == "Succeeded" and link.circuit_connection_status == "Connecting"
        lab.admin.settings(operation_seconds=WINDOW, mask_keys=False)
        net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                                  private_peering(), polling=False)
        ca = (tmp_path / "state" / "ca.pem").read_bytes()
        started = time.monotonic()

        lab.restart()  # while the peering operation is still running
        assert (tmp_path / "state" / "ca.pem").read_bytes() == ca
        net = lab.network_client()
        assert net.express_route_circuit_authorizations.list_keys(RG, "er-sv-primary", "k").authorization_key == key
        assert lab.admin.settings()["mask_keys"] is False
        peering = net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering")
        assert peering.provisioning_state == "Updating"
        peering = wait_for(lambda: (p := net.express_route_circuit_peerings.get(RG, "er-sv-primary", "AzurePrivatePeering"))
                           .provisioning_state == "Succeeded" and p, timeout=WINDOW + 4)
        assert time.monotonic() - started >= WINDOW - 0.5  # completed on the stored deadline, not at restart
        assert peering.azure_asn == 12076
        link = wait_for(lambda: (c := net.express_route_circuit_connections.get(RG, "er-ams-secondary", "AzurePrivatePeering",
                                                                                "to-partner")).circuit_connection_status
                        == "Connected" and c, timeout=WINDOW + 4)
        assert time.monotonic() - link_started >= WINDOW - 0.5  # up on the stored instant, not at restart
        assert any(e["status"] == 201 for e in lab.admin.writes())  # the request log survived too

"""State lives in SQLite: a restarted lab keeps resources, keys, settings and running operations."""

from __future__ import annotations

import time

from erlab.testing import LabServer, wait_for

from conftest import POLL, RG, private_peering


def test_restart_keeps_state_and_finishes_running_operations(tmp_path):
    with LabServer(tmp_path / "state", operation_seconds=0.2, retry_after=0) as lab:
        net = lab.network_client()
        net.express_route_circuit_authorizations.begin_create_or_update(RG, "er-sv-primary", "k", {}, **POLL).result()
        key = net.express_route_circuit_authorizations.list_keys(RG, "er-sv-primary", "k").authorization_key
        lab.admin.settings(operation_seconds=4, mask_keys=False)
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
                           .provisioning_state == "Succeeded" and p, timeout=8)
        assert time.monotonic() - started >= 4 - 0.5  # completed on the stored deadline, not at restart
        assert peering.azure_asn == 12076
        assert any(e["status"] == 201 for e in lab.admin.writes())  # the request log survived too

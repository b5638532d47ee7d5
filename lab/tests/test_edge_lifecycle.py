"""The edge's lifecycle: modes, restarts, and teardown that leaves no daemon or namespace behind."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from erlab.cli import main as erlab_main
from erlab.edge import capability, daemons, namespaces
from erlab.testing import LabServer

from edge_support import ce_config, needs_bgp, peer, routes, wait_established, wait_until

FAST = {"operation_seconds": 0.1, "retry_after": 0, "connect_seconds": 0}


def _leftovers(state_dir: Path) -> dict[str, list]:
    prefix = namespaces.lab_prefix(state_dir)
    processes = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "bgpd" in command and f"-N {prefix}" in command:
                processes.append(int(entry.name))
    return {"namespaces": namespaces.existing(prefix), "pathspaces": daemons.pathspaces(prefix), "bgpd": processes}


NOTHING = {"namespaces": [], "pathspaces": [], "bgpd": []}


@needs_bgp
def test_sites_survive_a_restart_and_erlab_stop_removes_every_daemon_and_namespace(tmp_path):
    lab = LabServer(tmp_path / "lab", **FAST).start()
    try:
        sv = lab.world_ids()["er-sv-primary"]
        net = lab.network_client()
        peer(net, "er-sv-primary")
        lab.admin.apply_ce(sv, ce_config())
        wait_established(lab, sv)
        assert len(_leftovers(lab.state_dir)["bgpd"]) == 3  # two MSEEs and the CE
        lab.restart()  # SIGTERM, then serve again on the same state: the site is rebuilt from the database
        wait_established(lab, sv)
        net = lab.network_client()
        wait_until(lambda: ("192.168.0.0/16", "10.255.0.1", "65010") in routes(net, "er-sv-primary"))
        assert erlab_main(["stop", "--state-dir", str(lab.state_dir)]) == 0
        assert _leftovers(lab.state_dir) == NOTHING
    finally:
        lab.stop()


@needs_bgp
def test_a_killed_lab_is_cleaned_up_by_labserver_exit(tmp_path):
    with LabServer(tmp_path / "lab", **FAST) as lab:
        sv = lab.world_ids()["er-sv-primary"]
        peer(lab.network_client(), "er-sv-primary")
        lab.admin.apply_ce(sv, ce_config())
        wait_established(lab, sv)
        os.kill(lab._process.pid, signal.SIGKILL)  # no chance to clean up itself
        lab._process.wait(timeout=5)
        assert _leftovers(lab.state_dir)["bgpd"]
    assert _leftovers(lab.state_dir) == NOTHING


def test_synthetic_mode_says_why_and_refuses_the_ce(tmp_path):
    with LabServer(tmp_path / "lab", edge="synthetic", **FAST) as lab:
        edge = lab.admin.edge()
        assert edge["mode"] == "synthetic" and "synthetic mode was requested" in edge["reason"] and edge["sites"] == []
        sv = lab.world_ids()["er-sv-primary"]
        refused = lab.admin._http.put("/edge/ce", params={"circuit_id": sv}, json={"config": ce_config()})
        assert refused.status_code == 409 and "synthetic" in refused.json()["error"]["message"]
        peer(lab.network_client(), "er-sv-primary")
        # The made-up table from the world file stays the fallback.
        assert ("192.168.0.0/16", "10.255.0.1", "65010") in routes(lab.network_client(), "er-sv-primary")


def test_bgp_mode_never_pretends(monkeypatch):
    monkeypatch.setattr(capability, "why_not", lambda: "edge emulation needs root")
    with pytest.raises(capability.EdgeUnavailable, match="edge mode bgp is not possible here: edge emulation needs root"):
        capability.resolve("bgp")
    mode, reason = capability.resolve("auto")
    assert mode == "synthetic" and reason.endswith("edge emulation needs root")
    with pytest.raises(ValueError, match="edge mode must be one of"):
        capability.resolve("sometimes")


def test_serve_with_bgp_mode_fails_with_the_reason_when_it_cannot_run(tmp_path):
    if capability.why_not() is None:
        pytest.skip("this machine can run bgp mode; the refusal is covered by test_bgp_mode_never_pretends")
    with pytest.raises((RuntimeError, TimeoutError)):
        LabServer(tmp_path / "lab", edge="bgp", startup_timeout=10).start()
    assert "edge mode bgp is not possible here" in (tmp_path / "lab" / "server.log").read_text()

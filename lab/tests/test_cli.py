"""The command line as other engineers use it: serve --detach, env, stop."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest

EXPORTS = ["AZURE_CLOUD_ENVIRONMENT", "AZURE_SUBSCRIPTION_ID", "AZURE_TENANT", "AZURE_CLIENT_ID", "AZURE_SECRET",
           "REQUESTS_CA_BUNDLE", "ERLAB_URL", "ERLAB_STATE_DIR"]


def _erlab(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "erlab", *args], capture_output=True, text=True, timeout=60)


def _parse(lines: str) -> dict[str, str]:
    pairs = [line.removeprefix("export ").split("=", 1) for line in lines.splitlines() if line.startswith("export ")]
    return {k: v for k, v in pairs}


def test_detach_env_stop(tmp_path):
    state = tmp_path / "lab"
    started = _erlab("serve", "--state-dir", str(state), "--port", "0", "--detach", "--operation-seconds", "0.5")
    assert started.returncode == 0, started.stderr
    exported = _parse(started.stdout)
    assert list(exported) == EXPORTS
    info = json.loads((state / "lab.json").read_text())
    try:
        assert info["url"].startswith("https://127.0.0.1:")
        assert exported["AZURE_CLOUD_ENVIRONMENT"] == exported["ERLAB_URL"] == info["url"]
        assert exported["REQUESTS_CA_BUNDLE"] == str(state / "ca.pem") == info["ca_bundle"]
        assert exported["ERLAB_STATE_DIR"] == str(state)
        assert {"pid", "subscription_id", "tenant_id", "client_id", "client_secret"} <= set(info)
        assert _parse((state / "env.sh").read_text()) == exported
        assert _parse(_erlab("env", "--state-dir", str(state)).stdout) == exported
        health = httpx.get(info["url"] + "/_lab/health", verify=info["ca_bundle"])
        assert health.json()["status"] == "ok"
        assert httpx.get(info["url"] + "/_lab/settings", verify=info["ca_bundle"]).json()["operation_seconds"] == 0.5
    finally:
        stopped = _erlab("stop", "--state-dir", str(state))
    assert stopped.returncode == 0
    assert not _running(info["pid"])
    with pytest.raises(httpx.ConnectError):  # and nothing answers on its port any more
        httpx.get(info["url"] + "/_lab/health", verify=info["ca_bundle"], timeout=2.0)


def _running(pid: int) -> bool:
    """Exited and reaped, or exited and waiting for init to reap it (a zombie), counts as stopped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def test_serve_refuses_non_loopback(tmp_path):
    result = _erlab("serve", "--state-dir", str(tmp_path / "x"), "--host", "0.0.0.0")
    assert result.returncode != 0 and "loopback" in result.stderr

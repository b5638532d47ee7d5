"""Helpers for other test suites: run the lab as a subprocess and talk to it.

    with LabServer(operation_seconds=0.2) as lab:
        client = lab.network_client()
        ...
        assert lab.admin.writes()  # what the code under test changed
"""

from __future__ import annotations

import json
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from .cli import wait_until_ready
from .edge.manager import sweep_state_dir as sweep_edge
from .identity.tokens import AUDIENCE
from .exports import exports


class LabAdmin:
    """A small client for the /_lab/ control API."""

    def __init__(self, url: str, ca_bundle: str):
        self._http = httpx.Client(base_url=f"{url}/_lab", verify=ssl.create_default_context(cafile=ca_bundle), timeout=30.0)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json()

    def requests(self, since: int = 0) -> list[dict[str, Any]]:
        return self._call("GET", "/requests", params={"since": since})["value"]

    def counters(self) -> dict[str, int]:
        return self._call("GET", "/counters")

    def writes(self) -> list[dict[str, Any]]:
        """Log entries that changed (or tried to change) something: writes and actions."""
        return [entry for entry in self.requests() if entry["kind"] in ("write", "action")]

    def clear_log(self) -> None:
        self._call("POST", "/requests/clear")

    def add_fault(self, **rule: Any) -> int:
        return self._call("POST", "/faults", json=rule)["id"]

    def faults(self) -> list[dict[str, Any]]:
        return self._call("GET", "/faults")["value"]

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def settings(self, **changes: Any) -> dict[str, Any]:
        if changes:
            return self._call("POST", "/settings", json=changes)
        return self._call("GET", "/settings")

    def reset(self, world: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._call("POST", "/reset", json={"world": world} if world else {})

    def mint_token(self, client_id: str | None = None, audience: str = AUDIENCE, expired: bool = False,
                   **extra: Any) -> str:
        body: dict[str, Any] = {"audience": audience, "expired": expired, **extra}
        if client_id:
            body["client_id"] = client_id
        return self._call("POST", "/tokens", json=body)["access_token"]

    def keys(self, circuit_id: str) -> list[dict[str, Any]]:
        """A circuit's authorizations with their keys in clear (any circuit; the owner's view)."""
        return self._call("GET", "/keys", params={"circuit_id": circuit_id})["value"]

    def add_key(self, circuit_id: str, name: str) -> dict[str, Any]:
        """Create an authorization on any circuit, as its owner would; returns it with its key."""
        return self._call("POST", "/keys", json={"circuit_id": circuit_id, "name": name})

    def set_provider_state(self, circuit_id: str, service_provider_provisioning_state: str | None = None,
                           circuit_provisioning_state: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"id": circuit_id}
        if service_provider_provisioning_state:
            body["serviceProviderProvisioningState"] = service_provider_provisioning_state
        if circuit_provisioning_state:
            body["circuitProvisioningState"] = circuit_provisioning_state
        return self._call("POST", "/circuits/provider-state", json=body)

    # -- the edge (bgp mode): the on-premises router's management plane and the cable --
    def edge(self) -> dict[str, Any]:
        """Mode, reason and sites (each link's wiring and MSEE session state)."""
        return self._call("GET", "/edge")

    def apply_ce(self, circuit_id: str, config: str) -> dict[str, Any]:
        return self._call("PUT", "/edge/ce", params={"circuit_id": circuit_id}, json={"config": config})

    def ce_config(self, circuit_id: str) -> str:
        return self._call("GET", "/edge/ce", params={"circuit_id": circuit_id})["config"]

    def delete_ce(self, circuit_id: str) -> dict[str, Any]:
        return self._call("DELETE", "/edge/ce", params={"circuit_id": circuit_id})

    def ce_show(self, circuit_id: str, command: str) -> str:
        return self._call("POST", "/edge/ce/show", params={"circuit_id": circuit_id}, json={"command": command})["output"]

    def ce_show_many(self, circuit_id: str, commands: list[str]) -> list[str]:
        return self._call("POST", "/edge/ce/show", params={"circuit_id": circuit_id}, json={"commands": commands})["outputs"]

    def edge_fault(self, circuit_id: str, kind: str, device: str | None = None) -> dict[str, Any]:
        body = {"circuit_id": circuit_id, "kind": kind, **({"device": device} if device else {})}
        return self._call("POST", "/edge/faults", json=body)


PARTNER_SUBSCRIPTION_ID = "c7a2e9d4-5f31-4b86-9e0a-2d4f6b8c1e73"  # default world; not granted to the principal
PARTNER_KEY = "4f8e2a6c-9b13-4d57-8e2f-a1c3e5b7d9f0"  # er-partner-dallas/authorizations/hybridlink-global-reach


class LabServer:
    """Start `python -m erlab serve` (same interpreter) and stop it on exit."""

    def __init__(self, state_dir: str | Path | None = None, *, operation_seconds: float | None = None,
                 retry_after: int | None = None, world: str | Path | None = None, startup_timeout: float = 30.0,
                 connect_seconds: float | None = None, edge: str | None = None):
        self._own_dir = state_dir is None
        self.state_dir = Path(state_dir or tempfile.mkdtemp(prefix="erlab-")).resolve()
        self._args = {"--operation-seconds": operation_seconds, "--retry-after": retry_after, "--world": world,
                      "--connect-seconds": connect_seconds, "--edge": edge}
        self._timeout = startup_timeout
        self._process: subprocess.Popen | None = None
        self.info: dict[str, Any] = {}
        self.admin: LabAdmin | None = None

    # -- lifecycle -------------------------------------------------------
    def start(self) -> "LabServer":
        command = [sys.executable, "-m", "erlab", "serve", "--state-dir", str(self.state_dir)]
        for flag, value in self._args.items():
            if value is not None:
                command += [flag, str(value)]
        self.state_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.state_dir / "server.log", "ab")
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        try:
            self.info = wait_until_ready(self.state_dir, self._process.pid, self._timeout, self._process)
        except Exception:
            self.stop()
            raise
        self.admin = LabAdmin(self.url, self.ca_bundle)
        return self

    def stop(self) -> None:
        if self.admin is not None:
            self.admin.close()
            self.admin = None
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
        self._process = None
        sweep_edge(self.state_dir)  # a server that did not stop cleanly leaves its daemons and namespaces

    def restart(self) -> "LabServer":
        """Stop and serve again on the same state dir (a new port; state must survive)."""
        self.stop()
        return self.start()

    def __enter__(self) -> "LabServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.state_dir, ignore_errors=True)

    # -- what clients need -------------------------------------------------
    @property
    def url(self) -> str:
        return self.info["url"]

    @property
    def ca_bundle(self) -> str:
        return self.info["ca_bundle"]

    @property
    def subscription_id(self) -> str:
        return self.info["subscription_id"]

    @property
    def env(self) -> dict[str, str]:
        return exports(self.info, self.state_dir)

    @property
    def audience(self) -> str:
        return AUDIENCE

    def sdk_credential(self):
        from azure.identity import ClientSecretCredential

        return ClientSecretCredential(
            self.info["tenant_id"],
            self.info["client_id"],
            self.info["client_secret"],
            authority=self.url,
            disable_instance_discovery=True,
            connection_verify=self.ca_bundle,
        )

    def client_kwargs(self) -> dict[str, Any]:
        return {
            "base_url": self.url,
            "credential_scopes": [AUDIENCE + ".default"],
            "connection_verify": self.ca_bundle,
        }

    def network_client(self, credential=None, subscription_id: str | None = None):
        from azure.mgmt.network import NetworkManagementClient

        return NetworkManagementClient(credential or self.sdk_credential(), subscription_id or self.subscription_id,
                                       **self.client_kwargs())

    def avs_client(self, credential=None, subscription_id: str | None = None):
        from azure.mgmt.avs import AVSClient

        return AVSClient(credential or self.sdk_credential(), subscription_id or self.subscription_id, **self.client_kwargs())

    @property
    def partner_subscription_id(self) -> str:
        return PARTNER_SUBSCRIPTION_ID

    def world_ids(self) -> dict[str, str]:
        """Resource ids of the default world's circuits and private clouds.

        er-partner-dallas is in the partner subscription: ARM answers the
        principal 403 there; its keys come from admin.keys() (or PARTNER_KEY).
        """
        sub = self.subscription_id
        net = f"/subscriptions/{sub}/resourceGroups/rg-onprem-network/providers/Microsoft.Network/expressRouteCircuits"
        avs = f"/subscriptions/{sub}/resourceGroups/rg-avs-prod/providers/Microsoft.AVS/privateClouds"
        partner = (f"/subscriptions/{PARTNER_SUBSCRIPTION_ID}/resourceGroups/rg-partner/providers/Microsoft.Network"
                   "/expressRouteCircuits")
        return {
            "er-sv-primary": f"{net}/er-sv-primary",
            "er-ams-secondary": f"{net}/er-ams-secondary",
            "er-chi-pending": f"{net}/er-chi-pending",
            "er-partner-dallas": f"{partner}/er-partner-dallas",
            "avs-westus-prod": f"{avs}/avs-westus-prod",
            "avs-weu-dr": f"{avs}/avs-weu-dr",
        }


def read_lab_json(state_dir: str | Path) -> dict[str, Any]:
    return json.loads((Path(state_dir) / "lab.json").read_text())


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05):
    """Poll a predicate with a deadline (for tests that watch state change)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(interval)

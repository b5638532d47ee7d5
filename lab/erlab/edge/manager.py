"""The running edge: sites, their speakers, the reconcile loop, faults and teardown.

Sites (circuits whose CE the lab runs, and that CE's configuration as
applied) are stored in the lab's database, so a restarted lab rebuilds them.
A background thread reconciles the speakers with ARM state every
RECONCILE_SECONDS: namespaces, loopback addresses, MSEE speakers (started,
restarted when dead or when the session's identity changed, re-advertised in
place when only Global Reach routes changed) and the CE.

Locking: ARM state is read under the store's lock, then released before any
process is touched (under this manager's lock). Neither is taken inside the other.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import clock
from ..arm import operations
from ..ids import CIRCUIT, PEERING
from ..lab import Lab
from ..network import tables as network_tables
from . import ce, daemons, desired, msee, namespaces, speakers

RECONCILE_SECONDS = 0.5
SITES_KEY = "edge_sites"
PEERING_TAGS = {"AzurePrivatePeering": "p", "MicrosoftPeering": "m"}
DEVICE_TAGS = {"primary": "p", "secondary": "s"}

log = logging.getLogger("erlab.edge")
_current: "EdgeManager | None" = None


def current() -> "EdgeManager | None":
    """The manager of this process's lab (None before the server built one)."""
    return _current


MAX_SHOW_COMMANDS = 8


class EdgeError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class RunningMsee:
    session: msee.Session
    advertise: dict[str, str]
    next_hops: dict[str, str] = field(default_factory=dict)
    from_gateways: set[str] = field(default_factory=set)


@dataclass
class Site:
    circuit_id: str
    namespace: str
    desired: desired.DesiredSite | None = None
    ce_running: tuple[str, tuple[str, ...]] | None = None   # (effective config, listen addresses)
    ports: list[ce.Port] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ce_killed: bool = False
    configured: bool = False


def sweep(prefix: str) -> None:
    """Stop every daemon and delete every namespace carrying this lab's prefix (also a crashed run's)."""
    for pathspace in daemons.pathspaces(prefix + "-"):
        daemons.stop(pathspace)
    for name in namespaces.existing(prefix + "-"):
        for pid in namespaces.pids(name):  # anything still inside one of this lab's namespaces
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        namespaces.delete(name)


class EdgeManager:
    def __init__(self, lab: Lab, state_dir: Path, mode: str, reason: str):
        self.lab = lab
        self.mode = mode
        self.reason = reason
        self.prefix = namespaces.lab_prefix(state_dir)
        self._scratch = state_dir / "edge-check.conf"
        self._lock = threading.RLock()
        self._sites: dict[str, Site] = {}
        self._msees: dict[str, RunningMsee] = {}
        self._learned: dict[tuple[str, str], dict[str, str]] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------
    def start(self) -> "EdgeManager":
        global _current
        _current = self
        if self.mode == "bgp":
            from . import tables  # imports this module: bound here, not at the top

            network_tables.use_live_tables(tables.live(self))
            sweep(self.prefix)
            self._thread = threading.Thread(target=self._loop, name="erlab-edge-reconcile", daemon=True)
            self._thread.start()
        return self

    def shutdown(self) -> None:
        global _current
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.mode == "bgp":
            with self._lock:
                sweep(self.prefix)
                self._sites.clear()
                self._msees.clear()
        if _current is self:
            _current = None
            network_tables.use_live_tables(None)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.reconcile()
            except Exception:  # keep the loop alive; the next round retries
                log.exception("edge reconcile failed")
            self._stop.wait(RECONCILE_SECONDS)

    # -- names -------------------------------------------------------------
    def _namespace(self, circuit_key: str) -> str:
        return namespaces.namespace_name(self.prefix, circuit_key)

    def msee_pathspace(self, circuit_id: str, peering: str, device: str) -> str:
        return f"{self._namespace(circuit_id.lower())}-{PEERING_TAGS.get(peering, 'x')}{DEVICE_TAGS.get(device, 'x')}"

    def ce_pathspace(self, circuit_id: str) -> str:
        return f"{self._namespace(circuit_id.lower())}-ce"

    # -- stored sites ------------------------------------------------------
    def _stored(self) -> dict[str, dict[str, Any]]:
        return dict(self.lab.store.get_kv(SITES_KEY, {}) or {})

    def _read_arm(self) -> tuple[dict[str, dict[str, Any]], dict[str, desired.DesiredSite | None]]:
        with self.lab.store.transaction() as store:
            env = self.lab.env(clock.now())
            operations.settle(env)
            stored = dict(store.get_kv(SITES_KEY, {}) or {})
            wanted = desired.compute(env, [s["circuit_id"] for s in stored.values()])
            gone = [key for key, site in wanted.items() if site is None]
            if gone:
                for key in gone:
                    stored.pop(key, None)
                store.set_kv(SITES_KEY, stored)
        return stored, wanted

    def has_site(self, circuit_id: str) -> bool:
        return self.mode == "bgp" and circuit_id.lower() in self._sites

    # -- reconcile ---------------------------------------------------------
    def reconcile(self) -> None:
        if self.mode != "bgp":
            return
        if not self._sites and not self._stored():
            return  # no site: nothing to read, and no settling of operations in the background
        stored, wanted = self._read_arm()
        with self._lock:
            for key in list(self._sites):
                if wanted.get(key) is None:
                    self._drop_site(key)
            for key, site_wanted in wanted.items():
                if site_wanted is not None:
                    self._reconcile_site(key, site_wanted, stored.get(key, {}).get("config"))

    def _drop_site(self, key: str) -> None:
        site = self._sites.pop(key)
        for pathspace in daemons.pathspaces(site.namespace + "-"):
            daemons.stop(pathspace)
            self._msees.pop(pathspace, None)
        namespaces.delete(site.namespace)

    def _reconcile_site(self, key: str, wanted: desired.DesiredSite, config: str | None) -> None:
        site = self._sites.get(key)
        if site is None:
            site = self._sites[key] = Site(wanted.circuit_id, self._namespace(key))
            namespaces.create(site.namespace)
        elif not namespaces.present(site.namespace):
            # Removed behind the lab's back: start the site over (its daemons lost their addresses).
            for pathspace in [p for p in self._msees if p.startswith(site.namespace + "-")]:
                daemons.stop(pathspace)
                del self._msees[pathspace]
            daemons.stop(self.ce_pathspace(site.circuit_id))
            site.ce_running = None
            namespaces.create(site.namespace)
        site.desired = wanted
        site.configured = config is not None
        if config is not None:
            interfaces, routing_part = ce.split(config)
            site.ports, wiring_notes = ce.wire(interfaces, wanted.links)
            effective, added = ce.effective(routing_part, site.ports)
            site.notes = wiring_notes + added
            want_ce = (effective, tuple(ce.listen_addresses(site.ports)))
        else:
            site.ports, site.notes, want_ce = [], [], None
        msee_addresses = {m.session.msee_address for m in wanted.msees}
        ce_addresses = set(want_ce[1]) if want_ce else set()
        present = namespaces.addresses(site.namespace)
        for address in (msee_addresses | ce_addresses) - present:
            namespaces.add_address(site.namespace, address)
        self._reconcile_msees(key, site, wanted)
        self._reconcile_ce(site, want_ce)
        for address in present - msee_addresses - ce_addresses:
            namespaces.remove_address(site.namespace, address)

    def _reconcile_msees(self, key: str, site: Site, wanted: desired.DesiredSite) -> None:
        keep = set()
        for item in wanted.msees:
            pathspace = self.msee_pathspace(site.circuit_id, item.session.peering, item.session.device)
            keep.add(pathspace)
            advertise, next_hops = dict(item.advertise), dict(item.next_hops)
            for other_key, device, remote_ip in item.borrowed:
                other = self._sites.get(other_key)
                if other is None:
                    continue
                source = self.msee_pathspace(other.circuit_id, "AzurePrivatePeering", device)
                learned = self._learned.get((other_key, device), {})
                other_session = self._msees.get(source)
                if other_session is not None:
                    learned = speakers.learned_from(source, other_session.session.ce_address)
                    self._learned[(other_key, device)] = learned
                advertise.update({p: path for p, path in learned.items() if path})
                next_hops.update({p: remote_ip for p, path in learned.items() if path})
            running = self._msees.get(pathspace)
            if running is None or running.session != item.session or not daemons.alive(pathspace):
                spec = msee.MseeSpec(item.session, advertise)
                daemons.start(site.namespace, pathspace, [item.session.msee_address], msee.render(spec))
                self._msees[pathspace] = RunningMsee(item.session, advertise, next_hops)
            elif running.advertise != advertise:
                changes = msee.advertise_changes(running.advertise, advertise)
                if changes:
                    daemons.configure(pathspace, changes)
                running.advertise = advertise
            running = self._msees[pathspace]
            running.next_hops = next_hops
            running.from_gateways = set(item.from_gateways)
        prefix = site.namespace + "-"
        for pathspace in [p for p in self._msees if p.startswith(prefix) and p not in keep]:
            daemons.stop(pathspace)
            del self._msees[pathspace]

    def _reconcile_ce(self, site: Site, want: tuple[str, tuple[str, ...]] | None) -> None:
        pathspace = self.ce_pathspace(site.circuit_id)
        if want is None:
            if site.ce_running is not None or daemons.alive(pathspace):
                daemons.stop(pathspace)
            site.ce_running = None
            return
        if site.ce_killed:
            return
        if site.ce_running != want or not daemons.alive(pathspace):
            effective, listen = want
            # Nothing wired: listen on the namespace's 127.0.0.1 only, so the router runs but reaches no one.
            daemons.start(site.namespace, pathspace, list(listen) or ["127.0.0.1"], effective)
            site.ce_running = want

    # -- the CE's management plane ------------------------------------------
    def _require_bgp(self) -> None:
        if self.mode != "bgp":
            raise EdgeError(409, f"edge emulation is not running (mode {self.mode}): {self.reason}")

    def _circuit(self, circuit_id: str | None):
        if not circuit_id:
            raise EdgeError(400, "circuit_id (an ExpressRoute circuit resource id) is required")
        with self.lab.store.transaction() as store:
            circuit = store.get(circuit_id)
            if circuit is None or circuit.type != CIRCUIT or circuit.meta.get("avs_private_cloud"):
                raise EdgeError(404, f"no customer ExpressRoute circuit {circuit_id}")
            return circuit, desired.links(circuit, store.children(circuit.id, PEERING))

    def apply_ce(self, circuit_id: str | None, config: Any) -> dict[str, Any]:
        self._require_bgp()
        if not isinstance(config, str) or not config.strip():
            raise EdgeError(400, "config (the router's FRR configuration text) is required")
        circuit, links = self._circuit(circuit_id)
        refused = daemons.check_config(config, self._scratch)
        if refused:
            raise EdgeError(400, f"FRR refuses this configuration: {refused}")
        interfaces, routing_part = ce.split(config)
        ports, warnings = ce.wire(interfaces, links)
        _, added = ce.effective(routing_part, ports)
        with self.lab.store.transaction() as store:
            stored = dict(store.get_kv(SITES_KEY, {}) or {})
            stored[circuit.key] = {"circuit_id": circuit.id, "config": config}
            store.set_kv(SITES_KEY, stored)
        pathspace = self.ce_pathspace(circuit.id)
        before = daemons.pid(pathspace) if daemons.alive(pathspace) else None
        with self._lock:
            site = self._sites.get(circuit.key)
            if site is not None:
                site.ce_killed = False  # a PUT brings a killed router back
        # The same configuration again changes nothing (no session reset); a different one restarts the router.
        self.reconcile()
        restarted = not (before and daemons.alive(pathspace) and daemons.pid(pathspace) == before)
        return {"applied": True, "restarted": restarted, "interfaces": [p.view() for p in ports],
                "warnings": warnings + added}

    def ce_config(self, circuit_id: str | None) -> str:
        self._require_bgp()
        circuit, _ = self._circuit(circuit_id)
        config = self._stored().get(circuit.key, {}).get("config")
        if config is None:
            raise EdgeError(404, f"no CE configuration applied for {circuit.id}")
        return config

    def delete_ce(self, circuit_id: str | None) -> dict[str, Any]:
        self._require_bgp()
        circuit, _ = self._circuit(circuit_id)
        with self.lab.store.transaction() as store:
            stored = dict(store.get_kv(SITES_KEY, {}) or {})
            if circuit.key in stored:
                stored[circuit.key] = {"circuit_id": circuit.id, "config": None}
                store.set_kv(SITES_KEY, stored)
        self.reconcile()
        return {"deleted": True}

    def show(self, circuit_id: str | None, command: Any) -> str:
        self._require_bgp()
        if not isinstance(command, str) or not command.strip().startswith("show ") or any(c in command for c in "\n\r;|"):
            raise EdgeError(400, "command must be one vtysh `show ...` command")
        circuit, _ = self._circuit(circuit_id)
        pathspace = self.ce_pathspace(circuit.id)
        if not daemons.alive(pathspace):
            raise EdgeError(409, f"the CE of {circuit.id} is not running")
        try:
            return daemons.vtysh(pathspace, command.strip())
        except daemons.VtyshError as error:
            raise EdgeError(400, f"vtysh refused `{command.strip()}`: {error}") from None

    def show_many(self, circuit_id: str | None, commands: Any) -> list[str]:
        if not isinstance(commands, list) or not 1 <= len(commands) <= MAX_SHOW_COMMANDS:
            raise EdgeError(400, f"commands must be a list of 1 to {MAX_SHOW_COMMANDS} vtysh `show ...` commands")
        return [self.show(circuit_id, command) for command in commands]

    # -- faults --------------------------------------------------------------
    def fault(self, body: dict[str, Any]) -> dict[str, Any]:
        self._require_bgp()
        kind, device = body.get("kind"), body.get("device")
        if kind not in ("kill_ce", "kill_msee", "flap"):
            raise EdgeError(400, "kind must be kill_ce, kill_msee or flap")
        if device not in (None, "primary", "secondary"):
            raise EdgeError(400, "device must be primary or secondary when given")
        circuit, _ = self._circuit(body.get("circuit_id"))
        with self._lock:
            site = self._sites.get(circuit.key)
            if site is None:
                raise EdgeError(409, f"{circuit.id} has no running edge (apply a CE configuration first)")
            if kind == "kill_ce":
                site.ce_killed = True
                hit = [self.ce_pathspace(circuit.id)] if daemons.kill(self.ce_pathspace(circuit.id)) else []
                return {"kind": kind, "killed": hit}
            chosen = {p: r for p, r in self._msees.items()
                      if p.startswith(site.namespace + "-") and (device is None or r.session.device == device)}
            if kind == "kill_msee":
                return {"kind": kind, "killed": sorted(p for p in chosen if daemons.kill(p))}
            flapped = []
            for pathspace, running in chosen.items():
                try:
                    daemons.vtysh(pathspace, f"clear bgp ipv4 unicast {running.session.ce_address}")
                    flapped.append(pathspace)
                except daemons.VtyshError:
                    pass
            return {"kind": kind, "flapped": sorted(flapped)}

    def forget_all(self) -> None:
        """The world was reset: no site survives it."""
        with self.lab.store.transaction() as store:
            store.set_kv(SITES_KEY, {})
        if self.mode == "bgp":
            with self._lock:
                for key in list(self._sites):
                    self._drop_site(key)

    # -- what the lab reports -------------------------------------------------
    def running_msee(self, circuit_id: str, peering: str, device: str) -> tuple[str, RunningMsee] | None:
        pathspace = self.msee_pathspace(circuit_id, peering, device)
        running = self._msees.get(pathspace)
        return (pathspace, running) if running is not None else None

    def ce_wired(self, circuit_id: str, ce_address: str) -> bool:
        site = self._sites.get(circuit_id.lower())
        return site is not None and site.ce_running is not None and ce_address in site.ce_running[1]

    def status(self) -> dict[str, Any]:
        sites = []
        for key, site in sorted(self._sites.items()):
            wanted = site.desired
            if wanted is None:
                continue
            wired = {p.address for p in site.ports if p.wired}
            links = []
            for link in wanted.links:
                found = self.running_msee(site.circuit_id, link.peering, link.device)
                state = speakers.neighbor(found[0], link.ce_address) if found else speakers.DOWN
                links.append({"peering": link.peering, "device": link.device, "vlan": link.vlan,
                              "ce_address": link.ce_address, "msee_address": link.msee_address, "prefix": link.prefix,
                              "wired": link.ce_address in wired, "msee_running": found is not None,
                              "msee_state": state.state, "msee_up_down": state.up_down,
                              "msee_prefixes_received": state.prefixes_received})
            pathspace = self.ce_pathspace(site.circuit_id)
            sites.append({"circuit_id": site.circuit_id, "circuit_name": wanted.circuit_name, "namespace": site.namespace,
                          "ce": {"configured": site.configured,
                                 "running": daemons.alive(pathspace),
                                 "vtysh": f"ip netns exec {site.namespace} vtysh -N {pathspace}",
                                 "interfaces": [p.view() for p in site.ports], "notes": site.notes},
                          "links": links})
        return {"mode": self.mode, "reason": self.reason, "sites": sites}


def sweep_state_dir(state_dir: Path) -> None:
    """Remove what a lab on `state_dir` left running (root only; nothing to do otherwise)."""
    if os.geteuid() == 0:
        sweep(namespaces.lab_prefix(state_dir))

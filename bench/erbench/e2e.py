"""One run of playbooks/onprem_to_avs.yml on the lab, and what it cost against what the plan needs."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from typing import Any

from . import traffic
from .ansible_run import run_playbook
from .labctl import Lab
from .paths import Paths

CIRCUIT_IN_PATH = re.compile(r"/expressRouteCircuits/([^/]+)", re.I)
CLOUD_IN_PATH = re.compile(r"/privateClouds/([^/]+)", re.I)
# A Global Reach link: AVS globalReachConnections or a circuit's peerings/<p>/connections.
LINK_IN_PATH = re.compile(r"/(globalReachConnections|peerings/[^/]+/connections)/[^/]+$", re.I)
ROUTE_LROS_PER_CIRCUIT = 4     # routeTables and routeTablesSummary, primary and secondary
# plugins/module_utils/global_reach.py: how often a new link is read while it says Connecting.
CONNECTED_POLL_SECONDS = 5.0
# What avs_global_reach reads before it spends a single-use key on a new link: the connection (does it exist?), the
# private cloud (its own AVS circuit is refused as the peer), the private cloud's authorizations (its own keys are
# refused), its Global Reach connections (one per circuit pair) and the peer circuit (provisioned, private peering,
# key not already in use).
GLOBAL_REACH_CREATE_CHECKS = 5


def run_e2e(paths: Paths, lab: Lab, name: str, sites: list[dict[str, Any]], *, forks: int,
            operation_seconds: float, retry_after: int, fresh: bool, timeout: float = 3600.0) -> dict[str, Any]:
    """Run the end-to-end playbook for `sites` on the lab's current world (already reset by the caller)."""
    sites_file = paths.work / "sites" / f"{name}.json"
    sites_file.parent.mkdir(parents=True, exist_ok=True)
    sites_file.write_text(json.dumps({"sites": sites}))
    report_dir = paths.work / "reports" / name
    report_dir.mkdir(parents=True, exist_ok=True)
    lab.admin.clear_log()
    run = run_playbook(paths, lab, paths.repo / "playbooks" / "onprem_to_avs.yml", name, timeout=timeout, args=[
        "-f", str(forks), "-e", f"@{sites_file}", "-e", json.dumps({
            "report_dir": str(report_dir), "ansible_python_interpreter": str(paths.ours_python)})])
    entries = lab.requests_since(0)
    operations = lab.operations(since=run.started - 1.0)
    connect_seconds = float(lab.admin.settings().get("connect_seconds", 0.0))
    return analyse(name, run, entries, operations, sites, forks=forks, operation_seconds=operation_seconds,
                   retry_after=retry_after, fresh=fresh, connect_seconds=connect_seconds)


def analyse(name, run, entries, operations, sites, *, forks, operation_seconds, retry_after, fresh,
            connect_seconds=0.0) -> dict[str, Any]:
    circuit_of_cloud = {site["private_cloud"]["name"].lower(): site["circuit"]["name"].lower() for site in sites}
    circuits = sorted({site["circuit"]["name"].lower() for site in sites})
    by_circuit: dict[str, list[tuple[float, float]]] = defaultdict(list)
    writes_by_circuit: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for op in operations:
        circuit = _circuit_of(op["target_id"], circuit_of_cloud)
        interval = (op["started_at"], op["finishes_at"])
        by_circuit[circuit].append(interval)
        if op["method"] in ("PUT", "DELETE", "PATCH"):
            writes_by_circuit[circuit].append(interval)
        if op["method"] == "PUT" and op["outcome"] == "Succeeded" and LINK_IN_PATH.search(op["target_id"]):
            # Azure brings the BGP sessions of a new link up after the operation ends (Connecting, then
            # Connected connect_seconds later): server-side time the run has to wait for, like an operation.
            by_circuit[circuit].append((op["finishes_at"], op["finishes_at"] + connect_seconds))
    chains = {circuit: _union_length(intervals) for circuit, intervals in by_circuit.items()}
    critical = max(chains.values(), default=0.0)
    kinds = traffic.by_kind(entries)
    minimum = minimum_requests(len(sites), len(circuits), fresh=fresh, operation_seconds=operation_seconds,
                               retry_after=retry_after, connect_seconds=connect_seconds)
    failures = run.failures()
    return {
        "name": name, "sites": len(sites), "circuits": len(circuits), "forks": forks, "fresh": fresh,
        "operation_seconds": operation_seconds, "retry_after": retry_after, "connect_seconds": connect_seconds,
        "returncode": run.returncode,
        "failures": [f"{row['host']}: {row['task']}: {row['msg']}" for row in failures][:5],
        "wall_s": run.wall_s,
        "cpu_s": run.cpu_s,
        "controller_cpu_s": run.controller_cpu_s,
        "critical_path_s": critical,
        "overhead_pct": (run.wall_s / critical - 1.0) * 100.0 if critical else None,
        "operations": len(operations),
        "operation_seconds_total": sum(op["finishes_at"] - op["started_at"] for op in operations),
        "requests": kinds,
        "arm_requests": traffic.arm_requests(entries),
        "minimum": minimum,
        "poll_cadence": traffic.poll_cadence(entries),
        "throttling": traffic.throttling(entries),
        "conflicts": traffic.conflicts(entries),
        "errors": traffic.errors(entries),
        "reads_by_type": traffic.reads_by_type(entries),
        "writes_by_type": traffic.writes_by_type(entries),
        "max_parallel_circuits_writing": _max_overlap([iv for ivs in writes_by_circuit.values() for iv in ivs]),
        "overlapping_writes_on_one_circuit": sum(_max_overlap(ivs) > 1 for ivs in writes_by_circuit.values()),
        "changed_tasks": sum(1 for row in run.timings if row["changed"]),
        # Plays on localhost only: planning the sites and summarising them (pure controller work).
        "localhost_tasks_s": sum(row["end"] - row["start"] for row in run.timings if row["host"] == "localhost"),
        "module_tasks": sum(1 for row in run.timings
                            if row["action"].startswith("hybridlink.expressroute.") and row["status"] != "skipped"),
        "task_results": len(run.timings),
    }


def minimum_requests(sites: int, circuits: int, *, fresh: bool, operation_seconds: float,
                     retry_after: int, connect_seconds: float = 0.0) -> dict[str, int]:
    """The fewest requests the plan needs, by kind (see bench/README.md, 'The minimum').

    Fresh world: per circuit one peering PUT; per site one authorization PUT,
    its listKeys and one Global Reach PUT. Always: per circuit the route
    tables and summaries of both links (4 POST operations) and two stats GETs;
    one GET of the circuit, and per site one GET of the private cloud and one
    list of its Global Reach connections; one final GET after each PUT
    operation (ARM's protocol). Each operation is polled once at once and then
    every Retry-After seconds until it ends; POST operations add the result GET.
    What a create needs before it writes: a new authorization is read first
    (Azure refuses a second PUT of one, so the module must know), a new Global
    Reach link is checked by GLOBAL_REACH_CREATE_CHECKS reads (its key is
    single-use) and then read while it comes up, once per CONNECTED_POLL_SECONDS
    of connect_seconds. "protocol_read" is the read count without the create
    checks, for comparison.
    """
    put_lros = circuits + 2 * sites if fresh else 0
    post_lros = ROUTE_LROS_PER_CIRCUIT * circuits
    polls_per_lro = 1 + math.ceil(operation_seconds / max(retry_after, 1e-9))
    protocol_reads = circuits * 3 + sites * 2 + put_lros
    create_checks = sites * (1 + GLOBAL_REACH_CREATE_CHECKS + math.ceil(connect_seconds / CONNECTED_POLL_SECONDS)) \
        if fresh else 0
    minimum = {
        "write": put_lros,
        "action": (sites if fresh else 0) + post_lros,
        "read": protocol_reads + create_checks,
        "poll": (put_lros + post_lros) * polls_per_lro + post_lros,
    }
    minimum["arm_total"] = sum(minimum.values())
    minimum["protocol_read"] = protocol_reads
    return minimum


def _circuit_of(target_id: str, circuit_of_cloud: dict[str, str]) -> str:
    match = CIRCUIT_IN_PATH.search(target_id)
    if match:
        return match.group(1).lower()
    match = CLOUD_IN_PATH.search(target_id)
    if match:
        return circuit_of_cloud.get(match.group(1).lower(), match.group(1).lower())
    return target_id.lower()


def _union_length(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, None
    for start, finish in sorted(intervals):
        if end is None or start > end:
            total += finish - start
            end = finish
        elif finish > end:
            total += finish - end
            end = finish
    return total


def _max_overlap(intervals: list[tuple[float, float]]) -> int:
    events = sorted([(start, 1) for start, _ in intervals] + [(finish, -1) for _, finish in intervals])
    current = peak = 0
    for _, step in events:
        current += step
        peak = max(peak, current)
    return peak

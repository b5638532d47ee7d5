"""Converge runs of the end-to-end playbook on a fresh default world, then a rerun that changes nothing."""

from __future__ import annotations

from typing import Any

from .e2e import run_e2e
from .labctl import Lab
from .paths import Paths
from .world import example_sites

# (operation_seconds, retry_after): the lab's default speed, and (full runs only)
# slower operations with a longer Retry-After, to show the polls follow it, and
# an Azure-like speed: Retry-After 10 s as Azure sent it in the recorded 2026
# traffic (shared/reference/recordings; 40 s was seen too), with operations of
# 30 s, still shorter than Azure's, which take minutes. The overhead target is
# judged there (targets.py): with 2 s operations the run's fixed costs (Ansible
# starting, module processes, report files) dwarf the service time.
SPEEDS = [(2.0, 1)]
FULL_EXTRA_SPEEDS = [(10.0, 5), (30.0, 10)]
AZURE_LIKE_RETRY_AFTER = 10


def run_converge(paths: Paths, lab: Lab, settings: dict[str, Any]) -> dict[str, Any]:
    sites = example_sites(paths.repo)
    runs = []
    speeds = SPEEDS + ([] if settings["quick"] else FULL_EXTRA_SPEEDS)
    for operation_seconds, retry_after in speeds:
        label = f"op{operation_seconds:g}s-ra{retry_after}s"
        lab.fresh(None, operation_seconds=operation_seconds, retry_after=retry_after)
        print(f"  converge, fresh world, operations {operation_seconds:g} s, Retry-After {retry_after} s", flush=True)
        runs.append(dict(run_e2e(paths, lab, f"converge-{label}", sites, forks=settings["forks"],
                                 operation_seconds=operation_seconds, retry_after=retry_after, fresh=True),
                         label="converge"))
        _say(runs[-1])
        print("  rerun on the converged world", flush=True)
        runs.append(dict(run_e2e(paths, lab, f"rerun-{label}", sites, forks=settings["forks"],
                                 operation_seconds=operation_seconds, retry_after=retry_after, fresh=False),
                         label="rerun"))
        _say(runs[-1])
    return {"runs": runs}


def _say(run: dict[str, Any]) -> None:
    print(f"    rc={run['returncode']} wall {run['wall_s']:.1f} s, critical path {run['critical_path_s']:.1f} s, "
          f"ARM requests {run['arm_requests']} (minimum {run['minimum']['arm_total']}), "
          f"changed tasks {run['changed_tasks']}", flush=True)

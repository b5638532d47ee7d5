"""Fleets of sites: wall time and requests as the fleet grows, under the lab's ARM throttle."""

from __future__ import annotations

import time
from typing import Any

from .e2e import run_e2e
from .labctl import Lab
from .paths import Paths
from .world import fleet

OPERATION_SECONDS = 2.0
RETRY_AFTER = 1
# No run may hold the bench longer than this (the 200-site run takes half an hour on 2 busy cores).
TIMEOUT_SECONDS = 3600


def run_fleet(paths: Paths, lab: Lab, settings: dict[str, Any],
              previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Run each fleet size; sizes not run this time keep their last result (stamped with its own commit and time)."""
    runs = []
    for size in settings["fleet_sizes"]:
        world, sites = fleet(size)
        lab.fresh(world, operation_seconds=OPERATION_SECONDS, retry_after=RETRY_AFTER)
        print(f"  fleet of {size} sites on {len(world['circuits'])} circuits, {settings['forks']} forks", flush=True)
        try:
            run = run_e2e(paths, lab, f"fleet-{size}", sites, forks=settings["forks"],
                          operation_seconds=OPERATION_SECONDS, retry_after=RETRY_AFTER, fresh=True,
                          timeout=TIMEOUT_SECONDS)
        except TimeoutError as error:
            runs.append({"sites": size, "error": str(error)})
            print(f"    {error}", flush=True)
            continue
        run.update(commit=settings.get("commit"), finished_at=time.time())
        runs.append(run)
        print(f"    rc={run['returncode']} wall {run['wall_s']:.1f} s ({run['wall_s'] / size:.2f} s/site), "
              f"ARM requests {run['arm_requests']} ({run['arm_requests'] / size:.1f}/site, minimum "
              f"{run['minimum']['arm_total'] / size:.1f}/site), 429s {run['throttling']['throttled']}, "
              f"conflicts {run['conflicts']}", flush=True)
    measured = {run["sites"] for run in runs}
    kept = [run for run in (previous or {}).get("runs", [])
            if run["sites"] not in measured and run.get("forks") == settings["forks"] and "wall_s" in run]
    return {"forks": settings["forks"], "operation_seconds": OPERATION_SECONDS, "retry_after": RETRY_AFTER,
            "runs": sorted(runs + kept, key=lambda run: run["sites"])}

"""Already-converged (no-op) tasks, side by side: wall time, requests, peak RSS and imports per task."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from typing import Any

from . import traffic
from .anatomy import run_anatomy
from .ansible_run import run_playbook
from .cases import API_VERSION, Case, setup_tasks
from .interpreters import interpreter_for, probe_wrapper, task_environment
from .labctl import Lab
from .paths import Paths
from .playbooks import local_play, write_playbook
from .stats import median, percentile

TOKEN_SCOPE = "https://management.erlab.invalid/.default"


def _token_tasks(lab: Lab, interpreter: str) -> list[dict[str, Any]]:
    """The floor's bearer token, from the lab's OAuth token endpoint, before anything is timed."""
    info = lab.info
    return [
        {"name": "setup: token for the floor", "no_log": True, "register": "bench_token_answer",
         "vars": {"ansible_python_interpreter": interpreter},
         "ansible.builtin.uri": {
             "url": f"{lab.url}/{info['tenant_id']}/oauth2/v2.0/token", "method": "POST",
             "body_format": "form-urlencoded", "ca_path": lab.ca_bundle,
             "body": {"client_id": info["client_id"], "client_secret": info["client_secret"],
                      "grant_type": "client_credentials", "scope": TOKEN_SCOPE}}},
        {"name": "setup: keep the token", "no_log": True,
         "ansible.builtin.set_fact": {"bench_token": "{{ bench_token_answer.json.access_token }}"}},
    ]


def _case_task(case: Case, round_index: int, interpreter: str, probe: bool) -> dict[str, Any]:
    environment = task_environment(case.side)
    if probe:
        environment["BENCH_CASE"] = case.id
    task = {"name": f"{case.id}#{round_index}", case.module: case.args,
            "vars": {"ansible_python_interpreter": interpreter}}
    if environment:
        task["environment"] = environment
    return task


def build_plays(paths: Paths, lab: Lab, cases: list[Case], rounds: int, probe: bool) -> list[dict[str, Any]]:
    interpreters = {side: str(probe_wrapper(paths, side) if probe else interpreter_for(paths, side))
                    for side in ("floor", "ours", "azure")}
    tasks = _token_tasks(lab, str(interpreter_for(paths, "ours")))
    for round_index in range(rounds):
        tasks += [_case_task(case, round_index, interpreters[case.side], probe) for case in cases]
    return [local_play("no-op tasks, interleaved round by round", tasks,
                       {"bench_lab_url": lab.url, "bench_ca_bundle": lab.ca_bundle})]


def converge_for_cases(paths: Paths, lab: Lab) -> None:
    """Make every case a no-op: peering, authorizations, both kinds of Global Reach, the gateway and its connection
    (fast operations)."""
    lab.fresh(operation_seconds=0.2, retry_after=1, gateway_operation_seconds=1.0)
    tasks = setup_tasks()
    for task in tasks:
        task["vars"] = {"ansible_python_interpreter": str(paths.ours_python)}
    playbook = write_playbook(paths, "noop-setup", [local_play("converge the no-op world", tasks)])
    run = run_playbook(paths, lab, playbook, "noop-setup", timeout=600)
    if run.returncode != 0:
        raise RuntimeError(f"setting up the no-op world failed; see {run.log}")


def run_noop(paths: Paths, lab: Lab, cases: list[Case], rounds: int, memory_rounds: int) -> dict[str, Any]:
    print("  converging the no-op world", flush=True)
    converge_for_cases(paths, lab)
    lab.admin.clear_log()

    # Round 0 warms Ansible's module cache; it is run but not counted.
    print(f"  timing {len(cases)} cases x {rounds} rounds (+1 warm-up), interleaved", flush=True)
    playbook = write_playbook(paths, "noop", build_plays(paths, lab, cases, rounds + 1, probe=False))
    run = run_playbook(paths, lab, playbook, "noop", timeout=3600)
    entries = lab.requests_since(0)
    timed = _per_case(run.timings, entries, cases, skip_round=0)

    probes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if memory_rounds:
        print(f"  peak RSS and imports: {len(cases)} cases x {memory_rounds} rounds under the probe", flush=True)
        probe_file = paths.work / "runs" / "noop-probe.jsonl"
        probe_file.unlink(missing_ok=True)
        playbook = write_playbook(paths, "noop-probe", build_plays(paths, lab, cases, memory_rounds, probe=True))
        probe_run = run_playbook(paths, lab, playbook, "noop-probe", env={"BENCH_PROBE_FILE": str(probe_file)},
                                 timeout=3600)
        if probe_run.returncode != 0:
            print(f"  warning: the probe run failed (see {probe_run.log})", flush=True)
        if probe_file.exists():
            for line in probe_file.read_text().splitlines():
                record = json.loads(line)
                probes[record["case"]].append(record)

    print("  anatomy of a no-op circuit_info", flush=True)
    anatomy = run_anatomy(paths, lab, max(3, memory_rounds * 2))

    results = []
    for case in cases:
        row = timed[case.id]
        row.update(_probe_summary(probes.get(case.id, [])))
        results.append(row)
    return {"rounds": rounds, "memory_rounds": memory_rounds, "api_version": API_VERSION,
            "returncode": run.returncode, "wall_s": run.wall_s, "cpu_s": run.cpu_s, "cases": results,
            "anatomy": anatomy, "measured_at": time.time()}


def _per_case(timings: list[dict[str, Any]], entries: list[dict[str, Any]], cases: list[Case],
              skip_round: int | None) -> dict[str, dict[str, Any]]:
    by_id = {case.id: case for case in cases}
    samples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in timings:
        case_id, _, round_text = row["task"].rpartition("#")
        if case_id not in by_id or not round_text.isdigit():
            continue
        if skip_round is not None and int(round_text) == skip_round:
            continue
        window = traffic.within(entries, row["start"], row["end"])
        samples[case_id].append(dict(row, kinds=traffic.by_kind(window)))
    out = {}
    for case in cases:
        rows = samples.get(case.id, [])
        ok = [row for row in rows if row["status"] == "ok"]
        walls = [row["end"] - row["start"] for row in ok]
        kinds = [row["kinds"] for row in ok]
        out[case.id] = {
            "id": case.id, "side": case.side, "module": case.module, "note": case.note, "min_reads": case.min_reads,
            "samples": len(walls),
            "failures": [row.get("msg", "") for row in rows if row["status"] != "ok"][:3],
            "changed": sum(1 for row in ok if row["changed"]),
            "wall_s": walls,
            "median_s": median(walls) if walls else None,
            "p90_s": percentile(walls, 0.9) if walls else None,
            "min_s": min(walls) if walls else None,
            "reads": _median_of(kinds, "read"),
            "writes": sum(k["write"] + k["action"] for k in kinds),
            "polls": _median_of(kinds, "poll"),
            "tokens": _median_of(kinds, "token"),
            "metadata": _median_of(kinds, "metadata"),
            "throttled": sum(k["throttled"] for k in kinds),
        }
    return out


def _median_of(kinds: list[dict[str, int]], kind: str) -> float | None:
    return median([k[kind] for k in kinds]) if kinds else None


def _probe_summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    if not records:
        return {"rss_mb": None, "import_ms": None, "process_ms": None, "top_imports": []}
    names: dict[str, list[int]] = defaultdict(list)
    for record in records:
        for name, micros in record["imports"].items():
            names[name].append(micros)
    top = sorted(((name, median(values) / 1000.0) for name, values in names.items()), key=lambda item: -item[1])
    return {
        "rss_mb": median([record["maxrss_kb"] for record in records]) / 1024.0,
        "import_ms": median([record["import_us"] for record in records]) / 1000.0,
        "process_ms": median([record["wall_s"] for record in records]) * 1000.0,
        "cpu_ms": median([record["cpu_s"] for record in records]) * 1000.0,
        "top_imports": [[name, round(ms, 1)] for name, ms in top[:8]],
    }

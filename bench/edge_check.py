"""What checking the edge router's end of each link adds to connectivity_check, per site.

    .venv/bin/python bench/edge_check.py [--rounds N]      (make bench-edge; needs root and FRR)

One site (er-sv-primary <-> avs-westus-prod) is connected once with onprem_to_avs.yml and the lab's FRR as
its edge router. Then connectivity_check runs for that site, alternating round by round between Azure's
side only (connectivity_check_edge_source: none) and both ends (lab: the edge router's configuration and
three vtysh JSON reads, ARP on both links, the verdict, and the report), each as one ansible-playbook run
on the main .venv. The cost of the edge verification is the difference of the median wall times.
Target: under 2 s per site. Results go to .build/bench/results/edge.json.

Small on purpose (a few rounds, one site, quick-style): the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from support.ansible_run import collection_tree, lab_environment, playbook_command  # noqa: E402
from erlab.testing import LabServer  # noqa: E402

TARGET_S = 2.0
CHECK_PLAY = [{
    "name": "Check one site", "hosts": "localhost", "connection": "local", "gather_facts": False,
    "tasks": [{"name": "Connectivity", "ansible.builtin.include_role": {"name": "hybridlink.expressroute.connectivity_check"},
               "vars": {"connectivity_check_circuit": "{{ site.circuit }}",
                        "connectivity_check_private_cloud": "{{ site.private_cloud }}",
                        "connectivity_check_workload_prefixes": "{{ site.workload_prefixes }}",
                        "connectivity_check_report_dir": "{{ report_dir }}",
                        "connectivity_check_edge_source": "{{ edge_source }}",
                        "connectivity_check_peering_key": "{{ site.private_peering.shared_key }}",
                        "connectivity_check_topology": "{{ topology }}",
                        "connectivity_check_fail_on_problems": True}}],
}]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per variant (default 3)")
    args = parser.parse_args(argv)
    with open(REPO / "playbooks" / "vars" / "example_sites.yml") as handle:
        site = yaml.safe_load(handle)["sites"][0]
    site["private_peering"]["shared_key"] = "bench-edge-md5-key"
    work = Path(tempfile.mkdtemp(prefix="bench-edge-"))
    (work / "ansible-tmp").mkdir()
    collections = collection_tree(work / "collections")
    with LabServer(operation_seconds=0.5, retry_after=1, connect_seconds=0.5) as lab:
        env = lab_environment(lab, collections, work)

        def playbook(path, extra):
            started = time.monotonic()
            done = subprocess.run(playbook_command(path, extra_vars=extra), env=env, cwd=str(work),
                                  capture_output=True, text=True, check=False)
            if done.returncode != 0:
                sys.exit("ansible-playbook %s failed:\n%s" % (path, done.stdout[-3000:]))
            return time.monotonic() - started

        mode = json.loads(subprocess.run(
            [sys.executable, "-c", "import json, ssl, sys, urllib.request; print(urllib.request.urlopen("
             "sys.argv[1] + '/_lab/edge', context=ssl.create_default_context(cafile=sys.argv[2])).read().decode())",
             lab.url, lab.ca_bundle], capture_output=True, text=True, check=True).stdout)
        if mode["mode"] != "bgp":
            print("edge emulation unavailable (%s): nothing to measure" % mode["reason"])
            return 1
        print("connecting one site with the lab's FRR as its edge router ...", flush=True)
        playbook(REPO / "playbooks" / "onprem_to_avs.yml",
                 {"sites": [site], "report_dir": str(work / "reports"), "edge_target": "lab"})
        check = work / "check.yml"
        check.write_text(json.dumps(CHECK_PLAY))
        times: dict[str, list[float]] = {"azure": [], "both": [], "both+topology": []}
        variants = [("azure", "none", False), ("both", "lab", False), ("both+topology", "lab", True)]
        for round_number in range(args.rounds + 1):  # round 0 warms caches and is not counted
            for name, source, topology in variants:
                seconds = playbook(check, {"site": site, "report_dir": str(work / "reports"),
                                           "edge_source": source, "topology": topology})
                if round_number:
                    times[name].append(seconds)
            print("  round %d: %s" % (round_number, ", ".join(
                "%s %.2f s" % (name, values[-1]) for name, values in times.items() if values and round_number)),
                flush=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    result = {
        "rounds": args.rounds,
        "median_s": {name: round(value, 2) for name, value in medians.items()},
        "edge_cost_s": round(medians["both"] - medians["azure"], 2),
        "topology_cost_s": round(medians["both+topology"] - medians["both"], 2),
        "target_s": TARGET_S,
    }
    result["pass"] = result["edge_cost_s"] < TARGET_S
    out = REPO / ".build" / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "edge.json").write_text(json.dumps(result, indent=2) + "\n")
    print("connectivity_check per site, median of %d: Azure's side only %.2f s, both ends %.2f s (+%.2f s, target "
          "< %.1f s: %s); the Graphviz picture adds %.2f s"
          % (args.rounds, medians["azure"], medians["both"], result["edge_cost_s"], TARGET_S,
             "PASS" if result["pass"] else "FAIL", result["topology_cost_s"]))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

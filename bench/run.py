#!/usr/bin/env python
"""The hybridlink.expressroute bench: run it with `make bench` (or `make bench BENCH_ARGS=--quick`).

Measures, against the lab, side by side in one run: no-op tasks of every
module against the floor (ansible.builtin.uri) and azure.azcollection; import
cost; converge runs of playbooks/onprem_to_avs.yml; fleets of 1 to 200 sites.
Writes raw results to .build/bench/results/ and regenerates docs/benchmarks.md
with its plot. Not a test: targets are reported as pass/fail, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from erbench import environment, report  # noqa: E402
from erbench.paths import default_paths  # noqa: E402

PHASES = ("noop", "imports", "converge", "fleet")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a few minutes: fewer cases, rounds and fleet sizes")
    parser.add_argument("--phases", default=",".join(PHASES),
                        help="comma-separated subset of %s (others keep their last results)" % ", ".join(PHASES))
    parser.add_argument("--rounds", type=int, help="timed rounds per no-op case (default 10, quick 4)")
    parser.add_argument("--memory-rounds", type=int, help="probe rounds per no-op case (default 3, quick 1)")
    parser.add_argument("--import-repeats", type=int,
                        help="fresh processes per import measurement (default 7, quick 3)")
    parser.add_argument("--fleet-sizes", help="sites per fleet run (default 1,10,50; quick 1,10)")
    parser.add_argument("--large", action="store_true",
                        help="add the 200-site fleet (about 15 more minutes on 2 cores); without it the last 200-site "
                             "result is kept, with its own commit and date")
    parser.add_argument("--forks", type=int, default=8, help="ansible forks for fleet runs (default 8)")
    parser.add_argument("--work", help="scratch folder (default .build/bench)")
    parser.add_argument("--ours-python",
                        help="interpreter with this collection's requirements (default .venv/bin/python)")
    parser.add_argument("--no-docs", action="store_true", help="do not regenerate docs/benchmarks.md")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    paths = default_paths(args.work, args.ours_python)
    phases = [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        raise SystemExit(f"unknown phase(s): {', '.join(sorted(unknown))}; known: {', '.join(PHASES)}")
    settings = {
        "quick": args.quick,
        "rounds": args.rounds or (4 if args.quick else 10),
        "memory_rounds": args.memory_rounds if args.memory_rounds is not None else (1 if args.quick else 2),
        "import_repeats": args.import_repeats or (3 if args.quick else 5),
        "fleet_sizes": [int(n) for n in (args.fleet_sizes or ("1,10" if args.quick else "1,10,50")).split(",")]
        + ([200] if args.large else []),
        "forks": args.forks,
    }
    paths.results.mkdir(parents=True, exist_ok=True)
    problems = environment.check(paths)
    if problems:
        for problem in problems:
            print(f"bench: {problem}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    env_facts = environment.describe(paths)
    settings["commit"] = env_facts["commit"]
    (paths.results / "environment.json").write_text(json.dumps(env_facts, indent=1))
    from erbench import phases as phase_runner
    for phase in phases:
        print(f"== {phase}", flush=True)
        phase_started, load_before = time.perf_counter(), os.getloadavg()
        result = phase_runner.run(phase, paths, settings)
        result.update(phase=phase, settings=settings, commit=env_facts["commit"],
                      seconds=time.perf_counter() - phase_started, finished_at=time.time(),
                      load_before=load_before, load_after=os.getloadavg())
        (paths.results / f"{phase}.json").write_text(json.dumps(result, indent=1))
        print(f"   {phase} done in {result['seconds']:.0f} s", flush=True)
    print(f"== all phases done in {time.perf_counter() - started:.0f} s", flush=True)

    if not args.no_docs:
        written = report.write(paths)
        print("wrote " + ", ".join(str(path.relative_to(paths.repo)) for path in written))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

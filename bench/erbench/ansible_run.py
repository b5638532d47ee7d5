"""Run ansible-playbook the way users do, with the bench's timing callback, against the lab.

The collection tree, the environment and the command line come from tests/support (what the integration,
reliability and awx suites use); the bench adds its timing callback, CPU accounting and progress.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import BENCH_DIR, REPO, Paths

sys.path.insert(0, str(REPO / "tests"))

from support.ansible_run import collection_tree, lab_environment, playbook_command  # noqa: E402
from support.wait import wait_for  # noqa: E402

PROGRESS_EVERY_SECONDS = 15.0
POLL_SECONDS = 0.2


def collections_root(paths: Paths) -> Path:
    """This checkout, importable as ansible_collections.hybridlink.expressroute (as the test suites make it)."""
    root = paths.work / "collections"
    return Path(collection_tree(root))


def ansible_environment(paths: Paths, lab: Any, timings_file: Path,
                        extra: dict[str, str] | None = None) -> dict[str, str]:
    """The suites' environment for a run on the lab (lab.env), plus the bench's timing callback."""
    env = lab_environment(lab, str(collections_root(paths)), paths.work, dict(
        ANSIBLE_CALLBACK_PLUGINS=str(BENCH_DIR / "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="bench_timer",
        ANSIBLE_SYSTEM_WARNINGS="0",
        ANSIBLE_HOST_KEY_CHECKING="0",
        BENCH_TIMINGS_FILE=str(timings_file),
    ))
    env.pop("PYTHONPATH", None)
    env.update(extra or {})
    return env


@dataclass
class PlaybookRun:
    returncode: int
    wall_s: float
    started: float            # time.time() when ansible-playbook was started
    ended: float
    timings: list[dict[str, Any]]
    log: Path
    cpu_s: float              # user + system CPU of ansible-playbook and every process it waited for (modules included)
    controller_cpu_s: float | None = None  # of the ansible-playbook process alone (its strategy loop), from /proc

    def failures(self) -> list[dict[str, Any]]:
        return [row for row in self.timings if row["status"] in ("failed", "unreachable")]


def run_playbook(paths: Paths, lab: Any, playbook: Path, name: str, *, args: list[str] | None = None,
                 env: dict[str, str] | None = None, timeout: float = 3600.0, cwd: Path | None = None) -> PlaybookRun:
    """ansible-playbook PLAYBOOK on the lab (anything with .env) with the bench callback; progress for long runs."""
    runs = paths.work / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    timings_file = runs / f"{name}.timings.jsonl"
    log = runs / f"{name}.log"
    timings_file.unlink(missing_ok=True)
    (paths.work / "ansible-tmp").mkdir(parents=True, exist_ok=True)
    command = playbook_command(playbook) + list(args or [])
    environment = ansible_environment(paths, lab, timings_file, env)
    with open(log, "w") as output:
        started_wall = time.time()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environment,
                                   cwd=str(cwd or paths.work), stdin=subprocess.DEVNULL)
        watch = _Watch(process, name, timings_file, started)
        ended = wait_for(watch.ended, timeout, interval=POLL_SECONDS)
        if ended is None:
            process.kill()
            process.wait()
            raise TimeoutError(f"{name}: ansible-playbook ran longer than {timeout:.0f} s (log: {log})")
        wall = time.perf_counter() - started
    usage = ended[1]
    timings = [json.loads(line) for line in timings_file.read_text().splitlines()] if timings_file.exists() else []
    return PlaybookRun(process.returncode, wall, started_wall, started_wall + wall, timings, log,
                       usage.ru_utime + usage.ru_stime, watch.controller_cpu)


class _Watch:
    """What run_playbook checks every POLL_SECONDS while ansible-playbook runs."""

    def __init__(self, process: subprocess.Popen, name: str, timings_file: Path, started: float):
        self.process, self.name, self.timings_file, self.started = process, name, timings_file, started
        self.controller_cpu: float | None = None
        self.next_report = started + PROGRESS_EVERY_SECONDS

    def ended(self) -> tuple[int, Any] | None:
        """(exit code, rusage) once ansible-playbook has ended; meanwhile its own CPU time and progress lines."""
        # wait4 rather than poll(): its rusage covers the controller, its workers and the modules they ran.
        pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
        if pid == self.process.pid:
            self.process.returncode = os.waitstatus_to_exitcode(status)
            return self.process.returncode, usage
        self.controller_cpu = _own_cpu_seconds(self.process.pid) or self.controller_cpu
        now = time.perf_counter()
        if now >= self.next_report:
            done = _count_lines(self.timings_file)
            print(f"    [{self.name}] {now - self.started:5.0f} s, {done} task results so far", flush=True)
            self.next_report = now + PROGRESS_EVERY_SECONDS
        return None


def _own_cpu_seconds(pid: int) -> float | None:
    """User + system CPU of the process itself, without its children (Linux /proc; None elsewhere).

    Read every 0.2 s while ansible-playbook runs, so the last reading misses at most its final 0.2 s.
    """
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    # After the command name: state is field 3, utime and stime are fields 14 and 15 (clock ticks).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _count_lines(path: Path) -> int:
    try:
        with open(path) as handle:
            return sum(1 for _ in handle)
    except FileNotFoundError:
        return 0

"""Run ansible-playbook the way users do, with the bench's timing callback, against the lab."""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import BENCH_DIR, Paths

PROGRESS_EVERY_SECONDS = 15.0


def collections_root(paths: Paths) -> Path:
    """This checkout, importable as ansible_collections.hybridlink.expressroute (as the integration tests do)."""
    root = paths.work / "collections"
    link = root / "ansible_collections" / "hybridlink" / "expressroute"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(paths.repo)
    return root


def ansible_environment(paths: Paths, lab_env: dict[str, str], timings_file: Path,
                        extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(lab_env)
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(collections_root(paths)),
        ANSIBLE_CALLBACK_PLUGINS=str(BENCH_DIR / "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="bench_timer",
        ANSIBLE_LOCAL_TEMP=str(paths.work / "ansible-tmp"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_SYSTEM_WARNINGS="0",
        ANSIBLE_HOST_KEY_CHECKING="0",
        BENCH_TIMINGS_FILE=str(timings_file),
    )
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


def run_playbook(paths: Paths, lab_env: dict[str, str], playbook: Path, name: str, *, args: list[str] | None = None,
                 env: dict[str, str] | None = None, timeout: float = 3600.0, cwd: Path | None = None) -> PlaybookRun:
    """ansible-playbook PLAYBOOK with the bench callback; prints progress for long runs."""
    runs = paths.work / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    timings_file = runs / f"{name}.timings.jsonl"
    log = runs / f"{name}.log"
    timings_file.unlink(missing_ok=True)
    (paths.work / "ansible-tmp").mkdir(parents=True, exist_ok=True)
    command = [str(paths.ansible_playbook), "-i", "localhost,", str(playbook)] + list(args or [])
    environment = ansible_environment(paths, lab_env, timings_file, env)
    with open(log, "w") as output:
        started_wall = time.time()
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environment,
                                   cwd=str(cwd or paths.work), stdin=subprocess.DEVNULL)
        next_report = started + PROGRESS_EVERY_SECONDS
        controller_cpu = None
        while True:
            # wait4 rather than poll(): its rusage covers the controller, its workers and the modules they ran.
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid == process.pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                break
            controller_cpu = _own_cpu_seconds(process.pid) or controller_cpu
            time.sleep(0.2)
            now = time.perf_counter()
            if now - started > timeout:
                process.kill()
                process.wait()
                raise TimeoutError(f"{name}: ansible-playbook ran longer than {timeout:.0f} s (log: {log})")
            if now >= next_report:
                done = _count_lines(timings_file)
                print(f"    [{name}] {now - started:5.0f} s, {done} task results so far", flush=True)
                next_report = now + PROGRESS_EVERY_SECONDS
        wall = time.perf_counter() - started
    timings = [json.loads(line) for line in timings_file.read_text().splitlines()] if timings_file.exists() else []
    return PlaybookRun(process.returncode, wall, started_wall, started_wall + wall, timings, log,
                       usage.ru_utime + usage.ru_stime, controller_cpu)


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

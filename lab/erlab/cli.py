"""Command line: `erlab serve | env | stop` (also `python -m erlab ...`).

The web stack (server.py) and httpx are imported only by the commands that
need them, so `env`, `stop` and refusals answer quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import ssl
import subprocess
import sys
import time
from pathlib import Path

from .exports import export_lines, exports

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="erlab", description="Local ARM emulator for ExpressRoute and AVS")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="start the lab (reuses the state dir's database if there is one)")
    run.add_argument("--state-dir", required=True, type=Path)
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=0, help="0 picks a free port")
    run.add_argument("--world", help="world YAML used when the database is new (default: packaged default world)")
    run.add_argument("--operation-seconds", type=float, default=None, help="LRO duration (default 2.0)")
    run.add_argument("--retry-after", type=int, default=None, help="Retry-After on async answers (default 1)")
    run.add_argument("--connect-seconds", type=float, default=None,
                     help="opt-in: Global Reach says Connecting this long after provisioning (default 0)")
    run.add_argument("--detach", action="store_true", help="return once the server answers")
    for name, text in (("env", "print the export lines"), ("stop", "stop the running lab")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--state-dir", required=True, type=Path)
    return parser


def _read_info(state_dir: Path) -> dict:
    path = state_dir / "lab.json"
    if not path.exists():
        raise SystemExit(f"erlab: no lab.json in {state_dir}; is a lab running there?")
    return json.loads(path.read_text())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """An exited server not reaped yet (a detached one waits for init, which may be slow to reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # no procfs: only kill(0) can tell
    return stat.rsplit(")", 1)[-1].split()[:1] == ["Z"]


def wait_until_ready(state_dir: Path, pid: int, timeout: float = 30.0, process: subprocess.Popen | None = None) -> dict:
    """Wait for a server process to write lab.json and answer /_lab/health."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"erlab exited with status {process.returncode}; see {state_dir / 'server.log'}")
        try:
            info = json.loads((state_dir / "lab.json").read_text())
            if info.get("pid") == pid:
                trust = ssl.create_default_context(cafile=info["ca_bundle"])
                response = httpx.get(f"{info['url']}/_lab/health", verify=trust, timeout=2.0)
                if response.status_code == 200:
                    return info
        except (OSError, ValueError, httpx.HTTPError):
            pass
        time.sleep(0.05)
    raise TimeoutError(f"erlab did not become ready within {timeout}s")


def _detach(args: argparse.Namespace) -> int:
    state_dir = args.state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "erlab", "serve", "--state-dir", str(state_dir), "--host", args.host,
               "--port", str(args.port)]
    for flag, value in (("--world", args.world), ("--operation-seconds", args.operation_seconds),
                        ("--retry-after", args.retry_after), ("--connect-seconds", args.connect_seconds)):
        if value is not None:
            command += [flag, str(value)]
    with open(state_dir / "server.log", "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
    info = wait_until_ready(state_dir, process.pid, process=process)
    print(export_lines(exports(info, state_dir)), end="")
    return 0


def _stop(state_dir: Path, timeout: float = 15.0) -> int:
    info = _read_info(state_dir.resolve())
    pid = int(info["pid"])
    if not _alive(pid):
        print(f"erlab: pid {pid} is not running", file=sys.stderr)
        return 0
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return 0
        try:  # reap it if it is our child (LabServer case)
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.05)
    print(f"erlab: pid {pid} did not stop within {timeout}s", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        if args.host not in LOOPBACK_HOSTS:
            raise SystemExit("erlab listens on loopback only (use --host 127.0.0.1)")
        if args.detach:
            return _detach(args)
        from .server import serve

        serve(args.state_dir, args.host, args.port, args.world, args.operation_seconds, args.retry_after,
              args.connect_seconds)
        return 0
    if args.command == "env":
        state_dir = args.state_dir.resolve()
        print(export_lines(exports(_read_info(state_dir), state_dir)), end="")
        return 0
    return _stop(args.state_dir)


if __name__ == "__main__":
    raise SystemExit(main())

"""FRR bgpd processes: one per pathspace (`-N`), state and pid file under /var/run/frr/<pathspace>.

bgpd runs without zebra (`-Z`), listens only on the given addresses (`-l`)
inside the circuit's namespace, and has no TCP vty (`-P 0`); vtysh reaches it
through the pathspace's Unix socket. Every process is stopped through its
pid file, so teardown never needs a process-name match.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from .capability import BGPD

RUN_DIR = Path("/var/run/frr")


class VtyshError(RuntimeError):
    pass


def state_dir(pathspace: str) -> Path:
    return RUN_DIR / pathspace


def _pid_file(pathspace: str) -> Path:
    return state_dir(pathspace) / "bgpd.pid"


def pid(pathspace: str) -> int | None:
    try:
        return int(_pid_file(pathspace).read_text().strip())
    except (OSError, ValueError):
        return None


def _running(process_id: int | None) -> bool:
    if not process_id:
        return False
    try:
        os.kill(process_id, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{process_id}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return True


def alive(pathspace: str) -> bool:
    return _running(pid(pathspace))


def _owned_by_frr(path: Path) -> None:
    os.chown(path, pwd.getpwnam("frr").pw_uid, grp.getgrnam("frr").gr_gid)


def start(namespace: str, pathspace: str, listen: list[str], config: str, timeout: float = 10.0) -> int:
    """Start bgpd with `config`; returns its pid once vtysh answers."""
    stop(pathspace)
    directory = state_dir(pathspace)
    if not RUN_DIR.is_dir():  # a fresh machine: the package's tmpfiles.d entry was never applied
        RUN_DIR.mkdir(parents=True)
        _owned_by_frr(RUN_DIR)
    directory.mkdir(exist_ok=True)
    _owned_by_frr(directory)
    conf = directory / "bgpd.conf"
    conf.write_text(config)
    os.chmod(conf, 0o640)  # may hold MD5 keys: readable by root and the frr group only
    _owned_by_frr(conf)
    command = ["ip", "netns", "exec", namespace, BGPD, "-d", "-Z", "-P", "0", "-N", pathspace,
               "-f", str(conf), "-i", str(_pid_file(pathspace))]
    for address in listen:
        command += ["-l", address]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"bgpd {pathspace} did not start: {(result.stderr or result.stdout).strip()[-500:]}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if alive(pathspace):
            try:
                vtysh(pathspace, "show bgp summary json", timeout=2)
                return pid(pathspace) or 0
            except VtyshError:
                pass
        time.sleep(0.05)
    raise RuntimeError(f"bgpd {pathspace} did not answer vtysh within {timeout}s")


def kill(pathspace: str) -> bool:
    """SIGKILL (a crash, for fault tests); the pid file stays behind as a crash leaves it."""
    process_id = pid(pathspace)
    if _running(process_id):
        os.kill(process_id, signal.SIGKILL)
        return True
    return False


def stop(pathspace: str, timeout: float = 3.0) -> None:
    process_id = pid(pathspace)
    if _running(process_id):
        os.kill(process_id, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _running(process_id) and time.monotonic() < deadline:
            time.sleep(0.02)
        if _running(process_id):
            os.kill(process_id, signal.SIGKILL)
    shutil.rmtree(state_dir(pathspace), ignore_errors=True)


def pathspaces(prefix: str) -> list[str]:
    if not RUN_DIR.is_dir():
        return []
    return sorted(p.name for p in RUN_DIR.iterdir() if p.name.startswith(prefix))


def vtysh(pathspace: str, *commands: str, timeout: float = 5.0) -> str:
    args = ["vtysh", "-N", pathspace]
    for command in commands:
        args += ["-c", command]
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise VtyshError(f"vtysh -N {pathspace} timed out") from None
    if result.returncode != 0:
        detail = "\n".join(mask(line) for line in (result.stdout + result.stderr).splitlines() if "vtysh.conf" not in line)
        raise VtyshError(detail.strip() or f"vtysh -N {pathspace} failed ({result.returncode})")
    return result.stdout


def configure(pathspace: str, lines: list[str]) -> str:
    return vtysh(pathspace, "configure terminal", *lines)


_PASSWORD = re.compile(r"(\bpassword\s+)\S+")


def mask(text: str) -> str:
    """FRR echoes the offending line; an MD5 key in it never leaves the lab."""
    return _PASSWORD.sub(r"\1********", text)


def check_config(text: str, scratch: Path) -> str | None:
    """FRR's own verdict on a configuration (vtysh --dryrun); None when it accepts every line."""
    scratch.write_text(text)
    try:
        result = subprocess.run(["vtysh", "-C", "-f", str(scratch)], capture_output=True, text=True, timeout=10)
    finally:
        scratch.unlink(missing_ok=True)
    if result.returncode == 0:
        return None
    lines = [mask(line) for line in (result.stdout + result.stderr).splitlines() if line.strip() and "vtysh.conf" not in line]
    return "; ".join(lines) or f"vtysh --dryrun refused it ({result.returncode})"

"""A circuit's network namespace: created empty, loopback up, link addresses added as /32s.

Names are short (Linux and FRR's socket paths have limits) and derived from
the lab's state directory, so a lab cleans up exactly what it (or a crashed
earlier run on the same state dir) made, never another lab's.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path


def _digest(text: str, size: int) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:size]


def lab_prefix(state_dir: Path) -> str:
    return "erl" + _digest(str(state_dir.resolve()), 6)


def namespace_name(prefix: str, circuit_id: str) -> str:
    return f"{prefix}-{_digest(circuit_id.lower(), 5)}"


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=15)
    if check and result.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {result.stderr.strip()}")
    return result


def existing(prefix: str = "") -> list[str]:
    out = _ip("netns", "list", check=False).stdout
    names = [line.split()[0] for line in out.splitlines() if line.strip()]
    return [n for n in names if n.startswith(prefix)]


def present(name: str) -> bool:
    return Path(f"/run/netns/{name}").exists()


def create(name: str) -> None:
    if name not in existing(name):
        _ip("netns", "add", name)
    _ip("-n", name, "link", "set", "lo", "up")


def delete(name: str) -> None:
    _ip("netns", "delete", name, check=False)


def pids(name: str) -> list[int]:
    out = _ip("netns", "pids", name, check=False).stdout
    return [int(p) for p in out.split() if p.isdigit()]


def addresses(name: str) -> set[str]:
    out = _ip("-n", name, "-o", "-4", "addr", "show", "dev", "lo", check=False).stdout
    found = set()
    for line in out.splitlines():
        parts = line.split()
        if "inet" in parts:
            found.add(parts[parts.index("inet") + 1].split("/")[0])
    return found - {"127.0.0.1"}


def add_address(name: str, address: str) -> None:
    if address not in addresses(name):
        _ip("-n", name, "addr", "add", f"{address}/32", "dev", "lo")


def remove_address(name: str, address: str) -> None:
    _ip("-n", name, "addr", "del", f"{address}/32", "dev", "lo", check=False)

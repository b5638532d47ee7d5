"""Can this machine run real BGP speakers? `auto` picks `bgp` only when it can, and says why not."""

from __future__ import annotations

import os
import shutil
import subprocess

BGPD = "/usr/lib/frr/bgpd"
MODES = ("auto", "bgp", "synthetic")


class EdgeUnavailable(RuntimeError):
    """`bgp` was asked for and this machine cannot run it (the message says why)."""


def _probe_netns() -> str | None:
    name = f"erlprobe{os.getpid()}"
    try:
        made = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"`ip netns add` could not run: {error}"
    if made.returncode != 0:
        return f"`ip netns add` failed: {made.stderr.strip() or made.returncode}"
    subprocess.run(["ip", "netns", "delete", name], capture_output=True, timeout=10)
    return None


def why_not() -> str | None:
    """None when real BGP can run here, otherwise the reason in plain words."""
    if os.geteuid() != 0:
        return "edge emulation needs root (network namespaces, BGP port 179, TCP MD5); the lab runs as an ordinary user"
    if not os.access(BGPD, os.X_OK):
        return f"FRR is not installed ({BGPD} missing; Debian package `frr`)"
    if shutil.which("vtysh") is None:
        return "FRR's vtysh is not on PATH (Debian package `frr`)"
    if shutil.which("ip") is None:
        return "iproute2's `ip` is not on PATH"
    return _probe_netns()


def resolve(requested: str) -> tuple[str, str]:
    """(mode, reason) for a requested mode; raises EdgeUnavailable when `bgp` cannot run."""
    if requested not in MODES:
        raise ValueError(f"edge mode must be one of {', '.join(MODES)}, got {requested!r}")
    if requested == "synthetic":
        return "synthetic", "synthetic mode was requested: route tables are made up from the world file"
    problem = why_not()
    if problem is None:
        return "bgp", f"FRR bgpd speakers in network namespaces ({requested} mode)"
    if requested == "bgp":
        raise EdgeUnavailable(f"edge mode bgp is not possible here: {problem}")
    return "synthetic", f"real BGP unavailable, route tables are made up from the world file: {problem}"

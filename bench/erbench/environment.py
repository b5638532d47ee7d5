"""What the bench needs before it starts, and the facts about this machine it reports."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from .paths import Paths


def check(paths: Paths) -> list[str]:
    problems = []
    if not paths.ours_python.exists():
        problems.append(f"{paths.ours_python} not found: run `make venv` (this collection's requirements) first")
    if not paths.ansible_playbook.exists():
        problems.append(f"{paths.ansible_playbook} not found: run the bench with the bench venv "
                        "(bash bench/setup-venv.sh)")
    if (paths.azure_python.parent.parent / ".azure-incomplete").exists():
        problems.append("azure.azcollection's requirements did not install in the bench venv; see bench/README.md")
    return problems


def _run(command: list[str], cwd: Path | None = None) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd).stdout.strip()
    except OSError:
        return ""


def _versions(python: Path, packages: list[str]) -> dict[str, str]:
    script = ("import importlib.metadata as m, json, sys\n"
              "out = {}\n"
              "for name in sys.argv[1:]:\n"
              "    try: out[name] = m.version(name)\n"
              "    except m.PackageNotFoundError: out[name] = None\n"
              "print(json.dumps(out))")
    text = _run([str(python), "-c", script] + packages)
    return json.loads(text) if text else {}


def _collection_version(python: Path, collection: str) -> str | None:
    script = ("import importlib.util, json, pathlib, sys\n"
              "spec = importlib.util.find_spec(sys.argv[1])\n"
              "root = pathlib.Path(list(spec.submodule_search_locations)[0])\n"
              "print(json.loads((root / 'MANIFEST.json').read_text())['collection_info']['version'])")
    return _run([str(python), "-c", script, collection]) or None


def describe(paths: Paths) -> dict[str, Any]:
    commit = _run(["git", "rev-parse", "--short", "HEAD"], cwd=paths.repo)
    dirty = bool(_run(["git", "status", "--porcelain", "--", "plugins"], cwd=paths.repo))
    return {
        "commit": commit + ("+local plugins/ changes" if dirty else ""),
        "cpu_count": os.cpu_count(),
        "cpu": _cpu_model(),
        "platform": platform.platform(),
        "controller": _versions(paths.azure_python, ["ansible", "ansible-core"]),
        "ours_python": _run([str(paths.ours_python), "-c", "import sys; print(sys.version.split()[0])"]),
        "ours_packages": _versions(paths.ours_python,
                                   ["azure-identity", "msal", "azure-mgmt-core", "azure-core"]),
        "azure_python": _run([str(paths.azure_python), "-c", "import sys; print(sys.version.split()[0])"]),
        "azure_packages": _versions(paths.azure_python, ["azure-identity", "azure-mgmt-network", "azure-core",
                                                         "azure-cli-core"]),
        "azure_collection": _collection_version(paths.azure_python, "ansible_collections.azure.azcollection"),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()

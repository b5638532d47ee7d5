"""Each phase on its own lab (a fresh subprocess), so one phase's state never leaks into another."""

from __future__ import annotations

from typing import Any

from .paths import Paths


def run(phase: str, paths: Paths, settings: dict[str, Any]) -> dict[str, Any]:
    if phase == "imports":
        from .imports import run_imports
        return run_imports(paths, settings)

    from .labctl import start_lab
    lab = start_lab()
    try:
        if phase == "noop":
            from .cases import ALL_CASES, QUICK_CASES
            from .noop import run_noop
            cases = QUICK_CASES if settings["quick"] else ALL_CASES
            return run_noop(paths, lab, cases, settings["rounds"], settings["memory_rounds"])
        if phase == "converge":
            from .converge import run_converge
            return run_converge(paths, lab, settings)
        if phase == "fleet":
            import json
            from .fleet import run_fleet
            last = paths.results / "fleet.json"
            return run_fleet(paths, lab, settings, json.loads(last.read_text()) if last.exists() else None)
        raise ValueError(phase)
    finally:
        lab.server.stop()

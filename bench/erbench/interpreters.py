"""Module interpreters: plain for timing, wrapped by the probe for memory and imports."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .paths import BENCH_DIR, Paths

AZURE_SHIM_ENV = {
    "BENCH_AZURE_SHIM": "1",
    "PYTHONPATH": str(BENCH_DIR / "azure_shim"),
    # The lab is not a public cloud: no instance discovery against it.
    "AZURE_DISABLE_INSTANCE_DISCOVERY": "true",
}


def interpreter_for(paths: Paths, side: str) -> Path:
    return paths.azure_python if side == "azure" else paths.ours_python


def task_environment(side: str) -> dict[str, str]:
    return dict(AZURE_SHIM_ENV) if side == "azure" else {}


def probe_wrapper(paths: Paths, side: str) -> Path:
    """A one-line script that runs the probe (isolated, stdlib only) around the side's interpreter."""
    real = interpreter_for(paths, side)
    wrapper = paths.work / "bin" / f"probe-{side}"
    wrapper.parent.mkdir(parents=True, exist_ok=True)
    wrapper.write_text(f'#!/bin/sh\nexec "{real}" -I "{BENCH_DIR / "probe" / "probe.py"}" "{real}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return wrapper


def probe_available() -> bool:
    return hasattr(os, "wait4")

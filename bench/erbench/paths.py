"""Where things are: the checkout, the two venvs, the bench's scratch space."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO = BENCH_DIR.parent


@dataclass(frozen=True)
class Paths:
    repo: Path
    work: Path                 # scratch: generated playbooks, logs, raw results (under .build/, not committed)
    ours_python: Path          # runs this collection's modules (its requirements.txt installed: the main .venv)
    azure_python: Path         # runs azure.azcollection's modules (the bench venv)
    ansible_playbook: Path     # the controller: ansible-core from the `ansible` package in the bench venv

    @property
    def results(self) -> Path:
        return self.work / "results"

    @property
    def docs(self) -> Path:
        return self.repo / "docs"


def default_paths(work: str | None = None, ours_python: str | None = None) -> Paths:
    bench_bin = Path(sys.executable).parent
    return Paths(
        repo=REPO,
        work=Path(work or REPO / ".build" / "bench").resolve(),
        ours_python=Path(ours_python or os.environ.get("BENCH_OURS_PYTHON") or REPO / ".venv" / "bin" / "python"),
        azure_python=Path(sys.executable),
        ansible_playbook=bench_bin / "ansible-playbook",
    )

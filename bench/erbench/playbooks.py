"""Write generated playbooks (JSON is YAML) where a person can read them after a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .paths import Paths


def write_playbook(paths: Paths, name: str, plays: list[dict[str, Any]]) -> Path:
    folder = paths.work / "playbooks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(json.dumps(plays, indent=1) + "\n")
    return path


def local_play(name: str, tasks: list[dict[str, Any]], variables: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "hosts": "localhost", "connection": "local", "gather_facts": False,
            "vars": variables or {}, "tasks": tasks}

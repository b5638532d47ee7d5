"""The lab for one bench run: start it, set its world and speed, read what clients sent."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

from erlab.testing import LabServer


class Lab:
    """A LabServer plus the few reads the bench needs from it."""

    def __init__(self, server: LabServer):
        self.server = server

    @property
    def admin(self):
        return self.server.admin

    @property
    def env(self) -> dict[str, str]:
        return self.server.env

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def ca_bundle(self) -> str:
        return self.server.ca_bundle

    @property
    def info(self) -> dict[str, Any]:
        return self.server.info

    def fresh(self, world: dict[str, Any] | None = None, **settings: Any) -> None:
        """A new world (default when None), the given settings, an empty request log."""
        self.admin.reset(world)
        if settings:
            self.admin.settings(**settings)
        self.admin.clear_faults()
        self.admin.clear_log()

    def last_seq(self) -> int:
        entries = self.admin.requests()
        return entries[-1]["seq"] if entries else 0

    def requests_since(self, seq: int) -> list[dict[str, Any]]:
        return self.admin.requests(since=seq)

    def operations(self, since: float = 0.0) -> list[dict[str, Any]]:
        """Long-running operations the lab ran (read-only look at its SQLite state), or [] if unreadable."""
        path = self.server.state_dir / "lab.db"
        try:
            with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
                db.row_factory = sqlite3.Row
                rows = db.execute(
                    "SELECT id, provider, name, method, target_id, lock_key, started_at, finishes_at, outcome "
                    "FROM operations WHERE started_at >= ? ORDER BY started_at", (since,)).fetchall()
        except sqlite3.Error:
            return []
        return [dict(row) for row in rows]


def start_lab(**settings: Any) -> Lab:
    server = LabServer(operation_seconds=settings.pop("operation_seconds", None),
                       retry_after=settings.pop("retry_after", None))
    server.start()
    lab = Lab(server)
    if settings:
        lab.admin.settings(**settings)
    return lab

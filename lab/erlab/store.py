"""SQLite persistence for everything the lab knows.

One database file per state directory. Every piece of state lives here
(resources, long-running operations, settings, the request log, fault rules,
throttle buckets, the world and the token-signing secret) so that stopping
and restarting the server loses nothing.

The server handles one request at a time on its event loop, so a single
connection guarded by a lock is enough; WAL keeps readers (tests peeking at
the file) from blocking it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS resources (
    key TEXT PRIMARY KEY,            -- lower-cased resource id
    id TEXT NOT NULL,                -- resource id as created (casing kept)
    type TEXT NOT NULL,              -- e.g. Microsoft.Network/expressRouteCircuits
    parent_key TEXT,                 -- key of the parent resource, NULL for top level
    subscription TEXT NOT NULL,      -- lower-cased subscription id
    resource_group TEXT NOT NULL,    -- lower-cased resource group name
    body TEXT NOT NULL,              -- stored representation (latest api shape)
    meta TEXT NOT NULL DEFAULT '{}', -- lab-private facts never rendered as-is
    created_at REAL NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS resources_parent ON resources(parent_key);
CREATE INDEX IF NOT EXISTS resources_type ON resources(type, subscription);
CREATE TABLE IF NOT EXISTS operations (
    id TEXT PRIMARY KEY,
    subscription TEXT NOT NULL,
    resource_group TEXT NOT NULL,
    provider TEXT NOT NULL,
    location TEXT NOT NULL,
    name TEXT NOT NULL,              -- e.g. PutExpressRouteCircuitPeeringOperation
    method TEXT NOT NULL,
    target_id TEXT NOT NULL,
    lock_key TEXT,
    started_at REAL NOT NULL,
    finishes_at REAL NOT NULL,
    outcome TEXT NOT NULL,           -- Succeeded | Failed | Canceled (predetermined or set on completion)
    error TEXT,                      -- JSON error object when not Succeeded
    effect TEXT NOT NULL,            -- JSON: what completing the operation does
    result TEXT,                     -- JSON body served from the Location URL (POST actions)
    applied INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS operations_pending ON operations(applied, finishes_at);
CREATE TABLE IF NOT EXISTS request_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    api_version TEXT,
    status INTEGER NOT NULL,
    kind TEXT NOT NULL,
    client_id TEXT,
    error_code TEXT
);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rule TEXT NOT NULL,
    hits INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS buckets (
    key TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    updated REAL NOT NULL
);
"""


@dataclass
class Resource:
    """One stored ARM resource (a row of `resources`)."""

    id: str
    type: str
    body: dict[str, Any]
    parent_key: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0

    @property
    def key(self) -> str:
        return self.id.lower()

    @property
    def properties(self) -> dict[str, Any]:
        return self.body.setdefault("properties", {})


def _segments(resource_id: str) -> tuple[str, str]:
    parts = resource_id.strip("/").split("/")
    subscription = parts[1].lower() if len(parts) > 1 else ""
    group = parts[3].lower() if len(parts) > 3 and parts[2].lower() == "resourcegroups" else ""
    return subscription, group


class Store:
    def __init__(self, path: Path | str):
        self.path = str(path)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.RLock()
        self._depth = 0

    def close(self) -> None:
        self._db.close()

    # -- transactions ---------------------------------------------------
    def transaction(self) -> "_Transaction":
        return _Transaction(self)

    def execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, params)

    # -- key/value ------------------------------------------------------
    def get_kv(self, key: str, default: Any = None) -> Any:
        row = self.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else default

    def set_kv(self, key: str, value: Any) -> None:
        self.execute(
            "INSERT INTO kv(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    def is_new(self) -> bool:
        return self.get_kv("world") is None

    # -- resources ------------------------------------------------------
    def get(self, resource_id: str) -> Resource | None:
        row = self.execute("SELECT * FROM resources WHERE key = ?", (resource_id.lower(),)).fetchone()
        return _to_resource(row) if row else None

    def save(self, resource: Resource, now: float) -> None:
        subscription, group = _segments(resource.id)
        existing = self.execute("SELECT seq, created_at FROM resources WHERE key = ?", (resource.key,)).fetchone()
        if existing:
            self.execute(
                "UPDATE resources SET id=?, body=?, meta=?, parent_key=? WHERE key=?",
                (resource.id, json.dumps(resource.body), json.dumps(resource.meta), resource.parent_key, resource.key),
            )
            resource.created_at = existing["created_at"]
            return
        seq = self.execute("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM resources").fetchone()["n"]
        resource.created_at = resource.created_at or now
        self.execute(
            "INSERT INTO resources(key, id, type, parent_key, subscription, resource_group, body, meta, created_at, seq)"
            " VALUES(?,?,?,?,?,?,?,?,?,?)",
            (
                resource.key,
                resource.id,
                resource.type,
                resource.parent_key,
                subscription,
                group,
                json.dumps(resource.body),
                json.dumps(resource.meta),
                resource.created_at,
                seq,
            ),
        )

    def remove(self, resource_id: str) -> None:
        """Delete a resource and, recursively, everything under it."""
        key = resource_id.lower()
        for child in self.children(key):
            self.remove(child.id)
        self.execute("DELETE FROM resources WHERE key = ?", (key,))

    def children(self, parent_id: str, type_: str | None = None) -> list[Resource]:
        sql = "SELECT * FROM resources WHERE parent_key = ?"
        params: list[Any] = [parent_id.lower()]
        if type_:
            sql += " AND type = ?"
            params.append(type_)
        return [_to_resource(r) for r in self.execute(sql + " ORDER BY seq", tuple(params))]

    def list(self, type_: str, subscription: str | None = None, resource_group: str | None = None) -> list[Resource]:
        sql = "SELECT * FROM resources WHERE type = ?"
        params: list[Any] = [type_]
        if subscription is not None:
            sql += " AND subscription = ?"
            params.append(subscription.lower())
        if resource_group is not None:
            sql += " AND resource_group = ?"
            params.append(resource_group.lower())
        return [_to_resource(r) for r in self.execute(sql + " ORDER BY seq", tuple(params))]

    def all_resources(self) -> Iterator[Resource]:
        for row in self.execute("SELECT * FROM resources ORDER BY seq"):
            yield _to_resource(row)

    def wipe(self) -> None:
        """Forget the world: resources, operations, buckets (log and faults are cleared separately)."""
        for table in ("resources", "operations", "buckets"):
            self.execute(f"DELETE FROM {table}")


def _to_resource(row: sqlite3.Row) -> Resource:
    return Resource(
        id=row["id"],
        type=row["type"],
        body=json.loads(row["body"]),
        parent_key=row["parent_key"],
        meta=json.loads(row["meta"]),
        created_at=row["created_at"],
    )


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT around one request; nested uses are no-ops."""

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self) -> Store:
        self.store._lock.acquire()
        if self.store._depth == 0:
            self.store._db.execute("BEGIN IMMEDIATE")
        self.store._depth += 1
        return self.store

    def __exit__(self, exc_type, exc, tb) -> None:
        self.store._depth -= 1
        try:
            if self.store._depth == 0:
                self.store._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self.store._lock.release()

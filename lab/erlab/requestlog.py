"""The request log (what clients sent, in order) and counters by kind."""

from __future__ import annotations

from typing import Any

from .store import Store

KINDS = ("read", "write", "action", "poll", "token", "metadata", "throttled", "faulted")


def record(store: Store, *, time: float, method: str, path: str, api_version: str | None, status: int, kind: str,
           client_id: str | None = None, error_code: str | None = None) -> None:
    store.execute(
        "INSERT INTO request_log(time, method, path, api_version, status, kind, client_id, error_code) VALUES(?,?,?,?,?,?,?,?)",
        (time, method, path, api_version, status, kind, client_id, error_code),
    )


def entries(store: Store, since: int = 0) -> list[dict[str, Any]]:
    rows = store.execute("SELECT * FROM request_log WHERE seq > ? ORDER BY seq", (since,))
    return [dict(row) for row in rows]


def counters(store: Store) -> dict[str, int]:
    counts = {kind: 0 for kind in KINDS}
    for row in store.execute("SELECT kind, COUNT(*) AS n FROM request_log GROUP BY kind"):
        counts[row["kind"]] = row["n"]
    return counts


def clear(store: Store) -> None:
    store.execute("DELETE FROM request_log")

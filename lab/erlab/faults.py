"""Injected faults: rules matched against incoming ARM requests.

A rule can answer with an error status (optionally with Retry-After), delay
the answer, drop the connection without answering, or let the request
through but make the operation it starts end Failed/Canceled. `times`
bounds how many requests a rule hits (null = until cleared).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from .store import Store


@dataclass
class FaultRule:
    method: str = "*"
    path: str = ".*"  # regex searched in the request path
    status: int | None = None
    code: str | None = None
    message: str | None = None
    retry_after: int | None = None
    delay_seconds: float = 0.0
    drop_connection: bool = False
    lro_final_status: str | None = None  # Failed | Canceled
    lro_error_code: str | None = None
    lro_error_message: str | None = None
    times: int | None = None

    def validate(self) -> None:
        re.compile(self.path)
        if self.lro_final_status not in (None, "Failed", "Canceled"):
            raise ValueError("lro_final_status must be Failed or Canceled")
        if self.status is not None and not 400 <= int(self.status) <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        if not (self.status or self.drop_connection or self.delay_seconds or self.lro_final_status):
            raise ValueError("a rule needs at least one of status, drop_connection, delay_seconds, lro_final_status")


def add(store: Store, fields: dict[str, Any]) -> int:
    known = set(FaultRule.__dataclass_fields__)
    unknown = set(fields) - known
    if unknown:
        raise ValueError(f"unknown fault fields: {', '.join(sorted(unknown))}")
    rule = FaultRule(**fields)
    rule.validate()
    cur = store.execute("INSERT INTO faults(rule, hits) VALUES(?, 0)", (json.dumps(asdict(rule)),))
    return int(cur.lastrowid)


def listing(store: Store) -> list[dict[str, Any]]:
    return [dict(json.loads(r["rule"]), id=r["id"], hits=r["hits"]) for r in store.execute("SELECT * FROM faults ORDER BY id")]


def clear(store: Store) -> None:
    store.execute("DELETE FROM faults")


def match(store: Store, method: str, path: str) -> FaultRule | None:
    """First live rule for this request; counts the hit."""
    for row in store.execute("SELECT * FROM faults ORDER BY id").fetchall():
        rule = FaultRule(**json.loads(row["rule"]))
        if rule.times is not None and row["hits"] >= rule.times:
            continue
        if rule.method not in ("*", method.upper()) and rule.method.upper() != method.upper():
            continue
        if not re.search(rule.path, path):
            continue
        store.execute("UPDATE faults SET hits = hits + 1 WHERE id = ?", (row["id"],))
        return rule
    return None

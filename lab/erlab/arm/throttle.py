"""ARM's token buckets per subscription and principal (state kept in SQLite)."""

from __future__ import annotations

import math

from ..errors import ArmError
from ..settings import Settings
from ..store import Store


def take(store: Store, settings: Settings, *, subscription: str, principal: str, method: str, now: float) -> tuple[str, int]:
    """Spend one token; return (header suffix, remaining) or raise 429."""
    is_read = method in ("GET", "HEAD")
    bucket = "reads" if is_read else "writes"
    capacity = settings.read_capacity if is_read else settings.write_capacity
    refill = settings.read_refill_per_second if is_read else settings.write_refill_per_second
    key = f"{subscription.lower()}|{principal.lower()}|{bucket}"
    row = store.execute("SELECT tokens, updated FROM buckets WHERE key = ?", (key,)).fetchone()
    tokens = capacity if row is None else min(capacity, row["tokens"] + (now - row["updated"]) * refill)
    header = "deletes" if method == "DELETE" else bucket
    if tokens < 1:
        wait = max(1, math.ceil((1 - tokens) / refill)) if refill > 0 else 60
        store.execute(
            "INSERT INTO buckets(key, tokens, updated) VALUES(?,?,?) ON CONFLICT(key) DO UPDATE SET tokens=excluded.tokens, updated=excluded.updated",
            (key, tokens, now),
        )
        raise ArmError(
            429,
            "SubscriptionRequestsThrottled",
            f"Number of '{'read' if is_read else 'write'}' requests for subscription '{subscription}' actor '{principal}' "
            f"exceeded. Please try again after '{wait}' seconds after additional tokens are available. "
            "Refer to https://aka.ms/arm-throttling",
            headers={"Retry-After": str(wait), f"x-ms-ratelimit-remaining-subscription-{header}": "0"},
        )
    tokens -= 1
    store.execute(
        "INSERT INTO buckets(key, tokens, updated) VALUES(?,?,?) ON CONFLICT(key) DO UPDATE SET tokens=excluded.tokens, updated=excluded.updated",
        (key, tokens, now),
    )
    return header, int(tokens)

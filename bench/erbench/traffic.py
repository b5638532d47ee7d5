"""What the lab's request log says: requests by kind, polling cadence, throttling, conflicts, repeats."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any, Iterable

from .stats import median

KINDS = ("read", "write", "action", "poll", "token", "metadata", "throttled", "faulted")
STATUS_POLL = re.compile(r"/(?:operations|operationstatuses)/([^/?]+)$", re.I)
RESULT_POLL = re.compile(r"/(?:operationResults|operationresults)/([^/?]+)$", re.I)
CONFLICT_CODES = ("AnotherOperationInProgress", "RetryableErrorDueToAnotherOperation",
                  "CanceledAndSupersededDueToAnotherOperation")


def by_kind(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(entry["kind"] for entry in entries)
    return {kind: counts.get(kind, 0) for kind in KINDS}


def within(entries: Iterable[dict[str, Any]], start: float, end: float) -> list[dict[str, Any]]:
    return [entry for entry in entries if start <= entry["time"] <= end]


def arm_requests(entries: Iterable[dict[str, Any]]) -> int:
    """Requests to Resource Manager proper (not the token or metadata endpoints)."""
    return sum(1 for entry in entries if entry["kind"] in ("read", "write", "action", "poll", "throttled"))


def poll_cadence(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Seconds between successive status polls of one operation, and polls per operation."""
    times: dict[str, list[float]] = defaultdict(list)
    results: Counter = Counter()
    for entry in entries:
        if entry["kind"] != "poll":
            continue
        status = STATUS_POLL.search(entry["path"])
        if status:
            times[status.group(1)].append(entry["time"])
        elif RESULT_POLL.search(entry["path"]):
            results[RESULT_POLL.search(entry["path"]).group(1)] += 1
    intervals = [later - earlier for polls in times.values() for earlier, later in zip(polls, polls[1:])]
    return {
        "operations": len(times),
        "status_polls": sum(len(polls) for polls in times.values()),
        "result_polls": sum(results.values()),
        "interval_min_s": min(intervals) if intervals else None,
        "interval_median_s": median(intervals) if intervals else None,
        "interval_max_s": max(intervals) if intervals else None,
        "polls_per_operation_max": max((len(polls) for polls in times.values()), default=0),
    }


def throttling(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """429s by code, and the most in any one second (a storm is many clients retrying at once)."""
    throttled = [entry for entry in entries if entry["status"] == 429]
    per_second = Counter(int(entry["time"]) for entry in throttled)
    return {
        "throttled": len(throttled),
        "codes": dict(Counter(entry.get("error_code") or "?" for entry in throttled)),
        "max_per_second": max(per_second.values(), default=0),
    }


def conflicts(entries: list[dict[str, Any]]) -> int:
    """Answers saying another operation was running on the same circuit or private cloud."""
    return sum(1 for entry in entries if entry.get("error_code") in CONFLICT_CODES)


def errors(entries: list[dict[str, Any]]) -> dict[str, int]:
    """Non-2xx answers by status and code (404s of reads that look for absent resources included)."""
    return dict(Counter(f"{entry['status']} {entry.get('error_code') or ''}".strip()
                        for entry in entries if entry["status"] >= 400))


def reads_by_type(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    """GETs (polls excluded) by resource type: 'expressRouteCircuits', 'privateClouds/globalReachConnections', ..."""
    return dict(Counter(resource_type(entry["path"]) for entry in entries if entry["kind"] == "read"))


def writes_by_type(entries: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Writes and actions by method and resource type: 'PUT expressRouteCircuits/peerings', ..."""
    return dict(Counter(f"{entry['method']} {resource_type(entry['path'])}" for entry in entries
                        if entry["kind"] in ("write", "action")))


def resource_type(path: str) -> str:
    """'expressRouteCircuits/peerings/routeTables' for .../expressRouteCircuits/c/peerings/p/routeTables/primary."""
    if "/providers/" not in path:
        return path
    parts = path.split("/providers/", 1)[1].split("/")[1:]
    return "/".join(parts[0::2])

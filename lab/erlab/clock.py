"""Time and identifier helpers (one place, so tests can reason about them)."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timezone


def now() -> float:
    return time.time()


def new_guid() -> str:
    return str(uuid.uuid4())


def new_etag() -> str:
    return f'W/"{uuid.uuid4()}"'


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")

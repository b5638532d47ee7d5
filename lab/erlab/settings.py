"""Tunable lab behaviour, stored in SQLite so a restart keeps it.

Defaults follow what real Azure traffic showed; everything that is a guess
about Azure is a setting so tests can flip it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from .store import Store


@dataclass
class Settings:
    # How long every long-running operation takes (seconds of wall clock).
    operation_seconds: float = 2.0
    # Retry-After sent with async answers and polls (2026 traffic showed 10).
    retry_after: int = 1
    # Answer authorization keys as all zeros in GET from 2026-01-01 on (seen in
    # a 2026 recording; whether the service or the recorder masked it is unverified).
    mask_keys: bool = True
    # "409" -> AnotherOperationInProgress, "429" -> RetryableErrorDueToAnotherOperation.
    conflict_variant: str = "409"
    # Token buckets per subscription + principal (ARM documented defaults).
    read_capacity: float = 250
    read_refill_per_second: float = 25
    write_capacity: float = 200
    write_refill_per_second: float = 10
    # A new circuit answers GET with 404 for this long (0 = off).
    eventual_consistency_seconds: float = 0.0
    token_lifetime_seconds: int = 3599
    # Whether deleting a Global Reach connection hands its key back (Available).
    # Unverified; the conservative default keeps a consumed key InUse.
    release_key_on_disconnect: bool = False
    # How long a freshly provisioned Global Reach link (circuit connection or AVS
    # globalReachConnection) reports circuitConnectionStatus Connecting after its
    # operation Succeeded, before Connected; routes cross it only once Connected.
    # 0 by default: the official examples and the recorded traffic show Connected
    # in the final answer of the create. A delay is an opt-in assumption (a link
    # whose BGP sessions come up late) for testing waits that must be bounded.
    connect_seconds: float = 0.0
    # How long creating or deleting a virtual network gateway takes. Azure
    # documents tens of minutes (up to 45) for ExpressRoute gateways; the
    # default is far shorter so a served lab stays usable, yet longer than
    # operation_seconds so clients must cope with a long operation.
    gateway_operation_seconds: float = 20.0

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


def load_settings(store: Store) -> Settings:
    saved = store.get_kv("settings", {}) or {}
    known = {k: v for k, v in saved.items() if k in Settings.names()}
    return Settings(**known)


def update_settings(store: Store, changes: dict[str, Any]) -> Settings:
    """Validate and persist a partial update; raises ValueError naming the bad key."""
    current = asdict(load_settings(store))
    for name, value in changes.items():
        if name not in current:
            raise ValueError(f"unknown setting {name!r}; known: {', '.join(Settings.names())}")
        wanted_type = type(current[name])
        if wanted_type is bool and not isinstance(value, bool):
            raise ValueError(f"setting {name!r} wants a boolean, got {value!r}")
        try:
            current[name] = wanted_type(value)
        except (TypeError, ValueError):
            raise ValueError(f"setting {name!r} wants {wanted_type.__name__}, got {value!r}") from None
    if current["connect_seconds"] < 0:
        raise ValueError(f"connect_seconds must be 0 or more, got {current['connect_seconds']!r}")
    if current["gateway_operation_seconds"] < 0:
        raise ValueError(f"gateway_operation_seconds must be 0 or more, got {current['gateway_operation_seconds']!r}")
    if current["conflict_variant"] not in ("409", "429"):
        raise ValueError(f"conflict_variant must be '409' or '429', got {current['conflict_variant']!r}")
    store.set_kv("settings", current)
    return Settings(**current)


def reset_settings(store: Store, overrides: dict[str, Any] | None = None) -> Settings:
    store.set_kv("settings", asdict(Settings()))
    return update_settings(store, overrides or {})

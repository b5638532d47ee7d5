"""Byte counters for circuits and peerings: monotonic, derived from uptime."""

from __future__ import annotations

from ..arm.context import Env
from ..ids import PEERING
from ..store import Resource
from .common import is_ready

# A quiet link: a few kB/s primary, half of that secondary.
_BYTES_PER_SECOND = {"primarybytesIn": 5400, "primarybytesOut": 4400, "secondarybytesIn": 2600, "secondarybytesOut": 2100}


def peering_stats(env: Env, circuit: Resource, peering: Resource) -> dict[str, int]:
    up = is_ready(circuit) and peering.properties.get("provisioningState") == "Succeeded"
    seconds = max(0.0, env.now - peering.meta.get("up_since", env.now)) if up else 0.0
    return {name: int(rate * seconds) for name, rate in _BYTES_PER_SECOND.items()}


def circuit_stats(env: Env, circuit: Resource) -> dict[str, int]:
    totals = {name: 0 for name in _BYTES_PER_SECOND}
    for peering in env.store.children(circuit.id, PEERING):
        for name, value in peering_stats(env, circuit, peering).items():
            totals[name] += value
    return totals

"""A speaker's state as FRR reports it (vtysh JSON): the session with one neighbour, and the BGP table."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import daemons


@dataclass(frozen=True)
class Neighbor:
    state: str
    up_down: str
    prefixes_received: int
    remote_as: int


@dataclass(frozen=True)
class Route:
    network: str
    next_hop: str
    path: str
    peer: str          # "(unspec)" for what the speaker originates itself


DOWN = Neighbor("Idle", "never", 0, 0)


def _json(pathspace: str, command: str) -> dict:
    try:
        return json.loads(daemons.vtysh(pathspace, command) or "{}")
    except (daemons.VtyshError, ValueError):
        return {}


def neighbor(pathspace: str, address: str) -> Neighbor:
    if not daemons.alive(pathspace):
        return DOWN
    peers = _json(pathspace, "show bgp ipv4 unicast summary json").get("peers", {})
    peer = peers.get(address)
    if not peer:
        return DOWN
    return Neighbor(peer.get("state", "Idle"), peer.get("peerUptime", "never"), int(peer.get("pfxRcd", 0) or 0),
                    int(peer.get("remoteAs", 0) or 0))


def routes(pathspace: str) -> list[Route]:
    """Best paths of the IPv4 unicast table."""
    if not daemons.alive(pathspace):
        return []
    table = _json(pathspace, "show bgp ipv4 unicast json").get("routes", {})
    found = []
    for network, paths in table.items():
        for path in paths:
            if not path.get("bestpath"):
                continue
            hops = path.get("nexthops") or [{}]
            found.append(Route(network, hops[0].get("ip", ""), path.get("path", ""), path.get("peerId", "")))
    return found


def learned_from(pathspace: str, address: str) -> dict[str, str]:
    """prefix -> AS path of what the speaker learned from `address`."""
    return {r.network: r.path for r in routes(pathspace) if r.peer == address}

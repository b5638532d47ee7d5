"""An MSEE's FRR configuration, rendered from what ARM says about the peering link.

Microsoft's side of the session (edge-and-gen2.md): AS 12076 on the second
usable address of the link subnet, the customer on the first, MD5 when the
peering has a sharedKey, keepalive 60 / hold 180. What it originates carries
the AS path Azure shows behind it (the private cloud's AS for AVS Global
Reach, the other circuit's AS for circuit-to-circuit Global Reach): the
route-map prepends that AS, and eBGP adds 12076 in front of it.

Lab-only: `timers connect 1` and `advertisement-interval 0` so sessions and
route changes take about a second instead of up to two minutes (README).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..network.addresses import MICROSOFT_ASN

CONNECT_RETRY_SECONDS = 1  # lab-only acceleration (FRR default 120)
KEEPALIVE, HOLD = 60, 180   # Microsoft's MSEE timers


@dataclass(frozen=True)
class Session:
    """What a change to restarts the speaker: the BGP session's identity."""

    peering: str
    device: str
    vlan: int
    prefix: str
    ce_address: str
    msee_address: str
    peer_asn: int
    password: str | None
    max_prefix: int


@dataclass
class MseeSpec:
    session: Session
    # prefix -> how it is originated: the AS path behind Microsoft (e.g. "398656"), optionally followed by
    # "|" and a BGP community (Microsoft peering's service prefixes: "|12076:5010", no AS behind 12076).
    advertise: dict[str, str] = field(default_factory=dict)


def with_community(path: str, community: str) -> str:
    return f"{path}|{community}"


def route_map_name(origin: str) -> str:
    path, _, community = origin.partition("|")
    parts = [path.replace(" ", "-")] if path else []
    parts += ["C" + community.replace(":", "-")] if community else []
    return "ORIGIN-" + "-".join(parts)


def _route_maps(origins: set[str]) -> list[str]:
    lines = []
    for origin in sorted(origins):
        path, _, community = origin.partition("|")
        lines.append(f"route-map {route_map_name(origin)} permit 10")
        if path:
            lines.append(f" set as-path prepend {path}")
        if community:
            lines.append(f" set community {community}")
        lines.append("exit")
    return lines


def frr_maximum_prefix(limit: int) -> int:
    """The `maximum-prefix` value that makes FRR drop the session at limit + 1 prefixes, as the MSEE does.

    FRR 8.4 compares the count before the arriving prefix is added (`count > max`), so
    `maximum-prefix N` lets N + 1 prefixes through and drops at N + 2 (measured: 201 prefixes
    against 200 stayed Established, 202 went Idle (PfxCt)). `force` counts every received
    prefix, filtered or not, as the service does.
    """
    return limit - 1


def render(spec: MseeSpec) -> str:
    s = spec.session
    ce = s.ce_address
    lines = [
        "frr defaults traditional",
        f"hostname msee-{s.peering}-{s.device}",
        "log stdout informational",
        "!",
        f"router bgp {MICROSOFT_ASN}",
        f" bgp router-id {s.msee_address}",
        " no bgp ebgp-requires-policy",
        " no bgp network import-check",
        f" neighbor {ce} remote-as {s.peer_asn}",
        f" neighbor {ce} description CE {s.peering} {s.device} vlan {s.vlan}",
        f" neighbor {ce} update-source {s.msee_address}",
        f" neighbor {ce} timers {KEEPALIVE} {HOLD}",
        f" neighbor {ce} timers connect {CONNECT_RETRY_SECONDS}",
        f" neighbor {ce} advertisement-interval 0",
    ]
    if s.password:
        lines.append(f" neighbor {ce} password {s.password}")
    lines += [" address-family ipv4 unicast", f"  neighbor {ce} maximum-prefix {frr_maximum_prefix(s.max_prefix)} force"]
    lines += [f"  network {p} route-map {route_map_name(path)}" for p, path in sorted(spec.advertise.items())]
    lines += [" exit-address-family", "exit", "!"]
    lines += _route_maps(set(spec.advertise.values()))
    return "\n".join(lines) + "\n"


def advertise_changes(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """vtysh `configure terminal` lines turning the originated set `old` into `new` (no session reset)."""
    lines = _route_maps({path for p, path in new.items() if old.get(p) != path})
    body = []
    for prefix, path in sorted(old.items()):
        if new.get(prefix) != path:
            body.append(f"no network {prefix}")
    for prefix, path in sorted(new.items()):
        if old.get(prefix) != path:
            body.append(f"network {prefix} route-map {route_map_name(path)}")
    if not body:
        return []
    return lines + [f"router bgp {MICROSOFT_ASN}", "address-family ipv4 unicast", *body, "exit-address-family", "exit"]

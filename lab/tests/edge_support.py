"""Shared by the edge tests: skip reasons, CE configurations, and waiting on sessions."""

from __future__ import annotations

import time

import pytest

from erlab.edge.capability import why_not

from conftest import POLL, RG

WHY_NOT = why_not()
needs_bgp = pytest.mark.skipif(WHY_NOT is not None, reason=f"edge emulation unavailable: {WHY_NOT}")

KEY = "Md5-Lab-Key-1"


def ce_config(asn: int = 65010, base: str = "10.255.0", vlan: int = 100, key: str | None = KEY,
              networks: tuple[str, ...] = ("192.168.0.0/16",), first: int = 1) -> str:
    """An FRR CE as a site would run it: two VLAN subinterfaces, one session per link, MD5, BFD, prefix list."""
    lines = [f"interface eth0.{vlan}", f" ip address {base}.{first}/30", f"interface eth1.{vlan}",
             f" ip address {base}.{first + 4}/30", f"router bgp {asn}"]
    for msee in (f"{base}.2", f"{base}.6"):
        lines.append(f" neighbor {msee} remote-as 12076")
        if key:
            lines.append(f" neighbor {msee} password {key}")
        lines.append(f" neighbor {msee} bfd")
    lines.append(" address-family ipv4 unicast")
    lines += [f"  network {n}" for n in networks]
    for msee in (f"{base}.2", f"{base}.6"):
        lines += [f"  neighbor {msee} prefix-list ER-ADVERTISE out", f"  neighbor {msee} prefix-list ER-ACCEPT in",
                  f"  neighbor {msee} maximum-prefix 4000"]
    lines.append(" exit-address-family")
    lines += [f"ip prefix-list ER-ADVERTISE seq {10 * (i + 1)} permit {n}" for i, n in enumerate(networks)]
    lines.append("ip prefix-list ER-ACCEPT seq 10 permit 0.0.0.0/0 le 32")
    return "\n".join(lines) + "\n"


def private_peering_body(asn: int = 65010, base: str = "10.255.0", vlan: int = 100, key: str | None = KEY) -> dict:
    props = {"peeringType": "AzurePrivatePeering", "peerASN": asn, "primaryPeerAddressPrefix": f"{base}.0/30",
             "secondaryPeerAddressPrefix": f"{base}.4/30", "vlanId": vlan}
    if key:
        props["sharedKey"] = key
    return {"properties": props}


def peer(net, circuit: str, **kwargs) -> None:
    net.express_route_circuit_peerings.begin_create_or_update(RG, circuit, "AzurePrivatePeering",
                                                              private_peering_body(**kwargs), **POLL).result()


def site(lab, circuit_id: str) -> dict | None:
    return next((s for s in lab.admin.edge()["sites"] if s["circuit_id"].lower() == circuit_id.lower()), None)


def states(lab, circuit_id: str) -> dict[str, str]:
    found = site(lab, circuit_id)
    return {link["device"]: link["msee_state"] for link in found["links"]} if found else {}


def wait_established(lab, circuit_id: str, timeout: float = 15.0) -> float:
    """Seconds until both links' MSEE sessions are Established (fails after `timeout`)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        current = states(lab, circuit_id)
        if current and all(state == "Established" for state in current.values()):
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"sessions of {circuit_id} not Established within {timeout}s: {states(lab, circuit_id)}")


def routes(net, circuit: str, device: str = "primary") -> set[tuple[str, str, str]]:
    table = net.express_route_circuits.begin_list_routes_table(RG, circuit, "AzurePrivatePeering", device, **POLL).result()
    return {(r.network, r.next_hop, r.path) for r in table.value}


def summary(net, circuit: str, device: str = "primary") -> list:
    return net.express_route_circuits.begin_list_routes_table_summary(RG, circuit, "AzurePrivatePeering", device,
                                                                      **POLL).result().value


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s (last value {value!r})")
        time.sleep(interval)

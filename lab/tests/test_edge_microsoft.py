"""Real BGP on Microsoft peering: the MSEE originates its route filter's service prefixes with their
community, nothing without a filter, and FRR's maximum-prefix drops a session over 200 prefixes."""

from __future__ import annotations

import json

import pytest
from azure.mgmt.network.models import RouteFilterRule

from edge_support import KEY, needs_bgp, wait_established, wait_until

from conftest import POLL, RG
from test_route_filters import make_filter

pytestmark = needs_bgp

BASE = "131.107.0"   # the world's registered public range: the link /30s and the advertised prefix
ASN = 64999
OWN = "131.107.0.128/25"


def microsoft_ce(networks=(OWN,)) -> str:
    lines = ["interface eth0.300", f" ip address {BASE}.1/30", "interface eth1.300", f" ip address {BASE}.5/30",
             f"router bgp {ASN}"]
    for msee in (f"{BASE}.2", f"{BASE}.6"):
        lines += [f" neighbor {msee} remote-as 12076", f" neighbor {msee} password {KEY}"]
    lines.append(" address-family ipv4 unicast")
    lines += [f"  network {n}" for n in networks]
    for msee in (f"{BASE}.2", f"{BASE}.6"):
        lines += [f"  neighbor {msee} prefix-list MS-ADVERTISE out", f"  neighbor {msee} prefix-list MS-ACCEPT in"]
    lines += [" exit-address-family", "ip prefix-list MS-ADVERTISE seq 10 permit 131.107.0.0/24 le 32",
              "ip prefix-list MS-ACCEPT seq 10 permit 0.0.0.0/0 le 32"]
    return "\n".join(lines) + "\n"


def microsoft_peering(net, filter_id=None):
    props = {"peerASN": ASN, "primaryPeerAddressPrefix": f"{BASE}.0/30", "secondaryPeerAddressPrefix": f"{BASE}.4/30",
             "vlanId": 300, "sharedKey": KEY,
             "microsoftPeeringConfig": {"advertisedPublicPrefixes": [OWN], "routingRegistryName": "ARIN"}}
    if filter_id:
        props["routeFilter"] = {"id": filter_id}
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "MicrosoftPeering",
                                                              {"properties": props}, **POLL).result()


def ce_routes(lab, sv) -> dict:
    return json.loads(lab.admin.ce_show(sv, "show bgp ipv4 unicast json")).get("routes", {})


def best_path(lab, sv, prefix):
    detail = json.loads(lab.admin.ce_show(sv, f"show bgp ipv4 unicast {prefix} json"))
    return next((p for p in detail.get("paths", []) if p.get("bestpath", {}).get("overall")), None)


def connections(lab, sv) -> dict:
    peers = json.loads(lab.admin.ce_show(sv, "show bgp summary json"))["ipv4Unicast"]["peers"]
    return {address: peer["connectionsEstablished"] for address, peer in peers.items()}


def arm_routes(net) -> dict:
    table = net.express_route_circuits.begin_list_routes_table(RG, "er-sv-primary", "MicrosoftPeering", "primary", **POLL).result()
    return {r.network: r for r in table.value}


@pytest.fixture
def sv(world, ids):
    return ids["er-sv-primary"]


def test_microsoft_prefixes_only_through_a_route_filter(world, net, sv):
    microsoft_peering(net)
    world.admin.apply_ce(sv, microsoft_ce())
    wait_established(world, sv)
    wait_until(lambda: OWN in arm_routes(net))
    assert set(ce_routes(world, sv)) == {OWN}  # established, yet Microsoft sends nothing without a filter
    assert set(arm_routes(net)) == {OWN}

    route_filter = make_filter(net)  # Allow 12076:5010 (Exchange)
    microsoft_peering(net, route_filter.id)
    # FRR lists a received path before its best-path run has marked one: wait for the selection itself.
    best = wait_until(lambda: best_path(world, sv, "40.96.0.0/13"))
    assert best["community"]["string"] == "12076:5010" and best["aspath"]["string"] == "12076"
    assert not {"40.126.0.0/19"} & set(ce_routes(world, sv))  # AAD is not in the filter
    table = arm_routes(net)
    assert table["40.96.0.0/13"].path == "12076" and table[OWN].path == str(ASN)

    # A rule change (the peering untouched) re-advertises without resetting the sessions.
    wait_established(world, sv)
    sessions = connections(world, sv)
    net.route_filter_rules.begin_create_or_update(
        RG, "rf-o365", "allow-exchange",
        RouteFilterRule(access="Allow", route_filter_rule_type="Community", communities=["12076:5060"]), **POLL).result()
    wait_until(lambda: "40.126.0.0/19" in ce_routes(world, sv) and "40.96.0.0/13" not in ce_routes(world, sv))
    assert connections(world, sv) == sessions

    microsoft_peering(net, None)  # detach: the CE loses them again
    wait_until(lambda: set(ce_routes(world, sv)) == {OWN})


def test_over_200_prefixes_drops_the_session(world, net, sv):
    microsoft_peering(net)
    many = tuple(f"131.107.0.{i}/32" for i in range(201))

    def ce_row():
        return net.express_route_circuits.begin_list_routes_table_summary(
            RG, "er-sv-primary", "MicrosoftPeering", "primary", **POLL).result().value[0]

    world.admin.apply_ce(sv, microsoft_ce(many[:200]))  # at the limit: accepted
    wait_established(world, sv)
    wait_until(lambda: ce_row().state_pfx_rcd == "200")
    world.admin.apply_ce(sv, microsoft_ce(many))  # one more (the CE restarts with it): the MSEE drops the session
    def dropped():
        state = ce_row().state_pfx_rcd
        return state if "PfxCt" in state else None

    state = wait_until(dropped, timeout=15)
    assert state == "Idle (PfxCt)"  # the words the made-up summary uses too

"""Real BGP between the lab's MSEE speakers and an FRR CE: sessions, the cable rule, isolation, faults.

All on the shared lab (bgp mode when root with FRR); each test starts from a
reset world, and the reset removes every site the previous test made.
"""

from __future__ import annotations

import json
import time

import pytest

from edge_support import (KEY, ce_config, needs_bgp, peer, routes, site, states, summary, wait_established,
                          wait_until)

pytestmark = needs_bgp

NEGATIVE_WAIT = 3.0  # three connect retries (1 s each): long enough for a session that could come up


@pytest.fixture
def sv(world, ids):
    return ids["er-sv-primary"]


@pytest.fixture
def ams(world, ids):
    return ids["er-ams-secondary"]


def test_session_comes_up_and_the_arm_tables_read_the_speaker(world, net, sv):
    peer(net, "er-sv-primary")
    started = time.monotonic()
    answer = world.admin.apply_ce(sv, ce_config())
    assert [(i["name"], i["vlan"], i["address"], i["wired"]) for i in answer["interfaces"]] == [
        ("eth0.100", 100, "10.255.0.1", True), ("eth1.100", 100, "10.255.0.5", True)]
    assert any("no bgp network import-check" in w for w in answer["warnings"])
    seconds = wait_established(world, sv)
    print(f"\nsessions Established {time.monotonic() - started:.2f}s after PUT /_lab/edge/ce ({seconds:.2f}s waiting)")
    assert world.admin.ce_config(sv) == ce_config()
    expected = ("192.168.0.0/16", "10.255.0.1", "65010")
    wait_until(lambda: expected in routes(net, "er-sv-primary"))
    assert routes(net, "er-sv-primary") == {expected}  # only what was exchanged: no world-file prefixes
    assert {(n.neighbor, n.as_property, n.state_pfx_rcd) for n in summary(net, "er-sv-primary")} == {
        ("10.255.0.1", 65010, "1")}
    arp = net.express_route_circuits.begin_list_arp_table("rg-onprem-network", "er-sv-primary", "AzurePrivatePeering",
                                                          "secondary", polling_interval=0.05).result()
    assert {(e.interface, e.ip_address) for e in arp.value} == {("On-Prem", "10.255.0.5"), ("Microsoft", "10.255.0.6")}
    ce_view = json.loads(world.admin.ce_show(sv, "show bgp summary json"))["ipv4Unicast"]["peers"]
    assert {address: peer_["state"] for address, peer_ in ce_view.items()} == {
        "10.255.0.2": "Established", "10.255.0.6": "Established"}
    edge = world.admin.edge()
    assert edge["mode"] == "bgp"
    assert site(world, sv)["ce"]["configured"] is True


def test_a_session_comes_up_only_with_matching_asn_addresses_vlan_and_md5_key(world, net, sv, ams):
    # Both circuits reuse the same link subnets: each has its own namespace, so the two sites cannot see each other.
    peer(net, "er-sv-primary", asn=65010)
    peer(net, "er-ams-secondary", asn=65020)
    rounds = [
        # (sv's CE, ams's CE, what sv's interfaces say, what ams's interfaces say)
        (ce_config(asn=65010, key="wrong-key"), ce_config(asn=65021), None, None),
        (ce_config(asn=65010, first=2), ce_config(asn=65020, vlan=200), "is not the customer's address",
         "VLAN 200 on eth0.200 differs from AzurePrivatePeering's VLAN 100"),
        (ce_config(asn=65010, key=None), None, None, None),  # the peering has a key; the CE has none
    ]
    for sv_config, ams_config, sv_reason, ams_reason in rounds:
        sv_answer = world.admin.apply_ce(sv, sv_config)
        ams_answer = world.admin.apply_ce(ams, ams_config) if ams_config else None
        if sv_reason:
            assert not any(i["wired"] for i in sv_answer["interfaces"])
            assert sv_reason in sv_answer["interfaces"][0]["reason"]
        if ams_reason:
            assert not any(i["wired"] for i in ams_answer["interfaces"])
            assert ams_reason in ams_answer["interfaces"][0]["reason"]
        time.sleep(NEGATIVE_WAIT)
        assert "Established" not in states(world, sv).values(), sv_config
        if ams_config:
            assert "Established" not in states(world, ams).values(), ams_config
        for neighbor in summary(net, "er-sv-primary"):
            assert not neighbor.state_pfx_rcd.isdigit()  # a state name, not a prefix count
        assert routes(net, "er-sv-primary") == set()
    arp = net.express_route_circuits.begin_list_arp_table("rg-onprem-network", "er-sv-primary", "AzurePrivatePeering",
                                                          "primary", polling_interval=0.05).result()
    assert "On-Prem" in {e.interface for e in arp.value}  # the last round's cable was right; only the key was not

    # Matching configuration: both sites come up, each with its own router's routes only.
    world.admin.apply_ce(sv, ce_config(asn=65010, networks=("192.168.0.0/16",)))
    world.admin.apply_ce(ams, ce_config(asn=65020, networks=("172.20.0.0/16",)))
    wait_established(world, sv)
    wait_established(world, ams)
    wait_until(lambda: routes(net, "er-sv-primary") == {("192.168.0.0/16", "10.255.0.1", "65010")})
    wait_until(lambda: routes(net, "er-ams-secondary") == {("172.20.0.0/16", "10.255.0.1", "65020")})
    assert {s["namespace"] for s in world.admin.edge()["sites"]} == {site(world, sv)["namespace"],
                                                                     site(world, ams)["namespace"]}
    assert site(world, sv)["namespace"] != site(world, ams)["namespace"]


def _ce_routes(world, circuit_id) -> dict[str, str]:
    table = json.loads(world.admin.ce_show(circuit_id, "show bgp ipv4 unicast json"))["routes"]
    return {prefix: paths[0]["path"] for prefix, paths in table.items() if paths[0].get("peerId") != "(unspec)"}


def test_route_tables_follow_the_ce_and_global_reach(world, net, avs, sv):
    from azure.mgmt.avs.models import GlobalReachConnection, GlobalReachConnectionProperties

    peer(net, "er-sv-primary")
    world.admin.apply_ce(sv, ce_config())
    wait_established(world, sv)
    net.express_route_circuit_authorizations.begin_create_or_update("rg-onprem-network", "er-sv-primary", "avs", {},
                                                                   polling_interval=0.05).result()
    key = net.express_route_circuit_authorizations.list_keys("rg-onprem-network", "er-sv-primary", "avs").authorization_key
    body = GlobalReachConnection(properties=GlobalReachConnectionProperties(authorization_key=key,
                                                                            peer_express_route_circuit=sv))
    avs.global_reach_connections.begin_create_or_update("rg-avs-prod", "avs-westus-prod", "to-sv", body,
                                                        polling_interval=0.05).result()
    # The tutorial's outcome on the on-premises router: AVS networks learned over the session, behind 12076 398656.
    learned = wait_until(lambda: (r := _ce_routes(world, sv)) and "10.176.0.0/26" in r and r)
    assert learned["10.176.0.0/26"] == "12076 398656"
    assert learned["10.180.10.0/24"] == "12076 398656"  # a workload segment
    table = routes(net, "er-sv-primary")
    assert ("10.176.0.0/26", "10.176.0.129", "12076 398656") in table
    assert ("192.168.0.0/16", "10.255.0.1", "65010") in table

    # The CE advertises one more prefix, then withdraws it.
    world.admin.apply_ce(sv, ce_config(networks=("192.168.0.0/16", "172.16.8.0/24")))
    wait_until(lambda: ("172.16.8.0/24", "10.255.0.1", "65010") in routes(net, "er-sv-primary"))
    world.admin.apply_ce(sv, ce_config(networks=("192.168.0.0/16",)))
    wait_until(lambda: ("172.16.8.0/24", "10.255.0.1", "65010") not in routes(net, "er-sv-primary")
               and ("192.168.0.0/16", "10.255.0.1", "65010") in routes(net, "er-sv-primary"))

    # Global Reach disconnected: the AVS networks leave the MSEE's table and the CE's.
    avs.global_reach_connections.begin_delete("rg-avs-prod", "avs-westus-prod", "to-sv", polling_interval=0.05).result()
    wait_until(lambda: not any(r[0].startswith("10.176.") for r in routes(net, "er-sv-primary")))
    wait_until(lambda: "10.176.0.0/26" not in _ce_routes(world, sv))
    assert routes(net, "er-sv-primary") == {("192.168.0.0/16", "10.255.0.1", "65010")}


def test_circuit_to_circuit_global_reach_carries_the_other_sites_routes(world, net, sv, ams):
    from azure.mgmt.network.models import ExpressRouteCircuitConnection, SubResource

    peer(net, "er-sv-primary", asn=65010, base="10.255.0")
    peer(net, "er-ams-secondary", asn=65020, base="10.254.0")
    world.admin.apply_ce(sv, ce_config(asn=65010, base="10.255.0", networks=("192.168.0.0/16",)))
    world.admin.apply_ce(ams, ce_config(asn=65020, base="10.254.0", networks=("172.20.0.0/16",)))
    conn = ExpressRouteCircuitConnection(express_route_circuit_peering=SubResource(id=sv + "/peerings/AzurePrivatePeering"),
                                         peer_express_route_circuit_peering=SubResource(
                                             id=ams + "/peerings/AzurePrivatePeering"),
                                         address_prefix="10.250.0.0/29")
    net.express_route_circuit_connections.begin_create_or_update("rg-onprem-network", "er-sv-primary",
                                                                 "AzurePrivatePeering", "sv-ams", conn,
                                                                 polling_interval=0.05).result()
    wait_until(lambda: _ce_routes(world, sv).get("172.20.0.0/16") == "12076 65020", timeout=15)
    wait_until(lambda: _ce_routes(world, ams).get("192.168.0.0/16") == "12076 65010", timeout=15)
    assert ("172.20.0.0/16", "10.250.0.2", "12076 65020") in routes(net, "er-sv-primary")


def test_faults_kill_msee_heals_flap_recovers_kill_ce_stays_down(world, net, sv):
    peer(net, "er-sv-primary")
    world.admin.apply_ce(sv, ce_config())
    wait_established(world, sv)
    killed = world.admin.edge_fault(sv, "kill_msee", "primary")["killed"]
    assert len(killed) == 1
    healed = wait_established(world, sv)
    print(f"\nkill_msee healed in {healed:.2f}s")
    assert world.admin.edge_fault(sv, "flap")["flapped"]
    wait_established(world, sv)
    wait_until(lambda: ("192.168.0.0/16", "10.255.0.1", "65010") in routes(net, "er-sv-primary"))
    world.admin.edge_fault(sv, "kill_ce")
    wait_until(lambda: "Established" not in states(world, sv).values())
    time.sleep(2)  # the lab does not restart a customer's router: it stays down
    assert "Established" not in states(world, sv).values()
    world.admin.apply_ce(sv, world.admin.ce_config(sv))
    wait_established(world, sv)


def test_bad_requests_are_refused_clearly(world, net, sv):
    http = world.admin._http
    peer(net, "er-sv-primary")
    refused = http.put("/edge/ce", params={"circuit_id": sv}, json={"config": "router bgp 65010\n bogus command\n"})
    assert refused.status_code == 400 and "bogus command" in refused.json()["error"]["message"]
    assert http.get("/edge/ce", params={"circuit_id": sv}).status_code == 404
    assert http.put("/edge/ce", params={"circuit_id": sv + "x"}, json={"config": ce_config()}).status_code == 404
    world.admin.apply_ce(sv, ce_config())
    write = http.post("/edge/ce/show", params={"circuit_id": sv}, json={"command": "configure terminal"})
    assert write.status_code == 400
    world.admin.delete_ce(sv)
    assert http.get("/edge/ce", params={"circuit_id": sv}).status_code == 404
    assert site(world, sv)["ce"]["configured"] is False
    assert not any(link["wired"] for link in site(world, sv)["links"])
    assert KEY not in json.dumps(world.admin.edge())  # the MD5 key never appears in the lab's answers

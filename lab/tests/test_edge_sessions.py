"""Real BGP between the lab's MSEE speakers and an FRR CE: sessions, the cable rule, isolation, faults.

All on the shared lab (bgp mode when root with FRR); each test starts from a
reset world, and the reset removes every site the previous test made.
"""

from __future__ import annotations

import json
import time

import pytest

from erlab.edge import daemons

from edge_support import (KEY, ce_config, needs_bgp, peer, routes, site, states, summary, wait_established,
                          wait_until)

pytestmark = needs_bgp

NEGATIVE_WAIT = 2.5  # two connect retries (1 s each) and more: a matching session is up in about 1 s


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
    again = world.admin.apply_ce(sv, ce_config())  # idempotent: the same configuration resets nothing
    assert again["restarted"] is False and answer["restarted"] is True
    assert states(world, sv) == {"primary": "Established", "secondary": "Established"}
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


def _ce(asn: int, links: list[tuple[str, str, str | None]], networks=("192.168.0.0/16",)) -> str:
    """A CE written out by hand: (interface, address/len, MD5 key or None) per link; neighbour = the MSEE's address."""
    lines = []
    for interface, address, _ in links:
        lines += [f"interface {interface}", f" ip address {address}"]
    lines.append(f"router bgp {asn}")
    for _, address, key in links:
        msee = address.rsplit(".", 1)[0] + "." + str(int(address.split("/")[0].rsplit(".", 1)[1]) // 4 * 4 + 2)
        lines.append(f" neighbor {msee} remote-as 12076")
        if key:
            lines.append(f" neighbor {msee} password {key}")
    lines += [" address-family ipv4 unicast", *[f"  network {n}" for n in networks], " exit-address-family"]
    return "\n".join(lines) + "\n"


def test_a_session_comes_up_only_with_matching_asn_addresses_vlan_and_md5_key(world, net, sv, ams, ids):
    # Three circuits reuse the same link subnets (10.255.0.0/30, 10.255.0.4/30): one namespace each keeps them apart.
    chi = ids["er-chi-pending"]
    world.admin.set_provider_state(chi, "Provisioned")
    peer(net, "er-sv-primary", asn=65010)
    peer(net, "er-ams-secondary", asn=65020)
    peer(net, "er-chi-pending", asn=65030)
    # One mismatch per link, all at once (each link is its own session).
    answers = {
        sv: world.admin.apply_ce(sv, _ce(65010, [("eth0.100", "10.255.0.3/30", KEY),      # not the first usable address
                                                 ("eth1.200", "10.255.0.5/30", KEY)])),   # VLAN differs from the peering's
        ams: world.admin.apply_ce(ams, _ce(65020, [("eth0.100", "10.255.0.1/30", "not-the-key"),  # MD5 key differs
                                                   ("eth1.100", "10.255.0.5/30", None)])),        # no key; the peering has one
        chi: world.admin.apply_ce(chi, _ce(65031, [("eth0.100", "10.255.0.1/30", KEY),    # ASN differs from peerASN 65030
                                                   ("eth1.100", "10.255.0.5/30", KEY)])),
    }
    sv_ports = answers[sv]["interfaces"]
    assert [p["wired"] for p in sv_ports] == [False, False]
    assert "is not the customer's address on the AzurePrivatePeering primary link" in sv_ports[0]["reason"]
    assert "first usable address 10.255.0.1" in sv_ports[0]["reason"]
    assert sv_ports[1]["reason"] == "VLAN 200 on eth1.200 differs from AzurePrivatePeering's VLAN 100"
    assert all(p["wired"] for c in (ams, chi) for p in answers[c]["interfaces"])  # cable right; the session is not
    time.sleep(NEGATIVE_WAIT)
    for circuit, name in ((sv, "er-sv-primary"), (ams, "er-ams-secondary"), (chi, "er-chi-pending")):
        assert "Established" not in states(world, circuit).values(), name
        for neighbor in summary(net, name):
            assert not neighbor.state_pfx_rcd.isdigit(), name  # a state name, not a prefix count
        assert routes(net, name) == set(), name
    arp = net.express_route_circuits.begin_list_arp_table("rg-onprem-network", "er-sv-primary", "AzurePrivatePeering",
                                                          "primary", polling_interval=0.05).result()
    assert {e.interface for e in arp.value} == {"Microsoft"}  # nothing answers ARP on an unwired link
    arp = net.express_route_circuits.begin_list_arp_table("rg-onprem-network", "er-ams-secondary", "AzurePrivatePeering",
                                                          "primary", polling_interval=0.05).result()
    assert {e.interface for e in arp.value} == {"Microsoft", "On-Prem"}

    # Matching configuration: the three sites come up, each with its own router's routes only.
    own = {sv: ("er-sv-primary", 65010, "192.168.0.0/16"), ams: ("er-ams-secondary", 65020, "172.20.0.0/16"),
           chi: ("er-chi-pending", 65030, "172.30.0.0/16")}
    for circuit, (_, asn, prefix) in own.items():
        world.admin.apply_ce(circuit, ce_config(asn=asn, networks=(prefix,)))
    for circuit, (name, asn, prefix) in own.items():
        wait_established(world, circuit)
        wait_until(lambda: routes(net, name) == {(prefix, "10.255.0.1", str(asn))})
    assert len({site(world, c)["namespace"] for c in own}) == 3


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
    def dropped():
        peers = json.loads(world.admin.ce_show(sv, "show bgp summary json"))["ipv4Unicast"]["peers"]
        return sum(p.get("connectionsDropped", 0) for p in peers.values())

    before = dropped()
    assert len(world.admin.edge_fault(sv, "flap")["flapped"]) == 2
    wait_until(lambda: dropped() >= before + 2)  # both sessions really went down
    wait_established(world, sv)
    wait_until(lambda: ("192.168.0.0/16", "10.255.0.1", "65010") in routes(net, "er-sv-primary"))
    world.admin.edge_fault(sv, "kill_ce")
    wait_until(lambda: "Established" not in states(world, sv).values())
    time.sleep(1.5)  # the lab does not restart a customer's router: it stays down
    assert "Established" not in states(world, sv).values()
    assert world.admin.apply_ce(sv, world.admin.ce_config(sv))["restarted"] is True  # the same text revives it
    wait_established(world, sv)


def test_bad_requests_are_refused_clearly(world, net, sv):
    http = world.admin._http
    peer(net, "er-sv-primary")
    refused = http.put("/edge/ce", params={"circuit_id": sv}, json={"config": "router bgp 65010\n bogus command\n"})
    assert refused.status_code == 400 and "bogus command" in refused.json()["error"]["message"]
    assert http.get("/edge/ce", params={"circuit_id": sv}).status_code == 404
    keyed = http.put("/edge/ce", params={"circuit_id": sv},
                     json={"config": f"router bgp 65010\n neighbor 10.255.0.2 remote-as 12076\n neighbor 10.255.0.2 password {KEY} x\n"})
    assert keyed.status_code == 400 and KEY not in keyed.text and "password ********" in keyed.text
    assert http.put("/edge/ce", params={"circuit_id": sv + "x"}, json={"config": ce_config()}).status_code == 404
    world.admin.apply_ce(sv, ce_config())
    write = http.post("/edge/ce/show", params={"circuit_id": sv}, json={"command": "configure terminal"})
    assert write.status_code == 400
    # Several commands in one call: each must be a show command, 1 to 8 of them, answered in order.
    for commands in ([], ["show bgp summary json", "configure terminal"], ["show version"] * 9, "show version"):
        many = http.post("/edge/ce/show", params={"circuit_id": sv}, json={"commands": commands})
        assert many.status_code == 400, commands
    summary_json, routes_json = world.admin.ce_show_many(sv, ["show bgp summary json", "show bgp ipv4 unicast json"])
    assert "ipv4Unicast" in json.loads(summary_json) and "routes" in json.loads(routes_json)
    world.admin.delete_ce(sv)
    assert http.get("/edge/ce", params={"circuit_id": sv}).status_code == 404
    assert site(world, sv)["ce"]["configured"] is False
    assert not any(link["wired"] for link in site(world, sv)["links"])
    assert KEY not in json.dumps(world.admin.edge())  # the MD5 key never appears in the lab's answers


MICROSOFT = {"peerASN": 64999, "primaryPeerAddressPrefix": "131.107.0.0/30", "secondaryPeerAddressPrefix": "131.107.0.4/30",
             "vlanId": 300, "sharedKey": KEY,
             "microsoftPeeringConfig": {"advertisedPublicPrefixes": ["131.107.0.128/25"], "routingRegistryName": "ARIN"}}


def test_microsoft_peering_speakers_follow_the_peering_through_update_and_delete(world, net, sv):
    def put(props):
        net.express_route_circuit_peerings.begin_create_or_update("rg-onprem-network", "er-sv-primary", "MicrosoftPeering",
                                                                  {"properties": props}, polling_interval=0.05).result()

    put(MICROSOFT)
    config = ce_config(asn=64999, base="131.107.0", vlan=300, networks=("131.107.0.128/25",))
    world.admin.apply_ce(sv, config)
    wait_established(world, sv)
    wait_until(lambda: {(r.network, r.next_hop, r.path) for r in net.express_route_circuits.begin_list_routes_table(
        "rg-onprem-network", "er-sv-primary", "MicrosoftPeering", "primary", polling_interval=0.05).result().value}
        == {("131.107.0.128/25", "131.107.0.1", "64999")})
    assert _ce_routes(world, sv) == {}  # no route filter is modelled: Microsoft advertises nothing here
    # A new key on the peering restarts Microsoft's side with it; the CE still has the old one.
    put({**MICROSOFT, "sharedKey": "Another-Key"})
    wait_until(lambda: "Established" not in states(world, sv).values())
    time.sleep(NEGATIVE_WAIT)
    assert "Established" not in states(world, sv).values()
    net.express_route_circuit_peerings.begin_delete("rg-onprem-network", "er-sv-primary", "MicrosoftPeering",
                                                    polling_interval=0.05).result()
    wait_until(lambda: not site(world, sv)["links"])
    namespace = site(world, sv)["namespace"]
    wait_until(lambda: daemons.pathspaces(namespace + "-m") == [])  # both Microsoft peering speakers stopped


def test_a_ce_configured_before_its_peering_is_wired_when_the_peering_arrives(world, net, sv):
    answer = world.admin.apply_ce(sv, ce_config())
    assert [i["wired"] for i in answer["interfaces"]] == [False, False]
    assert "in no peering link subnet of this circuit (none configured)" in answer["interfaces"][0]["reason"]
    peer(net, "er-sv-primary")  # the cable now leads somewhere: the reconcile loop wires it and restarts the CE
    wait_established(world, sv)
    assert all(link["wired"] for link in site(world, sv)["links"])

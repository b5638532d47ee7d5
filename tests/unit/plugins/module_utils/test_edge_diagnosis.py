# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import os
import json

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.edge_diagnosis import (
    KIND_ADDRESS, KIND_ASN, KIND_CE_NOT_CONFIGURED, KIND_CE_UNREACHABLE, KIND_MD5,
    KIND_NOT_ON_AZURE, KIND_NOT_VISIBLE, KIND_VLAN, UNKNOWN, CeView, azure_links,
    azure_session_view, diagnose, fingerprinter, frr_routes, frr_sessions, link_addresses, mask_config, parse_ios_style_config)

KEY = "s3cret-md5-Key"
OTHER_KEY = "not-the-same-key"
FINGERPRINT = fingerprinter(b"salt-for-tests")

# The peering as circuit_info returns it (the key masked) and the tutorial's addressing.
PEERING = {
    "name": "AzurePrivatePeering", "peering_type": "AzurePrivatePeering", "vlan_id": 100, "peer_asn": 65010,
    "primary_peer_address_prefix": "10.250.0.0/30", "secondary_peer_address_prefix": "10.250.0.4/30",
    "shared_key": "<hidden>",
}

GOOD_CONFIG = """\
frr version 8.4.4
!
interface eth0.100
 ip address 10.250.0.1/30
exit
!
interface eth1.100
 ip address 10.250.0.5/30
exit
!
router bgp 65010
 neighbor 10.250.0.2 remote-as 12076
 neighbor 10.250.0.2 password {key}
 neighbor 10.250.0.2 bfd
 neighbor 10.250.0.6 remote-as 12076
 neighbor 10.250.0.6 password {key}
 !
 address-family ipv4 unicast
  network 192.168.0.0/16
  neighbor 10.250.0.2 prefix-list ER-ADVERTISE out
 exit-address-family
exit
!
ip prefix-list ER-ADVERTISE seq 10 permit 192.168.0.0/16
"""


def frr_summary(states):
    """FRR 8.4's `show bgp summary json` shape for {address: (state, pfxRcd)}."""
    return {"ipv4Unicast": {"routerId": "10.250.0.1", "as": 65010, "peers": dict(
        (address, {"remoteAs": 12076, "localAs": 65010, "version": 4, "peerUptime": "00:02:10" if state == "Established"
                   else "never", "pfxRcd": count, "pfxSnt": 1, "state": state, "peerState": "OK",
                   "idType": "ipv4"}) for address, (state, count) in states.items())}}


def azure_table(state, arp=("10.250.0.1",), neighbor="10.250.0.1"):
    count = 4 if state == "Established" else None
    return {"summary": [{"neighbor": neighbor, "asn": 65010, "up_down": "00:02:09",
                         "state_pfx_rcd": str(count) if count else state, "prefixes_received": count,
                         "session_state": state}],
            "arp": [{"ip_address": address, "mac_address": "aa:bb:cc:dd:ee:ff"} for address in arp]}


def run(config, states, azure_states, key=KEY, peering=None, answered=True, error=None):
    peering = PEERING if peering is None else peering
    peering_before = copy.deepcopy(peering)
    links = azure_links(peering, FINGERPRINT(key) if key else None)
    parsed = parse_ios_style_config(config, FINGERPRINT) if config is not None else None
    ce = CeView(config=parsed, sessions=frr_sessions(frr_summary(states)) if answered else {}, answered=answered,
                error=error)
    azure = dict((device, azure_session_view(table)) for device, table in azure_states.items())
    verdicts = diagnose(links, ce, azure)
    assert peering == peering_before
    return verdicts


UP = {"10.250.0.2": ("Established", 4), "10.250.0.6": ("Established", 4)}
DOWN = {"10.250.0.2": ("Connect", 0), "10.250.0.6": ("Connect", 0)}
AZURE_UP = {"primary": azure_table("Established"),
            "secondary": azure_table("Established", ("10.250.0.5",), "10.250.0.5")}
AZURE_DOWN = {"primary": azure_table("Connect"), "secondary": azure_table("Connect", ("10.250.0.5",), "10.250.0.5")}


@pytest.mark.parametrize("subnet, expected", [
    ("10.250.0.0/30", ("10.250.0.1", "10.250.0.2")),
    ("10.250.0.4/30", ("10.250.0.5", "10.250.0.6")),
    ("2001:db8::/126", ("2001:db8::1", "2001:db8::2")),
    (None, (None, None)),
    ("10.0.0.0/31", (None, None)),
    ("not-a-subnet", (None, None)),
], ids=["primary", "secondary", "ipv6", "none", "too-small", "garbage"])
def test_link_addresses(subnet, expected):
    assert link_addresses(subnet) == expected


def test_both_links_established():
    verdicts = run(GOOD_CONFIG.format(key=KEY), UP, AZURE_UP)
    assert [verdict.summary for verdict in verdicts] == ["Established", "Established"]
    assert all(verdict.established for verdict in verdicts)
    assert verdicts[0].edge.prefixes_received == 4
    assert verdicts[1].ce_address == "10.250.0.5" and verdicts[1].msee_address == "10.250.0.6"


# Each row: what is changed in the CE's configuration (or in the peering), and what both links must say.
CASES = [
    ("md5-differs", GOOD_CONFIG.format(key=OTHER_KEY), {}, KIND_MD5, "differs from the peering's MD5 key"),
    ("md5-missing-on-ce", GOOD_CONFIG.replace(" neighbor 10.250.0.2 password {key}\n", "")
     .replace(" neighbor 10.250.0.6 password {key}\n", ""), {}, KIND_MD5, "has no password"),
    ("md5-only-on-ce", GOOD_CONFIG.format(key=KEY), {"shared_key": None, "_no_key": True}, KIND_MD5,
     "the peering has no MD5 key"),
    ("ce-local-as", GOOD_CONFIG.format(key=KEY).replace("router bgp 65010", "router bgp 65020"), {}, KIND_ASN,
     "speaks as AS 65020"),
    ("ce-local-as-override", GOOD_CONFIG.format(key=KEY).replace(
        " neighbor 10.250.0.2 remote-as 12076\n", " neighbor 10.250.0.2 remote-as 12076\n neighbor 10.250.0.2 local-as 65030\n")
     .replace(" neighbor 10.250.0.6 remote-as 12076\n",
              " neighbor 10.250.0.6 remote-as 12076\n neighbor 10.250.0.6 local-as 65030\n"),
     {}, KIND_ASN, "speaks as AS 65030"),
    ("peering-peer-asn", GOOD_CONFIG.format(key=KEY), {"peer_asn": 65099}, KIND_ASN, "peer ASN is 65099"),
    ("ce-remote-as", GOOD_CONFIG.format(key=KEY).replace("remote-as 12076", "remote-as 12067"), {}, KIND_ASN,
     "expects AS 12067"),
    ("ce-address-second-usable", GOOD_CONFIG.format(key=KEY).replace("ip address 10.250.0.1/30", "ip address 10.250.0.2/30")
     .replace("ip address 10.250.0.5/30", "ip address 10.250.0.6/30"), {}, KIND_ADDRESS, "first usable address"),
    ("neighbour-first-usable", GOOD_CONFIG.format(key=KEY).replace("10.250.0.2", "10.250.0.1")
     .replace("10.250.0.6", "10.250.0.5").replace("ip address 10.250.0.1/30", "ip address 10.250.0.2/30")
     .replace("ip address 10.250.0.5/30", "ip address 10.250.0.6/30"), {}, KIND_ADDRESS, "has no BGP neighbour"),
    ("vlan-differs", GOOD_CONFIG.format(key=KEY).replace("eth0.100", "eth0.200").replace("eth1.100", "eth1.200"), {},
     KIND_VLAN, "the peering uses VLAN 100"),
    ("peering-vlan-changed", GOOD_CONFIG.format(key=KEY), {"vlan_id": 300}, KIND_VLAN, "VLAN 300"),
]


@pytest.mark.parametrize("config, peering_change, kind, fragment",
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_down_with_a_cause_both_links(config, peering_change, kind, fragment):
    peering = dict(PEERING, **dict((key, value) for key, value in peering_change.items() if not key.startswith("_")))
    key = None if peering_change.get("_no_key") else KEY
    verdicts = run(config, DOWN, AZURE_DOWN, key=key, peering=peering)
    for verdict in verdicts:
        assert not verdict.established
        kinds = [cause.kind for cause in verdict.causes]
        assert kind in kinds, verdict.causes
        assert any(fragment in cause.message for cause in verdict.causes), verdict.causes
        assert verdict.azure.state == "Connect" and verdict.edge.state == "Connect"
        assert verdict.summary.startswith("Down: ")


def test_only_the_broken_link_is_down():
    config = GOOD_CONFIG.format(key=KEY).replace(" neighbor 10.250.0.6 password %s\n" % KEY,
                                                 " neighbor 10.250.0.6 password %s\n" % OTHER_KEY)
    states = {"10.250.0.2": ("Established", 4), "10.250.0.6": ("Connect", 0)}
    azure = {"primary": AZURE_UP["primary"], "secondary": AZURE_DOWN["secondary"]}
    primary, secondary = run(config, states, azure)
    assert primary.established
    assert [cause.kind for cause in secondary.causes] == [KIND_MD5]


def test_secrets_and_fingerprints_never_in_the_result():
    verdicts = run(GOOD_CONFIG.format(key=OTHER_KEY), DOWN, AZURE_DOWN)
    text = json.dumps([verdict.as_dict() for verdict in verdicts])
    for secret in (KEY, OTHER_KEY, FINGERPRINT(KEY), FINGERPRINT(OTHER_KEY)):
        assert secret not in text
    assert "MD5 mismatch" in text


def test_ce_not_configured():
    verdicts = run(None, {}, AZURE_DOWN)
    assert [verdict.causes[0].kind for verdict in verdicts] == [KIND_CE_NOT_CONFIGURED] * 2


def test_ce_not_answering_with_matching_config():
    verdicts = run(GOOD_CONFIG.format(key=KEY), {}, AZURE_DOWN, answered=False, error="bgpd is not running")
    for verdict in verdicts:
        assert [cause.kind for cause in verdict.causes] == [KIND_CE_UNREACHABLE]
        assert "bgpd is not running" in verdict.causes[0].message
        assert verdict.edge is None


def test_ce_not_answering_but_azure_established_is_established():
    verdicts = run(GOOD_CONFIG.format(key=KEY), {}, AZURE_UP, answered=False)
    assert all(verdict.established for verdict in verdicts)


def test_down_with_matching_config_says_what_to_check():
    azure = {"primary": azure_table("Active", arp=()), "secondary": azure_table("Active", arp=(), neighbor="10.250.0.5")}
    verdicts = run(GOOD_CONFIG.format(key=KEY), {"10.250.0.2": ("Active", 0), "10.250.0.6": ("Active", 0)}, azure)
    for verdict in verdicts:
        assert [cause.kind for cause in verdict.causes] == [KIND_NOT_VISIBLE]
        assert "cause not visible from here" in verdict.summary
        assert any("ARP table has no entry for %s" % verdict.ce_address in check for check in verdict.checks)
        assert any("TCP port 179" in check for check in verdict.checks)


def test_unknown_key_cannot_be_compared():
    links = azure_links(PEERING)  # key set on Azure, fingerprint not given
    config = parse_ios_style_config(GOOD_CONFIG.format(key=OTHER_KEY), FINGERPRINT)
    verdicts = diagnose(links, CeView(config=config, sessions=frr_sessions(frr_summary(DOWN))),
                        {"primary": azure_session_view(AZURE_DOWN["primary"])})
    assert verdicts[0].causes[0].kind == KIND_NOT_VISIBLE
    assert any("MD5 key was not given" in check for check in verdicts[0].checks)
    # No Azure table for the secondary link: no neighbour there, still a verdict.
    assert verdicts[1].azure is None


def test_link_missing_on_the_peering():
    peering = dict(PEERING, secondary_peer_address_prefix=None)
    verdicts = run(GOOD_CONFIG.format(key=KEY), UP, AZURE_UP, peering=peering)
    assert verdicts[0].established
    assert verdicts[1].causes[0].kind == KIND_NOT_ON_AZURE


@pytest.mark.parametrize("text, expected", [
    ("interface Gi0/0/0.100\n encapsulation dot1Q 100\n ip address 10.250.0.1 255.255.255.252\n"
     "router bgp 65010\n neighbor 10.250.0.2 remote-as 12076\n neighbor 10.250.0.2 password 7 0822455D0A16\n",
     dict(vlan=100, address="10.250.0.1/30", password=UNKNOWN, local_as=65010)),
    ("interface Ethernet1.100\n encapsulation dot1q vlan 100\n ip address 10.250.0.1/30\n"
     "router bgp 65010\n neighbor AZURE peer-group\n neighbor AZURE remote-as 12076\n neighbor AZURE password 0 k\n"
     " neighbor 10.250.0.2 peer-group AZURE\n",
     dict(vlan=100, address="10.250.0.1/30", password=FINGERPRINT("k"), local_as=65010)),
], ids=["ios-type7", "eos-peer-group"])
def test_parse_other_styles(text, expected):
    config = parse_ios_style_config(text, FINGERPRINT)
    assert config.interfaces[0].address == expected["address"]
    neighbor = config.neighbors[0]
    assert neighbor.address == "10.250.0.2" and neighbor.remote_as == "12076"
    assert neighbor.password == expected["password"]
    assert neighbor.local_as == expected["local_as"]


def test_frr_sessions_from_neighbors_json():
    neighbors = {"10.250.0.2": {"bgpState": "Active", "connectionsDropped": 1,
                                "lastNotificationReason": "OPEN Message Error/Bad Peer AS"}}
    summary = frr_summary({"10.250.0.2": ("Active", 0)})
    before = copy.deepcopy(summary)
    sessions = frr_sessions(summary, neighbors)
    assert sessions["10.250.0.2"].state == "Active"
    assert sessions["10.250.0.2"].last_reset == "OPEN Message Error/Bad Peer AS"
    assert summary == before
    assert frr_sessions({}, {"10.0.0.2": {"bgpState": "Idle"}})["10.0.0.2"].state == "Idle"
    assert frr_sessions({}) == {}


@pytest.mark.parametrize("line, masked", [
    (" neighbor 10.0.0.2 password s3cret", " neighbor 10.0.0.2 password <hidden>"),
    (" neighbor 10.0.0.2 password 7 0822455D0A16", " neighbor 10.0.0.2 password 7 <hidden>"),
    ("  authentication-key \"s3cret\";", "  authentication-key <hidden>;"),
    ("set protocols bgp group AZURE authentication-key s3cret",
     "set protocols bgp group AZURE authentication-key <hidden>"),
    (" neighbor 10.0.0.2 remote-as 12076", " neighbor 10.0.0.2 remote-as 12076"),
], ids=["frr", "ios-type7", "junos-curly", "junos-set", "untouched"])
def test_mask_config(line, masked):
    assert mask_config(line + "\n") == masked + "\n"
    assert "s3cret" not in mask_config(line)


# Real FRR 8.4.4 output: a CE (AS 65010) and an MSEE (AS 12076) bgpd in one network namespace, once with the same
# MD5 key (Established, two AVS /26 learned) and once with different keys (stuck in Connect, nothing received).
FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "frr-8.4.4")


def fixture(name):
    with open(os.path.join(FIXTURES, name + ".json")) as handle:
        return json.load(handle)


def test_real_frr_established():
    sessions = frr_sessions(fixture("established-summary"), fixture("established-neighbors"))
    assert sessions["10.250.0.2"].state == "Established"
    assert sessions["10.250.0.2"].prefixes_received == 2
    assert sessions["10.250.0.2"].last_reset is None  # never dropped: FRR's start-up reason is not news
    routes = frr_routes(fixture("established-routes"))
    assert [route["network"] for route in routes] == ["10.176.0.0/26", "10.176.0.64/26"]
    assert routes[0]["path"] == "12076" and routes[0]["next_hop"] == "10.250.0.2"


def test_real_frr_md5_mismatch_diagnosed_from_configuration():
    sessions = frr_sessions(fixture("md5-mismatch-summary"), fixture("md5-mismatch-neighbors"))
    assert sessions["10.250.0.2"].state == "Connect"
    config = parse_ios_style_config(GOOD_CONFIG.format(key=OTHER_KEY), FINGERPRINT)
    verdict = diagnose(azure_links(PEERING, FINGERPRINT(KEY)), CeView(config=config, sessions=sessions),
                       {"primary": azure_session_view(azure_table("Connect"))})[0]
    assert verdict.summary == "Down: MD5 mismatch"
    assert verdict.edge.state == "Connect" and verdict.azure.state == "Connect"


def test_frr_routes_skips_local_and_non_best():
    table = {"routes": {"192.168.0.0/16": [{"bestpath": True, "peerId": "(unspec)", "network": "192.168.0.0/16"}],
                        "10.0.0.0/8": [{"bestpath": False, "peerId": "10.250.0.2"},
                                       {"valid": True, "peerId": "10.250.0.6"}]}}
    before = copy.deepcopy(table)
    assert frr_routes(table) == []
    assert table == before


def test_each_kind_named_once_in_the_summary():
    config = GOOD_CONFIG.format(key=KEY).replace("10.250.0.2", "10.250.0.1").replace("10.250.0.6", "10.250.0.5")
    config = config.replace("ip address 10.250.0.1/30", "ip address 10.250.0.2/30") \
        .replace("ip address 10.250.0.5/30", "ip address 10.250.0.6/30")
    verdicts = run(config, DOWN, AZURE_DOWN)
    assert verdicts[0].summary == "Down: wrong address"
    assert len(verdicts[0].causes) == 2


def test_address_outside_the_link_subnet():
    config = GOOD_CONFIG.format(key=KEY).replace("ip address 10.250.0.5/30", "ip address 10.9.9.1/30")
    secondary = run(config, DOWN, AZURE_DOWN)[1]
    assert [cause.kind for cause in secondary.causes] == [KIND_ADDRESS]
    assert "no interface of the edge router has 10.250.0.5/30" in secondary.causes[0].message


def test_azure_summary_not_read_rests_on_the_edge_router():
    verdicts = run(GOOD_CONFIG.format(key=KEY), UP, {})
    assert all(verdict.established for verdict in verdicts)
    assert verdicts[0].azure is None
    down = run(GOOD_CONFIG.format(key=OTHER_KEY), DOWN, {})
    assert [verdict.summary for verdict in down] == ["Down: MD5 mismatch"] * 2

"""The edge's pure parts: the CE's cable rule and lab additions, the MSEE's configuration (no root needed)."""

from __future__ import annotations

from erlab.edge import ce, msee

LINKS = [ce.Link("AzurePrivatePeering", "primary", 100, "10.255.0.0/30", "10.255.0.1", "10.255.0.2"),
         ce.Link("AzurePrivatePeering", "secondary", 100, "10.255.0.4/30", "10.255.0.5", "10.255.0.6"),
         ce.Link("MicrosoftPeering", "primary", 300, "203.0.113.0/30", "203.0.113.1", "203.0.113.2")]

CONFIG = """frr defaults traditional
interface eth0.100
 ip address 10.255.0.1/30
exit
interface eth1.100
 ip address 10.255.0.5/30
!
interface eth2.300
 ip address 203.0.113.1/29
router bgp 65010
 neighbor 10.255.0.2 remote-as 12076
 neighbor 10.255.0.6 remote-as 12076
 neighbor 10.255.0.6 update-source 10.255.0.5
 neighbor 10.255.0.6 timers connect 5
 address-family ipv4 unicast
  network 192.168.0.0/16
 exit-address-family
exit
ip prefix-list ER seq 10 permit 192.168.0.0/16
"""


def test_split_takes_the_interfaces_out_and_keeps_the_rest():
    interfaces, rest = ce.split(CONFIG)
    assert interfaces == [("eth0.100", ["10.255.0.1/30"]), ("eth1.100", ["10.255.0.5/30"]),
                          ("eth2.300", ["203.0.113.1/29"])]
    assert "interface" not in rest and "ip address" not in rest
    assert rest.startswith("frr defaults traditional\n!\nrouter bgp 65010\n")
    assert "ip prefix-list ER seq 10 permit 192.168.0.0/16" in rest


def test_the_cable_rule_wires_only_the_first_usable_address_on_the_peerings_vlan():
    cases = {
        ("eth0.100", "10.255.0.1/30"): (True, "wired to the AzurePrivatePeering primary link 10.255.0.0/30 (VLAN 100)"),
        ("eth0.101", "10.255.0.1/30"): (False, "VLAN 101 on eth0.101 differs from AzurePrivatePeering's VLAN 100"),
        ("eth0", "10.255.0.1/30"): (False, "eth0 carries no VLAN tag; AzurePrivatePeering uses VLAN 100"),
        ("eth0.100", "10.255.0.2/30"): (False, "10.255.0.2 is not the customer's address on the AzurePrivatePeering "
                                               "primary link 10.255.0.0/30"),
        ("eth0.100", "10.9.9.1/30"): (False, "10.9.9.1 is in no peering link subnet of this circuit"),
        ("eth0.100", "2001:db8::1/126"): (False, "only IPv4 link addresses are wired"),
    }
    for (name, address), (wired, reason) in cases.items():
        ports, _ = ce.wire([(name, [address])], LINKS)
        assert ports[0].wired is wired, (name, address)
        assert ports[0].reason.startswith(reason), ports[0].reason


def test_a_wrong_prefix_length_is_wired_with_a_warning_and_one_address_is_wired_once():
    ports, warnings = ce.wire([("eth2.300", ["203.0.113.1/29"]), ("eth3.300", ["203.0.113.1/30"])], LINKS)
    assert [p.wired for p in ports] == [True, False]
    assert warnings == ["203.0.113.1/29 on eth2.300: the link subnet is 203.0.113.0/30 (/30)"]
    assert ports[1].reason == "203.0.113.1 is already wired on eth2.300"


def test_the_lab_adds_only_what_its_wiring_needs_and_never_overrides_the_customer():
    interfaces, rest = ce.split(CONFIG)
    ports, _ = ce.wire(interfaces, LINKS)
    effective, notes = ce.effective(rest, ports)
    lines = effective.splitlines()
    block = lines[lines.index("router bgp 65010"):lines.index(" address-family ipv4 unicast")]
    assert " bgp router-id 10.255.0.1" in block  # the lowest wired address
    assert " no bgp network import-check" in block
    assert " neighbor 10.255.0.2 update-source 10.255.0.1" in block
    assert " neighbor 10.255.0.2 timers connect 1" in block
    assert " neighbor 10.255.0.6 timers connect 5" in block and " neighbor 10.255.0.6 timers connect 1" not in block
    assert sum("neighbor 10.255.0.6 update-source" in line for line in lines) == 1
    assert notes == [f"lab added `{line.strip()}`" for line in block if line not in rest.splitlines()]
    assert ce.listen_addresses(ports) == ["10.255.0.1", "10.255.0.5", "203.0.113.1"]


def test_a_configuration_without_router_bgp_is_left_alone_and_said_so():
    effective, notes = ce.effective("ip prefix-list X seq 5 permit 10.0.0.0/8\n", [])
    assert effective == "ip prefix-list X seq 5 permit 10.0.0.0/8\n"
    assert "no `router bgp`" in notes[0]


def test_the_msee_configuration_is_microsofts_side_of_the_session():
    session = msee.Session("AzurePrivatePeering", "primary", 100, "10.255.0.0/30", "10.255.0.1", "10.255.0.2", 65010,
                           "Md5-Key", 4000)
    text = msee.render(msee.MseeSpec(session, {"10.176.0.0/26": "398656"}))
    for line in ("router bgp 12076", " bgp router-id 10.255.0.2", " neighbor 10.255.0.1 remote-as 65010",
                 " neighbor 10.255.0.1 password Md5-Key", " neighbor 10.255.0.1 timers 60 180",
                 " neighbor 10.255.0.1 update-source 10.255.0.2", "  neighbor 10.255.0.1 maximum-prefix 3999 force",
                 "  network 10.176.0.0/26 route-map ORIGIN-398656", " set as-path prepend 398656"):
        assert line in text.splitlines(), line
    unkeyed = msee.render(msee.MseeSpec(msee.Session(*[*session.__dict__.values()][:7], None, 4000)))
    assert "password" not in unkeyed


def test_advertise_changes_add_and_withdraw_without_touching_the_rest():
    old = {"10.176.0.0/26": "398656", "10.176.0.64/26": "398656"}
    new = {"10.176.0.0/26": "398656", "172.20.0.0/16": "65020"}
    lines = msee.advertise_changes(old, new)
    assert "no network 10.176.0.64/26" in lines
    assert "network 172.20.0.0/16 route-map ORIGIN-65020" in lines
    assert not any("10.176.0.0/26" in line for line in lines)
    assert msee.advertise_changes(new, new) == []

"""What a Microsoft peering receives (made-up tables): nothing without a route filter, its
communities' prefixes with one, and the prefix limit dropping the session."""

from __future__ import annotations

import ipaddress

from azure.mgmt.network.models import RouteFilter, RouteFilterRule

from conftest import POLL, RG
from test_route_filters import attach, make_filter

EXCHANGE_SAMPLE = {"40.96.0.0/13", "52.96.0.0/14", "132.245.0.0/16"}
AAD = {"40.126.0.0/19", "40.126.32.0/19", "20.190.128.0/19", "20.190.160.0/19"}


def table(net, circuit="er-sv-primary", device="primary"):
    return net.express_route_circuits.begin_list_routes_table(RG, circuit, "MicrosoftPeering", device, **POLL).result().value


def summary(net, circuit="er-sv-primary", device="primary"):
    return net.express_route_circuits.begin_list_routes_table_summary(
        RG, circuit, "MicrosoftPeering", device, **POLL).result().value


def test_no_route_filter_no_microsoft_prefixes(world, net):
    attach(net, None)
    assert [r.network for r in table(net)] == []  # the world advertises nothing on this peering either
    assert summary(net)[0].state_pfx_rcd == "0"    # the session itself is up


def test_route_filter_brings_its_communities_prefixes(world, net):
    route_filter = make_filter(net)  # 12076:5010 (Exchange)
    attach(net, route_filter.id)
    routes = {r.network: r for r in table(net)}
    assert EXCHANGE_SAMPLE <= set(routes) and not AAD & set(routes)
    assert all(ipaddress.ip_network(n).version == 4 for n in routes)  # IPv6 prefixes only on the IPv6 session
    assert routes["40.96.0.0/13"].path == "12076" and routes["40.96.0.0/13"].next_hop == ""
    assert {r.network for r in table(net, device="secondary")} == set(routes)

    # A new community in the rule: its prefixes appear; the old ones leave when dropped from it.
    net.route_filter_rules.begin_create_or_update(
        RG, "rf-o365", "allow-exchange",
        RouteFilterRule(access="Allow", route_filter_rule_type="Community", communities=["12076:5060"]), **POLL).result()
    now = {r.network for r in table(net)}
    assert AAD <= now and not EXCHANGE_SAMPLE & now

    # Detaching the filter takes them all away.
    attach(net, None)
    assert [r.network for r in table(net)] == []


def test_empty_filter_brings_nothing(world, net):
    route_filter = net.route_filters.begin_create_or_update(RG, "rf-empty", RouteFilter(location="westus", rules=[]),
                                                            **POLL).result()
    attach(net, route_filter.id)
    assert [r.network for r in table(net)] == []


def _world_with(circuit_routes: dict[str, list[str]], sku: str | None = None):
    from erlab.world import load_world_file

    data = load_world_file(None)
    circuit = next(c for c in data["circuits"] if c["name"] == "er-sv-primary")
    circuit["advertised_routes"] = circuit_routes
    if sku:
        circuit["sku"] = sku
    return data


def test_over_200_prefixes_drops_the_microsoft_session(world, net):
    too_many = [f"131.107.0.{i}/32" for i in range(201)]
    world.admin.reset(_world_with({"MicrosoftPeering": too_many}))
    route_filter = make_filter(net)
    attach(net, route_filter.id)
    ce = summary(net)[0]
    assert ce.state_pfx_rcd == "Idle (PfxCt)" and ce.up_down == "never"
    customer = [r for r in table(net) if r.path != "12076"]
    assert customer == []  # nothing learned from the customer
    # At the limit the session stays up.
    world.admin.reset(_world_with({"MicrosoftPeering": too_many[:200]}))
    attach(net, None)
    assert summary(net)[0].state_pfx_rcd == "200"


def test_private_limit_is_4000_and_10000_with_premium(world, net):
    from conftest import private_peering

    block = ipaddress.ip_network("10.128.0.0/10")
    many = [str(n) for _, n in zip(range(4001), block.subnets(new_prefix=24))]
    world.admin.reset(_world_with({"AzurePrivatePeering": many}))
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(), **POLL).result()
    row = net.express_route_circuits.begin_list_routes_table_summary(
        RG, "er-sv-primary", "AzurePrivatePeering", "primary", **POLL).result().value[0]
    assert row.state_pfx_rcd == "Idle (PfxCt)"
    world.admin.reset(_world_with({"AzurePrivatePeering": many}, sku="Premium_MeteredData"))
    net.express_route_circuit_peerings.begin_create_or_update(RG, "er-sv-primary", "AzurePrivatePeering",
                                                              private_peering(), **POLL).result()
    row = net.express_route_circuits.begin_list_routes_table_summary(
        RG, "er-sv-primary", "AzurePrivatePeering", "primary", **POLL).result().value[0]
    assert row.state_pfx_rcd == "4001"

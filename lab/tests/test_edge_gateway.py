"""The gateway path over real BGP: a VNet behind an ExpressRoute gateway reaches the on-premises router."""

from __future__ import annotations

import pytest

from edge_support import ce_config, needs_bgp, peer, routes, wait_established, wait_until
from test_edge_sessions import _ce_routes
from test_vnet_gateways import GW_SECONDS, HUB_SPACE, connect, make_gateway, make_vnet, new_key

pytestmark = needs_bgp


@pytest.fixture
def sv(world, ids):
    world.admin.settings(gateway_operation_seconds=GW_SECONDS)
    return ids["er-sv-primary"]


def test_a_connected_gateway_advertises_its_vnet_to_the_ce_and_withdraws_it_on_delete(world, net, sv):
    peer(net, "er-sv-primary")
    world.admin.apply_ce(sv, ce_config())
    wait_established(world, sv)
    assert HUB_SPACE not in _ce_routes(world, sv)  # nothing behind Microsoft yet

    make_vnet(net)
    make_gateway(net)
    connect(net, key=new_key(net))
    # The CE learns the VNet behind Microsoft's edge and the gateway's ASN.
    learned = wait_until(lambda: (r := _ce_routes(world, sv)) and HUB_SPACE in r and r)
    assert learned[HUB_SPACE] == "12076 65515"
    # The MSEE's ARM table lists it next to what the CE sent.
    table = routes(net, "er-sv-primary")
    assert any(network == HUB_SPACE and path == "65515" for network, _hop, path in table), table
    assert ("192.168.0.0/16", "10.255.0.1", "65010") in table

    net.virtual_network_gateway_connections.begin_delete("rg-onprem-network", "hub-to-sv", polling_interval=0.05).result()
    wait_until(lambda: HUB_SPACE not in _ce_routes(world, sv))
    assert not any(network == HUB_SPACE for network, _hop, _path in routes(net, "er-sv-primary"))

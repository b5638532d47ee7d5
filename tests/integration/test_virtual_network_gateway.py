# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""virtual_network_gateway and virtual_network_gateway_info against the lab (gateway_operation_seconds 1.0)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from helpers_avs import arm_requests, changes, circuit_id, configure_private_peering, create_circuit_key
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import

GEN2_RG = 'rg-avs-gen2'
ARGS = dict(resource_group=GEN2_RG, name='ergw-avs-gen2', virtual_network='vnet-avs-gen2', sku='Standard')


def test_create_is_a_long_operation_with_progress_and_a_rerun_writes_nothing(ansible, lab):
    check = ansible.module('virtual_network_gateway', ARGS, check=True)
    assert check.changed and check.result['action'] == 'create' and not check.failed, check.msg
    assert changes(lab) == []

    created = ansible.module('virtual_network_gateway', dict(ARGS, creation_timeout=120))
    assert created.changed and not created.failed, created.msg
    progress = created.result['progress']
    assert progress['provisioning_state'] == 'Succeeded' and progress['creation_timeout'] == 120
    assert progress['elapsed_seconds'] >= 1.0  # the lab's gateway_operation_seconds
    assert created.result['gateway']['gateway_type'] == 'ExpressRoute'
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['PUT']

    lab.admin.clear_log()
    rerun = ansible.module('virtual_network_gateway', ARGS)
    assert not rerun.changed and rerun.result['action'] == 'none' and 'progress' not in rerun.result, rerun.msg
    # Only the SKU is managed: a rerun naming nothing else reads, and writes nothing.
    bare = ansible.module('virtual_network_gateway', dict(resource_group=GEN2_RG, name='ergw-avs-gen2'))
    assert not bare.changed and not bare.failed, bare.msg
    assert changes(lab) == []

    resized = ansible.module('virtual_network_gateway', dict(ARGS, sku='ErGw3AZ'))
    assert resized.changed and resized.result['changed_fields'] == ['sku'], resized.msg
    ip_configurations = resized.result['request']['properties']['ipConfigurations']
    assert ip_configurations[0]['properties']['subnet']['id'].endswith('/subnets/GatewaySubnet')


def test_bad_input_and_vpn_are_refused_before_any_request(ansible, lab):
    bad = ansible.module('virtual_network_gateway', dict(ARGS, gateway_type='Vpn', sku='VpnGw1', creation_timeout=0))
    assert bad.failed
    for option in ('gateway_type', 'sku', 'creation_timeout'):
        assert option in bad.msg, bad.msg
    assert arm_requests(lab) == []

    no_sku = ansible.module('virtual_network_gateway', dict(ARGS, sku=None))
    assert no_sku.failed and 'sku' in no_sku.msg
    assert changes(lab) == []


def test_the_info_module_verifies_routes_and_bgp_peers(ansible, lab):
    assert ansible.module('virtual_network_gateway', ARGS).changed
    configure_private_peering(lab, 'er-sv-primary')
    key = create_circuit_key(lab, 'er-sv-primary', 'gen2')
    connected = ansible.module('gateway_connection', dict(
        resource_group=GEN2_RG, name='gen2-to-onprem', virtual_network_gateway='ergw-avs-gen2',
        peer_express_route_circuit=circuit_id(lab, 'er-sv-primary'), authorization_key=key))
    assert connected.changed and not connected.failed, connected.msg
    lab.admin.clear_log()
    info = ansible.module('virtual_network_gateway_info', dict(
        resource_group=GEN2_RG, name='ergw-avs-gen2', learned_routes=True, bgp_peer_status=True))
    assert not info.failed, info.msg
    learned = [route['network'] for route in info.result['learned_routes']]
    assert '192.168.0.0/16' in learned and '10.200.0.0/16' in learned, learned
    assert info.result['bgp_peers'] and all(peer['state'] == 'Connected' for peer in info.result['bgp_peers'])
    peer = info.result['bgp_peers'][0]['neighbor']
    advertised = ansible.module('virtual_network_gateway_info', dict(
        resource_group=GEN2_RG, name='ergw-avs-gen2', advertised_routes_peer=peer))
    assert '10.200.0.0/16' in [route['network'] for route in advertised.result['advertised_routes']], advertised.msg
    assert [entry['method'] for entry in lab.admin.writes() if entry['method'] != 'POST'] == []

    in_use = ansible.module('virtual_network_gateway', dict(resource_group=GEN2_RG, name='ergw-avs-gen2',
                                                            state='absent'))
    assert in_use.failed and 'gen2-to-onprem' in in_use.msg and 'gateway_connection' in in_use.msg

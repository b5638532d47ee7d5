# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""gateway_connection and gateway_connection_info (ExpressRoute gateway to circuit) against the lab."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from helpers_avs import (
    arm_requests, assert_no_key, changes, circuit_id, configure_private_peering, create_avs_key, create_circuit_key)
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import

GEN2_RG = 'rg-avs-gen2'
VNET = 'vnet-avs-gen2'
GATEWAY = 'ergw-avs-gen2'


def create_gateway(lab, name=GATEWAY, gateway_type='ExpressRoute', sku='Standard', vnet=VNET):
    """An ExpressRoute (or Vpn) gateway in the Generation 2 cloud's VNet (or another), through the SDK."""
    subnet = lab.network_client().subnets.get(GEN2_RG, vnet, 'GatewaySubnet').as_dict()['id']
    body = {'location': 'westus', 'properties': {
        'gatewayType': gateway_type, 'sku': {'name': sku, 'tier': sku},
        'ipConfigurations': [{'name': 'default', 'properties': {'subnet': {'id': subnet}}}]}}
    return lab.network_client().virtual_network_gateways.begin_create_or_update(
        GEN2_RG, name, body, polling_interval=0.1).result().as_dict()


def gateway_world(lab):
    configure_private_peering(lab, 'er-sv-primary')
    create_gateway(lab)
    key = create_circuit_key(lab, 'er-sv-primary', 'gen2-gateway')
    lab.admin.clear_log()
    return key


def connection_args(lab, key=None, name='gen2-to-onprem', **extra):
    args = dict(resource_group=GEN2_RG, name=name, virtual_network_gateway=GATEWAY,
                peer_express_route_circuit=circuit_id(lab, 'er-sv-primary'), **extra)
    if key is not None:
        args['authorization_key'] = key
    return args


def authorization_use(lab, name):
    return lab.network_client().express_route_circuit_authorizations.get(
        'rg-onprem-network', 'er-sv-primary', name).as_dict()['properties']['authorizationUseStatus']


def create_vnet(lab, name, prefix):
    """Another virtual network with a GatewaySubnet (one ExpressRoute gateway per virtual network)."""
    lab.network_client().virtual_networks.begin_create_or_update(
        GEN2_RG, name, {'location': 'westus', 'properties': {
            'addressSpace': {'addressPrefixes': [prefix + '.0.0/16']},
            'subnets': [{'name': 'GatewaySubnet', 'properties': {'addressPrefix': prefix + '.255.0/27'}}]}},
        polling_interval=0.1).result()


def test_create_rerun_without_key_update_and_delete(ansible, lab):
    key = gateway_world(lab)
    check = ansible.module('gateway_connection', connection_args(lab, key), check=True, diff=True)
    assert check.changed and check.result['action'] == 'create' and not check.failed, check.msg
    assert check.result['request']['properties']['authorizationKey'] != key
    assert changes(lab) == []
    assert_no_key(check, key)

    created = ansible.module('gateway_connection', connection_args(lab, key), diff=True)
    assert created.changed and not created.failed, created.msg
    assert created.result['connection']['connection_status'] == 'Connected'
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['PUT']
    assert authorization_use(lab, 'gen2-gateway') == 'InUse'
    assert_no_key(created, key)

    lab.admin.clear_log()
    rerun = ansible.module('gateway_connection', connection_args(lab))
    assert not rerun.changed and rerun.result['action'] == 'none' and not rerun.failed, rerun.msg
    assert changes(lab) == []

    weighted = ansible.module('gateway_connection', connection_args(lab, routing_weight=10))
    assert weighted.changed and weighted.result['changed_fields'] == ['routing_weight'], weighted.msg
    assert 'authorizationKey' not in weighted.result['request']['properties']
    assert weighted.result['connection']['routing_weight'] == 10

    listed = ansible.module('gateway_connection_info', dict(resource_group=GEN2_RG))
    assert [item['name'] for item in listed.result['connections']] == ['gen2-to-onprem']

    lab.admin.clear_log()
    deleted = ansible.module('gateway_connection', dict(resource_group=GEN2_RG, name='gen2-to-onprem', state='absent'))
    assert deleted.changed and deleted.result['connection'] is None, deleted.msg
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['DELETE']
    lab.admin.clear_log()
    again = ansible.module('gateway_connection', dict(resource_group=GEN2_RG, name='gen2-to-onprem', state='absent'))
    assert not again.changed and changes(lab) == []


def test_check_mode_accepts_what_an_earlier_task_only_simulated(ansible, lab):
    configure_private_peering(lab, 'er-sv-primary')
    lab.admin.clear_log()
    # Neither the gateway nor the key exist yet: earlier tasks of the same check-mode run only simulated them.
    args = connection_args(lab)
    check = ansible.module('gateway_connection', args, check=True)
    assert check.changed and not check.failed, check.msg
    assert any('virtual_network_gateway' in note for note in check.result['notes'])
    assert changes(lab) == []

    real = ansible.module('gateway_connection', args)
    assert real.failed and 'virtual_network_gateway' in real.msg and 'Nothing was changed' in real.msg
    assert changes(lab) == []


def test_a_used_key_is_refused_and_explained(ansible, lab):
    key = gateway_world(lab)
    create_vnet(lab, 'vnet-hub', '10.220')
    create_gateway(lab, name='ergw-second', vnet='vnet-hub')
    first = ansible.module('gateway_connection', connection_args(lab, key))
    assert first.changed and not first.failed, first.msg
    lab.admin.clear_log()
    # The second gateway needs its own key: this one serves the first connection. Azure masks keys in the circuit's
    # answers (2026-01-01 on), so only the service can tell; its refusal is explained and nothing is created.
    reused = ansible.module('gateway_connection', dict(connection_args(lab, key, name='second'),
                                                       virtual_network_gateway='ergw-second'))
    assert reused.failed and 'authorization_key' in reused.msg and 'already in use' in reused.msg, reused.msg
    assert 'circuit_authorization' in reused.msg and 'avs_authorization' in reused.msg
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['PUT']
    assert_no_key(reused, key)
    listed = ansible.module('gateway_connection_info', dict(resource_group=GEN2_RG))
    assert [item['name'] for item in listed.result['connections']] == ['gen2-to-onprem']


def test_bad_input_is_refused_before_any_request(ansible, lab):
    gateway_world(lab)
    args = dict(connection_args(lab), peer_express_route_circuit='/subscriptions/not-a-guid/resourceGroups/rg',
                routing_weight=99999, virtual_network_gateway='bad/name')
    bad = ansible.module('gateway_connection', args)
    assert bad.failed
    for option in ('peer_express_route_circuit', 'routing_weight', 'virtual_network_gateway'):
        assert option in bad.msg, bad.msg
    assert arm_requests(lab) == []


def test_a_vpn_gateway_and_a_second_connection_to_the_circuit_are_refused(ansible, lab):
    key = gateway_world(lab)
    create_vnet(lab, 'vnet-vpn', '10.210')
    create_gateway(lab, name='vpngw', gateway_type='Vpn', sku='VpnGw1', vnet='vnet-vpn')
    lab.admin.clear_log()
    vpn = ansible.module('gateway_connection', dict(connection_args(lab, key), virtual_network_gateway='vpngw'))
    assert vpn.failed and 'type Vpn' in vpn.msg and 'virtual_network_gateway' in vpn.msg, vpn.msg
    assert changes(lab) == []

    assert ansible.module('gateway_connection', connection_args(lab, key)).changed
    other_key = create_circuit_key(lab, 'er-sv-primary', 'another')
    lab.admin.clear_log()
    second = ansible.module('gateway_connection', connection_args(lab, other_key, name='duplicate'))
    assert second.failed and 'only one connection' in second.msg and 'gen2-to-onprem' in second.msg, second.msg
    assert changes(lab) == []


def test_an_avs_key_connects_a_generation_1_cloud_to_the_hub_gateway(ansible, lab):
    create_gateway(lab)
    key = create_avs_key(lab, 'avs-westus-prod', 'to-hub')
    avs_circuit = lab.avs_client().authorizations.get('rg-avs-prod', 'avs-westus-prod', 'to-hub').as_dict()[
        'properties']['expressRouteId']
    lab.admin.clear_log()
    args = dict(resource_group=GEN2_RG, name='hub-to-avs', virtual_network_gateway=GATEWAY,
                peer_express_route_circuit=avs_circuit, authorization_key=key)
    created = ansible.module('gateway_connection', args)
    assert created.changed and not created.failed, created.msg
    assert created.result['connection']['connection_status'] == 'Connected'
    assert_no_key(created, key)
    lab.admin.clear_log()
    rerun = ansible.module('gateway_connection', dict(args, authorization_key=None))
    assert not rerun.changed and changes(lab) == []

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""gateway_connection end to end in-process: the module's main() against a fake Resource Manager (fake_arm)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_arm import (
    FakeArm, ModuleRun, add_circuit, assert_refused_before_any_write, mark_in_use, network)
from ansible_collections.hybridlink.expressroute.plugins.modules import gateway_connection as subject

KEY = '9a4d2e61-3c7b-4f08-b5e2-71d6c0a8f3b9'
OTHER_KEY = '4e7f1a93-2b6c-4d05-9e18-c3a5b7d9f102'
CONNECTION = network('rg-hub', 'connections', 'gw1-to-er')
GATEWAY = network('rg-hub', 'virtualNetworkGateways', 'gw1')


@pytest.fixture
def world():
    fake = FakeArm()
    circuit = add_circuit(fake, 'rg-net', 'er-onprem', authorizations=[('hub', KEY, None)])
    other = add_circuit(fake, 'rg-net', 'er-other', authorizations=[('hub', OTHER_KEY, None)])
    fake.add(GATEWAY, {'gatewayType': 'ExpressRoute', 'sku': {'name': 'ErGw1AZ', 'tier': 'ErGw1AZ'},
                       'provisioningState': 'Succeeded'}, location='westeurope')
    return fake, circuit, other


@pytest.fixture
def run(monkeypatch, capsys, world):
    return ModuleRun(monkeypatch, capsys, world[0])


def args(circuit, key=KEY, **more):
    return dict(dict(resource_group='rg-hub', name='gw1-to-er', virtual_network_gateway='gw1',
                     peer_express_route_circuit=circuit, authorization_key=key), **more)


def test_create_writes_once_and_a_rerun_writes_nothing(world, run):
    fake, circuit, other = world
    created = run(subject, **args(circuit))
    assert created['changed'] is True and created['action'] == 'create'
    assert created['_writes'] == [('PUT', CONNECTION)]
    sent = fake.bodies()[-1]
    assert sent['location'] == 'westeurope'
    assert sent['properties']['authorizationKey'] == KEY and sent['properties']['peer'] == {'id': circuit}
    assert created['connection']['connection_status'] == 'Connected'
    assert created['request']['properties']['authorizationKey'] == '********'
    assert KEY not in json.dumps(created)

    again = run(subject, **args(circuit))
    assert again['changed'] is False and again['action'] == 'none' and again['_writes'] == []


def test_an_update_keeps_the_connection_and_sends_no_key(world, run):
    fake, circuit, other = world
    run(subject, **args(circuit))
    updated = run(subject, **args(circuit, routing_weight=10))
    assert updated['action'] == 'update' and updated['_writes'] == [('PUT', CONNECTION)]
    assert updated['changed_fields'] == ['routing_weight']
    assert 'authorizationKey' not in fake.bodies()[-1]['properties']
    assert fake.get(CONNECTION)['properties']['routingWeight'] == 10


def test_check_mode_plans_the_create_and_writes_nothing(world, run):
    fake, circuit, other = world
    result = run(subject, check_mode=True, **args(circuit))
    assert result['changed'] is True and result['action'] == 'create' and result['_writes'] == []
    assert fake.get(CONNECTION) is None
    assert result['connection']['peer_express_route_circuit'] == circuit
    assert KEY not in json.dumps(result)


def test_a_key_already_in_use_is_explained_with_the_key_masked(world, run):
    fake, circuit, other = world
    fake.refuse_next('PUT', '/connections/gw1-to-er', 'AuthorizationKeyAlreadyInUse',
                     'Authorization hub (key %s) of circuit er-onprem is already in use.' % KEY)
    result = run(subject, **args(circuit))
    assert result['failed'] is True and result['_writes'] == [('PUT', CONNECTION)]
    assert 'AuthorizationKeyAlreadyInUse' in result['msg'] and 'avs_authorization' in result['msg']
    assert KEY not in json.dumps(result) and '********' in result['msg']


def test_a_readable_key_in_use_is_refused_before_any_write(world, run):
    fake, circuit, other = world
    used_by = mark_in_use(fake, circuit + '/authorizations/hub')
    assert_refused_before_any_write(run(subject, **args(circuit)), 'already in use by ' + used_by, KEY)


def test_another_circuit_is_a_conflict_refused_before_any_write(world, run):
    fake, circuit, other = world
    run(subject, **args(circuit))
    result = run(subject, **args(other, key=OTHER_KEY))
    assert_refused_before_any_write(result, 'peer_express_route_circuit', OTHER_KEY)
    assert 'state=absent' in result['msg']
    assert fake.get(CONNECTION)['properties']['peer'] == {'id': circuit}

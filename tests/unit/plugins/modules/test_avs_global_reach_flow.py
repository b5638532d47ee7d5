# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""avs_global_reach end to end in-process: the module's main() against a fake Resource Manager (fake_arm)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_arm import (
    FakeArm, ModuleRun, add_circuit, assert_refused_before_any_write, avs, mark_in_use)
from ansible_collections.hybridlink.expressroute.plugins.modules import avs_global_reach as subject

KEY = '6f1c2b7e-0a55-4d7e-9c39-6a0f3b1d2e4f'
OTHER_KEY = '1d3b9a2c-77e0-4c1f-8a5e-2b6c4d8e0f11'
CONNECTION = avs('rg-avs', 'pc1', 'globalReachConnections', 'gr1')


@pytest.fixture
def world():
    fake = FakeArm()
    onprem = add_circuit(fake, 'rg-net', 'er-onprem', authorizations=[('to-avs', KEY, None)])
    other = add_circuit(fake, 'rg-net', 'er-other', authorizations=[('to-avs', OTHER_KEY, None)])
    fake.add(avs('rg-avs', 'pc1'), {'provisioningState': 'Succeeded', 'circuit': {
        'expressRouteID': '/subscriptions/avs/resourceGroups/tnt/providers/Microsoft.Network/expressRouteCircuits/tnt-er',
        'primarySubnet': '10.10.0.0/30'}}, location='westeurope')
    return fake, onprem, other


@pytest.fixture
def run(monkeypatch, capsys, world):
    return ModuleRun(monkeypatch, capsys, world[0])


def args(peer, key=KEY, **more):
    return dict(dict(resource_group='rg-avs', private_cloud_name='pc1', name='gr1', peer_express_route_circuit=peer,
                     authorization_key=key), **more)


def test_create_writes_once_and_a_rerun_writes_nothing(world, run):
    fake, onprem, other = world
    created = run(subject, **args(onprem))
    assert created['changed'] is True and created['action'] == 'create'
    assert created['_writes'] == [('PUT', CONNECTION)]
    assert fake.bodies()[-1] == {'properties': {'peerExpressRouteCircuit': onprem, 'authorizationKey': KEY}}
    assert created['global_reach_connection']['circuit_connection_status'] == 'Connected'
    assert created['request']['properties']['authorizationKey'] == '********'
    assert KEY not in json.dumps(created)

    again = run(subject, **args(onprem))
    assert again['changed'] is False and again['action'] == 'none'
    assert again['_writes'] == []
    assert 'request' not in again and KEY not in json.dumps(again)


def test_check_mode_plans_the_create_and_writes_nothing(world, run):
    fake, onprem, other = world
    result = run(subject, check_mode=True, **args(onprem))
    assert result['changed'] is True and result['action'] == 'create'
    assert result['_writes'] == []
    assert fake.get(CONNECTION) is None
    assert result['global_reach_connection']['peer_express_route_circuit'] == onprem
    assert result['diff']['after']['authorization_key'] == '********'
    assert KEY not in json.dumps(result)


def test_a_key_already_in_use_is_explained_with_the_key_masked(world, run):
    fake, onprem, other = world
    # Keys are masked in the circuit's GET, so only Azure can tell: its operation ends Failed.
    fake.refuse_next('PUT', '/globalReachConnections/gr1', 'AuthorizationKeyAlreadyInUse',
                     'Authorization key %s is already in use.' % KEY, asynchronous=True)
    result = run(subject, **args(onprem))
    assert result['failed'] is True
    assert result['_writes'] == [('PUT', CONNECTION)]
    assert 'AuthorizationKeyAlreadyInUse' in result['msg'] and 'new authorization' in result['msg']
    assert 'rerun later' not in result['msg']
    assert KEY not in json.dumps(result) and '********' in result['msg']


def test_a_readable_key_in_use_is_refused_before_any_write(world, run):
    fake, onprem, other = world
    used_by = mark_in_use(fake, onprem + '/authorizations/to-avs')
    assert_refused_before_any_write(run(subject, **args(onprem)), 'already in use by ' + used_by, KEY)


def test_another_peer_circuit_is_a_conflict_refused_before_any_write(world, run):
    fake, onprem, other = world
    run(subject, **args(onprem))
    result = run(subject, **args(other, key=OTHER_KEY))
    assert_refused_before_any_write(result, 'peer_express_route_circuit', KEY, OTHER_KEY)
    assert fake.get(CONNECTION)['properties']['peerExpressRouteCircuit'] == onprem


def test_absent_deletes_once_then_nothing(world, run):
    fake, onprem, other = world
    run(subject, **args(onprem))
    removed = run(subject, **dict(args(None, key=None), state='absent'))
    assert removed['changed'] is True and removed['_writes'] == [('DELETE', CONNECTION)]
    again = run(subject, **dict(args(None, key=None), state='absent'))
    assert again['changed'] is False and again['_writes'] == []

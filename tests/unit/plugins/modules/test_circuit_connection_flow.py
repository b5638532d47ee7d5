# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_connection end to end in-process: the module's main() against a fake Resource Manager (fake_arm)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_arm import (
    FakeArm, ModuleRun, add_circuit)
from ansible_collections.hybridlink.expressroute.plugins.modules import circuit_connection as subject

KEY = '2c8e4f60-5b1a-4d93-8e27-9f0a6c3b5d71'


@pytest.fixture
def world():
    fake = FakeArm()
    here = add_circuit(fake, 'rg-net', 'er-a')
    peer = add_circuit(fake, 'rg-peer', 'er-b', authorizations=[('to-a', KEY, None)])
    return fake, here, peer


@pytest.fixture
def run(monkeypatch, capsys, world):
    return ModuleRun(monkeypatch, capsys, world[0])


def args(peer, prefix='10.99.0.0/29', **more):
    return dict(dict(resource_group='rg-net', circuit_name='er-a', name='gr-ab', authorization_key=KEY,
                     peer_peering_id=peer + '/peerings/AzurePrivatePeering', address_prefix=prefix), **more)


def connection_path(here):
    return here + '/peerings/AzurePrivatePeering/connections/gr-ab'


def test_create_writes_once_and_a_rerun_writes_nothing(world, run):
    fake, here, peer = world
    created = run(subject, **args(peer))
    assert created['changed'] is True and created['action'] == 'create'
    assert created['_writes'] == [('PUT', connection_path(here))]
    sent = fake.bodies()[-1]['properties']
    assert sent['authorizationKey'] == KEY and sent['addressPrefix'] == '10.99.0.0/29'
    assert sent['peerExpressRouteCircuitPeering'] == {'id': peer + '/peerings/AzurePrivatePeering'}
    assert created['connection']['circuit_connection_status'] == 'Connected'
    assert created['request']['properties']['authorizationKey'] == '********'
    assert KEY not in json.dumps(created)

    again = run(subject, **args(peer))
    assert again['changed'] is False and again['action'] == 'none' and again['_writes'] == []


def test_check_mode_plans_the_create_and_writes_nothing(world, run):
    fake, here, peer = world
    result = run(subject, check_mode=True, **args(peer))
    assert result['changed'] is True and result['action'] == 'create' and result['_writes'] == []
    assert fake.get(connection_path(here)) is None
    assert result['connection']['address_prefix'] == '10.99.0.0/29'
    assert result['request']['properties']['authorizationKey'] == '********'
    assert KEY not in json.dumps(result)


def test_a_key_already_in_use_is_explained_with_the_key_masked(world, run):
    fake, here, peer = world
    fake.refuse_next('PUT', '/connections/gr-ab', 'AuthorizationKeyAlreadyInUse',
                     'Authorization to-a with key %s of the peer circuit is already in use.' % KEY)
    result = run(subject, **args(peer))
    assert result['failed'] is True and result['_writes'] == [('PUT', connection_path(here))]
    assert 'AuthorizationKeyAlreadyInUse' in result['msg'] and 'er-b' in result['msg']
    assert 'rerun later' not in result['msg']
    assert KEY not in json.dumps(result) and '********' in result['msg']


def test_another_address_prefix_is_a_conflict_refused_before_any_write(world, run):
    fake, here, peer = world
    run(subject, **args(peer))
    result = run(subject, **args(peer, prefix='10.98.0.0/29'))
    assert result['failed'] is True and result['_writes'] == []
    assert 'address_prefix' in result['msg']
    assert fake.get(connection_path(here))['properties']['addressPrefix'] == '10.99.0.0/29'
    assert KEY not in json.dumps(result)


def test_a_prefix_overlapping_the_peering_subnets_is_refused_before_any_write(world, run):
    fake, here, peer = world
    result = run(subject, **args(peer, prefix='10.0.0.0/29'))
    assert result['failed'] is True and result['_writes'] == []
    assert 'address_prefix' in result['msg']


def test_absent_deletes_once_then_nothing(world, run):
    fake, here, peer = world
    run(subject, **args(peer))
    gone = dict(resource_group='rg-net', circuit_name='er-a', name='gr-ab', state='absent')
    removed = run(subject, **gone)
    assert removed['changed'] is True and removed['_writes'] == [('DELETE', connection_path(here))]
    assert run(subject, **gone)['_writes'] == []

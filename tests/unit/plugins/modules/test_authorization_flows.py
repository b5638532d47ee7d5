# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_authorization and avs_authorization end to end in-process, against a fake Resource Manager (fake_arm)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_arm import (
    FakeArm, ModuleRun, add_circuit, avs)
from ansible_collections.hybridlink.expressroute.plugins.modules import avs_authorization, circuit_authorization

CIRCUIT_ARGS = dict(resource_group='rg-net', circuit_name='er-onprem', name='to-avs')
CLOUD_ARGS = dict(resource_group='rg-avs', private_cloud_name='pc1', name='to-hub')


@pytest.fixture
def fake():
    fake = FakeArm()
    add_circuit(fake, 'rg-net', 'er-onprem')
    fake.add(avs('rg-avs', 'pc1'), {'provisioningState': 'Succeeded'}, location='westeurope')
    return fake


@pytest.fixture
def run(monkeypatch, capsys, fake):
    return ModuleRun(monkeypatch, capsys, fake)


def stored_key(fake, path, field='authorizationKey'):
    return fake.get(path)['properties'][field]


def test_circuit_authorization_create_rerun_and_the_key_only_when_asked(fake, run):
    created = run(circuit_authorization, **CIRCUIT_ARGS)
    path = created['authorization']['id']
    assert created['changed'] is True and created['_writes'] == [('PUT', path)]
    assert fake.bodies()[-1] == {'properties': {}}
    key = stored_key(fake, path)
    assert 'authorization_key' not in created['authorization'] and key not in json.dumps(created)

    again = run(circuit_authorization, return_key=True, **CIRCUIT_ARGS)
    assert again['changed'] is False and again['_writes'] == []
    # The GET masks the key; the module asks listKeys, which reads and writes nothing.
    assert again['authorization']['authorization_key'] == key
    assert ('POST', path + '/listKeys') in [(method, sent) for method, sent, body in fake.sent]


def test_circuit_authorization_check_mode_writes_nothing(fake, run):
    result = run(circuit_authorization, check_mode=True, **CIRCUIT_ARGS)
    assert result['changed'] is True and result['_writes'] == []
    assert result['authorization']['name'] == 'to-avs' and result['authorization']['provisioning_state'] is None
    assert fake.get(result['authorization']['id']) is None


def test_circuit_authorization_left_failed_is_replaced(fake, run):
    path = run(circuit_authorization, **CIRCUIT_ARGS)['authorization']['id']
    fake.get(path)['properties']['provisioningState'] = 'Failed'
    old_key = stored_key(fake, path)
    repaired = run(circuit_authorization, **CIRCUIT_ARGS)
    assert repaired['changed'] is True and repaired['repair'] == 'provisioning state Failed'
    assert repaired['_writes'] == [('DELETE', path), ('PUT', path)]
    assert stored_key(fake, path) != old_key and old_key not in json.dumps(repaired)


def test_circuit_authorization_failed_but_in_use_is_refused_before_any_write(fake, run):
    path = run(circuit_authorization, **CIRCUIT_ARGS)['authorization']['id']
    fake.get(path)['properties'].update(provisioningState='Failed', authorizationUseStatus='InUse',
                                        connectionResourceUri='/subscriptions/x/connections/hub')
    result = run(circuit_authorization, **CIRCUIT_ARGS)
    assert result['failed'] is True and result['_writes'] == []
    assert 'in use by /subscriptions/x/connections/hub' in result['msg'] and 'left as it is' in result['msg']
    assert stored_key(fake, path) not in json.dumps(result)


def test_circuit_authorization_absent_deletes_once(fake, run):
    path = run(circuit_authorization, **CIRCUIT_ARGS)['authorization']['id']
    removed = run(circuit_authorization, state='absent', **CIRCUIT_ARGS)
    assert removed['changed'] is True and removed['_writes'] == [('DELETE', path)]
    assert run(circuit_authorization, state='absent', **CIRCUIT_ARGS)['_writes'] == []


def test_avs_authorization_create_rerun_check_mode_and_key(fake, run):
    planned = run(avs_authorization, check_mode=True, **CLOUD_ARGS)
    assert planned['changed'] is True and planned['action'] == 'create' and planned['_writes'] == []
    path = planned['authorization']['id']
    assert fake.get(path) is None

    created = run(avs_authorization, **CLOUD_ARGS)
    assert created['changed'] is True and created['_writes'] == [('PUT', path)]
    key = stored_key(fake, path, 'expressRouteAuthorizationKey')
    assert key not in json.dumps(created)

    again = run(avs_authorization, return_key=True, **CLOUD_ARGS)
    assert again['changed'] is False and again['action'] == 'none' and again['_writes'] == []
    assert again['authorization']['authorization_key'] == key


def test_avs_authorization_left_failed_is_written_again(fake, run):
    path = run(avs_authorization, **CLOUD_ARGS)['authorization']['id']
    fake.get(path)['properties']['provisioningState'] = 'Failed'
    checked = run(avs_authorization, check_mode=True, **CLOUD_ARGS)
    assert checked['action'] == 'repair' and checked['_writes'] == []
    repaired = run(avs_authorization, **CLOUD_ARGS)
    assert repaired['action'] == 'repair' and repaired['_writes'] == [('PUT', path)]
    assert fake.get(path)['properties']['provisioningState'] == 'Succeeded'

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_peering end to end in-process: the module's main() against a fake Resource Manager (fake_arm)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_arm import (
    FakeArm, ModuleRun, add_circuit)
from ansible_collections.hybridlink.expressroute.plugins.modules import circuit_peering as subject

MD5 = 'md5-not-to-be-seen'
PRIVATE = dict(resource_group='rg-net', circuit_name='er-a', peering_type='AzurePrivatePeering', vlan_id=200,
               peer_asn=65020, primary_peer_address_prefix='192.168.50.0/30',
               secondary_peer_address_prefix='192.168.50.4/30', shared_key=MD5)


@pytest.fixture
def world():
    fake = FakeArm()
    circuit = add_circuit(fake, 'rg-net', 'er-a', private_peering=False)
    fake.add(circuit + '/peerings/MicrosoftPeering', {
        'peeringType': 'MicrosoftPeering', 'state': 'Enabled', 'vlanId': 300, 'peerASN': 65030,
        'primaryPeerAddressPrefix': '203.0.113.0/30', 'secondaryPeerAddressPrefix': '203.0.113.4/30',
        'provisioningState': 'Succeeded'}, etag='W/"0"')
    return fake, circuit


@pytest.fixture
def run(monkeypatch, capsys, world):
    return ModuleRun(monkeypatch, capsys, world[0])


def test_create_writes_once_and_a_rerun_writes_nothing(world, run):
    fake, circuit = world
    path = circuit + '/peerings/AzurePrivatePeering'
    created = run(subject, **PRIVATE)
    assert created['changed'] is True and created['_writes'] == [('PUT', path)]
    sent = fake.bodies()[-1]['properties']
    assert (sent['vlanId'], sent['peerASN'], sent['sharedKey']) == (200, 65020, MD5)
    assert created['request']['properties']['sharedKey'] == '********'
    assert created['diff']['after']['shared_key'] == '********'
    assert created['peering']['vlan_id'] == 200
    # The other peering is carried in the circuit returned, untouched.
    assert sorted(created['circuit']['peering_names']) == ['AzurePrivatePeering', 'MicrosoftPeering']
    assert fake.get(circuit + '/peerings/MicrosoftPeering')['properties']['vlanId'] == 300
    assert MD5 not in json.dumps(created)

    again = run(subject, **PRIVATE)
    assert again['changed'] is False and again['_writes'] == [] and 'request' not in again


def test_an_update_sends_the_whole_peering_once(world, run):
    fake, circuit = world
    path = circuit + '/peerings/AzurePrivatePeering'
    run(subject, **PRIVATE)
    updated = run(subject, **dict(PRIVATE, peer_asn=65021))
    assert updated['changed'] is True and updated['changed_fields'] == ['peer_asn']
    assert updated['_writes'] == [('PUT', path)]
    sent = fake.bodies()[-1]['properties']
    assert (sent['vlanId'], sent['peerASN'], sent['sharedKey']) == (200, 65021, MD5)
    assert MD5 not in json.dumps(updated)


def test_check_mode_plans_the_create_and_writes_nothing(world, run):
    fake, circuit = world
    result = run(subject, check_mode=True, **PRIVATE)
    assert result['changed'] is True and result['_writes'] == []
    assert fake.get(circuit + '/peerings/AzurePrivatePeering') is None
    assert result['peering']['vlan_id'] == 200 and result['peering']['shared_key'] == '********'
    assert MD5 not in json.dumps(result)


def test_a_vlan_the_other_peering_uses_is_refused_before_any_write(world, run):
    fake, circuit = world
    result = run(subject, **dict(PRIVATE, vlan_id=300))
    assert result['failed'] is True and result['_writes'] == []
    assert 'vlan_id' in result['msg'] and 'MicrosoftPeering' in result['msg']
    assert MD5 not in json.dumps(result)


def test_an_unready_circuit_is_refused_before_any_write(world, run):
    fake, circuit = world
    fake.get(circuit)['properties']['serviceProviderProvisioningState'] = 'NotProvisioned'
    result = run(subject, **PRIVATE)
    assert result['failed'] is True and result['_writes'] == []
    assert 'not ready for peering' in result['msg']


def test_a_peering_with_connections_is_deleted_only_with_them_when_asked(world, run):
    fake, circuit = world
    path = circuit + '/peerings/AzurePrivatePeering'
    run(subject, **PRIVATE)
    fake.add(path + '/connections/gr1', {
        'expressRouteCircuitPeering': {'id': path}, 'addressPrefix': '10.99.0.0/29',
        'peerExpressRouteCircuitPeering': {'id': path.replace('er-a', 'er-b')}, 'provisioningState': 'Succeeded'})
    absent = dict(resource_group='rg-net', circuit_name='er-a', peering_type='AzurePrivatePeering', state='absent')
    refused = run(subject, **absent)
    assert refused['failed'] is True and refused['_writes'] == [] and 'remove_connections' in refused['msg']
    removed = run(subject, remove_connections=True, **absent)
    assert removed['changed'] is True
    assert removed['_writes'] == [('DELETE', path + '/connections/gr1'), ('DELETE', path)]
    assert run(subject, **absent)['_writes'] == []


def test_a_peering_changed_since_it_was_read_is_read_and_written_again(world, run):
    fake, circuit = world
    path = circuit + '/peerings/AzurePrivatePeering'
    run(subject, **PRIVATE)
    etag = fake.get(path)['etag']
    fake.refuse_next('PUT', '/peerings/AzurePrivatePeering', 'PreconditionFailed', 'The etag does not match.',
                     status=412)
    updated = run(subject, **dict(PRIVATE, peer_asn=65021))
    assert updated['changed'] is True and updated['_writes'] == [('PUT', path), ('PUT', path)]
    assert [method for method, sent, body in fake.sent[-4:]] == ['GET', 'PUT', 'GET', 'PUT']
    assert fake.get(path)['properties']['peerASN'] == 65021 and fake.get(path)['etag'] != etag

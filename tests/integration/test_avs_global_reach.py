# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""avs_global_reach and avs_global_reach_info against the lab."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
import json
import time

from helpers_avs import (
    arm_requests, assert_no_key, changes, circuit_id, circuit_state, cloud_args,
    configure_private_peering, connect_avs, connect_circuits, create_avs_key, create_circuit_key, peering_state)
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import

# The /26 of avs-westus-prod's 10.176.0.0/22 that AVS reserves for Global Reach /29s.
GLOBAL_REACH_RESERVED = ipaddress.ip_network('10.176.0.128/26')


def connection_args(lab, key=None, circuit='er-sv-primary', name='onprem-sv', **extra):
    args = cloud_args(name=name, peer_express_route_circuit=circuit_id(lab, circuit), **extra)
    if key is not None:
        args['authorization_key'] = key
    return args


def authorizations(lab, circuit='er-sv-primary'):
    return dict((item['name'], item['properties'].get('authorizationUseStatus'))
                for item in circuit_state(lab, circuit)['properties']['authorizations'])


def test_create_rerun_change_refused_and_disconnect_keeps_the_rest(ansible, lab):
    configure_private_peering(lab, 'er-sv-primary')
    configure_private_peering(lab, 'er-ams-secondary')
    key = create_circuit_key(lab, 'er-sv-primary', 'avs-westus-prod')
    spare = create_circuit_key(lab, 'er-sv-primary', 'spare')
    # Other Global Reach on the same circuit: to another site, and from the DR private cloud.
    connect_circuits(lab, 'er-sv-primary', 'er-ams-secondary', 'sv-to-ams', '10.255.0.0/29')
    connect_avs(lab, 'avs-weu-dr', 'onprem-sv', 'er-sv-primary', create_circuit_key(lab, 'er-sv-primary', 'avs-weu-dr'))
    lab.admin.clear_log()

    check = ansible.module('avs_global_reach', connection_args(lab, key), check=True, diff=True)
    assert check.changed and not check.failed and check.result['action'] == 'create'
    assert check.result['diff']['after']['authorization_key'] == '********'
    assert check.result['global_reach_connection']['address_prefix'] is None
    assert check.result['request']['properties']['authorizationKey'] == '********'
    assert changes(lab) == []
    assert_no_key(check, key)

    created = ansible.module('avs_global_reach', connection_args(lab, key), diff=True)
    assert created.changed and not created.failed, created.msg
    connection = created.result['global_reach_connection']
    assert connection['circuit_connection_status'] == 'Connected'
    assert ipaddress.ip_network(connection['address_prefix']).subnet_of(GLOBAL_REACH_RESERVED)
    assert_no_key(created, key)
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['PUT']
    assert authorizations(lab)['avs-westus-prod'] == 'InUse'

    # A rerun needs no key, tolerates ARM's case-insensitive IDs, and sends nothing.
    lab.admin.clear_log()
    rerun = ansible.module('avs_global_reach', cloud_args(
        name='onprem-sv', peer_express_route_circuit=circuit_id(lab, 'er-sv-primary').replace(
            'expressRouteCircuits', 'expressroutecircuits')))
    assert not rerun.changed and not rerun.failed and rerun.result['action'] == 'none', rerun.msg
    assert rerun.result['global_reach_connection']['address_prefix'] == connection['address_prefix']
    # Only the connection is read: the private cloud matters only for a create or a refusal.
    assert [(entry['method'], entry['path'].rsplit('/', 2)[-2:]) for entry in arm_requests(lab)] == [
        ('GET', ['globalReachConnections', 'onprem-sv'])]
    info = ansible.module('avs_global_reach_info', cloud_args())
    assert [item['name'] for item in info.result['global_reach_connections']] == ['onprem-sv']
    assert_no_key(info, key)

    moved = ansible.module('avs_global_reach', connection_args(lab, spare, circuit='er-ams-secondary'))
    assert moved.failed and 'state=absent' in moved.msg and 'peer_express_route_circuit' in moved.msg
    assert_no_key(moved, spare)
    assert changes(lab) == []

    disconnect = ansible.module('avs_global_reach', cloud_args(name='onprem-sv', state='absent'), diff=True)
    assert disconnect.changed and disconnect.result['global_reach_connection'] is None
    assert disconnect.result['diff']['after'] == {}
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['DELETE']
    peering = peering_state(lab, 'er-sv-primary')['properties']
    assert peering['provisioningState'] == 'Succeeded'
    assert [item['name'] for item in peering['connections']] == ['sv-to-ams']
    assert [item['name'] for item in peering['peeredConnections']] == ['onprem-sv']  # avs-weu-dr's
    assert set(authorizations(lab)) == {'avs-westus-prod', 'spare', 'avs-weu-dr'}

    lab.admin.clear_log()
    again = ansible.module('avs_global_reach', cloud_args(name='onprem-sv', state='absent'))
    assert not again.changed and not again.failed
    assert changes(lab) == []


def test_bad_circuit_id_and_key_fail_before_any_request(ansible, lab):
    peering_instead_of_circuit = circuit_id(lab, 'er-sv-primary') + '/peerings/AzurePrivatePeering'
    run = ansible.module('avs_global_reach', cloud_args(
        name='../onprem', peer_express_route_circuit=peering_instead_of_circuit, authorization_key='my-auth-key',
        wait_timeout=-1))
    assert run.failed and '4 problems' in run.msg, run.msg
    for option in ('name', 'wait_timeout', 'peer_express_route_circuit', 'authorization_key'):
        assert option + ':' in run.msg
    assert 'my-auth-key' not in run.output
    assert arm_requests(lab) == []


def test_refuses_the_private_clouds_own_circuit_before_any_write(ansible, lab):
    key = create_avs_key(lab, 'avs-westus-prod', 'mixed-up')
    lab.admin.clear_log()
    # The mix-up as it happens: the circuit ID copied from the private cloud's own connectivity page.
    facts = ansible.module('avs_private_cloud_info', cloud_args())
    cloud = facts.result['private_cloud']
    assert facts.result['exists'] and cloud['network_block'] == '10.176.0.0/22'
    assert cloud['management_network'] and cloud['circuit']['primary_subnet']
    assert [item['name'] for item in facts.result['authorizations']] == ['mixed-up']
    assert facts.result['global_reach_connections'] == []
    assert_no_key(facts, key)
    avs_circuit = cloud['circuit']['express_route_id']
    run = ansible.module('avs_global_reach', cloud_args(
        name='onprem-sv', peer_express_route_circuit=avs_circuit, authorization_key=key))
    assert run.failed and 'Azure VMware Solution manages' in run.msg and 'on-premises circuit' in run.msg
    assert_no_key(run, key)
    assert changes(lab) == []


def test_refuses_a_key_of_the_private_clouds_own_authorizations_before_any_write(ansible, lab):
    configure_private_peering(lab)
    key = create_avs_key(lab, 'avs-westus-prod', 'hub-gateway')
    lab.admin.clear_log()
    run = ansible.module('avs_global_reach', connection_args(lab, key))
    assert run.failed and 'hub-gateway' in run.msg and 'AVS side' in run.msg and 'circuit_authorization' in run.msg
    assert_no_key(run, key)
    assert changes(lab) == []


def test_key_in_use_elsewhere_is_explained_and_a_fresh_key_replaces_the_failed_connection(ansible, lab):
    configure_private_peering(lab)
    shared = create_circuit_key(lab, 'er-sv-primary', 'avs-shared')
    connect_avs(lab, 'avs-weu-dr', 'onprem-sv', 'er-sv-primary', shared)
    lab.admin.clear_log()

    # Keys are masked in reads (api-version 2026-03-01), so Azure's own answer reports the reuse.
    run = ansible.module('avs_global_reach', connection_args(lab, shared))
    assert run.failed and 'AuthorizationKeyAlreadyInUse' in run.msg
    assert 'already in use' in run.msg and 'avs-shared' in run.msg and 'new authorization' in run.msg
    assert 'avs-weu-dr' in run.msg  # the connection that uses it
    assert_no_key(run, shared)

    fresh = create_circuit_key(lab, 'er-sv-primary', 'avs-westus-prod')
    lab.admin.clear_log()
    replaced = ansible.module('avs_global_reach', connection_args(lab, fresh))
    assert replaced.changed and replaced.result['action'] == 'replace', replaced.msg
    assert replaced.result['global_reach_connection']['circuit_connection_status'] == 'Connected'
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['DELETE', 'PUT']


def test_key_in_use_is_refused_before_any_write_when_keys_are_readable(ansible, lab):
    lab.admin.settings(mask_keys=False)
    configure_private_peering(lab)
    shared = create_circuit_key(lab, 'er-sv-primary', 'avs-shared')
    connect_avs(lab, 'avs-weu-dr', 'onprem-sv', 'er-sv-primary', shared)
    lab.admin.clear_log()
    run = ansible.module('avs_global_reach', connection_args(lab, shared))
    assert run.failed and 'avs-shared' in run.msg and 'already in use' in run.msg and 'new authorization' in run.msg
    assert_no_key(run, shared)
    assert changes(lab) == []


ROLE_LIKE_PLAY = [{
    'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
    'tasks': [
        {'name': 'key on the on-premises circuit, named after the private cloud',
         'hybridlink.expressroute.circuit_authorization': {
             'resource_group': 'rg-onprem-network', 'circuit_name': 'er-sv-primary', 'name': 'avs-westus-prod',
             'return_key': True},
         'register': 'auth', 'no_log': True},
        {'name': 'Global Reach from the private cloud',
         'hybridlink.expressroute.avs_global_reach': {
             'resource_group': 'rg-avs-prod', 'private_cloud_name': 'avs-westus-prod', 'name': 'onprem-sv',
             'peer_express_route_circuit': '{{ onprem_circuit }}',
             'authorization_key': '{{ auth.authorization.authorization_key }}'},
         'register': 'gr'},
        {'name': 'keep the result',
         'ansible.builtin.copy': {'content': '{{ gr | to_json }}', 'dest': '{{ result_file }}'},
         'changed_when': False},
    ],
}]


def test_rerun_after_partial_failure_reuses_the_key_it_created(ansible, lab, tmp_path):
    configure_private_peering(lab)
    playbook = tmp_path / 'connect.yml'
    playbook.write_text(json.dumps(ROLE_LIKE_PLAY))
    result_file = tmp_path / 'gr.json'
    extra = {'onprem_circuit': circuit_id(lab, 'er-sv-primary'), 'result_file': str(result_file)}

    # The key is created, then the Global Reach operation fails in Azure: the play stops there.
    lab.admin.add_fault(method='PUT', path='globalReachConnections', lro_final_status='Failed',
                        lro_error_code='InternalServerError', lro_error_message='Transient failure', times=1)
    first = ansible.playbook(str(playbook), extra_vars=extra)
    assert first.returncode != 0 and 'InternalServerError' in first.stdout
    assert authorizations(lab) == {'avs-westus-prod': 'Available'}

    lab.admin.clear_faults()
    second = ansible.playbook(str(playbook), extra_vars=extra)
    assert second.returncode == 0, second.stdout
    assert json.loads(result_file.read_text())['global_reach_connection']['circuit_connection_status'] == 'Connected'
    assert authorizations(lab) == {'avs-westus-prod': 'InUse'}  # exactly one, the one made the first time

    lab.admin.clear_log()
    third = ansible.playbook(str(playbook), extra_vars=extra)
    assert third.returncode == 0 and 'changed=0' in third.stdout, third.stdout
    # Reading the masked key back is the only POST (listKeys); nothing is created or deleted.
    assert all(entry.startswith('POST ') and entry.endswith('/listKeys') for entry in changes(lab))


CHECK_MODE_PLAY = [{
    'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
    'tasks': [
        ROLE_LIKE_PLAY[0]['tasks'][0],
        ROLE_LIKE_PLAY[0]['tasks'][1],
        {'name': 'keep the result',
         'ansible.builtin.copy': {'content': '{{ gr | to_json }}', 'dest': '{{ result_file }}'},
         'changed_when': False, 'check_mode': False},
    ],
}]


def test_check_mode_accepts_a_key_whose_authorization_was_only_simulated(ansible, lab, tmp_path):
    configure_private_peering(lab)
    playbook = tmp_path / 'connect.yml'
    playbook.write_text(json.dumps(CHECK_MODE_PLAY))
    result_file = tmp_path / 'gr.json'
    lab.admin.clear_log()
    run = ansible.playbook(str(playbook), check=True, diff=True,
                           extra_vars={'onprem_circuit': circuit_id(lab, 'er-sv-primary'), 'result_file': str(result_file)})
    assert run.returncode == 0, run.stdout
    result = json.loads(result_file.read_text())
    assert result['changed'] and result['action'] == 'create'
    assert any('authorization_key is not known yet' in note for note in result['notes'])
    assert changes(lab) == []


def test_operation_timeout_and_wait_timeout_are_honoured(ansible, lab):
    configure_private_peering(lab)
    key = create_circuit_key(lab, 'er-sv-primary', 'avs-westus-prod')
    lab.admin.settings(operation_seconds=120)

    started = time.monotonic()
    run = ansible.module('avs_global_reach', connection_args(lab, key, operation_timeout=3))
    assert run.failed and 'operation_timeout=3' in run.msg and 'rerun' in run.msg
    assert time.monotonic() - started < 20

    # The operation is still running in Azure: a rerun waits for Connected, within wait_timeout.
    started = time.monotonic()
    waited = ansible.module('avs_global_reach', connection_args(lab, wait_timeout=2))
    assert waited.failed and 'wait_timeout=2' in waited.msg and 'not Connected yet' in waited.msg
    assert time.monotonic() - started < 20

    quick = ansible.module('avs_global_reach', connection_args(lab, wait=False))
    assert not quick.failed and not quick.changed
    assert quick.result['global_reach_connection']['circuit_connection_status'] != 'Connected'


def test_not_provisioned_on_premises_circuit_is_refused_before_any_write(ansible, lab):
    key = create_circuit_key(lab, 'er-chi-pending', 'avs-westus-prod')
    lab.admin.clear_log()
    run = ansible.module('avs_global_reach', connection_args(lab, key, circuit='er-chi-pending'))
    assert run.failed and 'NotProvisioned' in run.msg and 'er-chi-pending' in run.msg
    assert changes(lab) == []

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_authorization and circuit_authorization_info against the lab."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

import pytest

GUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
CIRCUIT = dict(resource_group='rg-onprem-network', circuit_name='er-sv-primary')


def authorization(name='avs-westus-prod', **extra):
    return dict(CIRCUIT, name=name, **extra)


def test_check_mode_create_writes_nothing(ansible, lab):
    run = ansible.module('circuit_authorization', authorization(return_key=True), check=True, diff=True)
    assert not run.failed, run.msg
    assert run.changed
    assert run.result['authorization']['name'] == 'avs-westus-prod'
    assert run.result['authorization']['authorization_key'] is None
    assert lab.admin.writes() == []
    assert 'after' in run.result['diff']


def test_create_returns_a_fresh_key_once_and_reruns_change_nothing(ansible, lab):
    created = ansible.module('circuit_authorization', authorization(return_key=True), no_log=True)
    assert not created.failed, created.msg
    assert created.changed
    key = created.result['authorization']['authorization_key']
    assert GUID.match(key)
    assert created.result['authorization']['authorization_use_status'] == 'Available'
    assert key not in created.output

    lab.admin.clear_log()
    again = ansible.module('circuit_authorization', authorization())
    assert not again.failed, again.msg
    assert again.changed is False
    assert 'authorization_key' not in again.result['authorization']
    assert lab.admin.writes() == []

    lab.admin.clear_log()
    with_key = ansible.module('circuit_authorization', authorization(return_key=True), no_log=True)
    assert with_key.changed is False
    assert with_key.result['authorization']['authorization_key'] == key
    # Reading the key is a POST listKeys action; it never writes the authorization.
    assert [entry['method'] for entry in lab.admin.writes()] == ['POST']
    assert lab.admin.writes()[0]['path'].endswith('/listKeys')


def test_delete_then_delete_again(ansible, lab):
    assert ansible.module('circuit_authorization', authorization()).changed
    gone = ansible.module('circuit_authorization', authorization(state='absent'), diff=True)
    assert not gone.failed, gone.msg
    assert gone.changed and gone.result['authorization'] is None
    assert gone.result['diff']['after'] == {}
    assert gone.result['diff']['before']['name'] == 'avs-westus-prod'
    lab.admin.clear_log()
    again = ansible.module('circuit_authorization', authorization(state='absent'))
    assert again.changed is False
    assert lab.admin.writes() == []


def test_info_lists_use_status_and_never_keys(ansible, lab):
    ansible.module('circuit_authorization', authorization('first'))
    ansible.module('circuit_authorization', authorization('second'))
    lab.admin.clear_log()
    info = ansible.module('circuit_authorization_info', dict(CIRCUIT))
    assert not info.failed, info.msg
    names = sorted(item['name'] for item in info.result['authorizations'])
    assert names == ['first', 'second']
    assert all('authorization_key' not in item for item in info.result['authorizations'])
    assert lab.admin.writes() == []
    one = ansible.module('circuit_authorization_info', dict(CIRCUIT, name='missing'))
    assert one.result['authorizations'] == []


def test_missing_circuit_is_a_clear_error(ansible):
    run = ansible.module('circuit_authorization', dict(resource_group='rg-onprem-network', circuit_name='nope', name='a'))
    assert run.failed
    assert 'nope' in run.msg and 'ResourceNotFound' in run.msg


def test_malformed_circuit_id_fails_before_any_request(ansible, lab):
    run = ansible.module('circuit_authorization', dict(circuit_id='/subscriptions/not-a-guid/x', name='a'))
    assert run.failed
    assert run.msg.startswith('circuit_id: ')
    assert lab.admin.requests() == []


AUTH_PATH = r'/expressRouteCircuits/er-sv-primary/authorizations/avs-westus-prod$'


def stored(lab, name='avs-westus-prod'):
    """The authorization as Azure (the lab) holds it, key included."""
    from azure.core.exceptions import ResourceNotFoundError
    operations = lab.network_client().express_route_circuit_authorizations
    try:
        found = operations.get('rg-onprem-network', 'er-sv-primary', name)
    except ResourceNotFoundError:
        return None, None
    key = operations.list_keys('rg-onprem-network', 'er-sv-primary', name).authorization_key
    return getattr(found.provisioning_state, 'value', found.provisioning_state), key


def methods(lab):
    return [entry['method'] for entry in lab.admin.writes()]


@pytest.mark.parametrize('final', ['Failed', 'Canceled'])
def test_an_authorization_left_broken_is_replaced_by_a_rerun_and_its_key_never_returned(ansible, lab, final):
    lab.admin.add_fault(method='PUT', path=AUTH_PATH, lro_final_status=final)
    failed = ansible.module('circuit_authorization', authorization(return_key=True), no_log=True)
    assert failed.failed and 'Creating authorization avs-westus-prod' in failed.msg
    lab.admin.clear_faults()
    state, broken_key = stored(lab)
    assert state in ('Failed', 'Canceled')  # the lab leaves a canceled create Failed, as Azure can

    lab.admin.clear_log()
    planned = ansible.module('circuit_authorization', authorization(return_key=True), check=True, diff=True)
    assert not planned.failed, planned.msg
    assert planned.changed and planned.result['repair'] == 'provisioning state %s' % state
    assert planned.result['authorization']['authorization_key'] is None
    assert broken_key not in planned.output
    assert lab.admin.writes() == []

    repaired = ansible.module('circuit_authorization', authorization(return_key=True), no_log=True)
    assert not repaired.failed, repaired.msg
    assert repaired.changed and repaired.result['repair'] == 'provisioning state %s' % state
    assert methods(lab) == ['DELETE', 'PUT', 'POST']
    state, key = stored(lab)
    assert state == 'Succeeded' and key != broken_key
    assert repaired.result['authorization']['authorization_key'] == key
    assert repaired.result['authorization']['provisioning_state'] == 'Succeeded'

    lab.admin.clear_log()
    again = ansible.module('circuit_authorization', authorization())
    assert again.changed is False and 'repair' not in again.result
    assert lab.admin.writes() == []


def test_a_create_that_ends_failed_once_is_recreated_in_the_same_run(ansible, lab):
    lab.admin.add_fault(method='PUT', path=AUTH_PATH, lro_final_status='Failed', times=1)
    run = ansible.module('circuit_authorization', authorization(return_key=True), no_log=True)
    assert not run.failed, run.msg
    assert run.changed
    # The create that ended Failed, the delete of what it left, the second create, listKeys.
    assert methods(lab) == ['PUT', 'DELETE', 'PUT', 'POST']
    state, key = stored(lab)
    assert state == 'Succeeded' and run.result['authorization']['authorization_key'] == key


def test_a_superseded_create_is_recreated(ansible, lab):
    lab.admin.add_fault(method='PUT', path=AUTH_PATH, lro_final_status='Canceled',
                        lro_error_code='CanceledAndSupersededDueToAnotherOperation',
                        lro_error_message='Operation was canceled and superseded by another operation on the resource.',
                        times=1)
    run = ansible.module('circuit_authorization', authorization(return_key=True), no_log=True)
    assert not run.failed, run.msg
    assert run.changed
    refused = [entry for entry in lab.admin.requests() if entry.get('error_code') == 'CannotModifyExistingAuthorization']
    assert len(refused) == 1, 'the wrapper retried the superseded PUT once, and Azure refused it'
    state, key = stored(lab)
    assert state == 'Succeeded' and run.result['authorization']['authorization_key'] == key


def test_losing_a_create_race_returns_the_winners_authorization_unchanged(ansible, lab):
    """Another run created it between this run's read and its PUT: Azure refuses the PUT."""
    operations = lab.network_client().express_route_circuit_authorizations
    operations.begin_create_or_update('rg-onprem-network', 'er-sv-primary', 'avs-westus-prod', {'properties': {}},
                                      polling_interval=0.05).result()
    key = stored(lab)[1]
    # This run's read happened before the other run's create: it saw 404 (the answer Azure gives).
    lab.admin.add_fault(method='GET', path=AUTH_PATH, status=404, code='NotFound',
                        message='Resource avs-westus-prod not found.', times=1)
    lab.admin.clear_log()
    run = ansible.module('circuit_authorization', authorization(return_key=True), no_log=True)
    assert not run.failed, run.msg
    assert run.changed is False
    assert run.result['authorization']['authorization_key'] == key
    assert run.result['authorization']['provisioning_state'] == 'Succeeded'
    assert [entry['error_code'] for entry in lab.admin.requests() if entry['method'] == 'PUT'] == [
        'CannotModifyExistingAuthorization']
    assert [entry['method'] for entry in lab.admin.writes() if entry['status'] < 400] == ['POST']
    assert key not in run.output

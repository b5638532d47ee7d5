# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_authorization and circuit_authorization_info against the lab."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

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

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""connect_flow: the one flow both Global Reach modules run, with a fake side and a fake module wrapper."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.connect_flow import (
    ConnectionSide, accepted_in_check_mode, converge_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import MASK
from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_time import FakeTime

KEY = '11111111-2222-3333-4444-555555555555'
PEER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er-sv'


class Exited(Exception):
    pass


class FakeModule(object):
    """The parts of AzureModule the flow uses; exit raises so a test sees the result."""

    def __init__(self, check_mode=False, wait=True):
        self.check_mode = check_mode
        self.params = dict(wait=wait, wait_timeout=60)
        time = FakeTime()
        self.sleep, self.clock = time.sleep, time.clock
        self.result = None

    def apply_plan(self, plan, apply):
        if plan.action == 'none' or self.check_mode:
            return None
        return apply(plan)

    def exit(self, changed, diff=None, **result):
        self.result = dict(result, changed=changed, diff=diff)
        raise Exited()


def connection(state='Succeeded', status='Connected', peer=PEER):
    return {'name': 'c1', 'properties': {'peer': peer, 'provisioningState': state, 'circuitConnectionStatus': status}}


class FakeSide(ConnectionSide):
    result_name = 'connection'
    plan_rules = dict(fixed_fields=('peer',), read_only=('provisioning_state', 'circuit_connection_status'))

    def __init__(self, current=None, answers=(), put_failure=None, missing=False):
        super(FakeSide, self).__init__(None, 'c1', 'connection c1')
        self.missing = missing
        self.current = current
        self.answers = list(answers)
        self.put_failure = put_failure
        self.calls = []

    def read(self):
        self.calls.append('read')
        return copy.deepcopy(self.current)

    def poll(self):
        self.calls.append('poll')
        return self.answers.pop(0)

    def from_api(self, wire):
        if wire is None:
            return None
        props = wire['properties']
        return dict(name=wire['name'], peer=props['peer'], provisioning_state=props['provisioningState'],
                    circuit_connection_status=props['circuitConnectionStatus'])

    def prepare(self, desired, plan, current_wire, notes):
        self.calls.append('prepare')
        if self.missing:
            accepted_in_check_mode(self.module, notes, 'the peer is not there')
        return {'properties': {'peer': desired['peer'], 'authorizationKey': desired['authorization_key']}}

    def put(self, body):
        self.calls.append('put')
        if self.put_failure is not None:
            raise self.put_failure
        return connection(status='Connecting')

    def delete(self):
        self.calls.append('delete')

    def explain(self, failure):
        return ModuleFailure('explained: ' + failure.message, **failure.details)

    def planned(self, final, plan, desired):
        return final or dict(name=desired['name'], peer=desired['peer'], provisioning_state=None)


def converge(side, desired, **module_options):
    module = side.module = FakeModule(**module_options)
    with pytest.raises(Exited):
        converge_connection(module, side, desired)
    return module.result


DESIRED = dict(name='c1', peer=PEER, authorization_key=KEY)


def test_create_writes_once_waits_until_connected_and_masks_the_key():
    side = FakeSide(answers=[connection(status='Connecting'), connection()])
    result = converge(side, dict(DESIRED))
    assert side.calls == ['read', 'prepare', 'put', 'poll', 'poll']
    assert result['changed'] and result['action'] == 'create'
    assert result['connection']['circuit_connection_status'] == 'Connected'
    assert result['request'] == {'properties': {'peer': PEER, 'authorizationKey': MASK}}
    assert result['diff']['after']['authorization_key'] == MASK
    assert KEY not in repr(result)


def test_a_real_run_refuses_what_check_mode_accepts_with_a_note():
    with pytest.raises(ModuleFailure) as refused:
        converge(FakeSide(missing=True), dict(DESIRED))
    assert refused.value.message == 'the peer is not there. Nothing was changed.'


def test_check_mode_writes_nothing_and_reports_what_would_exist():
    side = FakeSide(missing=True)
    result = converge(side, dict(DESIRED), check_mode=True)
    assert side.calls == ['read', 'prepare']
    assert result['action'] == 'create' and result['changed']
    assert result['connection'] == dict(name='c1', peer=PEER, provisioning_state=None)
    assert result['notes'] == ['the peer is not there (accepted in check mode: an earlier task may only have '
                               'simulated it)']


def test_a_connection_that_is_up_is_left_alone_without_any_write():
    side = FakeSide(current=connection())
    result = converge(side, dict(DESIRED, authorization_key=None))
    assert side.calls == ['read']
    assert not result['changed'] and result['action'] == 'none' and 'request' not in result


def test_a_failed_connection_is_replaced_delete_first():
    side = FakeSide(current=connection(state='Failed', status='Disconnected'), answers=[connection()])
    result = converge(side, dict(DESIRED))
    assert side.calls == ['read', 'prepare', 'delete', 'put', 'poll']
    assert result['action'] == 'replace'


def test_a_changed_fixed_field_is_refused_before_anything_else():
    side = FakeSide(current=connection(peer=PEER + '-other'))
    with pytest.raises(ModuleFailure) as refused:
        converge(side, dict(DESIRED))
    assert 'connection c1 already exists with other fixed settings' in refused.value.message
    assert side.calls == ['read']


def test_a_failed_write_is_explained_by_the_side():
    side = FakeSide(put_failure=ModuleFailure('boom', error_code='InvalidAuthorizationKey'))
    with pytest.raises(ModuleFailure) as failed:
        converge(side, dict(DESIRED))
    assert failed.value.message == 'explained: boom'
    assert failed.value.details == {'error_code': 'InvalidAuthorizationKey'}


def test_absent_deletes_and_reports_nothing_left():
    side = FakeSide(current=connection())
    result = converge(side, None)
    assert side.calls == ['read', 'delete']
    assert result['action'] == 'delete' and result['connection'] is None


def test_the_plan_inputs_are_not_modified():
    desired = dict(DESIRED)
    frozen = copy.deepcopy(desired)
    converge(FakeSide(current=connection()), desired)
    assert desired == frozen

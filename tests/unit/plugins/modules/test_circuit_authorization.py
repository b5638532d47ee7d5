# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_authorization: the plan, and how a create that failed or was refused recovers (Azure faked)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import circuit_id
from ansible_collections.hybridlink.expressroute.plugins.modules import circuit_authorization as subject
from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_time import FakeTime

CIRCUIT = circuit_id('00000000-0000-0000-0000-000000000000', 'rg', 'er1')


def wire(state, use='Available'):
    return {'name': 'a1', 'properties': {'provisioningState': state, 'authorizationUseStatus': use,
                                         'authorizationKey': '11111111-2222-3333-4444-555555555555'}}


@pytest.mark.parametrize('present, current, action', [
    (True, None, 'create'),
    (True, wire('Succeeded'), 'none'),
    (True, wire('Updating'), 'none'),
    (True, wire('Failed'), 'replace'),
    (True, wire('Canceled'), 'replace'),
    (False, wire('Failed'), 'delete'),
    (False, wire('Succeeded'), 'delete'),
    (False, None, 'none'),
], ids=['create', 'healthy', 'still-running', 'failed', 'canceled', 'delete-broken', 'delete', 'absent'])
def test_plan_authorization(present, current, action):
    frozen = copy.deepcopy(current)
    plan = subject.plan_authorization('a1', present, current)
    assert plan.action == action
    assert current == frozen


@pytest.mark.parametrize('details, recoverable', [
    (dict(error_code='CannotModifyExistingAuthorization', status_code=400), True),
    (dict(error_code='AnotherOperationInProgress', status_code=409), True),
    (dict(error_code='CanceledAndSupersededDueToAnotherOperation', status_code=200), True),
    (dict(error_code='InternalServerError', status_code=200), True),
    (dict(error_code='ServiceUnavailable', status_code=503), True),
    (dict(error_code=None, status_code=None), True),
    (dict(error_code='Timeout'), False),
    (dict(error_code='AuthorizationFailed', status_code=403), False),
    (dict(error_code='InvalidRequestFormat', status_code=400), False),
], ids=['taken', 'conflict', 'superseded', 'lro-failed', 'server-error', 'transport', 'timeout', 'forbidden',
        'bad-request'])
def test_is_recoverable(details, recoverable):
    assert subject.is_recoverable(ModuleFailure('x', **details)) is recoverable


class FakeAzure(object):
    """Answers to create/get/delete in order; records the calls."""

    def __init__(self, monkeypatch, creates, reads):
        self.creates = list(creates)
        self.reads = list(reads)
        self.calls = []
        monkeypatch.setattr(subject, 'create_authorization', self.create)
        monkeypatch.setattr(subject, 'get_authorization', self.get)
        monkeypatch.setattr(subject, 'delete_authorization', self.delete)

    def create(self, module, circuit, name):
        self.calls.append('create')
        answer = self.creates.pop(0)
        if isinstance(answer, ModuleFailure):
            raise answer
        return answer

    def get(self, module, circuit, name):
        self.calls.append('get')
        return self.reads.pop(0)

    def delete(self, module, circuit, name):
        self.calls.append('delete')
        return True


class FakeModule(FakeTime):
    """What create() uses of the module wrapper: its options, clock and sleep."""

    params = dict(operation_timeout=30)


TAKEN = ModuleFailure('refused', error_code='CannotModifyExistingAuthorization', status_code=400)
FAILED = ModuleFailure('failed', error_code='InternalServerError', status_code=200)
FORBIDDEN = ModuleFailure('forbidden', error_code='AuthorizationFailed', status_code=403)


@pytest.mark.parametrize('creates, reads, replacing, calls, changed', [
    ([wire('Succeeded')], [], False, ['create'], True),
    ([TAKEN], [wire('Succeeded')], False, ['create', 'get'], False),
    ([TAKEN], [wire('Updating'), wire('Succeeded')], False, ['create', 'get', 'get'], False),
    ([TAKEN, wire('Succeeded')], [wire('Canceled')], False, ['create', 'get', 'delete', 'create'], True),
    ([FAILED, wire('Succeeded')], [wire('Failed')], False, ['create', 'get', 'delete', 'create'], True),
    ([FAILED], [wire('Succeeded')], False, ['create', 'get'], True),
    ([TAKEN], [wire('Succeeded')], True, ['create', 'get'], True),
    ([FAILED, wire('Succeeded')], [None], False, ['create', 'get', 'create'], True),
], ids=['created', 'lost-the-race', 'lost-the-race-while-running', 'superseded', 'failed-once', 'failed-but-done',
        'replacing', 'failed-and-gone'])
def test_create_recovers(monkeypatch, creates, reads, replacing, calls, changed):
    azure = FakeAzure(monkeypatch, creates, reads)
    found, was_changed = subject.create(FakeModule(), CIRCUIT, 'a1', replacing=replacing)
    assert subject.provisioning_state(found) == 'Succeeded'
    assert was_changed is changed
    assert azure.calls == calls


@pytest.mark.parametrize('creates, reads, calls', [
    ([FORBIDDEN], [], ['create']),
    ([FAILED, FAILED], [wire('Failed'), wire('Failed')], ['create', 'get', 'delete', 'create', 'get']),
    ([TAKEN], [wire('Deleting')] * 100, None),
    ([TAKEN], [None, None], ['create', 'get', 'create', 'get']),
], ids=['forbidden', 'fails-twice', 'busy-past-the-timeout', 'refused-but-gone'])
def test_create_gives_up(monkeypatch, creates, reads, calls):
    azure = FakeAzure(monkeypatch, creates + [FAILED], reads)
    with pytest.raises(ModuleFailure):
        subject.create(FakeModule(), CIRCUIT, 'a1', replacing=False)
    assert 'delete' not in azure.calls or calls == ['create', 'get', 'delete', 'create', 'get']
    if calls is not None:
        assert azure.calls == calls


def test_a_broken_authorization_in_use_is_not_deleted(monkeypatch):
    azure = FakeAzure(monkeypatch, [FAILED], [wire('Failed', use='InUse')])
    with pytest.raises(ModuleFailure) as caught:
        subject.create(FakeModule(), CIRCUIT, 'a1', replacing=False)
    assert 'in use' in caught.value.message and 'left as it is' in caught.value.message
    assert azure.calls == ['create', 'get']

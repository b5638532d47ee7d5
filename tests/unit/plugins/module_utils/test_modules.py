# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible.module_utils.testing import patch_module_args

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import plan_resource
from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_time import FakeTime

SECRET = 'md5-secret-value'


def module_args(check_mode=False, diff=False, **args):
    params = dict(subscription_id='00000000-0000-0000-0000-000000000000', shared_key=SECRET)
    params.update(args)
    if check_mode:
        params['_ansible_check_mode'] = True
    if diff:
        params['_ansible_diff'] = True
    return patch_module_args(params)


def make_module():
    return AzureModule(dict(shared_key=dict(type='str', no_log=True), name=dict(type='str')))


def finish(capsys, action):
    with pytest.raises(SystemExit):
        action()
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize('check_mode, desired, current, applied', [
    (False, {'name': 'a'}, None, True),
    (True, {'name': 'a'}, None, False),
    (False, {'name': 'a'}, {'name': 'a'}, False),
    (True, None, {'name': 'a'}, False),
    (False, None, {'name': 'a'}, True),
], ids=['create', 'create-check', 'no-change', 'delete-check', 'delete'])
def test_apply_plan_is_the_only_check_mode_branch(capsys, check_mode, desired, current, applied):
    with module_args(check_mode=check_mode):
        calls = []
        make_module().apply_plan(plan_resource(desired, current), lambda plan: calls.append(plan.action))
    assert bool(calls) is applied


def test_diff_is_returned_only_when_asked(capsys):
    with module_args():
        result = finish(capsys, lambda: make_module().exit(changed=True, diff={'before': {}, 'after': {'a': 1}}))
    assert 'diff' not in result
    with module_args(diff=True):
        result = finish(capsys, lambda: make_module().exit(changed=True, diff={'before': {}, 'after': {'a': 1}}))
    assert result['diff'] == {'before': {}, 'after': {'a': 1}}


def test_secrets_learned_at_run_time_are_scrubbed_from_results_and_failures(capsys):
    def fail_with_secrets(module):
        raise ModuleFailure('Azure said a1b2c3d4-learned-key and %s' % SECRET)

    with module_args():
        module = make_module()
        module.add_secret('a1b2c3d4-learned-key')
        result = finish(capsys, lambda: module.exit(changed=False, note='key a1b2c3d4-learned-key here'))
    assert 'a1b2c3d4-learned-key' not in json.dumps(result)
    assert result['note'] == 'key ******** here'
    with module_args():
        module = make_module()
        module.add_secret('a1b2c3d4-learned-key')
        result = finish(capsys, lambda: module.run(fail_with_secrets))
    assert result['failed'] is True
    assert 'a1b2c3d4-learned-key' not in result['msg'] and SECRET not in result['msg']


def test_missing_subscription_is_named(monkeypatch):
    monkeypatch.delenv('AZURE_SUBSCRIPTION_ID', raising=False)
    with module_args(subscription_id=None):
        module = make_module()
        with pytest.raises(ModuleFailure, match='subscription_id: required'):
            module.subscription_id()


@pytest.mark.parametrize('args, message', [
    (dict(operation_timeout=-1), 'operation_timeout: must be a positive number of seconds (got -1)'),
    (dict(operation_timeout=0), 'operation_timeout: must be a positive number of seconds (got 0)'),
    (dict(ca_bundle='/nonexistent/bad.pem'), "ca_bundle: must be an existing, readable PEM file"),
    (dict(auth_method='certificate', certificate_path='/nonexistent/bad.pem', certificate_password='pw-secret-1'),
     "certificate_path: must be an existing, readable PEM or PKCS12 file (got '/nonexistent/bad.pem')"),
], ids=['negative-timeout', 'zero-timeout', 'missing-ca-bundle', 'missing-certificate'])
def test_bad_shared_options_are_refused_before_the_body_runs(capsys, args, message):
    calls = []
    with module_args(**args):
        result = finish(capsys, lambda: make_module().run(calls.append))
    assert calls == []
    assert result['failed'] is True
    assert message in result['msg']
    assert 'pw-secret-1' not in json.dumps(result)
    assert result['problems'][0]['option'] == message.split(':')[0]


def http_error(status, code='Whatever', cls=None):
    exceptions = pytest.importorskip('azure.core.exceptions')
    error = (cls or exceptions.HttpResponseError)(message='%s said no' % code)
    error.status_code = status
    error.error = exceptions.ODataV4Format({'code': code, 'message': '%s said no' % code})
    return error


def answers(*outcomes):
    """A call that raises or returns each outcome in turn, counting its calls."""
    calls = []

    def call():
        outcome = outcomes[len(calls)]
        calls.append(outcome)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome
    return call, calls


def timed_module(time, **args):
    with module_args(**args):
        return AzureModule(dict(shared_key=dict(type='str', no_log=True), name=dict(type='str')),
                           sleep=time.sleep, clock=time.clock, rng=lambda: 0.5)


def transport_error(name):
    exceptions = pytest.importorskip('azure.core.exceptions')
    return getattr(exceptions, name)('Connection aborted.')


@pytest.mark.parametrize('first', [
    lambda: http_error(502, 'BadGateway'),
    lambda: http_error(503, 'ServiceUnavailable'),
    lambda: http_error(504, 'GatewayTimeout'),
    lambda: transport_error('ServiceRequestError'),
    lambda: transport_error('ServiceResponseError'),
], ids=['502', '503', '504', 'request-error', 'connection-dropped'])
def test_read_action_survives_one_transient_failure(first):
    time = FakeTime()
    call, calls = answers(first(), {'value': []})
    assert timed_module(time).read_action('Listing the route table', call) == {'value': []}
    assert len(calls) == 2
    assert time.sleeps == [1.5]


@pytest.mark.parametrize('status, code', [(400, 'InvalidRequestFormat'), (500, 'InternalServerError'),
                                          (403, 'AuthorizationFailed')])
def test_read_action_does_not_retry_other_answers(status, code):
    time = FakeTime()
    call, calls = answers(http_error(status, code))
    with pytest.raises(ModuleFailure) as failure:
        timed_module(time).read_action('Reading the key of authorization a', call)
    assert failure.value.message.startswith('Reading the key of authorization a failed (HTTP %s, %s)' % (status, code))
    assert len(calls) == 1 and time.sleeps == []


def test_read_action_gives_up_after_a_few_attempts_and_says_what_to_do():
    time = FakeTime()
    call, calls = answers(*[http_error(502, 'BadGateway')] * 10)
    with pytest.raises(ModuleFailure) as failure:
        timed_module(time).read_action('Listing the ARP table', call)
    assert len(calls) == 5
    assert time.sleeps == [1.5, 3.0, 6.0, 12.0]
    assert 'Listing the ARP table failed (HTTP 502, BadGateway)' in failure.value.message
    assert 'rerun later' in failure.value.message


def test_read_action_is_bounded_by_operation_timeout():
    time = FakeTime()
    call, calls = answers(*[transport_error('ServiceResponseError')] * 10)
    with pytest.raises(ModuleFailure, match='could not reach Azure'):
        timed_module(time, operation_timeout=4).read_action('Listing the route table', call)
    assert len(calls) == 2 and time.now <= 4


def test_read_action_answers_none_when_not_found():
    exceptions = pytest.importorskip('azure.core.exceptions')
    time = FakeTime()
    call, calls = answers(http_error(404, 'NotFound', exceptions.ResourceNotFoundError))
    assert timed_module(time).read_action('Reading the key of authorization a', call) is None
    assert len(calls) == 1

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import (
    describe_azure_error, describe_transport_error, is_conflict, is_precondition_failed, scrub)

exceptions = pytest.importorskip('azure.core.exceptions')

KEY = '8c1c6f1e-3c7d-4f5e-9a8b-0123456789ab'


def azure_error(status, code, message):
    error = exceptions.HttpResponseError(message=message)
    error.status_code = status
    error.error = exceptions.ODataV4Format({'code': code, 'message': message})
    return error


@pytest.mark.parametrize('code, retryable', [
    ('AnotherOperationInProgress', True),
    ('RetryableErrorDueToAnotherOperation', True),
    ('CanceledAndSupersededDueToAnotherOperation', True),
    ('InvalidRequestFormat', False),
    ('SubscriptionRequestsThrottled', False),  # the SDK's own retry policy handles 429s
])
def test_conflicts_are_recognised(code, retryable):
    assert is_conflict(azure_error(409, code, 'x')) is retryable


def test_precondition_failed_by_status_or_code():
    assert is_precondition_failed(azure_error(412, 'Whatever', 'x'))
    assert is_precondition_failed(azure_error(400, 'PreconditionFailed', 'x'))
    assert not is_precondition_failed(azure_error(409, 'Conflict', 'x'))


def test_message_names_action_status_code_and_hint():
    failure = describe_azure_error(
        azure_error(409, 'AnotherOperationInProgress', 'Operation PutPeering is in progress.'), 'Writing peering X')
    assert failure.message.startswith('Writing peering X failed (HTTP 409, AnotherOperationInProgress): ')
    assert 'throttle: 1' in failure.message
    assert failure.details == {'error_code': 'AnotherOperationInProgress', 'status_code': 409}


def test_secrets_are_scrubbed_from_server_messages():
    failure = describe_azure_error(
        azure_error(400, 'AuthorizationKeyInUse', 'Authorization key %s is already in use.' % KEY),
        'Creating Global Reach', secrets=[KEY])
    assert KEY not in failure.message
    assert '********' in failure.message


def test_transport_errors_point_at_the_network():
    failure = describe_transport_error(exceptions.ServiceRequestError('Connection refused'), 'Reading circuit c')
    assert 'could not reach Azure (ServiceRequestError)' in failure.message
    assert 'ca_bundle' in failure.message


@pytest.mark.parametrize('text, secrets, expected', [
    ('key abcd1234 here', ['abcd1234'], 'key ******** here'),
    ('short ab', ['ab'], 'short ab'),  # too short to mask safely: would shred ordinary words
    ('none', [None, ''], 'none'),
    (None, ['x'], None),
])
def test_scrub(text, secrets, expected):
    assert scrub(text, secrets) == expected


class PollResponse(object):
    """The last poll of a long-running operation, as azure-core's polling sees it."""

    def __init__(self, body, status_code=200):
        self.status_code = status_code
        self.reason = 'OK'
        self._body = body

    def text(self):
        return json.dumps(self._body)


def operation_error(body):
    """What azure-core raises when an operation ends Failed or Canceled (base_polling.run)."""
    from azure.core.polling.base_polling import OperationFailed
    return exceptions.HttpResponseError(response=PollResponse(body), error=OperationFailed('Operation failed or canceled'))


ASYNC_FAILED = {'status': 'Failed', 'error': {'code': 'InternalServerError', 'message': 'An error occurred.'}}
ASYNC_CANCELED = {'status': 'Canceled', 'error': {'code': 'OperationCanceled', 'message': 'The operation was canceled.'}}
BODY_FAILED = {'properties': {'provisioningState': 'Failed'}, 'error': {'code': 'Oops', 'message': 'Broke.'}}


@pytest.mark.parametrize('body, ended, code', [
    (ASYNC_FAILED, 'Failed', 'InternalServerError'),
    (ASYNC_CANCELED, 'Canceled', 'OperationCanceled'),
    (BODY_FAILED, 'Failed', 'Oops'),
], ids=['async-failed', 'async-canceled', 'provisioning-state-failed'])
def test_an_operation_that_ended_badly_shows_how_it_ended_and_what_to_do(body, ended, code):
    failure = describe_azure_error(operation_error(body), 'Creating authorization a')
    assert failure.message.startswith('Creating authorization a failed (operation %s, %s): ' % (ended, code))
    assert 'HTTP 200' not in failure.message
    assert 'rerun later' in failure.message
    assert failure.details == {'error_code': code, 'status_code': 200, 'operation_status': ended}


def test_an_operation_that_ended_with_a_known_code_keeps_its_own_hint():
    body = {'status': 'Canceled', 'error': {'code': 'CanceledAndSupersededDueToAnotherOperation', 'message': 'x'}}
    failure = describe_azure_error(operation_error(body), 'Writing peering p')
    assert '(operation Canceled, CanceledAndSupersededDueToAnotherOperation)' in failure.message
    assert 'throttle: 1' in failure.message


def test_an_operation_whose_last_poll_is_not_json_still_says_it_ended_badly():
    from azure.core.polling.base_polling import OperationFailed
    response = PollResponse(None)
    response.text = lambda: '<html>'
    failure = describe_azure_error(exceptions.HttpResponseError(response=response, error=OperationFailed('x')), 'W')
    assert failure.message.startswith('W failed (operation Failed or Canceled): ')
    assert 'rerun later' in failure.message


@pytest.mark.parametrize('status, code, advice', [
    (503, 'ServiceUnavailable', 'rerun later'),
    (500, 'InternalServerError', 'rerun later'),
    (502, 'BadGateway', 'rerun later'),
    (504, None, 'rerun later'),
    (429, 'TooManyRequests', 'lower forks'),
    (429, 'SubscriptionRequestsThrottled', 'Retry-After'),  # its own hint wins
    (403, 'AuthorizationFailed', 'grant it a role'),
])
def test_server_errors_without_a_hint_get_advice_by_status(status, code, advice):
    message = 'The service said no.'
    failure = describe_azure_error(azure_error(status, code, message), 'Reading circuit c')
    assert advice in failure.message.replace(message, '')
    assert failure.message.startswith('Reading circuit c failed (HTTP %s' % status)


def test_client_errors_without_a_hint_get_no_invented_advice():
    failure = describe_azure_error(azure_error(400, 'InvalidRequestFormat', 'Bad body.'), 'Writing peering p')
    assert failure.message == 'Writing peering p failed (HTTP 400, InvalidRequestFormat): Bad body.'
    assert 'operation_status' not in failure.details

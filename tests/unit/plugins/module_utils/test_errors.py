# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

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

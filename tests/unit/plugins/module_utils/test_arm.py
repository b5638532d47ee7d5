# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import io
import json
import os
import re
import time

import pytest

pytest.importorskip('azure.mgmt.core')

import requests  # noqa: E402  (a dependency of azure-core)
import urllib3  # noqa: E402
from azure.core.credentials import AccessToken  # noqa: E402
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError  # noqa: E402
from azure.core.pipeline.transport import RequestsTransport  # noqa: E402

from ansible_collections.hybridlink.expressroute.plugins.module_utils import arm  # noqa: E402
from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_time import FakeTime  # noqa: E402

BASE = 'https://management.example/'
SUB = '00000000-0000-0000-0000-000000000001'


class FakeCredential(object):
    def get_token(self, *scopes, **kwargs):
        return AccessToken('token', 4102444800)


class FakeSession(object):
    """requests.Session stand-in: records each request and answers the next canned (status, body)."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def request(self, method, url, headers=None, data=None, **kwargs):
        self.sent.append(dict(method=method, url=url, headers=dict(headers or {}), body=data))
        answer = self.answers.pop(0)
        status, body = answer[:2]
        extra_headers = answer[2] if len(answer) > 2 else {}
        response = requests.Response()
        response.status_code = status
        response.reason = 'canned'
        response.url = url
        response.headers['Content-Type'] = 'application/json'
        content = json.dumps(body).encode('utf-8') if body is not None else b''
        response.headers.update(extra_headers)
        response.raw = urllib3.HTTPResponse(body=io.BytesIO(content), preload_content=False, status=status,
                                            headers=dict({'Content-Type': 'application/json'}, **extra_headers))
        return response

    def close(self):
        pass


def make_client(answers, **options):
    session = FakeSession(answers)
    transport = RequestsTransport(session=session, session_owner=False)
    client = arm.ArmClient(FakeCredential(), BASE, ['https://management.example/.default'], polling_interval=0,
                           transport=transport, **options)
    return client, session


def error_body(code, message='no'):
    return {'error': {'code': code, 'message': message}}


@pytest.mark.parametrize('segments, resource_group, expected', [
    (('providers/Microsoft.Network/expressRouteCircuits', 'er-1'), 'rg-1',
     '/subscriptions/%s/resourceGroups/rg-1/providers/Microsoft.Network/expressRouteCircuits/er-1' % SUB),
    (('providers/Microsoft.AVS/privateClouds',), None, '/subscriptions/%s/providers/Microsoft.AVS/privateClouds' % SUB),
    (('providers/Microsoft.Network/expressRouteCircuits', 'a b/c', 'peerings', 'P?1'), 'rg (x)',
     '/subscriptions/%s/resourceGroups/rg%%20%%28x%%29/providers/Microsoft.Network/expressRouteCircuits/a%%20b%%2Fc'
     '/peerings/P%%3F1' % SUB),
])
def test_arm_path_quotes_names_like_the_sdk(segments, resource_group, expected):
    assert arm.arm_path(SUB, *segments, resource_group=resource_group) == expected


def test_collection_version_matches_galaxy_yml():
    galaxy = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'galaxy.yml')
    with open(galaxy) as handle:
        version = re.search(r'^version:\s*(\S+)', handle.read(), re.M).group(1)
    assert arm.COLLECTION_VERSION == version


def test_get_answers_json_with_api_version_accept_and_user_agent():
    client, session = make_client([(200, {'name': 'er-1'})])
    assert client.get('/subscriptions/%s/x' % SUB, '2026-03-01') == {'name': 'er-1'}
    sent = session.sent[0]
    assert sent['method'] == 'GET'
    assert sent['url'] == BASE + 'subscriptions/%s/x?api-version=2026-03-01' % SUB
    assert sent['headers']['Accept'] == 'application/json'
    assert sent['headers']['User-Agent'].startswith(arm.USER_AGENT + ' azsdk-python-core/')
    assert sent['headers']['Authorization'] == 'Bearer token'


@pytest.mark.parametrize('status, code, exception', [
    (404, 'NotFound', ResourceNotFoundError),
    (409, 'AnotherOperationInProgress', ResourceExistsError),
    (400, 'InvalidRequestFormat', HttpResponseError),
])
def test_errors_are_raised_as_the_generated_code_raises_them(status, code, exception):
    client, session = make_client([(status, error_body(code))])
    with pytest.raises(exception) as raised:
        client.get('/subscriptions/%s/x' % SUB, '2026-03-01')
    assert raised.value.status_code == status
    assert raised.value.error.code == code


@pytest.mark.parametrize('next_link_api_version, second_url', [
    (False, BASE + 'next?page=2&api-version=old'),
    (True, BASE + 'next?page=2&api-version=2026-03-01'),
])
def test_list_follows_next_link(next_link_api_version, second_url):
    client, session = make_client([
        (200, {'value': [{'name': 'a'}], 'nextLink': BASE + 'next?page=2&api-version=old'}),
        (200, {'value': [{'name': 'b'}]}),
    ])
    items = client.list('/subscriptions/%s/x' % SUB, '2026-03-01', next_link_api_version=next_link_api_version)
    assert items == [{'name': 'a'}, {'name': 'b'}]
    assert session.sent[1]['url'] == second_url


def test_begin_put_sends_json_body_and_extra_headers():
    body = {'properties': {'vlanId': 100}}
    answer = {'name': 'p', 'properties': {'provisioningState': 'Succeeded', 'vlanId': 100}}
    client, session = make_client([(200, answer)])
    poller = client.begin_put('/subscriptions/%s/p' % SUB, '2026-03-01', body, headers={'If-Match': 'W/"1"'})
    assert poller.result() == answer
    sent = session.sent[0]
    assert sent['method'] == 'PUT'
    assert json.loads(sent['body']) == body
    assert sent['headers']['Content-Type'] == 'application/json'
    assert sent['headers']['If-Match'] == 'W/"1"'
    assert body == {'properties': {'vlanId': 100}}


def test_begin_delete_sends_no_accept_and_answers_none():
    client, session = make_client([(204, None)])
    assert client.begin_delete('/subscriptions/%s/p' % SUB, '2026-03-01').result() is None
    assert 'Accept' not in session.sent[0]['headers']


def test_begin_delete_of_a_missing_resource_raises_not_found():
    client, session = make_client([(404, error_body('NotFound'))])
    with pytest.raises(ResourceNotFoundError):
        client.begin_delete('/subscriptions/%s/p' % SUB, '2026-03-01')


THROTTLED = (429, error_body('SubscriptionRequestsThrottled'), {'Retry-After': '0.01'})
CIRCUIT_PATH = '/subscriptions/%s/providers/Microsoft.Network/expressRouteCircuits/er-1' % SUB


def test_throttling_is_waited_out_beyond_azure_cores_three_status_retries():
    client, session = make_client([THROTTLED] * 6 + [(200, {'name': 'er-1'})])
    assert client.get(CIRCUIT_PATH, arm.NETWORK_API_VERSION) == {'name': 'er-1'}
    assert len(session.sent) == 7


def test_throttling_gives_up_after_its_own_budget(monkeypatch):
    monkeypatch.setattr(arm, 'THROTTLE_RETRIES', 4)
    client, session = make_client([THROTTLED] * 10)
    with pytest.raises(HttpResponseError) as raised:
        client.get(CIRCUIT_PATH, arm.NETWORK_API_VERSION)
    assert raised.value.status_code == 429 and len(session.sent) == 5


def test_throttling_gives_up_once_throttle_seconds_have_passed():
    client, session = make_client([THROTTLED] * 10, throttle_seconds=0)
    with pytest.raises(HttpResponseError) as raised:
        client.get(CIRCUIT_PATH, arm.NETWORK_API_VERSION)
    assert raised.value.status_code == 429 and len(session.sent) == 1


def test_other_statuses_keep_azure_cores_status_budget():
    """Three retries of a 503 (with Retry-After), then the error: only 429 has the larger budget."""
    unavailable = (503, error_body('ServiceUnavailable'), {'Retry-After': '0.01'})
    client, session = make_client([unavailable] * 6)
    with pytest.raises(HttpResponseError) as raised:
        client.get(CIRCUIT_PATH, arm.NETWORK_API_VERSION)
    assert raised.value.status_code == 503 and len(session.sent) == 4


@pytest.mark.parametrize('remaining, pause', [
    ('1199', 0.0), (str(arm.LOW_REMAINING), 0.0), (str(arm.LOW_REMAINING // 2), arm.LOW_REMAINING_PAUSE / 2),
    ('0', arm.LOW_REMAINING_PAUSE), ('-3', arm.LOW_REMAINING_PAUSE), (None, 0.0), ('many', 0.0),
], ids=['plenty', 'at-the-threshold', 'half', 'empty', 'negative', 'no-header', 'not-a-number'])
def test_the_pause_grows_as_the_bucket_empties(remaining, pause):
    assert arm.low_remaining_pause(remaining) == pytest.approx(pause)


@pytest.mark.parametrize('method, kind', [('GET', 'reads'), ('head', 'reads'), ('PUT', 'writes'),
                                          ('POST', 'writes'), ('PATCH', 'writes'), ('DELETE', 'deletes')])
def test_each_request_is_charged_to_the_bucket_arm_names(method, kind):
    assert arm.request_kind(method) == kind


class Answer(object):
    """The pipeline below the policy: answers each request with the next (status, headers)."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.methods = []

    def send(self, request):
        self.methods.append(request.http_request.method)
        status, headers = self.answers.pop(0)
        http_response = type('Response', (), dict(status_code=status, headers=headers))()
        return type('PipelineResponse', (), dict(http_response=http_response))()


def paced(answers):
    clock = FakeTime()
    policy = arm.remaining_requests_policy(sleep=clock.sleep, clock=clock.clock)
    policy.next = Answer(answers)
    return policy, clock


def request(method):
    return type('PipelineRequest', (), dict(http_request=type('HttpRequest', (), dict(method=method))()))()


def test_a_low_remaining_count_delays_the_next_request_of_that_kind_only():
    reads_low = {'x-ms-ratelimit-remaining-subscription-reads': '0'}
    policy, clock = paced([(200, reads_low), (200, {'x-ms-ratelimit-remaining-subscription-writes': '900'}),
                           (200, {'x-ms-ratelimit-remaining-subscription-reads': '1000'}), (200, {})])
    policy.send(request('GET'))
    assert clock.sleeps == []
    policy.send(request('PUT'))             # writes have their own bucket: no wait
    assert clock.sleeps == []
    policy.send(request('GET'))             # the bucket of reads was empty: wait before reading again
    assert clock.sleeps == [arm.LOW_REMAINING_PAUSE]
    policy.send(request('GET'))             # plenty left again: no wait
    assert clock.sleeps == [arm.LOW_REMAINING_PAUSE]


def test_time_already_spent_counts_against_the_pause():
    policy, clock = paced([(200, {'x-ms-ratelimit-remaining-subscription-reads': '0'}), (200, {})])
    policy.send(request('GET'))
    clock.now += arm.LOW_REMAINING_PAUSE * 0.75
    policy.send(request('GET'))
    assert clock.sleeps == [pytest.approx(arm.LOW_REMAINING_PAUSE * 0.25)]


def test_a_throttled_answer_is_left_to_the_retry_policy():
    """The retry policy waits a 429's Retry-After; the pacing does not wait a second time for it."""
    policy, clock = paced([(429, {'x-ms-ratelimit-remaining-subscription-reads': '0', 'Retry-After': '1'}),
                           (200, {})])
    policy.send(request('GET'))
    policy.send(request('GET'))
    assert clock.sleeps == []


def test_the_client_paces_each_attempt_from_the_answers_headers():
    low = {'x-ms-ratelimit-remaining-subscription-reads': '0'}
    client, session = make_client([(200, {'name': 'er-1'}, low)])
    names = [type(policy).__name__ for policy in client._client._pipeline._impl_policies]
    # Inside the retry policy, so that every attempt (a retried one too) is paced.
    assert names.index('RemainingRequestsPolicy') == names.index('ThrottleRetryPolicy') + 1
    pacing = client._client._pipeline._impl_policies[names.index('RemainingRequestsPolicy')]
    assert pacing.not_before == {}
    client.get(CIRCUIT_PATH, arm.NETWORK_API_VERSION)
    assert len(session.sent) == 1
    assert pacing.not_before['reads'] > time.monotonic() + arm.LOW_REMAINING_PAUSE / 2

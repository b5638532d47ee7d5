# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import io
import json
import os
import re

import pytest

pytest.importorskip('azure.mgmt.core')

import requests  # noqa: E402  (a dependency of azure-core)
import urllib3  # noqa: E402
from azure.core.credentials import AccessToken  # noqa: E402
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError  # noqa: E402
from azure.core.pipeline.transport import RequestsTransport  # noqa: E402

from ansible_collections.hybridlink.expressroute.plugins.module_utils import arm  # noqa: E402

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

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.clouds import (
    CloudResolutionError, fetch_json_with_requests, resolve_cloud)

LAB_METADATA = {
    'resourceManager': 'https://127.0.0.1:8443/',
    'authentication': {'loginEndpoint': 'https://127.0.0.1:8443', 'audiences': ['https://management.lab.invalid/']},
}


def no_fetch(url):
    raise AssertionError('must not fetch %s' % url)


@pytest.mark.parametrize('name, resource_manager', [
    (None, 'https://management.azure.com/'),
    ('AzureCloud', 'https://management.azure.com/'),
    ('azurechinacloud', 'https://management.chinacloudapi.cn/'),
    ('AzureUSGovernment', 'https://management.usgovcloudapi.net/'),
])
def test_known_clouds_need_no_request(name, resource_manager):
    endpoints = resolve_cloud(name, no_fetch)
    assert endpoints.resource_manager == resource_manager and endpoints.is_public_authority


def test_metadata_url_is_read_once_and_normalised():
    fetched = []

    def fetch(url):
        fetched.append(url)
        return LAB_METADATA

    endpoints = resolve_cloud('https://127.0.0.1:8443', fetch)
    assert fetched == ['https://127.0.0.1:8443/metadata/endpoints?api-version=2022-09-01']
    assert endpoints.resource_manager == 'https://127.0.0.1:8443/'
    assert endpoints.authority_host == 'https://127.0.0.1:8443/'
    assert endpoints.audience == 'https://management.lab.invalid/'
    assert not endpoints.is_public_authority


@pytest.mark.parametrize('value, fragment', [
    ('AzureGermanCloud', 'expected one of AzureCloud'),
    ('http://127.0.0.1:8080', 'expected one of AzureCloud'),
])
def test_unknown_cloud_names_the_option(value, fragment):
    with pytest.raises(CloudResolutionError, match='cloud_environment: ' + fragment):
        resolve_cloud(value, no_fetch)


def test_metadata_list_form_picks_the_cloud_of_the_url():
    other = dict(LAB_METADATA, resourceManager='https://management.other.example/')
    endpoints = resolve_cloud('https://127.0.0.1:8443/', lambda url: [other, LAB_METADATA])
    assert endpoints.resource_manager == 'https://127.0.0.1:8443/'
    assert endpoints.audience == 'https://management.lab.invalid/'


def test_metadata_without_authentication_is_rejected():
    with pytest.raises(CloudResolutionError, match='authentication.loginEndpoint'):
        resolve_cloud('https://stack.example', lambda url: {'resourceManager': 'https://stack.example/'})


@pytest.mark.parametrize('document', [
    {'authentication': {'loginEndpoint': 7, 'audiences': ['https://a/']}},
    {'authentication': {'loginEndpoint': 'https://login/', 'audiences': [None]}},
    {'authentication': 'nope'},
    ['not-a-cloud'],
], ids=['login-number', 'audience-null', 'authentication-string', 'list-of-strings'])
def test_malformed_metadata_is_a_clear_error_not_a_traceback(document):
    with pytest.raises(CloudResolutionError, match='cloud_environment: '):
        resolve_cloud('https://stack.example', lambda url: document)


def test_an_unusable_ca_bundle_is_a_clear_error_not_a_traceback(monkeypatch):
    requests = pytest.importorskip('requests')

    def refuse(url, **options):
        raise OSError('Could not find a suitable TLS CA certificate bundle, invalid path: %s' % options['verify'])

    monkeypatch.setattr(requests, 'get', refuse)
    fetch = fetch_json_with_requests('/nonexistent/bad.pem')
    with pytest.raises(CloudResolutionError, match='check ca_bundle'):
        fetch('https://stack.example/metadata/endpoints')

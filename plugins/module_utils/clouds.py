# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Where a cloud's Resource Manager and login endpoints are, by name or by metadata URL."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Callable, NamedTuple, Optional


class CloudEndpoints(NamedTuple):
    """Where a cloud's Resource Manager and sign-in live; is_public_authority: Microsoft's instance list knows it."""

    name: str
    resource_manager: str
    authority_host: str
    audience: str
    is_public_authority: bool


KNOWN_CLOUDS = {
    'azurecloud': CloudEndpoints(
        'AzureCloud', 'https://management.azure.com/', 'https://login.microsoftonline.com/',
        'https://management.core.windows.net/', True),
    'azurechinacloud': CloudEndpoints(
        'AzureChinaCloud', 'https://management.chinacloudapi.cn/', 'https://login.chinacloudapi.cn/',
        'https://management.core.chinacloudapi.cn/', True),
    'azureusgovernment': CloudEndpoints(
        'AzureUSGovernment', 'https://management.usgovcloudapi.net/', 'https://login.microsoftonline.us/',
        'https://management.core.usgovcloudapi.net/', True),
}

METADATA_API_VERSION = '2022-09-01'


class CloudResolutionError(Exception):
    """The cloud_environment option names no cloud we can reach."""


def is_metadata_url(value: str) -> bool:
    return value.lower().startswith('https://')


def metadata_url(base_url: str) -> str:
    return base_url.rstrip('/') + '/metadata/endpoints?api-version=' + METADATA_API_VERSION


def select_cloud(base_url: str, document: Any) -> Any:
    """The entry for base_url: a custom cloud (Azure Stack style) answers itself, public ARM a list of every cloud."""
    if not isinstance(document, list):
        return document
    wanted = base_url.rstrip('/').lower()
    for cloud in document:
        if isinstance(cloud, dict) and (cloud.get('resourceManager') or '').rstrip('/').lower() == wanted:
            return cloud
    return document[0] if document else {}


def endpoints_from_metadata(base_url: str, document: Any) -> CloudEndpoints:
    """Cloud endpoints from an ARM metadata document (Azure Stack and custom clouds)."""
    document = select_cloud(base_url, document)
    try:
        authentication = document['authentication']
        audience = authentication['audiences'][0]
        login = authentication['loginEndpoint']
        resource_manager = document.get('resourceManager') or base_url
    except (AttributeError, KeyError, IndexError, TypeError):
        audience = login = resource_manager = None
    if not all(isinstance(value, str) and value for value in (audience, login, resource_manager)):
        raise CloudResolutionError(
            'cloud_environment: %s answered metadata without authentication.loginEndpoint and '
            'authentication.audiences' % metadata_url(base_url))
    return CloudEndpoints(base_url, _with_slash(resource_manager), _with_slash(login), _with_slash(audience), False)


def resolve_cloud(value: Optional[str], fetch_json: Callable[[str], Any]) -> CloudEndpoints:
    """Endpoints for a cloud name or metadata URL; fetch_json(url) reads a JSON document."""
    if not value:
        return KNOWN_CLOUDS['azurecloud']
    known = KNOWN_CLOUDS.get(value.lower())
    if known:
        return known
    if not is_metadata_url(value):
        raise CloudResolutionError(
            'cloud_environment: expected one of AzureCloud, AzureChinaCloud, AzureUSGovernment or an https '
            'metadata URL (got %r)' % value)
    return endpoints_from_metadata(value, fetch_json(metadata_url(value)))


def fetch_json_with_requests(ca_bundle: Optional[str], timeout: float = 30) -> Callable[[str], Any]:
    """A fetch_json for resolve_cloud that uses requests (a dependency of azure-core)."""
    import requests

    def fetch_json(url: str) -> Any:
        try:
            response = requests.get(url, timeout=timeout, verify=ca_bundle or True)
            response.raise_for_status()
            return response.json()
        except (requests.RequestException, ValueError) as error:
            raise CloudResolutionError('cloud_environment: could not read %s: %s' % (url, error))
        except OSError as error:
            # requests raises a bare OSError when the verify path (ca_bundle) cannot be used.
            raise CloudResolutionError('cloud_environment: could not read %s: %s -- check ca_bundle' % (url, error))

    return fetch_json


def _with_slash(url: str) -> str:
    return url if url.endswith('/') else url + '/'

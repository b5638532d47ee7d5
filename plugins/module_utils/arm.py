# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A small Azure Resource Manager REST client: the generated SDKs' pipeline, without the SDKs.

azure-mgmt-network is one 144k-line operations file plus a 55k-line models
file, and importing it was half of a no-op module run; a module makes a
handful of calls. This client sends the same requests the generated code
sends (same policies, URLs, api-versions, headers and JSON bodies; errors
raised the same way via map_error and ARMErrorFormat; long-running
operations polled by the same ARMPolling) and answers wire JSON dicts: the
REST shape, ``properties`` envelope and camelCase keys.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple
from urllib.parse import parse_qs, quote, urljoin, urlparse

COLLECTION_VERSION = '0.1.0'
USER_AGENT = 'hybridlink-expressroute/' + COLLECTION_VERSION

# The api-versions of the SDK releases the collection was tested with.
NETWORK_API_VERSION = '2026-03-01'  # azure-mgmt-network 33.1.0
AVS_API_VERSION = '2026-03-01'  # azure-mgmt-avs 10.1.0

# The generated configuration's default; Retry-After from the service wins.
POLLING_INTERVAL = 30

JSON = 'application/json'

# Throttling (429) is ARM pacing a busy subscription, not a failure: it gets its own budget instead of
# azure-core's three status retries, and every wait follows Retry-After.
THROTTLE_RETRIES = 30
THROTTLE_SECONDS = 300.0

# ARM tells on every answer how many requests of that kind the subscription has left in its bucket
# (x-ms-ratelimit-remaining-subscription-reads|writes|deletes), shared by every run and fork using the principal.
# Below LOW_REMAINING, the next request of that kind waits, up to LOW_REMAINING_PAUSE seconds as the bucket nears
# empty, so that many module runs together slow down before ARM answers 429 (it refills its buckets every second).
LOW_REMAINING = 40
LOW_REMAINING_PAUSE = 1.0


def arm_path(subscription_id: str, *segments: str, **options: Optional[str]) -> str:
    """/subscriptions/<s>[/resourceGroups/<rg>]/providers/... with every name quoted as the SDK quotes it.

    segments alternate literal path parts and names: ('providers/Microsoft.Network/expressRouteCircuits',
    name, 'peerings', peering). resource_group=None leaves the resource group out.
    """
    parts = ['/subscriptions', _quote(subscription_id)]
    resource_group = options.get('resource_group')
    if resource_group is not None:
        parts += ['resourceGroups', _quote(resource_group)]
    for index, segment in enumerate(segments):
        parts.append(segment if index % 2 == 0 else _quote(segment))
    return '/'.join(parts)


def _quote(name: Any) -> str:
    return quote(str(name), safe='')


class ArmClient(object):
    """One pipeline per module run; every method takes a path from arm_path() and an api-version."""

    def __init__(self, credential: Any, base_url: str, credential_scopes: Iterable[str],
                 connection_verify: Optional[str] = None, polling_interval: float = POLLING_INTERVAL,
                 transport: Any = None, throttle_seconds: float = THROTTLE_SECONDS) -> None:
        from azure.core.pipeline import policies
        from azure.mgmt.core import ARMPipelineClient
        from azure.mgmt.core.policies import (
            ARMAutoResourceProviderRegistrationPolicy, ARMChallengeAuthenticationPolicy, ARMHttpLoggingPolicy)

        options = dict(user_agent=USER_AGENT)
        if connection_verify:
            options['connection_verify'] = connection_verify
        # The order of the generated clients' _client.py (azure-mgmt-network 33.1.0). ARMHttpLoggingPolicy logs
        # only allow-listed headers (never Authorization) and no bodies; network tracing is off unless
        # logging_enable is set.
        pipeline_policies = [
            policies.RequestIdPolicy(**options),
            policies.HeadersPolicy(**options),
            policies.UserAgentPolicy(**options),
            policies.ProxyPolicy(**options),
            policies.ContentDecodePolicy(**options),
            ARMAutoResourceProviderRegistrationPolicy(),
            policies.RedirectPolicy(**options),
            throttle_retry_policy(throttle_seconds, **options),
            remaining_requests_policy(),
            ARMChallengeAuthenticationPolicy(credential, *credential_scopes, **options),
            policies.CustomHookPolicy(**options),
            policies.NetworkTraceLoggingPolicy(**options),
            policies.DistributedTracingPolicy(**options),
            policies.SensitiveHeaderCleanupPolicy(**options),
            ARMHttpLoggingPolicy(**options),
        ]
        self.base_url = base_url
        self.polling_interval = polling_interval
        if transport is not None:
            options['transport'] = transport
        self._client = ARMPipelineClient(base_url='{endpoint}', policies=pipeline_policies, **options)

    # --- requests -----------------------------------------------------------

    def get(self, path: str, api_version: str) -> Dict[str, Any]:
        """GET a resource: its JSON, ResourceNotFoundError on 404."""
        return self._run(self._request('GET', path, api_version), (200,)).http_response.json()

    def post(self, path: str, api_version: str) -> Dict[str, Any]:
        """A synchronous POST action without a body (listKeys): the answer's JSON."""
        return self._run(self._request('POST', path, api_version), (200,)).http_response.json()

    def list(self, path: str, api_version: str, next_link_api_version: bool = False) -> List[Dict[str, Any]]:
        """Every item of a collection, following nextLink.

        next_link_api_version: the AVS SDK re-applies its api-version to the
        nextLink; the network SDK follows the link as given.
        """
        from azure.core.rest import HttpRequest

        items = []
        request = self._request('GET', path, api_version)
        while request is not None:
            page = self._run(request, (200,)).http_response.json()
            items.extend(page.get('value', []))
            next_link = page.get('nextLink')
            if not next_link:
                request = None
            elif next_link_api_version:
                request = self._next_request(next_link, api_version)
            else:
                request = HttpRequest('GET', self._url(next_link))
        return items

    def begin_put(self, path: str, api_version: str, body: Dict[str, Any],
                  headers: Optional[Dict[str, str]] = None) -> Any:
        """Start a PUT; an LROPoller whose result is the resource's JSON."""
        request = self._request('PUT', path, api_version, body=body, headers=headers)
        return self._poller(self._run(request, (200, 201)), _json_result)

    def begin_delete(self, path: str, api_version: str) -> Any:
        """Start a DELETE; an LROPoller whose result is None. ResourceNotFoundError on 404."""
        request = self._request('DELETE', path, api_version, accept=False)
        return self._poller(self._run(request, (200, 202, 204)), _no_result)

    def begin_post(self, path: str, api_version: str, params: Optional[Dict[str, str]] = None) -> Any:
        """Start a long-running POST action (route tables); the result is read from the Location URL.

        params: query parameters besides api-version (getAdvertisedRoutes' peer).
        """
        request = self._request('POST', path, api_version, params=params)
        return self._poller(self._run(request, (200, 202)), _json_result)

    # --- the generated code's request, error and polling steps -----------------

    def _url(self, path: str) -> str:
        return self._client.format_url(path, endpoint=self.base_url)

    def _request(self, method: str, path: str, api_version: str, body: Optional[Dict[str, Any]] = None,
                 headers: Optional[Dict[str, str]] = None, accept: bool = True,
                 params: Optional[Dict[str, str]] = None) -> Any:
        from azure.core.rest import HttpRequest

        request_headers = dict(headers or {})
        content = None
        if body is not None:
            request_headers['Content-Type'] = JSON
            content = json.dumps(body)
        if accept:
            request_headers['Accept'] = JSON
        return HttpRequest(method, self._url(path), params=dict(params or {}, **{'api-version': api_version}),
                           headers=request_headers, content=content)

    def _next_request(self, next_link: str, api_version: str) -> Any:
        """The nextLink with the client's api-version, as azure-mgmt-avs builds it."""
        from azure.core.rest import HttpRequest
        from azure.core.utils import case_insensitive_dict

        parsed = urlparse(next_link)
        params = case_insensitive_dict(
            dict((key, [quote(value) for value in values]) for key, values in parse_qs(parsed.query).items()))
        params['api-version'] = api_version
        return HttpRequest('GET', self._url(urljoin(next_link, parsed.path)), params=params)

    def _run(self, request: Any, expected: Tuple[int, ...]) -> Any:
        """The pipeline response, or the exception the generated code raises for that status."""
        from azure.core.exceptions import (
            ClientAuthenticationError, HttpResponseError, ResourceExistsError, ResourceNotFoundError,
            ResourceNotModifiedError, map_error)
        from azure.mgmt.core.exceptions import ARMErrorFormat

        pipeline_response = self._client._pipeline.run(request, stream=False)  # pylint: disable=protected-access
        response = pipeline_response.http_response
        if response.status_code not in expected:
            error_map = {
                401: ClientAuthenticationError,
                404: ResourceNotFoundError,
                409: ResourceExistsError,
                304: ResourceNotModifiedError,
            }
            map_error(status_code=response.status_code, response=response, error_map=error_map)
            raise HttpResponseError(response=response, error_format=ARMErrorFormat)
        return pipeline_response

    def _poller(self, initial: Any, deserialize: Callable[[Any], Any]) -> Any:
        from azure.core.polling import LROPoller
        from azure.mgmt.core.polling.arm_polling import ARMPolling

        polling = ARMPolling(self.polling_interval, path_format_arguments={'endpoint': self.base_url})
        return LROPoller(self._client, initial, deserialize, polling)


def throttle_retry_policy(throttle_seconds: float, clock: Optional[Callable[[], float]] = None, **options: Any) -> Any:
    """azure-core's RetryPolicy, except that a 429 does not use up its three status retries.

    azure-core retries any status at most retry_status (3) times, so a
    module polling route tables in a busy subscription failed with
    "HTTP 429, SubscriptionRequestsThrottled" after three waits. Here a 429
    is retried up to THROTTLE_RETRIES times, each wait following its
    Retry-After (azure-core's sleep), as long as the first throttled answer
    of the request is less than throttle_seconds ago; other statuses and
    connection errors keep azure-core's rules.
    """
    import time

    from azure.core.pipeline.policies import RequestHistory, RetryPolicy
    now = clock or time.monotonic

    class ThrottleRetryPolicy(RetryPolicy):
        def increment(self, settings: Dict[str, Any], response: Any = None, error: Any = None) -> bool:
            http_response = getattr(response, 'http_response', None)
            if error is not None or http_response is None or http_response.status_code != 429:
                return super(ThrottleRetryPolicy, self).increment(settings, response=response, error=error)
            first = settings.setdefault('throttled_since', now())
            settings['throttled'] = settings.get('throttled', 0) + 1
            settings['history'].append(RequestHistory(response.http_request, http_response=http_response))
            return settings['throttled'] <= THROTTLE_RETRIES and now() - first < throttle_seconds

    return ThrottleRetryPolicy(**options)


def remaining_requests_policy(sleep: Optional[Callable[[float], None]] = None,
                              clock: Optional[Callable[[], float]] = None) -> Any:
    """A pipeline policy that waits before a request when ARM said few of its kind are left.

    Sits inside the retry policy, so each attempt is paced. A 429 answer is
    left to the retry policy, which waits its Retry-After: it is not counted
    here too.
    """
    import time

    from azure.core.pipeline.policies import HTTPPolicy
    sleep = sleep or time.sleep
    now = clock or time.monotonic

    class RemainingRequestsPolicy(HTTPPolicy):
        def __init__(self) -> None:
            super(RemainingRequestsPolicy, self).__init__()
            self.not_before: Dict[str, float] = {}

        def send(self, request: Any) -> Any:
            kind = request_kind(request.http_request.method)
            wait = self.not_before.get(kind, 0.0) - now()
            if wait > 0:
                sleep(wait)
            response = self.next.send(request)
            if response.http_response.status_code != 429:
                pause = low_remaining_pause(response.http_response.headers.get(
                    'x-ms-ratelimit-remaining-subscription-%s' % kind))
                self.not_before[kind] = now() + pause if pause else 0.0
            return response

    return RemainingRequestsPolicy()


def request_kind(method: str) -> str:
    """The bucket ARM charges a request to, as its x-ms-ratelimit-remaining-subscription-* headers name them."""
    method = method.upper()
    if method in ('GET', 'HEAD'):
        return 'reads'
    return 'deletes' if method == 'DELETE' else 'writes'


def low_remaining_pause(remaining: Any) -> float:
    """Seconds to wait before the next request of a kind, from ARM's remaining count for it (0: none)."""
    try:
        remaining = int(remaining)
    except (TypeError, ValueError):
        return 0.0
    if remaining >= LOW_REMAINING:
        return 0.0
    return LOW_REMAINING_PAUSE * (LOW_REMAINING - max(remaining, 0)) / float(LOW_REMAINING)


def _json_result(pipeline_response: Any) -> Any:
    return pipeline_response.http_response.json()


def _no_result(pipeline_response: Any) -> None:  # pylint: disable=unused-argument
    return None

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Turn azure-core exceptions into messages that say what happened and what to do."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
from typing import Any, Dict, Iterable, List, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem, format_problems

MASK = '********'

CONFLICT_CODES = frozenset([
    'AnotherOperationInProgress',
    'RetryableErrorDueToAnotherOperation',
    'CanceledAndSupersededDueToAnotherOperation',
])

AUTH_CODES = frozenset([
    'AuthenticationFailed', 'InvalidAuthenticationToken', 'ExpiredAuthenticationToken',
    'InvalidAuthenticationTokenAudience', 'InvalidAuthenticationTokenTenant',
])

HINTS = {
    'AnotherOperationInProgress': (
        'another operation is still running on this resource; the module retried with backoff until '
        'operation_timeout. Serialise writes to one circuit (throttle: 1) and rerun.'),
    'RetryableErrorDueToAnotherOperation': (
        'another operation is still running on this resource; serialise writes to one circuit '
        '(throttle: 1) and rerun.'),
    'CanceledAndSupersededDueToAnotherOperation': (
        'a parallel write superseded this one; serialise writes to one circuit (throttle: 1) and rerun.'),
    'SubscriptionRequestsThrottled': (
        'Azure Resource Manager throttled the subscription and the retries ran out; wait for the '
        'Retry-After period, lower forks, and rerun.'),
    'AuthorizationFailed': (
        'the signed-in principal lacks permission; grant it a role such as Network Contributor on the '
        'circuit and Contributor on the private cloud.'),
    'InitiatingCircuitNotProvisioned': (
        'the circuit is not provisioned by the connectivity provider yet; ask the provider to finish '
        'provisioning (serviceProviderProvisioningState Provisioned) and rerun.'),
    'PreconditionFailed': (
        'the resource changed while this module was updating it (etag mismatch) and it stayed busy; rerun.'),
    'ResourceNotFound': 'check subscription_id, the resource group and the name.',
    'NotFound': 'check the parent resource and the name.',
    'InvalidApiVersionParameter': 'the installed SDK uses an api-version this endpoint does not serve.',
}
for _code in AUTH_CODES:
    HINTS[_code] = (
        'check tenant, client_id, secret and cloud_environment (the token must be issued for this '
        'cloud\'s Resource Manager), or the AZURE_* environment variables.')


# Advice when Azure's code has no hint of its own, by the kind of failure: what was
# sent may or may not have taken effect, and every module reads the current state
# first, so a rerun is the way out.
RERUN = 'rerun later: the module reads the current state and picks up where it stopped.'
OPERATION_ADVICE = 'Azure could not complete the operation; ' + RERUN
THROTTLED_ADVICE = ('Azure throttled the requests and the retries ran out; wait a few minutes, lower forks, '
                    'and rerun.')
SERVER_ERROR_ADVICE = 'Azure could not complete the request (a server-side error, usually temporary); ' + RERUN


class ModuleFailure(Exception):
    """A failure the module reports with fail_json: message plus structured details."""

    def __init__(self, message: str, **details: Any) -> None:
        super(ModuleFailure, self).__init__(message)
        self.message = message
        self.details = details


def problems_failure(problems: List[Problem]) -> ModuleFailure:
    """One ModuleFailure listing every problem (problems.Problem), each naming its option."""
    return ModuleFailure(format_problems(problems), problems=[problem.to_dict() for problem in problems])


def require_no_problems(problems: List[Problem]) -> None:
    """Raise one ModuleFailure listing every problem; nothing when the list is empty."""
    if problems:
        raise problems_failure(problems)


def scrub(text: Any, secrets: Iterable[Any]) -> Optional[str]:
    """Replace every secret value in text with a mask."""
    if text is None:
        return text
    text = str(text)
    for secret in secrets:
        if secret and len(str(secret)) >= 4:
            text = text.replace(str(secret), MASK)
    return text


def error_code(error: BaseException) -> Optional[str]:
    """The ARM error code of an azure-core exception, or None."""
    odata = getattr(error, 'error', None)
    code = getattr(odata, 'code', None)
    if code:
        return code
    return None


def error_status(error: BaseException) -> Optional[int]:
    return getattr(error, 'status_code', None)


def server_message(error: BaseException) -> str:
    odata = getattr(error, 'error', None)
    message = getattr(odata, 'message', None)
    if message:
        return message
    return getattr(error, 'message', None) or str(error)


def is_conflict(error: BaseException) -> bool:
    return error_code(error) in CONFLICT_CODES


def is_precondition_failed(error: BaseException) -> bool:
    return error_status(error) == 412 or error_code(error) == 'PreconditionFailed'


def operation_status(error: BaseException) -> Optional[str]:
    """'Failed' or 'Canceled' when error is a long-running operation that ended so, else None.

    azure-core raises such an end as an HttpResponseError of the last poll
    (HTTP 200), with its polling OperationFailed as inner_exception; the
    poll's body says which end it was.
    """
    if type(getattr(error, 'inner_exception', None)).__name__ != 'OperationFailed':
        return None
    body = _response_json(error)
    status = body.get('status') or (body.get('properties') or {}).get('provisioningState')
    return status if status in ('Failed', 'Canceled') else 'Failed or Canceled'


def _response_json(error: BaseException) -> Dict[str, Any]:
    try:
        body = json.loads(error.response.text())
    except (AttributeError, TypeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def advice_for(code: Optional[str], status: Optional[int], ended: Optional[str]) -> Optional[str]:
    """What to do next: the code's own hint, else by how the request or operation failed; None if unknown."""
    if code in HINTS:
        return HINTS[code]
    if ended:
        return OPERATION_ADVICE
    if status == 429:
        return THROTTLED_ADVICE
    if isinstance(status, int) and 500 <= status <= 599:
        return SERVER_ERROR_ADVICE
    return None


def describe_azure_error(error: BaseException, action: str, secrets: Iterable[Any] = ()) -> ModuleFailure:
    """A ModuleFailure for an azure-core exception raised while doing `action`."""
    code = error_code(error)
    status = error_status(error)
    ended = operation_status(error)
    message = scrub(server_message(error), secrets)
    hint = advice_for(code, status, ended)
    # A failed operation's last poll answered HTTP 200: show how the operation ended instead.
    happened = 'operation %s' % ended if ended else ('HTTP %s' % status if status else None)
    text = '%s failed' % action
    if happened or code:
        text += ' (%s)' % ', '.join(part for part in (happened, code) if part)
    text += ': %s' % message.strip()
    if hint:
        text += ' -- %s' % hint
    details = dict(error_code=code, status_code=status)
    if ended:
        details['operation_status'] = ended
    return ModuleFailure(text, **details)


def describe_transport_error(error: BaseException, action: str, secrets: Iterable[Any] = ()) -> ModuleFailure:
    """A ModuleFailure for a connection-level failure (DNS, TLS, reset) after the SDK's retries."""
    return ModuleFailure(
        '%s failed: could not reach Azure (%s): %s -- check network access to Resource Manager, '
        'proxy settings and ca_bundle, then rerun.' % (action, type(error).__name__, scrub(str(error), secrets)),
        error_code=None, status_code=None)

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Turn azure-core exceptions into messages that say what happened and what to do."""

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


class ModuleFailure(Exception):
    """A failure the module reports with fail_json: message plus structured details."""

    def __init__(self, message, **details):
        super(ModuleFailure, self).__init__(message)
        self.message = message
        self.details = details


def scrub(text, secrets):
    """Replace every secret value in text with a mask."""
    if text is None:
        return text
    text = str(text)
    for secret in secrets:
        if secret and len(str(secret)) >= 4:
            text = text.replace(str(secret), MASK)
    return text


def error_code(error):
    """The ARM error code of an azure-core exception, or None."""
    odata = getattr(error, 'error', None)
    code = getattr(odata, 'code', None)
    if code:
        return code
    return None


def error_status(error):
    return getattr(error, 'status_code', None)


def server_message(error):
    odata = getattr(error, 'error', None)
    message = getattr(odata, 'message', None)
    if message:
        return message
    return getattr(error, 'message', None) or str(error)


def is_conflict(error):
    return error_code(error) in CONFLICT_CODES


def is_precondition_failed(error):
    return error_status(error) == 412 or error_code(error) == 'PreconditionFailed'


def describe_azure_error(error, action, secrets=()):
    """A ModuleFailure for an azure-core exception raised while doing `action`."""
    code = error_code(error)
    status = error_status(error)
    message = scrub(server_message(error), secrets)
    hint = HINTS.get(code)
    text = '%s failed' % action
    if status is not None or code:
        text += ' (%s)' % ', '.join(part for part in ('HTTP %s' % status if status else None, code) if part)
    text += ': %s' % message.strip()
    if hint:
        text += ' -- %s' % hint
    return ModuleFailure(text, error_code=code, status_code=status)


def describe_transport_error(error, action, secrets=()):
    """A ModuleFailure for a connection-level failure (DNS, TLS, reset) after the SDK's retries."""
    return ModuleFailure(
        '%s failed: could not reach Azure (%s): %s -- check network access to Resource Manager, '
        'proxy settings and ca_bundle, then rerun.' % (action, type(error).__name__, scrub(str(error), secrets)),
        error_code=None, status_code=None)

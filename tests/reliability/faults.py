# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault rules the suite injects into the lab, with a label each for the report.

Retry-After is 1 s everywhere so the suite stays fast. The azure-core retry
policy allows 3 status retries and 3 read retries per request and backs off
0, 1.6, 3.2 s after errors without Retry-After, so a storm puts the faults
without Retry-After first and never more than three status faults in a row.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re

from targets import ARM, POLLS

DROP = dict(drop_connection=True)
HTTP_500 = dict(status=500, code='InternalServerError', message='An error occurred.')
HTTP_502 = dict(status=502, code='BadGateway', message='The gateway did not receive a response in time.')
HTTP_503 = dict(status=503, code='ServiceUnavailable', message='The service is temporarily unavailable.', retry_after=1)
HTTP_429 = dict(status=429, code='SubscriptionRequestsThrottled', retry_after=1,
                message='Number of requests for subscription exceeded the limit. Please try again after 1 seconds.')
SLOW = dict(delay_seconds=1.0)
CONFLICT = dict(status=409, code='AnotherOperationInProgress',
                message='Another operation on this or dependent resource is in progress.')
CONFLICT_429 = dict(status=429, code='RetryableErrorDueToAnotherOperation', retry_after=1,
                    message='Operation could not be completed as another operation is in progress; retry later.')
SUPERSEDED = dict(lro_final_status='Canceled', lro_error_code='CanceledAndSupersededDueToAnotherOperation',
                  lro_error_message='Operation was canceled and superseded by another operation on the resource.')
LRO_FAILED = dict(lro_final_status='Failed', lro_error_code='InternalServerError',
                  lro_error_message='An error occurred while processing the operation.')
LRO_CANCELED = dict(lro_final_status='Canceled', lro_error_code='OperationCanceled',
                    lro_error_message='The operation was canceled.')
PRECONDITION = dict(status=412, code='PreconditionFailed',
                    message='The condition specified using HTTP conditional header(s) is not met.')
FORBIDDEN = dict(status=403, code='AuthorizationFailed',
                 message='The client does not have authorization to perform action over this scope.')

# (label, rule) in the order the lab should match them; each fires once.
READ_STORM = [
    ('connection dropped', dict(DROP, method='GET', path=ARM)),
    ('HTTP 500', dict(HTTP_500, method='GET', path=ARM)),
    ('HTTP 429 Retry-After 1', dict(HTTP_429, method='GET', path=ARM)),
    ('HTTP 503 Retry-After 1', dict(HTTP_503, method='GET', path=ARM)),
    ('slow answer (1 s)', dict(SLOW, method='GET', path=ARM)),
    ('HTTP 502', dict(HTTP_502, method='GET', path=ARM)),
]


def create_storm(method='PUT'):
    """Transient faults on a module's write and on the polls of the operation it starts."""
    return [
        ('connection dropped', dict(DROP, method=method, path=ARM)),
        ('HTTP 429 Retry-After 1', dict(HTTP_429, method=method, path=ARM)),
        ('HTTP 503 Retry-After 1', dict(HTTP_503, method=method, path=ARM)),
        ('HTTP 503 Retry-After 1 on a poll', dict(HTTP_503, method='GET', path=POLLS)),
        ('connection dropped on a poll', dict(DROP, method='GET', path=POLLS)),
    ]


def delete_storm():
    """Transient faults on a module's DELETE, its polls and its reads (the read modules meet the full set)."""
    return [
        ('connection dropped', dict(DROP, method='DELETE', path=ARM)),
        ('HTTP 429 Retry-After 1', dict(HTTP_429, method='DELETE', path=ARM)),
        ('connection dropped on a poll', dict(DROP, method='GET', path=POLLS)),
        ('HTTP 500 on a read', dict(HTTP_500, method='GET', path=ARM)),
        ('slow answer (0.5 s)', dict(SLOW, delay_seconds=0.5, method='GET', path=ARM)),
    ]


def inject(lab, labelled_rules, times=1):
    """Add the rules; each fires `times` times (None: until cleared)."""
    for labelled in labelled_rules:
        lab.admin.add_fault(**dict(labelled[1], times=times))


def hits(lab, labelled_rules):
    """[(label, hits)] for the rules injected by inject(), in the same order."""
    rules = lab.admin.faults()
    return [(labelled[0], rule['hits']) for labelled, rule in zip(labelled_rules, rules)]


def record_transient(ledger, module, injected, converged, seconds, phase=None):
    """One report row per transient fault hit in a run: survived when the run converged."""
    for label, count in injected:
        ledger.add('faults', module=module, fault=label if phase is None else '%s (%s)' % (label, phase),
                   kind='transient', injected=count, survived=count if converged else 0,
                   outcome='converged' if converged else 'FAILED', seconds=round(seconds, 1))


def says_what_happened(message, action_words, code=None):
    """The message names the operation that failed and, when known, the code Azure gave."""
    text = message.lower()
    return all(word.lower() in text for word in action_words) and (code is None or code in message)


# What to do next, in the words the collection's messages use.
_ADVICE = re.compile(r'\b(rerun|re-run|retry|try again|raise operation_timeout|wait|grant|check|ask|serialise|'
                     r'delete|remove|create|set)\b', re.I)


def says_what_to_do(message, server_message=None):
    """The module added advice of its own (the server's text may not count as advice)."""
    own = message.replace(server_message, '') if server_message else message
    return bool(_ADVICE.search(own))

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Authentication: the lab rejects bad tokens the way ARM does, and every module says so clearly."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import httpx
import pytest

from harness import TRACEBACK, find_secrets
from targets import READS, WRITES

WRONG_SECRET = 'wrong-secret-Zq81xK'


@pytest.fixture
def arm(lab, fresh_lab_world):
    client = httpx.Client(base_url=lab.url, verify=lab.ca_bundle, timeout=30.0)
    yield client
    client.close()


def _circuit_url(lab):
    return lab.world_ids()['er-sv-primary'] + '?api-version=2025-07-01'


TOKENS = [
    ('no Authorization header', None, 'AuthenticationFailed'),
    ('not a bearer token', 'Basic dXNlcjpwYXNz', 'AuthenticationFailed'),
    ('garbage bearer token', 'Bearer not-a-jwt', 'InvalidAuthenticationToken'),
    ('expired token', 'expired', 'ExpiredAuthenticationToken'),
    ('token for another audience', 'audience', 'InvalidAuthenticationTokenAudience'),
]


@pytest.mark.parametrize('label, header, code', TOKENS, ids=[case[0] for case in TOKENS])
def test_the_lab_rejects_bad_tokens_with_the_arm_code(label, header, code, lab, arm, ledger):
    if header == 'expired':
        header = 'Bearer ' + lab.admin.mint_token(expired=True)
    elif header == 'audience':
        header = 'Bearer ' + lab.admin.mint_token(audience='https://graph.erlab.invalid/')
    answer = arm.get(_circuit_url(lab), headers={'Authorization': header} if header else {})
    ledger.add('auth', case='lab: %s' % label, expected='401 %s' % code,
               outcome='%s %s' % (answer.status_code, answer.json().get('error', {}).get('code')))
    assert answer.status_code == 401
    assert answer.json()['error']['code'] == code
    assert answer.headers['WWW-Authenticate'].startswith('Bearer ')
    good = arm.get(_circuit_url(lab), headers={'Authorization': 'Bearer ' + lab.admin.mint_token()})
    assert good.status_code == 200


# The token is fetched by the shared wrapper before any module-specific call: one module of each kind shows it.
SECRET_TARGETS = [target for target in READS + WRITES
                  if target.name in ('circuit_info', 'route_table_info', 'circuit_peering', 'avs_global_reach')]


@pytest.mark.parametrize('target', SECRET_TARGETS, ids=str)
def test_a_wrong_client_secret_is_reported_clearly_and_never_printed(target, world, modules, lab, ledger):
    if target.prepare:
        world.prepare(target.prepare)
    run = modules.run(target.name, target.args(world), env={'AZURE_SECRET': WRONG_SECRET})
    leaked = find_secrets(run.output, {'wrong secret': WRONG_SECRET, 'lab secret': lab.info['client_secret']})
    ledger.add('auth', case='%s with a wrong AZURE_SECRET' % target.name, expected='clear error, no secret',
               outcome='failed: %s' % run.msg[:120] if run.failed else 'DID NOT FAIL', leaks=leaked)
    assert run.failed
    assert 'Authentication failed' in run.msg and 'Invalid client secret' in run.msg, run.msg
    assert not TRACEBACK.search(run.output)
    assert leaked == []
    assert lab.admin.writes() == []


def test_an_unknown_client_or_tenant_is_reported_clearly(world, modules, lab, ledger):
    runs = {
        'unknown client_id': (modules.run('circuit_info', world.circuit_args(),
                                          env={'AZURE_CLIENT_ID': '00000000-0000-0000-0000-0000000000c1'}),
                              'was not found in the directory'),
        'unknown tenant': (modules.run('avs_private_cloud_info', world.cloud_args(),
                                       env={'AZURE_TENANT': '00000000-0000-0000-0000-0000000000d1'}),
                           'tenant name or GUID is correct'),
    }
    for label, (run, expected) in runs.items():
        ledger.add('auth', case=label, expected='clear error', outcome='failed: %s' % run.msg[:120])
        assert run.failed and expected in run.msg, run.msg
        assert not TRACEBACK.search(run.output)


def test_an_expired_token_is_reported_with_the_arm_code_and_a_hint(world, modules, lab, ledger):
    """Tokens that are expired when issued (a clock skew the size of their lifetime)."""
    lab.admin.settings(token_lifetime_seconds=0)
    run = modules.run('circuit_peering', world.private_peering_args())
    ledger.add('auth', case='tokens expire as they are issued (token_lifetime_seconds=0)',
               expected='401 ExpiredAuthenticationToken, clear error', outcome='failed: %s' % run.msg[:120])
    assert run.failed
    assert 'ExpiredAuthenticationToken' in run.msg and 'check tenant, client_id, secret' in run.msg, run.msg
    assert lab.admin.writes() == []


def test_tokens_that_expire_during_a_slow_operation_are_renewed(world, modules, lab, ledger):
    """A 2-second token lifetime and a 4-second operation: the SDK fetches new tokens and the run converges."""
    lab.admin.settings(token_lifetime_seconds=2, operation_seconds=4)
    target = [target for target in WRITES if target.name == 'circuit_authorization'][0]
    run = modules.run(target.name, target.args(world))
    tokens = lab.admin.counters()['token']
    ledger.add('auth', case='token lifetime 2 s, operation 4 s', expected='tokens renewed, converged',
               outcome='%s after %d tokens' % ('converged' if not run.failed else 'FAILED', tokens))
    assert not run.failed, run.msg
    assert target.verify(run, world) == []
    assert tokens >= 2
    rejected = [entry for entry in lab.admin.requests() if entry['status'] == 401]
    assert rejected == []


@pytest.mark.parametrize('code', ['InvalidAuthenticationTokenAudience', 'InvalidAuthenticationToken',
                                  'AuthenticationFailed', 'ExpiredAuthenticationToken'])
def test_every_arm_authentication_code_is_explained(code, world, modules, lab, ledger):
    """ARM's 401 answers, whatever makes them happen (a token for another cloud, a clock far off, a revoked app)."""
    lab.admin.add_fault(method='GET', path=r'^/subscriptions/', status=401, code=code,
                        message='Authentication failed (%s).' % code)
    run = modules.run('avs_private_cloud_info', world.cloud_args())
    ledger.add('auth', case='ARM answers 401 %s' % code, expected='clear error naming the code, with a hint',
               outcome='failed: %s' % run.msg[:120] if run.failed else 'DID NOT FAIL')
    assert run.failed
    assert code in run.msg and 'HTTP 401' in run.msg and 'check tenant, client_id, secret' in run.msg, run.msg
    assert not TRACEBACK.search(run.output)

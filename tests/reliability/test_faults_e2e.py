# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The end-to-end playbook under faults: transient ones in every phase, and one operation that fails.

One site (er-sv-primary to avs-westus-prod). Each transient fault targets a
different phase (peering, authorization, key, Global Reach, connectivity
check) so that no single request exceeds the SDK's retry budget. The Global
Reach operation of the first run ends Failed: that run must stop with a
message naming what failed, and a plain rerun must finish the job, leaving
one authorization, in use by one Connected connection.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import yaml

import faults
from harness import TRACEBACK
from world import E2E_PEERINGS, E2E_PLAYBOOK, E2E_SITES, SV, WESTUS, authorization_problems, global_reach_problems, \
    peering_problems

PHASES = [
    ('HTTP 429 Retry-After 1 reading the circuit', dict(faults.HTTP_429, method='GET', path=r'/expressRouteCircuits/er-sv-primary$')),
    ('connection dropped reading the private cloud', dict(faults.DROP, method='GET', path=r'/privateClouds/avs-westus-prod$')),
    ('AnotherOperationInProgress on the peering write', dict(faults.CONFLICT, method='PUT', path=r'/peerings/AzurePrivatePeering$')),
    ('HTTP 503 Retry-After 1 on an operation poll', dict(faults.HTTP_503, method='GET', path=faults.POLLS)),
    ('HTTP 429 Retry-After 1 creating the authorization', dict(faults.HTTP_429, method='PUT', path=r'/authorizations/avs-westus-prod$')),
    ('HTTP 500 reading the key (listKeys)', dict(faults.HTTP_500, method='POST', path=r'/listKeys$')),
    ('HTTP 502 listing Global Reach connections', dict(faults.HTTP_502, method='GET', path=r'/globalReachConnections$')),
    ('connection dropped on the Global Reach write', dict(faults.DROP, method='PUT', path=r'/globalReachConnections/')),
    ('slow answer (1 s) reading the peering', dict(faults.SLOW, method='GET', path=r'/peerings/AzurePrivatePeering$')),
    ('HTTP 429 Retry-After 1 on the route table', dict(faults.HTTP_429, method='POST', path=r'/routeTables/')),
    ('HTTP 503 Retry-After 1 reading the counters', dict(faults.HTTP_503, method='GET', path=r'/stats$')),
]
FAILED_GLOBAL_REACH = ('Global Reach operation ends Failed (first run only)',
                       dict(faults.LRO_FAILED, method='PUT', path=r'/globalReachConnections/'))


def one_site_problems(world):
    problems = peering_problems(world, SV, E2E_PEERINGS[SV])
    problems += authorization_problems(world, SV, {WESTUS: 'InUse'})
    problems += global_reach_problems(world, WESTUS, SV, SV, WESTUS)
    if sorted(world.global_reach(WESTUS)) != [SV]:
        problems.append('avs-westus-prod has connections %s' % sorted(world.global_reach(WESTUS)))
    return problems


def test_the_end_to_end_playbook_survives_transient_faults_and_recovers_from_a_failed_operation(
        world, lab, playbooks, workdir, ledger):
    with open(E2E_SITES) as handle:
        site = yaml.safe_load(handle)['sites'][0]
    options = dict(extra_vars={'sites': [site], 'report_dir': str(workdir / 'reports')})
    labelled = [FAILED_GLOBAL_REACH] + PHASES
    faults.inject(lab, labelled)

    first = playbooks.run(E2E_PLAYBOOK, timeout=400, **options)
    lasting_hits = lab.admin.faults()[0]['hits']
    rerun = playbooks.run(E2E_PLAYBOOK, timeout=400, **options)
    injected = faults.hits(lab, labelled)[1:]
    problems = one_site_problems(world)
    converged = rerun.returncode == 0 and not problems
    clear = first.returncode != 0 and 'InternalServerError' in first.stdout and 'Global Reach' in first.stdout
    # The failed task's own line (its msg), without the server's text: the module's advice must be there.
    failed_lines = [line for line in first.stdout.splitlines() if 'InternalServerError' in line and 'Global Reach' in line]
    advice = any(faults.says_what_to_do(line, faults.LRO_FAILED['lro_error_message']) for line in failed_lines)
    ledger.add('faults', module='playbook onprem_to_avs.yml', fault=FAILED_GLOBAL_REACH[0], kind='lasting',
               injected=lasting_hits, survived=0,
               outcome='%s; %s; rerun %s' % ('clear error' if clear else 'UNCLEAR error',
                                             'says what to do' if advice else 'NO ADVICE',
                                             'converged' if converged else 'did NOT converge'),
               seconds=round(first.seconds + rerun.seconds, 1))
    for label, count in injected:
        ledger.add('faults', module='playbook onprem_to_avs.yml', fault=label, kind='transient', injected=count,
                   survived=count if converged else 0, outcome='converged' if converged else 'FAILED',
                   seconds=round(first.seconds + rerun.seconds, 1))

    assert lasting_hits == 1
    assert first.returncode != 0, 'the failed Global Reach operation went unnoticed'
    assert clear, first.stdout[-3000:]
    assert advice, 'no advice on what to do in: %s' % failed_lines
    assert rerun.returncode == 0, rerun.stdout[-3000:]
    assert problems == []
    assert not TRACEBACK.search(first.output + rerun.output)
    missed = [label for label, count in injected if not count]
    assert len(missed) <= 2, 'faults never reached: %s' % missed

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Concurrency: separate runs (like two AWX jobs) on the same circuit and private cloud at once.

The lab serialises operations per circuit and per private cloud and answers
AnotherOperationInProgress, as Azure does; the modules retry it. Afterwards
the world must be consistent: every peering field, connection and
authorization present, no key twice, no orphaned authorization. A job that
loses a race may fail, but only with a clear message, and a rerun must then
converge.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import subprocess
import sys
import time

from harness import TRACEBACK, environment, remember
from world import (AMS, CHAIN_PLAYBOOK, E2E_PLAYBOOK, E2E_SITES, SV, WESTUS, WEU, authorization_problems,
                   chain_problems, global_reach_problems, peering_problems, E2E_PEERINGS)


def _together(playbooks, workdir, jobs, timeout=400):
    """Start every (name, playbook, options) at once; {name: (returncode, output)}."""
    started = time.monotonic()
    running = []
    for name, playbook, options in jobs:
        log = workdir / ('%s.log' % name)
        running.append((name, playbooks.start(playbook, log, **options), log))
    finished = {}
    for name, process, log in running:
        returncode = process.wait(timeout=max(1, timeout - (time.monotonic() - started)))
        finished[name] = (returncode, remember('concurrent ansible-playbook %s' % name, log.read_text()))
    return finished, time.monotonic() - started


def _conflicts(lab):
    return len([entry for entry in lab.admin.requests()
                if entry.get('error_code') in ('AnotherOperationInProgress', 'RetryableErrorDueToAnotherOperation')])


def _settle(name, finished, playbooks, playbook, options, problems_of, world, ledger, seconds):
    """Record the jobs; rerun once if one lost a race; the world must then be as one run leaves it."""
    failed = dict((job, output) for job, (returncode, output) in finished.items() if returncode != 0)
    for job, output in failed.items():
        assert not TRACEBACK.search(output), '%s: traceback' % job
        assert 'fatal:' in output and '"msg"' in output, '%s failed without a message' % job
    problems_before_rerun = problems_of(world)
    rerun = None
    if failed or problems_before_rerun:
        rerun = playbooks.run(playbook, timeout=300, **options)
    problems = problems_of(world)
    ledger.add('concurrency', scenario=name, runs=len(finished), seconds=round(seconds, 1),
               conflicts_answered=_conflicts(world.lab), failed_runs=sorted(failed),
               consistent_without_rerun=not problems_before_rerun,
               outcome='consistent' if not problems else 'INCONSISTENT: %s' % problems,
               rerun=None if rerun is None else ('converged' if rerun.returncode == 0 else 'FAILED'))
    if rerun is not None:
        assert rerun.returncode == 0, rerun.stdout[-3000:]
    assert problems == []
    return failed


def test_the_same_job_launched_twice_at_once_ends_consistent(world, playbooks, workdir, ledger):
    finished, seconds = _together(playbooks, workdir, [('job-1', CHAIN_PLAYBOOK, {}), ('job-2', CHAIN_PLAYBOOK, {})])
    _settle('chain.yml launched twice at once', finished, playbooks, CHAIN_PLAYBOOK, {}, chain_problems, world, ledger,
            seconds)


def test_two_different_jobs_on_the_same_circuit_and_clouds_end_consistent(world, playbooks, workdir, ledger):
    """The end-to-end playbook for one site and chain.yml for another private cloud, both on er-sv-primary."""
    import yaml
    with open(E2E_SITES) as handle:
        site = yaml.safe_load(handle)['sites'][0]
    e2e = dict(extra_vars={'sites': [site], 'report_dir': str(workdir / 'reports')})
    chain = dict(extra_vars={'chain_private_cloud': WEU, 'chain_authorization_name': 'chain-weu',
                             'chain_global_reach_name': 'chain-sv', 'chain_avs_authorization_name': 'gw-b'})

    def problems_of(w):
        problems = []
        for circuit, expected in sorted(E2E_PEERINGS.items()):
            problems += peering_problems(w, circuit, expected)
        problems += authorization_problems(w, SV, {WESTUS: 'InUse', 'chain-weu': 'InUse'})
        problems += global_reach_problems(w, WESTUS, SV, SV, WESTUS)
        problems += global_reach_problems(w, WEU, 'chain-sv', SV, 'chain-weu')
        problems += chain_problems(w, cloud=WEU, authorization='chain-weu', global_reach='chain-sv',
                                   avs_authorization='gw-b', other_authorizations={WESTUS: 'InUse'})
        return problems

    finished, seconds = _together(playbooks, workdir, [('onprem_to_avs', E2E_PLAYBOOK, e2e), ('chain', CHAIN_PLAYBOOK, chain)])
    failed = _settle('onprem_to_avs.yml and chain.yml at once', finished, playbooks, CHAIN_PLAYBOOK, chain, problems_of,
                     world, ledger, seconds)
    if 'onprem_to_avs' in failed:
        assert playbooks.run(E2E_PLAYBOOK, timeout=300, **e2e).returncode == 0
        assert problems_of(world) == []


def test_many_module_runs_at_once_on_one_circuit_lose_nothing(world, lab, collections_path, workdir, ledger):
    """Five processes at the same moment: authorizations (two of them the same one), the peering, an AVS key."""
    calls = [('circuit_authorization', world.circuit_args(SV, name=name, return_key=True))
             for name in ('parallel-0', 'parallel-1', 'parallel-1')]
    calls.append(('circuit_peering', world.private_peering_args(SV)))
    calls.append(('avs_authorization', world.cloud_args(WESTUS, name='parallel-avs')))
    import json
    # Keep the circuit busy with a 3-second operation as they start, so their writes meet Azure's
    # "another operation is in progress" however the processes happen to be scheduled.
    lab.admin.settings(operation_seconds=3)
    world.net.express_route_circuit_authorizations.begin_create_or_update(
        'rg-onprem-network', SV, 'holding-the-circuit', {'properties': {}}, polling_interval=0.05)
    processes = []
    started = time.monotonic()
    for index, (module, args) in enumerate(calls):
        path = workdir / ('parallel-%d.json' % index)
        path.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
        processes.append(subprocess.Popen(
            [sys.executable, '-m', 'ansible_collections.hybridlink.expressroute.plugins.modules.' + module, str(path)],
            env=environment(lab, collections_path, workdir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True))
    outputs = [remember('concurrent module', process.communicate(timeout=300)[0]) for process in processes]
    seconds = time.monotonic() - started
    answers = [json.loads(output.strip().splitlines()[-1]) for output in outputs]
    problems = authorization_problems(world, SV, {'parallel-0': 'Available', 'parallel-1': 'Available',
                                                  'holding-the-circuit': 'Available'})
    keys = [answer.get('authorization', {}).get('authorization_key') for answer in answers[:3]]
    if keys[1] != keys[2] or keys[0] == keys[1] or keys[1] != world.circuit_key(SV, 'parallel-1'):
        problems.append('the two runs for parallel-1 did not both return its one key')
    problems += peering_problems(world, SV, dict(vlanId=100, peerASN=65010, primaryPeerAddressPrefix='10.0.0.0/30',
                                                 secondaryPeerAddressPrefix='10.0.0.4/30'))
    if 'parallel-avs' not in world.avs_authorizations(WESTUS):
        problems.append('AVS authorization parallel-avs missing')
    ledger.add('concurrency', scenario='5 module processes at once (2 on the same authorization)', runs=len(calls),
               seconds=round(seconds, 1), conflicts_answered=_conflicts(lab),
               failed_runs=[calls[index][0] for index, answer in enumerate(answers) if answer.get('failed')],
               consistent_without_rerun=not problems, outcome='consistent' if not problems else 'INCONSISTENT: %s' % problems,
               rerun=None)
    assert [answer.get('msg') for answer in answers if answer.get('failed')] == []
    assert problems == []
    assert _conflicts(lab) >= 1, 'the runs never overlapped'
    assert AMS  # the peer circuit is untouched by this scenario

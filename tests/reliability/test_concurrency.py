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

import json
import subprocess
import sys
import time

import faults

from harness import TRACEBACK, environment, remember
from support.wait import wait_for
from targets import ARM
from world import (CHAIN_PLAYBOOK, E2E_PLAYBOOK, E2E_SITES, SV, WESTUS, WEU, authorization_problems,
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


def _at_once(world, lab, collections_path, workdir, calls, ready):
    """Start one module process per (module, args) and hold their writes until ready(request log) says so.

    Until then every PUT answers AnotherOperationInProgress (an injected fault), so when it is lifted the
    processes have all read the world and are all retrying: their writes truly meet, however the
    processes happen to be scheduled. Returns their answers and the seconds they took.
    """
    lab.admin.add_fault(**dict(faults.CONFLICT, method='PUT', path=ARM))
    processes = []
    started = time.monotonic()
    for index, (module, args) in enumerate(calls):
        path = workdir / ('at-once-%d.json' % index)
        path.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
        processes.append(subprocess.Popen(
            [sys.executable, '-m', 'ansible_collections.hybridlink.expressroute.plugins.modules.' + module, str(path)],
            env=environment(lab, collections_path, workdir), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True))

    held = wait_for(lambda: ready(lab.admin.requests()), timeout=120, interval=0.2)
    lab.admin.clear_faults()
    outputs = [remember('concurrent module', process.communicate(timeout=300)[0]) for process in processes]
    assert held, 'not every process reached its write within 2 minutes'
    for output in outputs:
        assert not TRACEBACK.search(output)
    return [json.loads(output.strip().splitlines()[-1]) for output in outputs], time.monotonic() - started


def test_many_module_runs_at_once_on_one_circuit_lose_nothing(world, lab, collections_path, workdir, ledger):
    """Five processes at the same moment on er-sv-primary and avs-westus-prod: three keys, the peering, an AVS key."""
    calls = [('circuit_authorization', world.circuit_args(SV, name='parallel-%d' % index, return_key=True))
             for index in range(3)]
    calls.append(('circuit_peering', world.private_peering_args(SV)))
    calls.append(('avs_authorization', world.cloud_args(WESTUS, name='parallel-avs')))
    writes = set(['/authorizations/parallel-%d' % index for index in range(3)]
                 + ['/peerings/AzurePrivatePeering', '/authorizations/parallel-avs'])

    def every_process_tried_to_write(log):
        held = set(entry['path'] for entry in log if entry['method'] == 'PUT' and entry['status'] == 409)
        return all(any(path.endswith(write) for path in held) for write in writes)

    answers, seconds = _at_once(world, lab, collections_path, workdir, calls, every_process_tried_to_write)
    problems = authorization_problems(world, SV, {'parallel-0': 'Available', 'parallel-1': 'Available',
                                                  'parallel-2': 'Available'})
    keys = [(answer.get('authorization') or {}).get('authorization_key') for answer in answers[:3]]
    if keys != [world.circuit_key(SV, 'parallel-%d' % index) for index in range(3)]:
        problems.append('a run returned a key that is not its authorization\'s')
    problems += peering_problems(world, SV, dict(vlanId=100, peerASN=65010, primaryPeerAddressPrefix='10.0.0.0/30',
                                                 secondaryPeerAddressPrefix='10.0.0.4/30'))
    if 'parallel-avs' not in world.avs_authorizations(WESTUS):
        problems.append('AVS authorization parallel-avs missing')
    ledger.add('concurrency', scenario='5 module processes at once on one circuit and private cloud', runs=len(calls),
               seconds=round(seconds, 1), conflicts_answered=_conflicts(lab),
               failed_runs=[calls[index][0] for index, answer in enumerate(answers) if answer.get('failed')],
               consistent_without_rerun=not problems,
               outcome='consistent' if not problems else 'INCONSISTENT: %s' % problems, rerun=None)
    assert [answer.get('msg') for answer in answers if answer.get('failed')] == []
    assert problems == []


def test_two_runs_creating_the_same_authorization_at_once_both_get_its_key(world, lab, collections_path, workdir,
                                                                           ledger):
    """Two AWX jobs that both need the authorization named after a private cloud, at the same moment."""
    calls = [('circuit_authorization', world.circuit_args(SV, name=WESTUS, return_key=True))] * 2

    def both_read_not_found(log):
        return sum(1 for entry in log if entry['method'] == 'GET' and entry['status'] == 404
                   and entry['path'].endswith('/authorizations/' + WESTUS)) >= 2

    answers, seconds = _at_once(world, lab, collections_path, workdir, calls, both_read_not_found)
    problems = authorization_problems(world, SV, {WESTUS: 'Available'})
    failed = [answer.get('msg') for answer in answers if answer.get('failed')]
    ledger.add('concurrency', scenario='2 module processes creating the same authorization at once', runs=2,
               seconds=round(seconds, 1), conflicts_answered=_conflicts(lab),
               failed_runs=['circuit_authorization'] * len(failed), consistent_without_rerun=not problems,
               outcome='consistent' if not problems else 'INCONSISTENT: %s' % problems, rerun=None)
    assert problems == []  # one authorization, one key: the world stays consistent either way
    keys = [(answer.get('authorization') or {}).get('authorization_key') for answer in answers if not answer.get('failed')]
    assert all(key == world.circuit_key(SV, WESTUS) for key in keys)
    assert failed == [], 'the run that lost the race failed: %s' % failed
    assert len(keys) == 2

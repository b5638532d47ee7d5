# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kill a playbook at chosen requests, one point per rerun, then let the last rerun finish and check the world."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
import signal

from harness import TRACEBACK, run_and_kill


def _request(method, pattern):
    compiled = re.compile(pattern)
    return lambda entry: entry['method'] == method and compiled.search(entry['path'])


E2E_POINTS = [
    ('a peering write in flight', _request('PUT', r'/peerings/AzurePrivatePeering$'), signal.SIGKILL),
    ('a key just read, not used yet', _request('POST', r'/listKeys$'), signal.SIGTERM),
    ('a Global Reach connection being made', _request('PUT', r'/globalReachConnections/'), signal.SIGKILL),
]
CHAIN_POINTS = [
    ('the first write, in flight', _request('PUT', r'/peerings/AzurePrivatePeering$'), signal.SIGTERM),
    ('a key just read, not used yet', _request('POST', r'/listKeys$'), signal.SIGKILL),
    ('a circuit-to-circuit connection being made', _request('PUT', r'/connections/circuit-to-peer$'), signal.SIGKILL),
    ('an AVS authorization being made', _request('PUT', r'/privateClouds/[^/]+/authorizations/'), signal.SIGTERM),
]


def interrupt_then_finish(name, playbook, points, problems_of, world, playbooks, workdir, ledger, **options):
    reached = []
    for index, (label, matches, sig) in enumerate(points):
        outcome = run_and_kill(world.lab, playbooks, playbook, workdir / ('%s-%d.log' % (name, index)), matches, sig,
                               **options)
        reached.append(outcome['reached'])
        ledger.add('interrupted', playbook=name, point=label, signal=outcome['signal'], reached=outcome['reached'],
                   requests_before_kill=outcome['requests'], seconds=outcome['seconds'])
    final = playbooks.run(playbook, timeout=300, **options)
    problems = problems_of(world)
    for record in ledger.records['interrupted'][-len(points):]:
        record['outcome'] = 'rerun converged' if final.returncode == 0 and not problems else 'NOT converged'
    ledger.add('interrupted', playbook=name, point='(final rerun, not killed)', signal=None, reached=None,
               requests_before_kill=None, seconds=round(final.seconds, 1),
               outcome='converged, nothing orphaned' if final.returncode == 0 and not problems else
               'FAILED: %s' % (problems or final.stdout[-400:]))
    assert sum(reached) >= len(points) - 1, 'kill points reached: %s' % reached
    assert final.returncode == 0, final.stdout[-3000:]
    assert problems == []
    assert not TRACEBACK.search(final.output)

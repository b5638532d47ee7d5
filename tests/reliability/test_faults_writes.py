# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transient faults and conflicts on the modules that write: the run converges without help.

tests/integration/test_circuit_faults.py already retries AnotherOperationInProgress
on circuit_peering; here every write module meets every transient answer ARM
gives (throttling, 5xx, dropped connections, slow answers, the three ways a
concurrent operation shows up) on its writes, deletes, polls and reads.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

import faults
from harness import TRACEBACK
from targets import ARM, BY_NAME, GATEWAY_WRITES, WRITES


def _prepare(world, target):
    if target.prepare:
        world.prepare(target.prepare)


def _record(ledger, target, injected, converged, seconds, phase):
    faults.record_transient(ledger, target.name, injected, converged, seconds, phase)


@pytest.mark.parametrize('target', WRITES + GATEWAY_WRITES, ids=str)
def test_transient_faults_on_writes_deletes_and_polls_are_survived(target, world, modules, lab, ledger):
    _prepare(world, target)
    storm = faults.create_storm()
    faults.inject(lab, storm)
    created = modules.run(target.name, target.args(world))
    injected = faults.hits(lab, storm)
    problems = [] if created.failed else target.verify(created, world)
    _record(ledger, target, injected, not created.failed and not problems, created.seconds, 'create')
    lab.admin.clear_faults()
    assert not created.failed, created.msg
    assert problems == []
    assert [pair[1] for pair in injected] == [1] * len(storm), injected

    storm = faults.delete_storm()
    faults.inject(lab, storm)
    deleted = modules.run(target.name, target.absent(world))
    injected = faults.hits(lab, storm)
    problems = [] if deleted.failed else target.gone(world)
    _record(ledger, target, injected, not deleted.failed and not problems, deleted.seconds, 'delete')
    assert not deleted.failed, deleted.msg
    assert deleted.changed
    assert problems == []
    assert sum(pair[1] for pair in injected) >= 4, injected
    assert not TRACEBACK.search(created.output + deleted.output)


CONFLICTS = [
    ('AnotherOperationInProgress (409)', dict(faults.CONFLICT, method='PUT', path=ARM)),
    ('RetryableErrorDueToAnotherOperation (429, Retry-After 1)', dict(faults.CONFLICT_429, method='PUT', path=ARM)),
    ('operation Canceled: CanceledAndSupersededDueToAnotherOperation', dict(faults.SUPERSEDED, method='PUT', path=ARM)),
]


@pytest.mark.parametrize('target', WRITES + GATEWAY_WRITES, ids=str)
def test_concurrent_operations_are_waited_out(target, world, modules, lab, ledger):
    """Each way ARM says "another operation is running" once: the module retries and converges."""
    _prepare(world, target)
    faults.inject(lab, CONFLICTS)
    run = modules.run(target.name, target.args(world))
    injected = faults.hits(lab, CONFLICTS)
    problems = [] if run.failed else target.verify(run, world)
    converged = not run.failed and not problems
    faults.record_transient(ledger, target.name, injected, converged, run.seconds)
    assert [pair[1] for pair in injected] == [1, 1, 1], injected
    assert not TRACEBACK.search(run.output)
    assert not run.failed, 'a superseded operation was not retried to the end: %s' % run.msg
    assert problems == []


def test_conflict_variant_429_from_the_service_itself_is_waited_out(world, modules, lab, ledger):
    """The lab's own serialisation (not an injected fault) answering 429 while another write runs."""
    target = BY_NAME['circuit_peering']
    # A 10-second operation on the circuit (the duration is fixed when it starts), then fast ones again.
    lab.admin.settings(conflict_variant='429', operation_seconds=10)
    world.net.express_route_circuit_authorizations.begin_create_or_update(
        'rg-onprem-network', 'er-sv-primary', 'busy', {'properties': {}}, polling_interval=0.05)
    lab.admin.settings(operation_seconds=0.2)
    run = modules.run(target.name, target.args(world))
    conflicts = [entry for entry in lab.admin.requests() if entry.get('error_code') == 'RetryableErrorDueToAnotherOperation']
    ledger.add('faults', module=target.name, fault='lab busy with another write (429 variant)', kind='transient',
               injected=len(conflicts), survived=len(conflicts) if not run.failed else 0,
               outcome='converged' if not run.failed else 'FAILED', seconds=round(run.seconds, 1))
    assert not run.failed, run.msg
    assert conflicts, 'the lab never answered RetryableErrorDueToAnotherOperation'
    assert target.verify(run, world) == []

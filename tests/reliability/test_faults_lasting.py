# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults no retry can fix, on every module that writes: a clear error, then a rerun that converges.

Each case: the fault stays until the module gives up; the message must name
what failed with Azure's code, carry no traceback and say what to do; once
the fault is gone (and any operation still running has finished), a plain
rerun must reach the state a fault-free run reaches.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import time

import pytest

import faults
from harness import TRACEBACK, Checks, known
from support.wait import wait_for
from targets import ARM, GATEWAY_WRITES, WRITES

LRO_FAILED = ('operation ends Failed', lambda target: dict(faults.LRO_FAILED, method='PUT', path=target.write_path),
              'InternalServerError')
LRO_CANCELED = ('operation ends Canceled',
                lambda target: dict(faults.LRO_CANCELED, method='PUT', path=target.write_path), 'OperationCanceled')
CONFLICT = ('AnotherOperationInProgress until operation_timeout',
            lambda target: dict(faults.CONFLICT, method='PUT', path=ARM), 'AnotherOperationInProgress')
TIMEOUT = ('operation outlasts operation_timeout', None, 'Timeout')
PRECONDITION = ('HTTP 412 on every If-Match write', lambda target: dict(faults.PRECONDITION, method='PUT', path=ARM),
                'PreconditionFailed')

# What each module is known to get wrong for a case: {(module, case label): [finding, ...]}.
FAILED_GATEWAY_KEPT = ('virtual_network_gateway: after a creation that ended Failed, a rerun reports ok (changed=false) '
                       'and leaves the gateway Failed; it does not write it again, which is how ARM retries a resource '
                       'left in provisioning state Failed')
KNOWN = {('virtual_network_gateway', LRO_FAILED[0]): [FAILED_GATEWAY_KEPT]}


# The shared wrapper (module_utils/modules.py) bounds every write by operation_timeout and retries
# conflicts the same way for every module: two modules (one Network, one AVS) show it. How a module
# recovers from a failed operation is its own code: every write module meets an operation that ends
# Failed, two of them one that ends Canceled.
WRAPPER_CASES_FOR = ('circuit_authorization', 'avs_global_reach')


def _cases():
    for target in WRITES + GATEWAY_WRITES:
        cases = [LRO_FAILED]
        if target.name in WRAPPER_CASES_FOR:
            cases += [LRO_CANCELED, TIMEOUT, CONFLICT]
        if target.name == 'circuit_peering':
            # Its own retry loop on 412; tests/integration/test_circuit_faults.py covers its lasting conflicts.
            cases += [PRECONDITION]
        for case in cases:
            known_findings = KNOWN.get((target.name, case[0]), [])
            marks = [known(' AND '.join(known_findings))] if known_findings else []
            yield pytest.param(target, case, known_findings, id='%s-%s' % (target.name, case[2]), marks=marks)


def _settled(world, target):
    """Nothing of the target is still Updating (an operation the module gave up on has ended)."""
    def done():
        text = repr(_states(world))
        return 'Updating' not in text and 'Deleting' not in text
    return wait_for(done, timeout=15, interval=0.2)


def _states(world):
    circuit = world.circuit()
    return (circuit['properties'].get('peerings'), circuit['properties'].get('authorizations'),
            world.avs_authorizations(), world.global_reach(),
            # The gateway's and its connections' own states (the lab leaves a failed gateway's IP configuration Updating).
            ((world.gateway() or {}).get('properties') or {}).get('provisioningState'),
            [item.get('provisioningState') for item in world.gateway_connections().values()])


@pytest.mark.parametrize('target, case, known_findings', list(_cases()))
def test_lasting_faults_fail_clearly_and_a_rerun_converges(target, case, known_findings, world, modules, lab, ledger):
    label, make_rule, code = case
    checks = Checks(known_findings)
    if target.prepare:
        world.prepare(target.prepare)
    args = target.args(world)
    if case is TIMEOUT:
        lab.admin.settings(operation_seconds=4)
        args = dict(args, operation_timeout=2)
    elif case is CONFLICT:
        args = dict(args, operation_timeout=3)
    if make_rule:
        lab.admin.add_fault(**make_rule(target))
    started = time.monotonic()
    failed = modules.run(target.name, args)
    injected = lab.admin.faults()[0]['hits'] if make_rule else 1
    lab.admin.clear_faults()
    lab.admin.settings(operation_seconds=0.2)
    assert _settled(world, target), 'an operation the module gave up on never finished'
    rerun = modules.run(target.name, target.args(world))
    problems = [] if rerun.failed else target.verify(rerun, world)
    converged = not rerun.failed and not problems
    server_message = (make_rule(target) if make_rule else {}).get('message') or \
        (make_rule(target) if make_rule else {}).get('lro_error_message')
    words = ['within'] if case is TIMEOUT else ['failed']
    clear = failed.failed and faults.says_what_happened(failed.msg, words, None if case is TIMEOUT else code)
    advice = faults.says_what_to_do(failed.msg, server_message)
    ledger.add('faults', module=target.name, fault=label, kind='lasting', injected=injected, survived=0,
               outcome='%s; %s; rerun %s' % ('clear error' if clear else 'UNCLEAR error',
                                             'says what to do' if advice else 'NO ADVICE',
                                             'converged' if converged else 'did NOT converge (%s)' % (
                                                 rerun.msg or '; '.join(problems))),
               seconds=round(time.monotonic() - started, 1))

    assert failed.failed, 'the module did not report: %s' % label
    assert injected >= 1
    assert clear, failed.msg
    assert not TRACEBACK.search(failed.output + rerun.output)
    assert not rerun.failed, rerun.msg
    checks.that(not problems, 'a rerun left the resource as the failed operation left it: %s' % problems,
                FAILED_GATEWAY_KEPT)
    assert advice, 'no advice on what to do: %s' % failed.msg
    checks.done()

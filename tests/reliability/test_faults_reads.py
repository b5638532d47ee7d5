# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults on the read-only modules: transient ones are survived, lasting ones reported clearly.

The read modules change nothing, so their tests share one full world, built
again only after another test reset the lab; every test clears its faults.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from dataclasses import asdict

import pytest

from erlab.pytest_plugin import FAST_SETTINGS
from erlab.settings import Settings

import faults
from harness import TRACEBACK, ModuleRunner
from targets import ARM, READS, BY_NAME
from world import WEU, World


MARKER = 'reads-world'


@pytest.fixture
def reads(lab, collections_path, workdir):
    """The full world, built only when another test reset the lab since (a marker authorization tells)."""
    lab.admin.clear_faults()
    lab.admin.settings(**dict(asdict(Settings()), **FAST_SETTINGS))
    world = World(lab)
    if MARKER not in world.avs_authorizations(WEU):
        lab.admin.reset()
        world.prepare(World.full, lambda w: w.create_avs_key(WEU, MARKER))
    lab.admin.clear_log()
    return world, ModuleRunner(lab, collections_path, workdir)


@pytest.fixture(autouse=True)
def clear_faults(lab):
    lab.admin.clear_faults()
    yield
    lab.admin.clear_faults()


@pytest.mark.parametrize('target', READS, ids=str)
def test_transient_faults_on_every_read_are_survived(target, reads, lab, ledger):
    world, modules = reads
    faults.inject(lab, faults.READ_STORM)
    run = modules.run(target.name, target.args(world))
    injected = faults.hits(lab, faults.READ_STORM)
    converged = not run.failed and not target.verify(run, world)
    faults.record_transient(ledger, target.name, injected, converged, run.seconds)
    assert not run.failed, run.msg
    assert target.verify(run, world) == []
    assert sum(pair[1] for pair in injected) >= 4, injected
    assert not TRACEBACK.search(run.output)


LASTING = [
    ('HTTP 503 Retry-After 1 on every read', dict(faults.HTTP_503, method='GET', path=ARM), 'ServiceUnavailable',
     ['circuit_info', 'avs_private_cloud_info', 'route_table_info']),
    ('HTTP 403 AuthorizationFailed', dict(faults.FORBIDDEN, method='*', path=ARM), 'AuthorizationFailed',
     [target.name for target in READS]),
    ('connection dropped on every read', dict(faults.DROP, method='GET', path=ARM), None, ['circuit_peering_info']),
]
LASTING_CASES = [pytest.param(BY_NAME[name], label, rule, code, id='%s-%s' % (name, label.split(' on ', maxsplit=1)[0]))
                 for label, rule, code, names in LASTING for name in names]


@pytest.mark.parametrize('target, label, rule, code', LASTING_CASES)
def test_lasting_faults_fail_clearly_and_a_rerun_after_them_converges(target, label, rule, code, reads, lab, ledger):
    world, modules = reads
    lab.admin.add_fault(**rule)
    failed = modules.run(target.name, target.args(world))
    injected = lab.admin.faults()[0]['hits']
    lab.admin.clear_faults()
    rerun = modules.run(target.name, target.args(world))
    clear = failed.failed and faults.says_what_happened(failed.msg, ['failed'], code) and not TRACEBACK.search(
        failed.output)
    advice = faults.says_what_to_do(failed.msg, rule.get('message'))
    converged = not rerun.failed and not target.verify(rerun, world)
    ledger.add('faults', module=target.name, fault=label, kind='lasting', injected=injected, survived=0,
               outcome='%s; %s; rerun %s' % ('clear error' if clear else 'UNCLEAR error',
                                             'says what to do' if advice else 'NO ADVICE',
                                             'converged' if converged else 'FAILED'),
               seconds=round(failed.seconds + rerun.seconds, 1))
    assert failed.failed, 'the module ignored a lasting %s' % label
    assert clear, failed.msg
    assert not rerun.failed, rerun.msg
    assert target.verify(rerun, world) == []
    assert advice, 'no advice on what to do: %s' % failed.msg


ACTIONS = [
    ('route_table_info', lambda w: w.circuit_args(), r'/routeTables/'),
    ('circuit_authorization', lambda w: w.circuit_args(name='spare', return_key=True), r'/listKeys$'),
]
ACTION_FAULTS = [('HTTP 502', faults.HTTP_502), ('connection dropped', faults.DROP)]


@pytest.mark.parametrize('module, args, path, label, fault', [
    pytest.param(module, args, path, label, fault,
                 id='%s-%s' % (module, label)) for module, args, path in ACTIONS for label, fault in ACTION_FAULTS])
def test_transient_faults_on_read_only_actions_are_survived(module, args, path, label, fault, reads, lab, ledger):
    """The POST actions that only read (route tables, listKeys): azure-core retries POST only on 500/503/504."""
    world, modules = reads
    lab.admin.add_fault(**dict(fault, method='POST', path=path, times=1))
    run = modules.run(module, args(world))
    injected = lab.admin.faults()[0]['hits']
    ledger.add('faults', module=module, fault='%s on the %s POST' % (label, path.strip('/$')), kind='transient',
               injected=injected, survived=0 if run.failed else injected,
               outcome='FAILED: %s' % run.msg[:100] if run.failed else 'converged', seconds=round(run.seconds, 1))
    assert injected == 1
    assert not TRACEBACK.search(run.output)
    assert not run.failed, 'one transient %s on a read-only action failed the run: %s' % (label, run.msg)

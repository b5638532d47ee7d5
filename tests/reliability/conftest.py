# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reliability and security suite: the collection against the lab under faults, kills and bad input.

The lab (erlab) runs once per session on 127.0.0.1 (fixture ``lab`` of its
pytest plugin); ``fresh_lab_world`` resets it before each test. At the end
of the session the measured results are saved to
``.build/reliability/results.json`` and rendered by report.py to
``.build/reliability/reliability.md``, or to the file named by
RELIABILITY_REPORT (``make reliability RELIABILITY_REPORT=docs/reliability.md``).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import glob
import os
import shutil
import time

import pytest

import harness
from harness import REPO_ROOT, ModuleRunner, PlaybookRunner, find_secrets
from support.ansible_run import collection_tree  # tests/ is on sys.path once harness is imported
from ledger import LEDGER
from report import render
from world import World

pytest_plugins = ['erlab.pytest_plugin']

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(REPO_ROOT, '.build', 'reliability', 'results.json')
DEFAULT_REPORT = os.path.join(REPO_ROOT, '.build', 'reliability', 'reliability.md')
PARTS = os.path.join(REPO_ROOT, '.build', 'reliability', 'parts')


@pytest.fixture(scope='session')
def collections_path(tmp_path_factory):
    """This checkout, importable as ansible_collections.hybridlink.expressroute."""
    return collection_tree(tmp_path_factory.mktemp('collections'))


@pytest.fixture(scope='session')
def ledger():
    return LEDGER


@pytest.fixture(scope='session', autouse=True)
def suite_secrets(lab):
    """The lab's client secret and a token it minted: no output of the suite may hold either."""
    harness.SUITE_SECRETS['client secret'] = lab.info['client_secret']
    harness.SUITE_SECRETS['a token the lab minted'] = lab.admin.mint_token()
    return harness.SUITE_SECRETS


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / 'ansible-tmp').mkdir()
    return tmp_path


@pytest.fixture
def world(lab, fresh_lab_world):
    return World(lab)


@pytest.fixture
def modules(lab, fresh_lab_world, collections_path, workdir):
    return ModuleRunner(lab, collections_path, workdir)


@pytest.fixture
def playbooks(lab, fresh_lab_world, collections_path, workdir):
    return PlaybookRunner(lab, collections_path, workdir)


# --- scheduling ------------------------------------------------------------------

# Longest first, so parallel workers (make reliability runs xdist) finish together.
COST_ORDER = ['test_interrupted.py', 'test_interrupted_chain.py', 'test_concurrency.py', 'test_secrets.py',
              'test_faults_e2e.py', 'test_bad_input.py', 'test_faults_lasting.py', 'test_faults_gateways.py',
              'test_faults_writes.py', 'test_faults_reads.py', 'test_data_loss.py',
              'test_auth.py', 'test_validation_fuzz.py']


# Files whose tests share a module-scoped world or state: one worker runs all of a file's tests, in order.
SHARED_STATE = frozenset(['test_bad_input.py', 'test_validation_fuzz.py'])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """--dist loadscope with every other test its own scope, so long tests spread over all workers."""
    if config.getvalue('dist') != 'loadscope':
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            path = nodeid.split('::', 1)[0]
            return path if os.path.basename(path) in SHARED_STATE else nodeid

    return Scheduling(config, log)


def pytest_collection_modifyitems(session, config, items):
    def cost_rank(item):
        name = os.path.basename(str(item.fspath))
        return COST_ORDER.index(name) if name in COST_ORDER else len(COST_ORDER)
    items.sort(key=cost_rank)  # stable: tests keep their order within a file


# --- measured results --------------------------------------------------------

def _is_worker(config):
    return hasattr(config, 'workerinput')


SETUP_SECONDS = {}


def pytest_runtest_logreport(report):
    if os.environ.get('PYTEST_XDIST_WORKER'):
        return  # the controller sees every worker's reports and records them once
    if report.when == 'setup' and report.outcome == 'passed':
        SETUP_SECONDS[report.nodeid] = report.duration  # fixtures that build a world count for the test
    if report.when == 'call' or (report.when == 'setup' and report.outcome != 'passed'):
        outcome = report.outcome
        if hasattr(report, 'wasxfail'):
            outcome = 'xfailed' if report.skipped else 'xpassed'
            if report.skipped:
                LEDGER.finding(report.nodeid, report.wasxfail)
        LEDGER.test_outcome(report.nodeid, outcome, report.duration + SETUP_SECONDS.pop(report.nodeid, 0.0))


def _ran_everything(session):
    """True when every test file of the suite was collected and nothing was deselected or filtered."""
    files = set(os.path.basename(path) for path in glob.glob(os.path.join(HERE, 'test_*.py')))
    ran = set(os.path.basename(test['test'].split('::')[0]) for test in LEDGER.tests)
    option = session.config.option
    return files <= ran and not getattr(option, 'keyword', '') and not getattr(option, 'markexpr', '') \
        and not getattr(option, 'lf', False) and not getattr(option, 'deselect', None)


def pytest_sessionstart(session):
    LEDGER.started = time.time()
    if not _is_worker(session.config) and os.path.isdir(PARTS):
        shutil.rmtree(PARTS)


def _scan_suite_outputs():
    """Search everything this process's runs printed for the suite's secrets and any bearer token."""
    if not harness.SUITE_OUTPUTS:
        return
    hits = []
    for source, text in harness.SUITE_OUTPUTS:
        hits += ['%s in output of %s' % (what, source) for what in find_secrets(text, harness.SUITE_SECRETS)]
    LEDGER.add('secrets', source='every output of every run of the suite (%s)'
               % os.environ.get('PYTEST_XDIST_WORKER', 'main process'),
               outputs=len(harness.SUITE_OUTPUTS), bytes=sum(len(output[1]) for output in harness.SUITE_OUTPUTS),
               secrets=len(harness.SUITE_SECRETS), patterns='JWT, Bearer', hits=len(hits), where=sorted(set(hits))[:20])


def pytest_sessionfinish(session, exitstatus):
    _scan_suite_outputs()
    if _is_worker(session.config):
        # Each xdist worker saves what its tests measured; the controller merges the parts.
        LEDGER.save(os.path.join(PARTS, '%s.json' % session.config.workerinput['workerid']), False)
        return
    if not LEDGER.tests:
        return
    for path in sorted(glob.glob(os.path.join(PARTS, '*.json'))):
        LEDGER.merge(path)
    complete = _ran_everything(session)
    leaks = [record for record in LEDGER.records['secrets'] if record.get('hits')]
    if leaks:
        # A secret in any output fails the gate even if every test passed.
        session.exitstatus = 1
        print('\nSECRET FOUND IN OUTPUT: %s' % [record.get('where') for record in leaks])
    results = LEDGER.save(RESULTS, complete)
    target = os.environ.get('RELIABILITY_REPORT') or DEFAULT_REPORT
    if os.environ.get('RELIABILITY_REPORT') and not complete:
        target = DEFAULT_REPORT  # a partial run never overwrites the published report
    with open(results) as handle:
        import json
        text = render(json.load(handle))
    folder = os.path.dirname(target)
    if folder and not os.path.isdir(folder):
        os.makedirs(folder)
    with open(target, 'w') as handle:
        handle.write(text)

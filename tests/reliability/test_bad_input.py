# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input, generated over every option of every module: refused up front, naming the option.

One world (World.full) and one batch of playbooks run the whole matrix; the
tests below read that run. Every case must fail with a message that names
the option, without a Python traceback, and the lab's request log must show
no write caused by any case.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
from dataclasses import asdict

import pytest

from erlab.pytest_plugin import FAST_SETTINGS
from erlab.settings import Settings

import argspecs
import badinput
import batch
import findings
from harness import TRACEBACK, PlaybookRunner, check_finding, known
from world import EXTRA, World


KNOWN_FINDINGS = {
    'NAMES': findings.NAMES_NOT_VALIDATED,
    'SUBSCRIPTION': findings.SUBSCRIPTION_NOT_VALIDATED,
    'ANSIBLE_CORE': findings.ANSIBLE_CORE_DICT_SUBOPTIONS,
}
# The known gaps run after everything else (and NAMES last): some of them write, and ".." writes to the parent.
GROUP_ORDER = ['ANSIBLE_CORE', 'TIMEOUTS', 'SUBSCRIPTION', 'MISSING_FILE', 'NAMES']
ALL_MODULES = argspecs.module_names()
# Which modules are known to mishandle each group of cases; every other module must handle them.
KNOWN_GAPS = {
    'ANSIBLE_CORE': ['circuit_peering'],
    'MISSING_FILE': [],
    'NAMES': [],
    'SUBSCRIPTION': [],
    'TIMEOUTS': [],
}
# Modules that put no name into a URL, only the subscription (the BGP service community catalogue): no NAMES cases.
NAMELESS_MODULES = ('bgp_service_community_info',)
GAP_CASES = [pytest.param(key, module, marks=[known(KNOWN_FINDINGS[key])] if module in KNOWN_GAPS[key] else [],
                          id='%s-%s' % (key, module))
             for key in GROUP_ORDER for module in (KNOWN_GAPS[key] if key == 'ANSIBLE_CORE'
                                                   else ALL_MODULES)
             if not (key == 'NAMES' and module in NAMELESS_MODULES)]
PLAYBOOK_SAMPLE = 12


@pytest.fixture(scope='module')
def matrix(lab, collections_path, tmp_path_factory):
    lab.admin.clear_faults()
    world = World(lab)
    world.reset_with_extra_circuit()
    lab.admin.settings(**dict(asdict(Settings()), **FAST_SETTINGS))
    world.prepare(World.full, lambda w: w.configure_private_peering(EXTRA))
    specs = argspecs.load(collections_path)
    builder = badinput.Matrix(world, specs)
    cases = builder.build()
    for case in badinput.extra_cases(world):
        builder.add(case.module, case.args, case.option, case.why, case.finding)
    workdir = tmp_path_factory.mktemp('bad-input')
    (workdir / 'ansible-tmp').mkdir()

    checked = [case for case in cases if case.finding is None]
    results, seconds = batch.run_inprocess(lab, collections_path, checked, workdir, slices=3)
    writes = writes_in_log(lab)

    lab.admin.clear_log()
    sample = checked[::max(1, len(checked) // PLAYBOOK_SAMPLE)]
    runner = PlaybookRunner(lab, collections_path, workdir)
    playbook_results, outputs, playbook_seconds = batch.run(runner, sample, workdir, slices=1)
    writes += writes_in_log(lab)

    group_writes = {}
    for key in GROUP_ORDER:
        lab.admin.clear_log()
        group = [case for case in cases if case.finding == key]
        group_results, group_seconds = batch.run_inprocess(lab, collections_path, group, workdir)
        results.update(group_results)
        seconds += group_seconds
        group_writes[key] = [dict(entry, group=key) for entry in writes_in_log(lab)]
        writes += group_writes[key]
    return Matrix(cases, results, writes, seconds, specs, sample, playbook_results, outputs, playbook_seconds,
                  group_writes)


def writes_in_log(lab):
    """Every attempt to change something: PUT, PATCH, DELETE (the read-only POST actions are not writes)."""
    return [entry for entry in lab.admin.requests() if entry['method'] in ('PUT', 'PATCH', 'DELETE')]


class Matrix(object):
    def __init__(self, cases, results, writes, seconds, specs, sample, playbook_results, outputs, playbook_seconds,
                 group_writes):
        self.cases = cases
        self.results = results
        self.writes = writes
        self.seconds = seconds
        self.specs = specs
        self.sample = sample
        self.playbook_results = playbook_results
        self.outputs = outputs
        self.playbook_seconds = playbook_seconds
        self.group_writes = group_writes
        self.attributed = self._attribute()

    def _attribute(self):
        """case id -> the writes its arguments explain (its unique resource name is a segment of the path)."""
        attributed = dict((case.id, []) for case in self.cases)
        markers = dict((case.args.get('name'), case) for case in self.cases
                       if str(case.args.get('name', '')).startswith('bad-'))
        self.unattributed = []
        self.unattributed_by_group = {}
        for entry in self.writes:
            text = '%s %s -> %s' % (entry['method'], entry['path'], entry['status'])
            owners = [markers[segment] for segment in entry['path'].split('/') if segment in markers]
            for case in owners:
                attributed[case.id].append(text)
            if not owners and entry.get('group'):
                self.unattributed_by_group.setdefault(entry['group'], []).append(text)
            elif not owners:
                self.unattributed.append(text)
        return attributed

    def outcome(self, case, results=None):
        """Problems with how the module handled the case (empty when refused cleanly)."""
        result = (results or self.results).get(case.id)
        if result is None:
            return ['no result recorded']
        problems = []
        text = json.dumps(result)
        if not result.get('failed'):
            problems.append('accepted (changed=%s)' % result.get('changed'))
        elif case.leaf not in str(result.get('msg', '')):
            problems.append('error does not name %s: %s' % (case.leaf, str(result.get('msg'))[:200]))
        if TRACEBACK.search(text) or 'MODULE FAILURE' in text:
            problems.append('Python traceback')
        if self.attributed[case.id]:
            problems.append('wrote: %s' % '; '.join(self.attributed[case.id]))
        return problems


def _record(matrix, ledger):
    if getattr(matrix, 'recorded', False):
        return
    matrix.recorded = True
    for case in matrix.cases:
        problems = matrix.outcome(case)
        ledger.add('bad_input', module=case.module, option=case.option, why=case.why, finding=case.finding,
                   outcome='refused, names the option' if not problems else '; '.join(problems),
                   message=str((matrix.results.get(case.id) or {}).get('msg', ''))[:160])
    ledger.add('bad_input', summary=True, cases=len(matrix.cases), seconds=round(matrix.seconds, 1),
               modules=len(matrix.specs), options=sum(len(list(argspecs.walk(options)))
                                                      for options in matrix.specs.values()),
               writes=len(matrix.writes), playbook_cases=len(matrix.sample),
               playbook_seconds=round(matrix.playbook_seconds, 1),
               group_writes=dict((key, len(value)) for key, value in matrix.group_writes.items()))


def test_the_matrix_covers_every_option_of_every_module(matrix, ledger):
    _record(matrix, ledger)
    covered = set((case.module, case.option.split('.no_such_suboption')[0]) for case in matrix.cases)
    missing = []
    for module, options in matrix.specs.items():
        for path, spec in argspecs.walk(options):
            if path.split('.')[0] in badinput.SKIPPED:
                continue
            if (module, path) not in covered and spec.get('type', 'str') not in ('str', 'path'):
                missing.append('%s: %s' % (module, path))
    assert missing == []
    assert len(matrix.cases) >= 300
    assert set(matrix.specs) == set(argspecs.module_names())


def test_every_bad_input_is_refused_up_front_naming_the_option(matrix, ledger):
    _record(matrix, ledger)
    failures = ['%s %s %s=%r (%s): %s' % (case.id, case.module, case.option, _value(case), case.why,
                                          '; '.join(matrix.outcome(case)))
                for case in matrix.cases if case.finding is None and matrix.outcome(case)]
    assert failures == [], '\n'.join(failures)


def test_no_write_reaches_azure_that_no_case_explains(matrix):
    assert matrix.unattributed == []


def test_ansible_playbook_gives_the_same_answers_as_the_in_process_runs(matrix):
    """The sample run through ansible-playbook: same refusals, same option named, no traceback."""
    differences = []
    for case in matrix.sample:
        through_ansible = matrix.outcome(case, matrix.playbook_results)
        if through_ansible != matrix.outcome(case):
            differences.append('%s %s %s: %s' % (case.id, case.module, case.option, through_ansible))
    assert len(matrix.playbook_results) == len(matrix.sample)
    assert differences == []
    assert not any(TRACEBACK.search(output) for output in matrix.outputs)


@pytest.mark.parametrize('key, module', GAP_CASES)
def test_input_checks_with_known_gaps(key, module, matrix, ledger):
    """The groups of cases some modules get wrong: each module either handles them or is a listed finding."""
    _record(matrix, ledger)
    cases = [case for case in matrix.cases if case.finding == key and case.module == module]
    assert cases
    failures = ['%s=%r (%s): %s' % (case.option, _value(case), case.why, '; '.join(matrix.outcome(case)))
                for case in cases if matrix.outcome(case)]
    if key == 'NAMES' and module in KNOWN_GAPS[key]:
        # ".." and "." leave no name in the path, so their writes are the group's unattributed ones.
        failures += ['wrote: %s' % text for text in matrix.unattributed_by_group.get(key, [])]
    check_finding(failures == [], '\n'.join(failures))


def test_no_known_gap_writes_where_no_case_explains(matrix):
    """Writes no case explains can only come from the name cases that address a parent (".", "..")."""
    others = dict((key, texts) for key, texts in matrix.unattributed_by_group.items() if key != 'NAMES')
    assert others == {}


def _value(case):
    node = case.args
    for part in case.option.split('.'):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if not isinstance(node, str) or len(node) < 40 else node[:37] + '...'


SECRET_OPTIONS = ('shared_key', 'authorization_key', 'secret', 'certificate_password')


def test_no_answer_shows_the_secret_it_was_given(matrix, ledger):
    """A bad MD5 key or authorization key is reported as <hidden>, never echoed."""
    leaks, checked = [], 0
    for case in matrix.cases:
        answer = json.dumps(matrix.results.get(case.id))
        for option in SECRET_OPTIONS:
            value = case.args.get(option)
            if isinstance(value, str) and len(value) >= 4:
                checked += 1
                if value in answer:
                    leaks.append('%s %s (%s)' % (case.module, option, case.why))
    ledger.add('secrets', source='answers of the bad-input matrix (secret options given bad values)',
               bytes=sum(len(json.dumps(result)) for result in matrix.results.values()), secrets=checked,
               patterns='', hits=len(leaks), where=leaks)
    assert checked >= 10
    assert leaks == []

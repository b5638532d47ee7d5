# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Many module calls at once: in one Python process per slice, or in one ansible-playbook per slice.

In a playbook each case becomes a task with ignore_errors and its own
register; the last task (check_mode: false) dumps every registered result to
one file. ansible-playbook costs about 0.6 s of CPU a task, so the full
matrix runs in-process (inprocess.py: the same main(), the same argument
handling) and a sample of it through ansible-playbook, and the two must agree.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import subprocess
import sys
import time

from harness import COLLECTION, environment, remember

DRIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'inprocess.py')


def playbook(cases, results_path):
    tasks = []
    for case in cases:
        tasks.append({
            'name': '%s %s: %s (%s)' % (case.id, case.module, case.option, case.why),
            '%s.%s' % (COLLECTION, case.module): case.args,
            'register': case.id,
            'ignore_errors': True,
        })
    collected = ', '.join("'%s': lookup('vars', '%s', default=None)" % (case.id, case.id) for case in cases)
    tasks.append({
        'name': 'Save every result',
        'ansible.builtin.copy': {'content': '{{ {%s} | to_json }}' % collected, 'dest': str(results_path)},
        'check_mode': False,
        'diff': False,
    })
    return [{'name': 'Bad input', 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False, 'tasks': tasks}]


def run(playbooks, cases, workdir, slices=3, timeout=420, **options):
    """Run the cases in `slices` parallel playbooks; ({case id: result}, [output of each run], seconds)."""
    started = time.monotonic()
    parts = [cases[index::slices] for index in range(slices)]
    processes = []
    for index, part in enumerate(parts):
        if not part:
            continue
        results_path = os.path.join(str(workdir), 'results-%d.json' % index)
        path = os.path.join(str(workdir), 'batch-%d.yml' % index)
        with open(path, 'w') as handle:
            json.dump(playbook(part, results_path), handle)
        log = os.path.join(str(workdir), 'batch-%d.log' % index)
        processes.append((playbooks.start(path, log, **options), results_path, log))
    results, outputs = {}, []
    deadline = time.monotonic() + timeout
    for process, results_path, log in processes:
        try:
            process.wait(timeout=max(1, deadline - time.monotonic()))
        except Exception:
            process.kill()
            raise
        with open(log) as handle:
            outputs.append(remember('ansible-playbook bad-input batch', handle.read()))
        if os.path.exists(results_path):
            with open(results_path) as handle:
                results.update(json.load(handle))
    return results, outputs, time.monotonic() - started


def run_inprocess(lab, collections_path, cases, workdir, slices=2, timeout=300):
    """Run the cases in `slices` Python processes (inprocess.py); ({case id: result}, seconds)."""
    started = time.monotonic()
    processes = []
    for index in range(slices):
        part = [dict(id=case.id, module=case.module, args=case.args) for case in cases[index::slices]]
        if not part:
            continue
        cases_path = os.path.join(str(workdir), 'inprocess-cases-%d.json' % index)
        results_path = os.path.join(str(workdir), 'inprocess-results-%d.json' % index)
        with open(cases_path, 'w') as handle:
            json.dump(part, handle)
        process = subprocess.Popen(
            [sys.executable, DRIVER, cases_path, results_path, os.path.join(str(workdir), 'ansible-tmp')],
            env=environment(lab, collections_path, workdir), cwd=str(workdir),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        processes.append((process, results_path))
    results = {}
    for process, results_path in processes:
        output = process.communicate(timeout=max(1, timeout - (time.monotonic() - started)))[0]
        if process.returncode != 0:
            raise AssertionError('the in-process driver failed:\n%s' % output[-3000:])
        with open(results_path) as handle:
            text = remember('in-process bad-input batch', handle.read())
        results.update(json.loads(text))
    return results, time.monotonic() - started

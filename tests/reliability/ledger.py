# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the suite measured, recorded as it runs and saved as JSON for report.py.

Tests add one record per case (a fault injected, a bad input tried, an
output scanned for secrets, a run killed, a concurrent run checked); the
conftest adds the outcome and duration of every test and saves everything
when the session ends. Nothing in docs/reliability.md is typed by hand.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import platform
import time

SECTIONS = ('faults', 'auth', 'bad_input', 'fuzz', 'secrets', 'interrupted', 'concurrency', 'data_loss')


class Ledger(object):
    def __init__(self):
        self.started = time.time()
        self.records = dict((section, []) for section in SECTIONS)
        self.tests = []
        self.findings = []

    def add(self, section, **record):
        if section not in self.records:
            raise ValueError('unknown ledger section %r' % section)
        self.records[section].append(record)
        return record

    def finding(self, test, text):
        """A behaviour of the collection the suite shows to be wrong (its test is an xfail)."""
        self.findings.append({'test': test, 'text': text})

    def test_outcome(self, nodeid, outcome, seconds):
        self.tests.append({'test': nodeid, 'outcome': outcome, 'seconds': round(seconds, 2)})

    def merge(self, path):
        """Add the records another process (an xdist worker) saved."""
        with open(path) as handle:
            part = json.load(handle)
        for section, records in part['records'].items():
            self.records.setdefault(section, []).extend(records)

    def as_dict(self, complete):
        return {
            'complete': complete,
            'wall_seconds': round(time.time() - self.started, 1),
            'python': platform.python_version(),
            'cpus': os.cpu_count(),
            'records': self.records,
            'tests': self.tests,
            'findings': self.findings,
        }

    def save(self, path, complete):
        folder = os.path.dirname(path)
        if folder and not os.path.isdir(folder):
            os.makedirs(folder)
        with open(path, 'w') as handle:
            json.dump(self.as_dict(complete), handle, indent=1, sort_keys=True)
        return path


LEDGER = Ledger()

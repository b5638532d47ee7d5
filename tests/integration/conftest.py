# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Integration tests: the real modules, run by ansible-playbook, against the lab.

The lab (erlab) is started once per session by its pytest plugin; each test
gets a freshly reset world. Modules run exactly as users run them: a
playbook, a localhost inventory, the AZURE_* environment the lab prints.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

# tests/, for what the suites share (tests/support).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from support.ansible_run import Run, collection_tree, lab_environment, playbook_command  # noqa: E402

pytest_plugins = ['erlab.pytest_plugin']


class Ansible(object):
    """Runs modules and playbooks of this collection against the lab."""

    def __init__(self, lab, collections_path, workdir):
        self.lab = lab
        self.collections_path = collections_path
        self.workdir = workdir
        self.counter = 0

    def environment(self, extra=None):
        return lab_environment(self.lab, self.collections_path, self.workdir, extra)

    def module(self, name, args, check=False, diff=False, verbosity=0, env=None, no_log=False):
        """Run one module task; its registered result is read back from a file."""
        self.counter += 1
        result_file = self.workdir / ('result-%d.json' % self.counter)
        task = {
            'name': 'module under test',
            'hybridlink.expressroute.%s' % name: args,
            'register': 'module_result',
            'ignore_errors': True,
        }
        if no_log:
            task['no_log'] = True
        play = [{
            'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
            'tasks': [task, {
                'name': 'save the result',
                'ansible.builtin.copy': {'content': '{{ module_result | to_json }}', 'dest': str(result_file)},
                'check_mode': False,
                'diff': False,
            }],
        }]
        playbook = self.workdir / ('play-%d.yml' % self.counter)
        playbook.write_text(json.dumps(play))
        completed = self.playbook(str(playbook), check=check, diff=diff, verbosity=verbosity, env=env)
        if not result_file.exists():
            raise AssertionError('the playbook did not record a result:\n%s\n%s' % (completed.stdout, completed.stderr))
        result = json.loads(result_file.read_text())
        return Run(result, completed.stdout, completed.stderr, completed.returncode)

    def playbook(self, path, extra_vars=None, check=False, diff=False, verbosity=0, env=None, timeout=600):
        command = playbook_command(path, extra_vars=extra_vars, check=check, diff=diff, verbosity=verbosity)
        return subprocess.run(command, env=self.environment(env), capture_output=True, text=True,
                              timeout=timeout, cwd=str(self.workdir), check=False)


@pytest.fixture(scope='session')
def collections_path(tmp_path_factory):
    """This checkout, importable as ansible_collections.hybridlink.expressroute."""
    return collection_tree(tmp_path_factory.mktemp('collections'))


@pytest.fixture
def ansible(lab, fresh_lab_world, collections_path, tmp_path):
    (tmp_path / 'ansible-tmp').mkdir()
    return Ansible(lab, collections_path, tmp_path)

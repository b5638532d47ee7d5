# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running this collection against the lab: the integration, reliability and awx suites and the bench share this.

This checkout as an importable collection tree, the environment a run gets
(the lab's AZURE_* variables plus Ansible settings for tests), the
ansible-playbook command line, and ``Run``, the result of one module or
playbook run. Each suite's runners build on these.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import sys

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BIN = os.path.dirname(sys.executable)


def collection_tree(root):
    """Make root/ansible_collections/hybridlink/expressroute point at this checkout (kept if it does); root as a str."""
    namespace = root / 'ansible_collections' / 'hybridlink'
    namespace.mkdir(parents=True, exist_ok=True)
    link = namespace / 'expressroute'
    if not link.is_symlink():
        link.symlink_to(REPO_ROOT)
    return str(root)


def lab_environment(lab, collections_path, workdir, extra=None):
    """This process's environment, the lab's AZURE_* variables, this collection and a private Ansible temp dir."""
    env = dict(os.environ)
    env.update(lab.env)
    env.update(
        ANSIBLE_COLLECTIONS_PATH=collections_path,
        ANSIBLE_LOCAL_TEMP=os.path.join(str(workdir), 'ansible-tmp'),
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_RETRY_FILES_ENABLED='0',
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_DEPRECATION_WARNINGS='0',
    )
    env.update(extra or {})
    return env


def playbook_flags(check=False, diff=False, verbosity=0):
    """--check, --diff and -v..., as ansible-playbook takes them (and AWX writes them to env/cmdline)."""
    flags = []
    if check:
        flags.append('--check')
    if diff:
        flags.append('--diff')
    if verbosity:
        flags.append('-' + 'v' * verbosity)
    return flags


def playbook_command(path, extra_vars=None, check=False, diff=False, verbosity=0, inventory='localhost,', forks=None):
    """The ansible-playbook command line (of this Python's environment) for one run."""
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', inventory, str(path)]
    if extra_vars:
        command += ['-e', json.dumps(extra_vars)]
    command += playbook_flags(check, diff, verbosity)
    if forks:
        command += ['--forks', str(forks)]
    return command


class Run(object):
    """One finished module or playbook run: its result (a module's registered answer), output and exit code."""

    def __init__(self, result, stdout, stderr, returncode, seconds=None):
        self.result = result
        self.stdout = stdout
        self.stderr = stderr
        self.returncode = returncode
        self.seconds = seconds

    @property
    def failed(self):
        return bool(self.result.get('failed'))

    @property
    def changed(self):
        return self.result.get('changed')

    @property
    def msg(self):
        return str(self.result.get('msg', ''))

    @property
    def output(self):
        return self.stdout + self.stderr

    def __repr__(self):
        return 'Run(rc=%s, failed=%s, msg=%r)' % (self.returncode, self.failed, self.msg[:300])

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The argument specs of every module, read the way users read them: ``ansible-doc --json``."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import subprocess
import sys

from harness import COLLECTION, REPO_ROOT


def module_names():
    folder = os.path.join(REPO_ROOT, 'plugins', 'modules')
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith('.py') and not name.startswith('_'))


def load(collections_path):
    """{module: {option: spec}} for every module, from one ansible-doc call."""
    names = ['%s.%s' % (COLLECTION, name) for name in module_names()]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR='1')
    completed = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-doc'), '--json', '-t', 'module']
                               + names, env=env, capture_output=True, text=True, timeout=120, check=True)
    documents = json.loads(completed.stdout)
    return dict((name.split('.')[-1], document['doc'].get('options') or {}) for name, document in documents.items())


def walk(options, prefix=''):
    """(path, spec) of every option and suboption, depth first."""
    for name in sorted(options):
        spec = options[name]
        path = prefix + name
        yield path, spec
        if spec.get('suboptions'):
            yield from walk(spec['suboptions'], path + '.')

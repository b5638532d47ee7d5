# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Find secret values in what an AWX job leaves behind.

Every file under the job's artifacts directory is read (stdout, job events,
status, rc, fact cache, ...) plus any report the playbook wrote into the
project. One file needs AWX's own treatment: ansible-runner writes
``artifacts/<ident>/command`` with the complete process environment, which
includes the credential's AZURE_SECRET by construction. AWX never keeps that
record as is: it stores it as ``job_env`` through ``build_safe_env``, which
hides variables named like secrets, and deletes the private data directory
when the job ends. So that file is checked as AWX stores it: a secret in any
other variable, or in the command line, is still found.

Findings name the secret and the file, never the value.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import re

HIDDEN_PASSWORD = '**********'
# awx/main/models/credential.py: build_safe_env
HIDDEN_NAME = re.compile(r'API|TOKEN|KEY|SECRET|PASS', re.I)
URL_PASSWORD = re.compile(r'^.*?://[^:]+:(.*?)@.*?$')

# An OAuth bearer token or any JWT (header.payload.signature, base64url).
TOKEN_PATTERNS = (
    ('bearer token', re.compile(r'Bearer\s+[A-Za-z0-9._~+/=-]{16,}')),
    ('JWT', re.compile(r'eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*')),
)


class Secrets(dict):
    """Secret values by name; its repr shows the names only (pytest prints the arguments of failing calls)."""

    def __repr__(self):
        return '%s(%s)' % (type(self).__name__, ', '.join(sorted(self)))


def build_safe_env(env):
    """AWX's redaction of a job's environment before it stores it."""
    safe_env = dict(env)
    for key, value in safe_env.items():
        if key == 'AWS_ACCESS_KEY_ID':
            continue
        if key.startswith('ANSIBLE_') and not key.startswith('ANSIBLE_NET') and not key.startswith('ANSIBLE_GALAXY_SERVER'):
            continue
        if HIDDEN_NAME.search(key):
            safe_env[key] = HIDDEN_PASSWORD
        elif isinstance(value, str) and URL_PASSWORD.match(value):
            safe_env[key] = URL_PASSWORD.sub(HIDDEN_PASSWORD, value)
    return safe_env


def stored_text(path):
    """The text of a job file as AWX keeps it."""
    with open(path, 'rb') as handle:
        text = handle.read().decode('utf-8', errors='replace')
    if os.path.basename(path) == 'command':
        record = json.loads(text)
        record['env'] = build_safe_env(record.get('env') or {})
        text = json.dumps(record)
    return text


def job_files(job):
    """Every file under the artifacts directory, and reports the play wrote into the project."""
    roots = [job.artifacts_dir, os.path.join(job.private_data_dir, 'project', 'reports')]
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in sorted(files):
                path = os.path.join(folder, name)
                if not os.path.islink(path):
                    yield path


def find_leaks(job, secrets):
    """(what, where) for each secret value, bearer token or JWT found in the job's output and files.

    `secrets` maps a description ("client secret") to its value.
    """
    secrets = dict((what, value) for what, value in secrets.items() if value)
    leaks = []
    sources = [('stdout of the job', job.stdout)]
    sources += [(os.path.relpath(path, job.private_data_dir), stored_text(path)) for path in job_files(job)]
    for where, text in sources:
        for what, value in sorted(secrets.items()):
            if value in text:
                leaks.append((what, where))
        for what, pattern in TOKEN_PATTERNS:
            if pattern.search(text):
                leaks.append((what, where))
    return leaks

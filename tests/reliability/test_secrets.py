# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets: whatever a run prints or leaves behind holds no key, MD5 key, client secret or token.

playbooks/secrets.yml drives every module with every secret (MD5 keys,
authorization keys handed from one task to the next, AVS keys), including
runs that fail because of a secret (too long, malformed, already in use). It
runs with -vvv and --diff in check mode through ansible-playbook, then for
real through ansible-runner as AWX runs a job (-vvv, --diff, a log file);
the AWX job's artifacts are read as AWX keeps them (tests/awx/secret_scan.py). Afterwards every key that
exists in the lab is read through the SDK, and every output is searched for
each of them, the MD5 key, the client secret and any bearer token or JWT.
Every output of every other test of the suite is searched for the client
secret and tokens as well (conftest.py, at the end of the session).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import secrets as random_secrets
import shutil
import sys

import pytest

from harness import BIN, REPO_ROOT, find_secrets, remember
from world import AMS, SV, WESTUS, WEU

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'playbooks', 'secrets.yml')
AWX_TESTS = os.path.join(REPO_ROOT, 'tests', 'awx')


def every_secret(world, lab, md5):
    """Every secret value that exists now, by a name that says what it is (never printed)."""
    found = {'MD5 key': md5, 'client secret': lab.info['client_secret']}
    for circuit in (SV, AMS):
        for name, key in world.circuit_keys(circuit).items():
            found['authorization key %s/%s' % (circuit, name)] = key
    for cloud in (WESTUS, WEU):
        for name, authorization in world.avs_authorizations(cloud).items():
            found['AVS authorization key %s/%s' % (cloud, name)] = authorization['properties'].get(
                'expressRouteAuthorizationKey')
        for name, connection in world.global_reach(cloud).items():
            found['Global Reach key %s/%s' % (cloud, name)] = connection['properties'].get('authorizationKey')
    return dict((name, value) for name, value in found.items() if value and value.strip('0-'))


def _awx_artifacts(lab, collections_path, workdir, md5, log_path):
    """The playbook as an AWX job: ansible-runner, credential in env/envvars, -vvv --diff; the files AWX keeps."""
    ansible_runner = pytest.importorskip('ansible_runner')
    private = workdir / 'awx-job'
    (private / 'project').mkdir(parents=True)
    (private / 'env').mkdir()
    shutil.copy(PLAYBOOK, str(private / 'project' / 'secrets.yml'))
    import json
    envvars = dict(lab.env, RELIABILITY_MD5_KEY=md5, ANSIBLE_COLLECTIONS_PATH=collections_path,
                   ANSIBLE_NOCOLOR='1', ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOG_PATH=str(log_path))
    (private / 'env' / 'envvars').write_text(json.dumps(envvars))
    (private / 'env' / 'cmdline').write_text('--diff')
    (private / 'inventory').mkdir()
    (private / 'inventory' / 'hosts.json').write_text(json.dumps(
        {'all': {'hosts': {'localhost': {'ansible_connection': 'local'}}}}))
    path = os.environ.get('PATH', '')
    os.environ['PATH'] = BIN + os.pathsep + path  # ansible-runner finds ansible-playbook on PATH
    try:
        runner = ansible_runner.run(private_data_dir=str(private), playbook='secrets.yml', ident='job', quiet=True,
                                    verbosity=3, suppress_env_files=True)
    finally:
        os.environ['PATH'] = path
    artifacts = private / 'artifacts' / 'job'
    if AWX_TESTS not in sys.path:
        sys.path.insert(0, AWX_TESTS)
    from secret_scan import stored_text  # AWX's own redaction of the runner's command/env record
    texts = {}
    for folder, _dirs, files in os.walk(str(artifacts)):
        for name in files:
            path = os.path.join(folder, name)
            texts[os.path.relpath(path, str(private))] = stored_text(path)
    return runner, texts


def test_no_secret_in_any_output_of_any_module(world, lab, playbooks, collections_path, workdir, ledger):
    md5 = 'Md5-' + random_secrets.token_hex(8)
    env = {'RELIABILITY_MD5_KEY': md5}
    log_path = workdir / 'ansible.log'
    check = playbooks.run(PLAYBOOK, check=True, diff=True, verbosity=3, env=env)
    assert check.returncode == 0, check.stdout[-3000:]
    runner, artifacts = _awx_artifacts(lab, collections_path, workdir, md5, log_path)
    stdout = artifacts.get('artifacts/job/stdout', '')
    assert runner.status == 'successful', stdout[-3000:]

    values = every_secret(world, lab, md5)
    keys = [name for name in values if 'key' in name and name != 'MD5 key']
    assert len(keys) >= 5, sorted(values)  # the scan looks for real keys, not for nothing
    sources = {'ansible-playbook --check --diff -vvv (stdout, stderr)': check.output,
               'ANSIBLE_LOG_PATH file of the AWX job': log_path.read_text()}
    for name, text in artifacts.items():
        # One row per kind of artifact: every job event together.
        kind = 'AWX job artifacts/job/job_events/*.json' if '/job_events/' in name else 'AWX job %s' % name
        sources[kind] = sources.get(kind, '') + text + '\n'
    leaks = []
    for source, text in sorted(sources.items()):
        remember('secrets test: %s' % source, text)
        hits = find_secrets(text, values)
        leaks += ['%s in %s' % (hit, source) for hit in hits]
        files = sum(1 for name in artifacts if '/job_events/' in name) if 'job_events' in source else 1
        ledger.add('secrets', source=source, outputs=files, bytes=len(text), secrets=len(values),
                   patterns='JWT, Bearer', hits=len(hits), where=hits)
    assert leaks == []
    # The scanner itself finds what it looks for.
    assert keys[0] in find_secrets('x %s y' % values[keys[0]], values)
    assert find_secrets(lab.admin.mint_token(), {}) == ['a JWT']
    # Every task passed, the failing ones failing as the playbook expects (failed_when).
    assert 'failed=0' in stdout and 'ignored=0' in stdout

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AWX/AAP job, as AWX hands it to ansible-runner.

AWX turns a job template launch into a private data directory and calls
ansible-runner on it:

- ``project/``: a copy of the project's checkout (the playbooks);
- ``requirements_collections/``: what the project update installed from the
  project's ``collections/requirements.yml``, with ``ANSIBLE_COLLECTIONS_PATH``
  pointing at it;
- ``inventory/``: the job's inventory (here AWX's "Demo Inventory": localhost,
  local connection, the execution environment's Python);
- ``env/envvars``: what the job's credentials inject, plus AWX's job variables;
  the "Microsoft Azure Resource Manager" credential injects AZURE_SUBSCRIPTION_ID,
  AZURE_CLIENT_ID, AZURE_SECRET, AZURE_TENANT and AZURE_CLOUD_ENVIRONMENT;
- ``env/extravars``: the template's extra variables merged with the survey answers;
- ``env/cmdline``: ``--check`` and ``--diff`` for check jobs, ``-v`` for verbosity;
- ``env/settings``: job timeout, output handling.

ansible-runner then runs ``ansible-playbook -i inventory -e @env/extravars
<cmdline> <playbook>`` from ``project/`` and records stdout and job events
under ``artifacts/<ident>/``.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import itertools
import json
import os
import shutil
import sys

import ansible_runner

# tests/, for what the suites share (tests/support).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from secret_scan import Secrets  # noqa: E402
from support.ansible_run import playbook_flags  # noqa: E402

# AWX's "Demo Inventory": its localhost host variables.
DEMO_INVENTORY = {
    'all': {
        'hosts': {
            'localhost': {
                'ansible_connection': 'local',
                'ansible_python_interpreter': '{{ ansible_playbook_python }}',
            },
        },
    },
}


def azure_credential_env(subscription_id, tenant, client_id, secret, cloud_environment):
    """What AWX's "Microsoft Azure Resource Manager" credential injects for a service principal."""
    return Secrets({
        'AZURE_SUBSCRIPTION_ID': subscription_id,
        'AZURE_TENANT': tenant,
        'AZURE_CLIENT_ID': client_id,
        'AZURE_SECRET': secret,
        'AZURE_CLOUD_ENVIRONMENT': cloud_environment,
    })


class Job(object):
    """A finished job: status, stats, stdout and where its artifacts are."""

    def __init__(self, runner, private_data_dir, ident):
        self.status = runner.status
        self.rc = runner.rc
        self.stats = runner.stats or {}
        self.events = list(runner.events)
        self.private_data_dir = private_data_dir
        self.artifacts_dir = os.path.join(private_data_dir, 'artifacts', ident)
        with open(os.path.join(self.artifacts_dir, 'stdout'), encoding='utf-8', errors='replace') as handle:
            self.stdout = handle.read()

    @property
    def changed_hosts(self):
        return {host: count for host, count in (self.stats.get('changed') or {}).items() if count}

    @property
    def failed_hosts(self):
        failed = dict(self.stats.get('failures') or {})
        failed.update(self.stats.get('dark') or {})
        return {host: count for host, count in failed.items() if count}

    def tail(self, lines=60):
        """The end of the job output, for assertion messages."""
        return '\n'.join(self.stdout.splitlines()[-lines:])


class JobTemplate(object):
    """A job template: project, playbook, inventory, credential, extra vars and survey."""

    job_ids = itertools.count(1)

    def __init__(self, project_cache, playbook, credential_env, ca_bundle, extra_vars=None):
        self.project_cache = project_cache
        self.playbook = playbook
        self.credential_env = dict(credential_env)
        self.ca_bundle = ca_bundle
        self.extra_vars = dict(extra_vars or {})

    def launch(self, workdir, ident, survey=None, check=False, diff=False, verbosity=0, credential_env=None,
               timeout=900):
        """Write the private data directory as AWX does, run it with ansible-runner, return the Job."""
        private_data_dir = os.path.join(str(workdir), ident)
        os.makedirs(os.path.join(private_data_dir, 'env'))
        os.makedirs(os.path.join(private_data_dir, 'inventory'))
        shutil.copytree(os.path.join(self.project_cache, 'project'), os.path.join(private_data_dir, 'project'))
        collections = os.path.join(private_data_dir, 'requirements_collections')
        shutil.copytree(os.path.join(self.project_cache, 'requirements_collections'), collections)

        envvars = dict(credential_env if credential_env is not None else self.credential_env)
        envvars.update({
            # The lab's CA; in AWX it comes with the execution environment image
            # (or a custom credential type), never with the Azure credential.
            'REQUESTS_CA_BUNDLE': self.ca_bundle,
            # Only the project's collections: nothing installed elsewhere on this
            # machine can stand in for the artifact under test.
            'ANSIBLE_COLLECTIONS_PATH': collections,
            'ANSIBLE_RETRY_FILES_ENABLED': 'False',
            'ANSIBLE_HOST_KEY_CHECKING': 'False',
            'ANSIBLE_NOCOLOR': '1',
            'JOB_ID': str(next(self.job_ids)),
            'AWX_HOST': 'https://awx.example.com',
        })
        extravars = dict(self.extra_vars)
        extravars.update(survey or {})
        cmdline = playbook_flags(check, diff, verbosity)

        write_json(os.path.join(private_data_dir, 'env', 'envvars'), envvars)
        write_json(os.path.join(private_data_dir, 'env', 'extravars'), extravars)
        write_json(os.path.join(private_data_dir, 'env', 'settings'), {'job_timeout': timeout, 'suppress_ansible_output': True})
        write_json(os.path.join(private_data_dir, 'inventory', 'hosts.json'), DEMO_INVENTORY)
        if cmdline:
            with open(os.path.join(private_data_dir, 'env', 'cmdline'), 'w', encoding='utf-8') as handle:
                handle.write(' '.join(cmdline))

        runner = ansible_runner.run(
            private_data_dir=private_data_dir,
            playbook=self.playbook,
            ident=ident,
            quiet=True,
            # AWX_RUNNER_OMIT_ENV_FILES, on by default in AWX.
            suppress_env_files=True,
        )
        return Job(runner, private_data_dir, ident)


def write_json(path, data):
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(data, handle, indent=2)

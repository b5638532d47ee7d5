# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab judged by stock clients: the Azure CLI and azure.azcollection, run unchanged.

One lab for the session, with the lab's default behaviour (only operations
are shortened, and Retry-After is 1 s because the CLI's pollers treat 0 as
absent and then wait 30 s). Each client runs from its own virtual
environment, built by `make lab-clients` from the pinned requirements next to
this file: .venv-cli (azure-cli) and .venv-azcollection (ansible with
azure.azcollection and that collection's pinned SDKs). The only settings a
client gets are the ones a real custom cloud with a private CA needs too
(named in lab/README.md).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import re
import subprocess

import pytest

from erlab.testing import LabServer

from helpers_clients import CLI_VENV, require


@pytest.fixture(scope='session')
def lab():
    with LabServer(operation_seconds=0.2, retry_after=1) as server:
        yield server


class CliError(Exception):
    def __init__(self, command, returncode, stderr):
        codes = re.findall(r'^Code: (\w+)$', stderr, re.M) or re.findall(r'\((\w+)\)', stderr)
        self.code = codes[0] if codes else None
        self.returncode = returncode
        self.stderr = stderr
        super(CliError, self).__init__('az %s -> %s (%s): %s' % (' '.join(command), returncode, self.code, stderr[-2000:]))


class AzureCli(object):
    """`az` from .venv-cli with its own config dir, so nothing leaks in from (or out to) the user's."""

    def __init__(self, lab, config_dir):
        self.lab = lab
        self.binary = require(os.path.join(CLI_VENV, 'bin', 'az'), 'the Azure CLI')
        self.env = {
            'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
            'HOME': str(config_dir),
            'AZURE_CONFIG_DIR': str(config_dir),
            # What any custom cloud with a private CA and its own authority needs:
            'REQUESTS_CA_BUNDLE': lab.ca_bundle,
            'AZURE_CORE_INSTANCE_DISCOVERY': 'false',   # `az config set core.instance_discovery=false`
            # Quiet and offline-friendly, not behaviour: no telemetry upload, no survey, no colour.
            'AZURE_CORE_COLLECT_TELEMETRY': 'false',
            'AZURE_CORE_SURVEY_MESSAGE': 'false',
            'AZURE_CORE_NO_COLOR': 'true',
        }
        self.calls = 0

    def run(self, *args):
        """Run one command; its JSON output parsed (None when it prints nothing)."""
        command = list(args) + ['--output', 'json']
        self.calls += 1
        done = subprocess.run([self.binary] + command, env=self.env, capture_output=True, text=True, timeout=180, check=False)
        if done.returncode != 0:
            raise CliError(command, done.returncode, done.stderr)
        return json.loads(done.stdout) if done.stdout.strip() else None

    def fails(self, *args):
        """Run a command that must fail; the CliError (with the service's error code)."""
        with pytest.raises(CliError) as caught:
            self.run(*args)
        return caught.value


@pytest.fixture(scope='session')
def az_logged_out(lab, tmp_path_factory):
    return AzureCli(lab, tmp_path_factory.mktemp('azure-cli-config'))


@pytest.fixture(scope='session')
def az_login(az_logged_out, lab):
    """Register the lab as a cloud (endpoint discovery) and log in as the world's service principal."""
    az = az_logged_out
    lab.admin.clear_log()
    az.run('cloud', 'register', '--name', 'ERLab', '--endpoint-resource-manager', lab.url)
    az.run('cloud', 'set', '--name', 'ERLab')
    info = lab.info
    accounts = az.run('login', '--service-principal', '--username', info['client_id'], '--password', info['client_secret'],
                      '--tenant', info['tenant_id'])
    return {'accounts': accounts, 'log': lab.admin.requests()}


@pytest.fixture(scope='session')
def az(az_login, az_logged_out):
    return az_logged_out

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A host without the Azure packages gets one clear message naming the pip package."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import subprocess
import sys

import pytest

# azure-identity present but azure-core missing: stand-ins for azure.identity and
# for MSAL, which azure-identity installs (enough for the credential to be built),
# on an otherwise bare Python.
IDENTITY_STUB = '''
class _Credential(object):
    def __init__(self, *args, **kwargs):
        pass


ClientSecretCredential = CertificateCredential = ManagedIdentityCredential = _Credential
AzureCliCredential = DefaultAzureCredential = _Credential
'''


@pytest.fixture(scope='module')
def bare_python(tmp_path_factory):
    """A virtual environment with nothing but the standard library."""
    location = tmp_path_factory.mktemp('bare-venv')
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(location)], check=True)
    return os.path.join(str(location), 'bin', 'python')


@pytest.fixture(scope='module')
def identity_only_path(tmp_path_factory):
    """A PYTHONPATH entry that provides azure.identity (and MSAL) and nothing else of Azure."""
    root = tmp_path_factory.mktemp('identity-only')
    package = root / 'azure' / 'identity'
    package.mkdir(parents=True)
    (package / '__init__.py').write_text(IDENTITY_STUB)
    (root / 'msal').mkdir()
    (root / 'msal' / '__init__.py').write_text('')
    return str(root)


def run_circuit_info(ansible, python, env=None):
    extra = {'ANSIBLE_PYTHON_INTERPRETER': python}
    extra.update(env or {})
    return ansible.module('circuit_info', dict(resource_group='rg-onprem-network', circuit_name='er-sv-primary'),
                          env=extra)


def test_missing_identity_names_the_package(ansible, lab, bare_python):
    run = run_circuit_info(ansible, bare_python)
    assert run.failed
    assert 'Traceback' not in run.msg
    assert "pip install 'azure-identity>=" in run.msg and bare_python in run.msg
    assert lab.admin.requests() == []


def test_missing_azure_core_names_the_package(ansible, lab, bare_python, identity_only_path):
    run = run_circuit_info(ansible, bare_python, env={'PYTHONPATH': identity_only_path})
    assert run.failed
    assert 'Traceback' not in run.msg
    assert "pip install 'azure-core>=" in run.msg and bare_python in run.msg
    assert 'azure-mgmt-network' not in run.msg
    assert lab.admin.requests() == []

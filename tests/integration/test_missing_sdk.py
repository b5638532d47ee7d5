# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A host without the Azure SDKs gets one clear message naming the pip package."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import subprocess
import sys

import pytest


@pytest.fixture(scope='module')
def bare_python(tmp_path_factory):
    """A virtual environment with nothing but the standard library."""
    location = tmp_path_factory.mktemp('bare-venv')
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', str(location)], check=True)
    return os.path.join(str(location), 'bin', 'python')


def test_missing_sdk_names_the_package(ansible, lab, bare_python):
    run = ansible.module('circuit_info', dict(resource_group='rg-onprem-network', circuit_name='er-sv-primary'),
                         env={'ANSIBLE_PYTHON_INTERPRETER': bare_python})
    assert run.failed
    assert 'azure-identity' in run.msg or 'azure-mgmt-network' in run.msg
    assert 'Traceback' not in run.msg
    assert "pip install 'azure-identity>=" in run.msg and bare_python in run.msg
    assert lab.admin.requests() == []

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the stock-client tests share: where the client venvs are, the default world's names, log helpers."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os

import pytest

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
CLI_VENV = os.environ.get('ERLAB_CLI_VENV', os.path.join(REPO_ROOT, '.venv-cli'))
AZC_VENV = os.environ.get('ERLAB_AZCOLLECTION_VENV', os.path.join(REPO_ROOT, '.venv-azcollection'))

SUB = '5b1f7c9e-2d4a-4e8b-9c3f-6a0d1e2b3c4d'
RG = 'rg-onprem-network'
AVS_RG = 'rg-avs-prod'


def circuit_id(name, rg=RG, sub=SUB):
    return '/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/expressRouteCircuits/%s' % (sub, rg, name)


def require(path, what):
    if not os.path.exists(path):
        pytest.fail('%s not found at %s: run `make lab-clients` (it builds the client venvs)' % (what, path))
    return path


def error_codes_since(lab, seq):
    return [(e['method'], e['status'], e['error_code']) for e in lab.admin.requests(since=seq) if e['status'] >= 400]


def last_seq(lab):
    entries = lab.admin.requests()
    return entries[-1]['seq'] if entries else 0

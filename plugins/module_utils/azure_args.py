# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of the shared Azure options (documented in doc_fragments/azure.py)."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import os
import string

from typing import Any, Callable, List, Mapping

from ansible.module_utils.basic import env_fallback

from ansible_collections.hybridlink.expressroute.plugins.module_utils.credentials import auth_settings, resolve_method
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem

AUTH_METHODS = ('auto', 'service_principal', 'certificate', 'managed_identity', 'cli', 'default_chain')

AZURE_ARGUMENT_SPEC = dict(
    subscription_id=dict(type='str', fallback=(env_fallback, ['AZURE_SUBSCRIPTION_ID'])),
    auth_method=dict(type='str', default='auto', choices=list(AUTH_METHODS)),
    tenant=dict(type='str', fallback=(env_fallback, ['AZURE_TENANT', 'AZURE_TENANT_ID'])),
    client_id=dict(type='str', fallback=(env_fallback, ['AZURE_CLIENT_ID'])),
    secret=dict(type='str', no_log=True, fallback=(env_fallback, ['AZURE_SECRET', 'AZURE_CLIENT_SECRET'])),
    certificate_path=dict(type='path', fallback=(env_fallback, ['AZURE_CLIENT_CERTIFICATE_PATH'])),
    certificate_password=dict(type='str', no_log=True, fallback=(env_fallback, ['AZURE_CLIENT_CERTIFICATE_PASSWORD'])),
    cloud_environment=dict(type='str', fallback=(env_fallback, ['AZURE_CLOUD_ENVIRONMENT'])),
    ca_bundle=dict(type='path'),
    operation_timeout=dict(type='int', default=1800),
)

AZURE_OPTION_NAMES = frozenset(AZURE_ARGUMENT_SPEC)

# azure-identity's own rule for a tenant; it raises ValueError (a traceback) otherwise.
TENANT_CHARACTERS = frozenset(string.ascii_letters + string.digits + '-.')


def is_readable_file(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.R_OK)


def is_readable_ca_location(path: str) -> bool:
    """A CA bundle file, or a directory of hashed certificates (requests' verify accepts both)."""
    return is_readable_file(path) or (os.path.isdir(path) and os.access(path, os.R_OK | os.X_OK))


def shared_option_problems(params: Mapping[str, Any], readable_file: Callable[[str], bool] = is_readable_file,
                           readable_ca: Callable[[str], bool] = is_readable_ca_location) -> List[Problem]:
    """Problems with the shared Azure options, found before any call (the file checks are injectable).

    Each would otherwise surface late, as a traceback from requests or
    azure-identity, or (operation_timeout) as a write abandoned at once.
    """
    problems = []
    timeout = params.get('operation_timeout')
    if timeout is not None and timeout <= 0:
        problems.append(Problem('operation_timeout', 'must be a positive number of seconds', timeout))
    tenant = params.get('tenant')
    if tenant is not None and (tenant == '' or not set(tenant) <= TENANT_CHARACTERS):
        problems.append(Problem('tenant', 'must be a tenant ID or domain (letters, digits, "-" and ".")', tenant))
    ca_bundle = params.get('ca_bundle')
    if ca_bundle and not readable_ca(ca_bundle):
        problems.append(Problem('ca_bundle', 'must be an existing, readable PEM file (or directory) of certificate authorities',
                                ca_bundle))
    certificate = params.get('certificate_path')
    if certificate and resolve_method(auth_settings(params)) == 'certificate' and not readable_file(certificate):
        problems.append(Problem('certificate_path', 'must be an existing, readable PEM or PKCS12 file', certificate))
    return problems

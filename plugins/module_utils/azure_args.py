# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Argument spec of the shared Azure options (documented in doc_fragments/azure.py)."""

from ansible.module_utils.basic import env_fallback

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

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Which azure-identity credential to build from the shared options."""

from collections import namedtuple

AuthSettings = namedtuple('AuthSettings', [
    'auth_method', 'tenant', 'client_id', 'secret', 'certificate_path', 'certificate_password', 'ca_bundle'])


class CredentialConfigError(Exception):
    """The options do not describe a usable way to sign in."""


def auth_settings(params):
    return AuthSettings(*(params.get(name) for name in AuthSettings._fields))


def choose_method(settings):
    """Resolve auth_method=auto to the concrete method, and check what it needs."""
    method = settings.auth_method or 'auto'
    if method == 'auto':
        if settings.client_id and settings.secret:
            method = 'service_principal'
        elif settings.client_id and settings.certificate_path:
            method = 'certificate'
        else:
            method = 'default_chain'
    needed = {
        'service_principal': ('tenant', 'client_id', 'secret'),
        'certificate': ('tenant', 'client_id', 'certificate_path'),
    }.get(method, ())
    missing = [name for name in needed if not getattr(settings, name)]
    if missing:
        raise CredentialConfigError(
            'auth_method=%s needs %s (options or the AZURE_* environment variables)' % (method, ', '.join(missing)))
    return method


def build_credential(settings, endpoints):
    """An azure-identity credential for the chosen method, talking to the cloud's authority."""
    from azure import identity

    method = choose_method(settings)
    common = dict(authority=endpoints.authority_host)
    if not endpoints.is_public_authority:
        # A custom authority cannot be checked against Microsoft's instance list.
        common['disable_instance_discovery'] = True
    if settings.ca_bundle:
        common['connection_verify'] = settings.ca_bundle
    if method == 'service_principal':
        return identity.ClientSecretCredential(settings.tenant, settings.client_id, settings.secret, **common)
    if method == 'certificate':
        return identity.CertificateCredential(
            settings.tenant, settings.client_id, settings.certificate_path,
            password=settings.certificate_password, **common)
    if method == 'managed_identity':
        return identity.ManagedIdentityCredential(client_id=settings.client_id)
    if method == 'cli':
        return identity.AzureCliCredential(tenant_id=settings.tenant)
    return identity.DefaultAzureCredential(authority=endpoints.authority_host)

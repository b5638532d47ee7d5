# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which azure-identity credential to build from the shared options."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Mapping, NamedTuple, Optional


class AuthSettings(NamedTuple):
    """The shared options that say how to sign in (None: not set)."""

    auth_method: Optional[str]
    tenant: Optional[str]
    client_id: Optional[str]
    secret: Optional[str]
    certificate_path: Optional[str]
    certificate_password: Optional[str]
    ca_bundle: Optional[str]


class CredentialConfigError(Exception):
    """The options do not describe a usable way to sign in."""


def auth_settings(params: Mapping[str, Any]) -> AuthSettings:
    return AuthSettings(*(params.get(name) for name in AuthSettings._fields))


def resolve_method(settings: AuthSettings) -> str:
    """The concrete method auth_method=auto stands for (nothing checked)."""
    method = settings.auth_method or 'auto'
    if method == 'auto':
        if settings.client_id and settings.secret:
            return 'service_principal'
        if settings.client_id and settings.certificate_path:
            return 'certificate'
        return 'default_chain'
    return method


def choose_method(settings: AuthSettings) -> str:
    """Resolve auth_method=auto to the concrete method, and check what it needs."""
    method = resolve_method(settings)
    needed = {
        'service_principal': ('tenant', 'client_id', 'secret'),
        'certificate': ('tenant', 'client_id', 'certificate_path'),
    }.get(method, ())
    missing = [name for name in needed if not getattr(settings, name)]
    if missing:
        raise CredentialConfigError(
            'auth_method=%s needs %s (options or the AZURE_* environment variables)' % (method, ', '.join(missing)))
    return method


def build_credential(settings: AuthSettings, endpoints: Any) -> Any:
    """An azure-identity credential for the chosen method, talking to the cloud's authority.

    azure-identity checks some settings as it builds a credential and raises
    ValueError (a tenant with other characters than letters, digits, "-" and
    ".", a file that is not a certificate) or OSError (the certificate file
    cannot be read): both become a CredentialConfigError naming the option.
    """
    method = choose_method(settings)
    try:
        return _credential(method, settings, endpoints)
    except (OSError, TypeError, ValueError) as error:
        # cryptography raises TypeError for a password given to an unencrypted key, and the reverse.
        if method == 'certificate':
            raise CredentialConfigError(
                'certificate_path: could not load a certificate and private key (PEM or PKCS12) from %s: %s -- '
                'check the file and certificate_password' % (settings.certificate_path, error))
        if isinstance(error, TypeError):
            raise
        raise CredentialConfigError('auth_method=%s: azure-identity refused the settings: %s -- check tenant and '
                                    'client_id' % (method, error))


def _credential(method: str, settings: AuthSettings, endpoints: Any) -> Any:
    if method == 'service_principal':
        # MSAL alone (it comes with azure-identity): importing azure.identity costs more than the rest of a no-op run.
        from ansible_collections.hybridlink.expressroute.plugins.module_utils.client_secret import ClientSecretCredential
        return ClientSecretCredential(settings.tenant, settings.client_id, settings.secret, endpoints.authority_host,
                                      instance_discovery=endpoints.is_public_authority, ca_bundle=settings.ca_bundle)
    from azure import identity

    common = dict(authority=endpoints.authority_host)
    if not endpoints.is_public_authority:
        # A custom authority cannot be checked against Microsoft's instance list.
        common['disable_instance_discovery'] = True
    if settings.ca_bundle:
        common['connection_verify'] = settings.ca_bundle
    if method == 'certificate':
        return identity.CertificateCredential(
            settings.tenant, settings.client_id, settings.certificate_path,
            password=settings.certificate_password, **common)
    if method == 'managed_identity':
        return identity.ManagedIdentityCredential(client_id=settings.client_id)
    if method == 'cli':
        return identity.AzureCliCredential(tenant_id=settings.tenant)
    return identity.DefaultAzureCredential(authority=endpoints.authority_host)

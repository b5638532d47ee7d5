# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A service principal's client-secret credential on MSAL, without importing azure-identity.

azure-identity's ClientSecretCredential is MSAL's client-credentials grant
behind azure-core's TokenCredential protocol. Importing azure.identity loads
every credential it has (certificate support brings cryptography.x509): a
third of what a no-op module run imports after Ansible's own code, for the
one credential most runs use (the one AWX/AAP's Azure credential injects).
MSAL comes with azure-identity, so this needs no other package. It asks the
same authority for the same token, with the same requests, and fails the
way ClientSecretCredential does: ClientAuthenticationError, "Authentication
failed: <what Entra ID said>". The other methods keep azure-identity.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import time

from typing import Any, Callable, Optional


class ClientSecretCredential(object):
    """get_token(*scopes) for a tenant, client ID and secret; the MSAL app is made at the first token."""

    def __init__(self, tenant: str, client_id: str, secret: str, authority_host: str, instance_discovery: bool = True,
                 ca_bundle: Optional[str] = None, application_factory: Optional[Callable[..., Any]] = None,
                 clock: Callable[[], float] = time.time) -> None:
        self._authority = authority_host.rstrip('/') + '/' + tenant
        self._client_id = client_id
        self._secret = secret
        self._instance_discovery = instance_discovery
        self._ca_bundle = ca_bundle
        self._application_factory = application_factory or _msal_application
        self._clock = clock
        self._application: Any = None

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        """An azure.core.credentials.AccessToken; ClientAuthenticationError when Entra ID refuses."""
        from azure.core.credentials import AccessToken
        from azure.core.exceptions import ClientAuthenticationError

        requested = int(self._clock())
        try:
            result = self._app().acquire_token_for_client(list(scopes), claims_challenge=kwargs.get('claims'))
        except (OSError, ValueError) as error:
            # MSAL raises ValueError for an authority it cannot discover (an unknown tenant) and requests' errors
            # (OSErrors) for the network; azure-identity's ClientSecretCredential wraps them the same way.
            raise ClientAuthenticationError(message='ClientSecretCredential.get_token failed: %s' % error)
        if 'access_token' not in result:
            raise ClientAuthenticationError(
                message='Authentication failed: %s' % (result.get('error_description') or result.get('error')))
        return AccessToken(result['access_token'], requested + int(result['expires_in']))

    def close(self) -> None:
        """The azure-core credential protocol; MSAL's session closes with the process."""

    def _app(self) -> Any:
        if self._application is None:
            self._application = self._application_factory(
                self._client_id, self._secret, self._authority, self._instance_discovery, self._ca_bundle)
        return self._application


def _msal_application(client_id: str, secret: str, authority: str, instance_discovery: bool,
                      ca_bundle: Optional[str]) -> Any:
    import msal

    # MSAL reads the authority's OpenID configuration here, as azure-identity's first get_token does.
    return msal.ConfidentialClientApplication(
        client_id, client_credential=secret, authority=authority, instance_discovery=instance_discovery,
        verify=ca_bundle or True)

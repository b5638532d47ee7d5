# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.client_secret import ClientSecretCredential

pytest.importorskip('azure.core')
from azure.core.exceptions import ClientAuthenticationError  # noqa: E402 pylint: disable=wrong-import-position

SECRET = 'client-secret-value-7Q'
SCOPE = 'https://management.lab.invalid/.default'


class FakeApplication(object):
    """MSAL's ConfidentialClientApplication as far as the credential uses it."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def acquire_token_for_client(self, scopes, claims_challenge=None):
        self.calls.append((scopes, claims_challenge))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def credential_with(answers, made=None):
    application = FakeApplication(answers)

    def factory(client_id, secret, authority, instance_discovery, ca_bundle):
        if made is not None:
            made.append((client_id, secret, authority, instance_discovery, ca_bundle))
        return application

    credential = ClientSecretCredential('tenant-1', 'client-1', SECRET, 'https://login.lab.invalid/',
                                        instance_discovery=False, ca_bundle='/ca.pem',
                                        application_factory=factory, clock=lambda: 1000.4)
    return credential, application


def test_a_token_expires_expires_in_seconds_after_it_was_asked_for():
    credential, application = credential_with([{'access_token': 'tok-1', 'expires_in': 3599}])
    token = credential.get_token(SCOPE)
    assert (token.token, token.expires_on) == ('tok-1', 1000 + 3599)
    assert application.calls == [([SCOPE], None)]


def test_the_app_is_made_once_for_the_tenant_at_the_first_token():
    made = []
    credential, application = credential_with([{'access_token': 'a', 'expires_in': 60}] * 2, made)
    assert made == []
    credential.get_token(SCOPE)
    credential.get_token(SCOPE)
    assert made == [('client-1', SECRET, 'https://login.lab.invalid/tenant-1', False, '/ca.pem')]
    assert len(application.calls) == 2


def test_a_claims_challenge_is_passed_to_msal():
    credential, application = credential_with([{'access_token': 'a', 'expires_in': 60}])
    credential.get_token(SCOPE, claims='{"access_token":{"nbf":{"essential":true}}}')
    assert application.calls == [([SCOPE], '{"access_token":{"nbf":{"essential":true}}}')]


@pytest.mark.parametrize('answer, message', [
    ({'error': 'invalid_client', 'error_description': 'AADSTS7000215: Invalid client secret provided.'},
     'Authentication failed: AADSTS7000215: Invalid client secret provided.'),
    ({'error': 'unauthorized_client'}, 'Authentication failed: unauthorized_client'),
], ids=['with-description', 'code-only'])
def test_a_refusal_is_a_client_authentication_error_in_azure_identity_words(answer, message):
    credential = credential_with([answer])[0]
    with pytest.raises(ClientAuthenticationError) as raised:
        credential.get_token(SCOPE)
    assert str(raised.value) == message
    assert SECRET not in str(raised.value)


@pytest.mark.parametrize('error', [
    ValueError('Unable to get authority configuration for https://login.lab.invalid/tenant-1. Also please double '
               'check your tenant name or GUID is correct.'),
    OSError('Connection refused'),
], ids=['unknown-tenant', 'network'])
def test_what_msal_raises_becomes_a_client_authentication_error(error):
    credential = credential_with([error])[0]
    with pytest.raises(ClientAuthenticationError) as raised:
        credential.get_token(SCOPE)
    assert str(raised.value) == 'ClientSecretCredential.get_token failed: %s' % error


def test_the_real_msal_app_is_made_for_the_authority(monkeypatch):
    msal = pytest.importorskip('msal')
    made = []

    class Recorder(object):
        def __init__(self, client_id, **options):
            made.append((client_id, options))

        def acquire_token_for_client(self, scopes, claims_challenge=None):
            return {'access_token': 'a', 'expires_in': 60}

    monkeypatch.setattr(msal, 'ConfidentialClientApplication', Recorder)
    ClientSecretCredential('t', 'c', SECRET, 'https://login.lab.invalid', instance_discovery=False).get_token(SCOPE)
    assert made == [('c', dict(client_credential=SECRET, authority='https://login.lab.invalid/t',
                               instance_discovery=False, verify=True))]

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.credentials import (
    AuthSettings, CredentialConfigError, build_credential, choose_method, resolve_method)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.client_secret import ClientSecretCredential
from ansible_collections.hybridlink.expressroute.plugins.module_utils.clouds import CloudEndpoints


def settings(**given):
    values = dict((name, None) for name in AuthSettings._fields)
    values.update(given)
    return AuthSettings(**values)


@pytest.mark.parametrize('given, expected', [
    (dict(auth_method='auto', tenant='t', client_id='c', secret='s'), 'service_principal'),
    (dict(auth_method='auto', tenant='t', client_id='c', certificate_path='/p.pem'), 'certificate'),
    (dict(auth_method='auto', client_id='c'), 'default_chain'),
    (dict(auth_method='auto'), 'default_chain'),
    (dict(auth_method='managed_identity'), 'managed_identity'),
    (dict(auth_method='cli'), 'cli'),
], ids=['secret', 'certificate', 'client-id-only', 'nothing', 'managed-identity', 'cli'])
def test_choose_method(given, expected):
    assert choose_method(settings(**given)) == expected


@pytest.mark.parametrize('given, missing', [
    (dict(auth_method='service_principal', client_id='c', secret='s'), 'tenant'),
    (dict(auth_method='service_principal', tenant='t'), 'client_id, secret'),
    (dict(auth_method='certificate', tenant='t', client_id='c'), 'certificate_path'),
    (dict(auth_method='auto', client_id='c', secret='s'), 'tenant'),
])
def test_missing_settings_are_named(given, missing):
    with pytest.raises(CredentialConfigError) as error:
        choose_method(settings(**given))
    assert 'needs %s' % missing in str(error.value)


LAB_CLOUD = CloudEndpoints('https://127.0.0.1:8443/', 'https://127.0.0.1:8443/', 'https://127.0.0.1:8443/',
                           'https://management.lab.invalid/', False)


def test_a_file_that_is_not_a_certificate_names_the_option(tmp_path):
    pytest.importorskip('azure.identity')
    not_a_certificate = tmp_path / 'sp.pem'
    not_a_certificate.write_text('hello')
    for path in (str(not_a_certificate), str(tmp_path)):
        with pytest.raises(CredentialConfigError) as error:
            build_credential(settings(auth_method='certificate', tenant='t', client_id='c', certificate_path=path,
                                      certificate_password='pw-secret-1'), LAB_CLOUD)
        assert str(error.value).startswith('certificate_path: could not load a certificate')
        assert 'pw-secret-1' not in str(error.value)


def test_settings_azure_identity_refuses_are_a_clear_error():
    pytest.importorskip('azure.identity')
    with pytest.raises(CredentialConfigError, match='auth_method=cli: azure-identity refused'):
        build_credential(settings(auth_method='cli', tenant='bad tenant'), LAB_CLOUD)


@pytest.mark.parametrize('cloud, discovery', [
    (LAB_CLOUD, False),
    (CloudEndpoints('AzureCloud', 'https://management.azure.com/', 'https://login.microsoftonline.com/',
                    'https://management.core.windows.net/', True), True),
], ids=['custom-authority', 'public-authority'])
def test_a_service_principal_secret_signs_in_with_msal_alone(cloud, discovery):
    credential = build_credential(settings(auth_method='auto', tenant='t1', client_id='c1', secret='s1',
                                           ca_bundle='/ca.pem'), cloud)
    assert isinstance(credential, ClientSecretCredential)
    # Nothing is sent until the first token: building the credential makes no MSAL app.
    assert credential._application is None
    assert credential._authority == cloud.authority_host + 't1'
    assert credential._instance_discovery is discovery
    assert credential._ca_bundle == '/ca.pem'


@pytest.mark.parametrize('given, expected', [
    (dict(auth_method='auto', client_id='c', secret='s', certificate_path='/p.pem'), 'service_principal'),
    (dict(auth_method='auto', client_id='c', certificate_path='/p.pem'), 'certificate'),
    (dict(auth_method='certificate'), 'certificate'),  # not checked: choose_method does that
    (dict(auth_method=None), 'default_chain'),
])
def test_resolve_method_checks_nothing(given, expected):
    assert resolve_method(settings(**given)) == expected

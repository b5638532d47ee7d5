# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.credentials import (
    AuthSettings, CredentialConfigError, choose_method)


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

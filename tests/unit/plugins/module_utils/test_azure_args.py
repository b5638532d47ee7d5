# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.azure_args import (
    AZURE_ARGUMENT_SPEC, is_readable_ca_location, is_readable_file, shared_option_problems)

MISSING = '/nonexistent/bad.pem'


def params(**given):
    values = dict((name, spec.get('default')) for name, spec in AZURE_ARGUMENT_SPEC.items())
    values.update(given)
    return values


def exists_except_missing(path):
    return path != MISSING


@pytest.mark.parametrize('given, expected', [
    (dict(), []),
    (dict(operation_timeout=1), []),
    (dict(operation_timeout=-1), ['operation_timeout: must be a positive number of seconds (got -1)']),
    (dict(operation_timeout=0), ['operation_timeout: must be a positive number of seconds (got 0)']),
    (dict(tenant='72f988bf-86f1-41af-91ab-2d7cd011db47'), []),
    (dict(tenant='contoso.onmicrosoft.com'), []),
    (dict(tenant='bad tenant'), ['tenant: must be a tenant ID or domain (letters, digits, "-" and ".") '
                                 '(got \'bad tenant\')']),
    (dict(tenant=''), ['tenant: must be a tenant ID or domain (letters, digits, "-" and ".") (got \'\')']),
    (dict(ca_bundle='/etc/ca.pem'), []),
    (dict(ca_bundle=MISSING), ['ca_bundle: must be an existing, readable PEM file (or directory) of certificate '
                               'authorities (got %r)' % MISSING]),
    (dict(auth_method='certificate', certificate_path='/etc/sp.pem'), []),
    (dict(auth_method='certificate', certificate_path=MISSING),
     ['certificate_path: must be an existing, readable PEM or PKCS12 file (got %r)' % MISSING]),
    (dict(auth_method='auto', client_id='c', certificate_path=MISSING),
     ['certificate_path: must be an existing, readable PEM or PKCS12 file (got %r)' % MISSING]),
    # Not used: a secret wins under auto, and service_principal never reads the file.
    (dict(auth_method='auto', client_id='c', secret='s', certificate_path=MISSING), []),
    (dict(auth_method='service_principal', certificate_path=MISSING), []),
    (dict(operation_timeout=-5, ca_bundle=MISSING, auth_method='certificate', certificate_path=MISSING),
     ['operation_timeout: must be a positive number of seconds (got -5)',
      'ca_bundle: must be an existing, readable PEM file (or directory) of certificate authorities (got %r)' % MISSING,
      'certificate_path: must be an existing, readable PEM or PKCS12 file (got %r)' % MISSING]),
], ids=['defaults', 'one-second', 'negative-timeout', 'zero-timeout', 'tenant-guid', 'tenant-domain',
        'tenant-space', 'tenant-empty', 'ca-bundle', 'ca-bundle-missing', 'certificate', 'certificate-missing',
        'certificate-missing-auto', 'certificate-unused-auto', 'certificate-unused-secret', 'all-at-once'])
def test_shared_option_problems(given, expected):
    values = params(**given)
    before = copy.deepcopy(values)
    problems = shared_option_problems(values, exists_except_missing, exists_except_missing)
    assert [str(problem) for problem in problems] == expected
    assert values == before


def test_no_secret_enters_a_problem():
    values = params(auth_method='certificate', certificate_path=MISSING, certificate_password='hunter2-password',
                    secret='client-secret-value', operation_timeout=0)
    text = ' '.join(str(problem) for problem in shared_option_problems(values, exists_except_missing))
    assert 'hunter2-password' not in text and 'client-secret-value' not in text


def test_the_file_checks_look_at_the_file_system(tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('-----BEGIN CERTIFICATE-----\n')
    assert is_readable_file(str(bundle)) and is_readable_ca_location(str(bundle))
    assert not is_readable_file(str(tmp_path)) and is_readable_ca_location(str(tmp_path))
    assert not is_readable_file(str(tmp_path / 'missing.pem'))
    assert not is_readable_ca_location(str(tmp_path / 'missing.pem'))
    assert shared_option_problems(params(ca_bundle=str(bundle), auth_method='certificate',
                                         certificate_path=str(bundle))) == []

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared Azure options are checked before any request, by every module, naming each option."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

from helpers_avs import circuit_args

MISSING = '/nonexistent/bad.pem'


@pytest.mark.parametrize('module, args, expected', [
    ('circuit_authorization', circuit_args(name='spare', operation_timeout=-1),
     ['operation_timeout: must be a positive number of seconds (got -1)']),
    ('circuit_info', circuit_args(ca_bundle=MISSING),
     ['ca_bundle: must be an existing, readable PEM file (or directory) of certificate authorities '
      '(got %r)' % MISSING]),
    ('circuit_info', circuit_args(auth_method='certificate', certificate_path=MISSING,
                                  certificate_password='cert-pass-1234', operation_timeout=0),
     ['operation_timeout: must be a positive number of seconds (got 0)',
      'certificate_path: must be an existing, readable PEM or PKCS12 file (got %r)' % MISSING]),
], ids=['negative-timeout-on-a-write', 'missing-ca-bundle', 'missing-certificate-and-zero-timeout'])
def test_bad_shared_options_are_refused_before_any_request(ansible, lab, module, args, expected):
    lab.admin.clear_log()
    run = ansible.module(module, args)
    assert run.failed
    for text in expected:
        assert text in run.msg
    assert [problem['option'] for problem in run.result['problems']] == [text.split(':')[0] for text in expected]
    assert 'Traceback' not in run.output and 'cert-pass-1234' not in run.output
    assert lab.admin.requests() == []

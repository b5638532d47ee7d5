# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""avs_authorization and avs_authorization_info against the lab."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from helpers_avs import AVS_RG, GUID, arm_requests, changes, cloud_args
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import

NAME = 'hub-westus-gateway'


def test_create_rerun_return_key_and_delete(ansible, lab):
    check = ansible.module('avs_authorization', cloud_args(name=NAME), check=True, diff=True)
    assert check.changed and not check.failed and check.result['action'] == 'create'
    assert check.result['diff']['after'] == {'name': NAME} and check.result['diff']['before'] == {}
    assert check.result['authorization']['name'] == NAME
    assert 'authorization_key' not in check.result['authorization']
    assert changes(lab) == []

    created = ansible.module('avs_authorization', cloud_args(name=NAME))
    assert created.changed and created.result['authorization']['provisioning_state'] == 'Succeeded'
    assert 'expressroutecircuits' in created.result['authorization']['express_route_id'].lower()
    assert 'authorization_key' not in created.result['authorization']
    key = lab.avs_client().authorizations.get(AVS_RG, 'avs-westus-prod', NAME).as_dict()['properties'][
        'expressRouteAuthorizationKey']
    assert key not in created.output
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['PUT']

    lab.admin.clear_log()
    again = ansible.module('avs_authorization', cloud_args(name=NAME, return_key=True), no_log=True)
    assert not again.changed and again.result['action'] == 'none'
    assert again.result['authorization']['authorization_key'] == key and GUID.fullmatch(key)
    assert changes(lab) == []

    info = ansible.module('avs_authorization_info', cloud_args())
    assert [item['name'] for item in info.result['authorizations']] == [NAME]
    assert key not in info.output and 'authorization_key' not in info.result['authorizations'][0]
    assert changes(lab) == []

    deleted = ansible.module('avs_authorization', cloud_args(name=NAME, state='absent'), diff=True)
    assert deleted.changed and deleted.result['authorization'] is None
    assert deleted.result['diff']['before'] == {'name': NAME}
    lab.admin.clear_log()
    gone = ansible.module('avs_authorization', cloud_args(name=NAME, state='absent'))
    assert not gone.changed and not gone.failed
    assert changes(lab) == []


def test_a_missing_private_cloud_is_reported_not_failed(ansible, lab):
    run = ansible.module('avs_private_cloud_info', cloud_args('avs-nowhere'))
    assert not run.failed and run.result['exists'] is False and run.result['private_cloud'] is None


def test_bad_private_cloud_id_fails_before_any_request(ansible, lab):
    run = ansible.module('avs_authorization', dict(private_cloud_id='/subscriptions/not-a-guid/privateClouds/x',
                                                   name=NAME))
    assert run.failed and 'private_cloud_id' in run.msg
    assert arm_requests(lab) == []


def test_a_name_that_is_a_path_segment_up_never_reaches_azure(ansible, lab):
    # ".." would make DELETE .../authorizations/.. address the private cloud itself.
    run = ansible.module('avs_authorization', cloud_args(name='..', state='absent'))
    assert run.failed and run.msg.startswith('1 problem') and 'name:' in run.msg
    assert arm_requests(lab) == []
    assert lab.avs_client().private_clouds.get(AVS_RG, 'avs-westus-prod').as_dict()['name'] == 'avs-westus-prod'


def test_an_authorization_whose_create_failed_is_repaired_by_a_rerun(ansible, lab):
    lab.admin.add_fault(method='PUT', path='/authorizations/%s$' % NAME, lro_final_status='Failed',
                        lro_error_code='InternalServerError', lro_error_message='Transient failure', times=1)
    failed = ansible.module('avs_authorization', cloud_args(name=NAME))
    assert failed.failed and 'InternalServerError' in failed.msg
    repaired = ansible.module('avs_authorization', cloud_args(name=NAME), diff=True)
    assert repaired.changed and repaired.result['action'] == 'repair', repaired.msg
    assert repaired.result['authorization']['provisioning_state'] == 'Succeeded'
    assert repaired.result['diff']['before']['provisioning_state'] == 'Failed'

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the circuit modules cope with the service's concurrency and timing answers."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

CIRCUIT = dict(resource_group='rg-onprem-network', circuit_name='er-sv-primary')
PRIVATE = dict(CIRCUIT, peering_type='AzurePrivatePeering', primary_peer_address_prefix='10.0.0.0/30',
               secondary_peer_address_prefix='10.0.0.4/30', peer_asn=65010, vlan_id=100)
PEERING_PATH = r'/expressRouteCircuits/er-sv-primary/peerings/AzurePrivatePeering$'


def peering_puts(lab):
    """Every PUT on the peering the lab saw, answered or faulted."""
    return [entry for entry in lab.admin.requests()
            if entry['method'] == 'PUT' and entry['path'].endswith('/peerings/AzurePrivatePeering')]


def test_another_operation_in_progress_is_retried_until_it_clears(ansible, lab):
    lab.admin.add_fault(method='PUT', path=PEERING_PATH, status=409, code='AnotherOperationInProgress',
                        message='Another operation on this or dependent resource is in progress.', times=2)
    run = ansible.module('circuit_peering', PRIVATE)
    assert not run.failed, run.msg
    assert run.changed
    assert len(peering_puts(lab)) == 3
    assert lab.admin.faults()[0]['hits'] == 2


def test_conflicts_that_outlast_operation_timeout_fail_clearly(ansible, lab):
    lab.admin.add_fault(method='PUT', path=PEERING_PATH, status=409, code='AnotherOperationInProgress',
                        message='Another operation on this or dependent resource is in progress.')
    run = ansible.module('circuit_peering', dict(PRIVATE, operation_timeout=4))
    assert run.failed
    assert 'AnotherOperationInProgress' in run.msg and 'throttle: 1' in run.msg
    assert run.result['error_code'] == 'AnotherOperationInProgress'


def test_a_concurrent_change_is_re_read_and_re_planned(ansible, lab):
    assert not ansible.module('circuit_peering', PRIVATE).failed
    lab.admin.add_fault(method='PUT', path=PEERING_PATH, status=412, code='PreconditionFailed',
                        message='The condition specified using HTTP conditional header(s) is not met.', times=1)
    lab.admin.clear_log()
    run = ansible.module('circuit_peering', dict(PRIVATE, vlan_id=200))
    assert not run.failed, run.msg
    assert run.result['peering']['vlan_id'] == 200
    puts = peering_puts(lab)
    assert [entry['status'] for entry in puts] == [412, 201] or [entry['status'] for entry in puts] == [412, 200]


def test_if_match_carries_the_etag_that_was_read(ansible, lab):
    """A real stale etag (changed behind the module's back) gets 412 from the lab itself."""
    assert not ansible.module('circuit_peering', PRIVATE).failed
    client = lab.network_client()
    peering = client.express_route_circuit_peerings.get('rg-onprem-network', 'er-sv-primary', 'AzurePrivatePeering')
    stale = peering.etag
    body = peering.as_dict()
    body['properties']['peerASN'] = 65011
    client.express_route_circuit_peerings.begin_create_or_update(
        'rg-onprem-network', 'er-sv-primary', 'AzurePrivatePeering', body, polling_interval=0.1).result()
    from azure.core.exceptions import HttpResponseError
    try:
        client.express_route_circuit_peerings.begin_create_or_update(
            'rg-onprem-network', 'er-sv-primary', 'AzurePrivatePeering', body,
            headers={'If-Match': stale}, polling_interval=0.1).result()
    except HttpResponseError as error:
        assert error.status_code == 412
    else:
        raise AssertionError('a stale If-Match was accepted')


def test_operations_that_outlast_the_timeout_never_wait_forever(ansible, lab):
    lab.admin.settings(operation_seconds=60)
    run = ansible.module('circuit_peering', dict(PRIVATE, operation_timeout=3))
    assert run.failed
    assert 'did not finish within' in run.msg and 'operation_timeout' in run.msg


def test_failed_operation_reports_the_service_error(ansible, lab):
    lab.admin.add_fault(method='PUT', path=PEERING_PATH, lro_final_status='Failed',
                        lro_error_code='InternalServerError', lro_error_message='An error occurred.', times=1)
    run = ansible.module('circuit_peering', PRIVATE)
    assert run.failed
    assert 'InternalServerError' in run.msg and 'Writing peering AzurePrivatePeering' in run.msg
    lab.admin.clear_faults()
    rerun = ansible.module('circuit_peering', PRIVATE)
    assert not rerun.failed, rerun.msg
    assert rerun.result['peering']['vlan_id'] == 100
    assert rerun.changed and rerun.result['repair'] == 'provisioning state Failed'
    assert rerun.result['peering']['provisioning_state'] == 'Succeeded'


@pytest.mark.parametrize('final', ['Failed', 'Canceled'])
def test_a_peering_left_failed_or_canceled_is_repaired_by_a_rerun(ansible, lab, final):
    lab.admin.add_fault(method='PUT', path=PEERING_PATH, lro_final_status=final)
    assert ansible.module('circuit_peering', PRIVATE).failed
    lab.admin.clear_faults()
    peering = lab.network_client().express_route_circuit_peerings.get(
        'rg-onprem-network', 'er-sv-primary', 'AzurePrivatePeering')
    state = getattr(peering.provisioning_state, 'value', peering.provisioning_state)
    assert state in ('Failed', 'Canceled')

    lab.admin.clear_log()
    planned = ansible.module('circuit_peering', PRIVATE, check=True)
    assert not planned.failed, planned.msg
    assert planned.changed and planned.result['repair'] == 'provisioning state %s' % state
    assert lab.admin.writes() == []

    repaired = ansible.module('circuit_peering', PRIVATE)
    assert not repaired.failed, repaired.msg
    assert repaired.changed and repaired.result['repair'] == 'provisioning state %s' % state
    assert repaired.result['changed_fields'] == []
    assert repaired.result['peering']['provisioning_state'] == 'Succeeded'
    assert [entry['method'] for entry in lab.admin.writes()] == ['PUT']

    lab.admin.clear_log()
    again = ansible.module('circuit_peering', PRIVATE)
    assert again.changed is False and 'repair' not in again.result
    assert lab.admin.writes() == []

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_connection and circuit_connection_info (circuit-to-circuit Global Reach) against the lab."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import time

from helpers_avs import (
    arm_requests, assert_no_key, changes, circuit_args, configure_private_peering, connect_avs, connect_circuits,
    create_circuit_key, peering_id, peering_state)
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import


def connection_args(lab, circuit='er-sv-primary', peer='er-ams-secondary', name='sv-to-ams', prefix='10.255.0.0/29',
                    **extra):
    return circuit_args(circuit, name=name, peer_peering_id=peering_id(lab, peer), address_prefix=prefix, **extra)


def both_peerings(lab):
    configure_private_peering(lab, 'er-sv-primary')
    configure_private_peering(lab, 'er-ams-secondary')
    lab.admin.clear_log()


def test_create_rerun_update_and_delete_keep_the_peerings(ansible, lab):
    both_peerings(lab)
    check = ansible.module('circuit_connection', connection_args(lab), check=True, diff=True)
    assert check.changed and check.result['action'] == 'create' and not check.failed, check.msg
    assert check.result['diff']['after']['address_prefix'] == '10.255.0.0/29'
    assert check.result['connection']['peer_peering_id'] == peering_id(lab, 'er-ams-secondary')
    assert changes(lab) == []

    created = ansible.module('circuit_connection', connection_args(lab))
    assert created.changed and created.result['connection']['circuit_connection_status'] == 'Connected', created.msg
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['PUT']

    lab.admin.clear_log()
    rerun = ansible.module('circuit_connection', connection_args(lab, prefix='10.255.0.0/29'))
    assert not rerun.changed and rerun.result['action'] == 'none', rerun.msg
    assert changes(lab) == []
    # The connection is inline in its peering's GET: a rerun reads once.
    assert [(entry['method'], entry['path'].rsplit('/', 1)[-1]) for entry in arm_requests(lab)] == [
        ('GET', 'AzurePrivatePeering')]

    moved = ansible.module('circuit_connection', connection_args(lab, prefix='10.255.0.8/29'))
    assert moved.failed and 'address_prefix' in moved.msg and 'state=absent' in moved.msg
    assert changes(lab) == []

    seen = ansible.module('circuit_connection_info', circuit_args('er-ams-secondary'))
    assert seen.result['connections'] == []
    assert [item['name'] for item in seen.result['peered_connections']] == ['sv-to-ams']

    deleted = ansible.module('circuit_connection', circuit_args(name='sv-to-ams', state='absent'))
    assert deleted.changed and deleted.result['connection'] is None
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['DELETE']
    for circuit in ('er-sv-primary', 'er-ams-secondary'):
        peering = peering_state(lab, circuit)['properties']
        assert peering['provisioningState'] == 'Succeeded' and peering['connections'] == []

    lab.admin.clear_log()
    again = ansible.module('circuit_connection', circuit_args(name='sv-to-ams', state='absent'))
    assert not again.changed and not again.failed
    assert changes(lab) == []


def test_adding_ipv6_updates_the_connection_itself_never_the_peering(ansible, lab):
    both_peerings(lab)
    connect_circuits(lab, 'er-sv-primary', 'er-ams-secondary', 'sv-to-ams', '10.255.0.0/29')
    lab.admin.clear_log()
    updated = ansible.module('circuit_connection', connection_args(lab, ipv6_address_prefix='fd00:ff::/125'), diff=True)
    assert updated.changed and updated.result['action'] == 'update', updated.msg
    assert updated.result['changed_fields'] == ['ipv6_address_prefix']
    assert updated.result['diff']['after']['ipv6_address_prefix'] == 'fd00:ff::/125'
    assert changes(lab) == ['PUT %s/connections/sv-to-ams' % peering_id(lab, 'er-sv-primary')]
    assert peering_state(lab, 'er-sv-primary')['properties']['connections'][0]['properties'][
        'ipv6CircuitConnectionConfig']['addressPrefix'] == 'fd00:ff::/125'


def test_invalid_options_fail_before_any_request(ansible, lab):
    run = ansible.module('circuit_connection', circuit_args(
        name='sv-to-ams', peer_peering_id=peering_id(lab, 'er-ams-secondary').replace('AzurePrivatePeering',
                                                                                      'MicrosoftPeering'),
        address_prefix='10.255.0.1/29', ipv6_address_prefix='fd00:ff::/64', authorization_key='not-a-key'))
    assert run.failed and '4 problems' in run.msg, run.msg
    for option in ('address_prefix', 'ipv6_address_prefix', 'peer_peering_id', 'authorization_key'):
        assert option in run.msg
    assert 'not-a-key' not in run.output
    assert arm_requests(lab) == []


def test_address_spaces_that_are_not_prefixes_are_refused_before_any_request(ansible, lab):
    run = ansible.module('circuit_connection', connection_args(lab, address_spaces_in_use=['10.1.0.0/16', 'not-a-cidr']))
    assert run.failed and 'address_spaces_in_use[1]: must be a prefix in CIDR notation' in run.msg, run.msg
    assert arm_requests(lab) == []


def test_check_mode_accepts_private_peerings_an_earlier_task_only_simulated(ansible, lab):
    """A --check run that configures the peerings first: they do not exist yet, and nothing may be written."""
    planned = ansible.module('circuit_connection', connection_args(lab), check=True, diff=True)
    assert not planned.failed, planned.msg
    assert planned.changed and planned.result['action'] == 'create'
    notes = ' '.join(planned.result['notes'])
    assert 'circuit er-sv-primary has no AzurePrivatePeering' in notes
    assert 'er-ams-secondary' in notes and notes.count('accepted in check mode') == 2
    assert planned.result['connection']['address_prefix'] == '10.255.0.0/29'
    assert changes(lab) == []

    configure_private_peering(lab, 'er-sv-primary')
    lab.admin.clear_log()
    planned = ansible.module('circuit_connection', connection_args(lab), check=True)
    assert not planned.failed and planned.changed, planned.msg
    assert [note.split(':')[0] for note in planned.result['notes']] == ['peer_peering_id']
    assert changes(lab) == []


def test_outside_check_mode_missing_private_peerings_fail_clearly(ansible, lab):
    run = ansible.module('circuit_connection', connection_args(lab))
    assert run.failed and 'has no AzurePrivatePeering' in run.msg and 'Nothing was changed' in run.msg, run.msg
    configure_private_peering(lab, 'er-sv-primary')
    lab.admin.clear_log()
    run = ansible.module('circuit_connection', connection_args(lab))
    assert run.failed and run.msg.startswith('peer_peering_id: peering ') and 'Nothing was changed' in run.msg, run.msg
    assert changes(lab) == []


def test_prefix_overlapping_a_peer_subnet_is_refused_before_any_write(ansible, lab):
    both_peerings(lab)
    run = ansible.module('circuit_connection', connection_args(lab, prefix='10.0.1.0/29'))
    assert run.failed and 'address_prefix' in run.msg and 'peer subnet' in run.msg, run.msg
    assert changes(lab) == []


def test_pair_configured_from_the_other_side_is_refused(ansible, lab):
    configure_private_peering(lab, 'er-sv-primary')
    configure_private_peering(lab, 'er-ams-secondary')
    connect_circuits(lab, 'er-ams-secondary', 'er-sv-primary', 'ams-to-sv', '10.255.0.0/29')
    lab.admin.clear_log()
    run = ansible.module('circuit_connection', connection_args(lab, prefix='10.255.0.8/29'))
    assert run.failed and 'ams-to-sv' in run.msg and 'one side' in run.msg, run.msg
    assert changes(lab) == []


def test_key_in_use_is_explained(ansible, lab):
    both_peerings(lab)
    shared = create_circuit_key(lab, 'er-ams-secondary', 'shared')
    connect_avs(lab, 'avs-weu-dr', 'onprem-ams', 'er-ams-secondary', shared)
    run = ansible.module('circuit_connection', connection_args(lab, authorization_key=shared))
    assert run.failed and 'already in use' in run.msg and 'new authorization' in run.msg, run.msg
    assert 'er-ams-secondary' in run.msg
    assert_no_key(run, shared)


def test_operation_timeout_is_honoured(ansible, lab):
    both_peerings(lab)
    lab.admin.settings(operation_seconds=120)
    started = time.monotonic()
    run = ansible.module('circuit_connection', connection_args(lab, operation_timeout=3))
    assert run.failed and 'operation_timeout=3' in run.msg
    assert time.monotonic() - started < 20

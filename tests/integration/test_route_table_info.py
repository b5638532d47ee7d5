# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""route_table_info against the lab: what the edge routers of the on-premises circuit learn."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import time
from importlib import resources

import yaml

from helpers_avs import (
    arm_requests, circuit_args, configure_private_peering, connect_avs, create_circuit_key)
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import

NETWORK_BLOCK = '10.176.0.0/22'      # avs-westus-prod
WORKLOADS = ['10.180.10.0/24', '10.180.20.0/24']
ONPREM = ['192.168.0.0/16', '172.20.0.0/14']  # what er-sv-primary's routers advertise in the default world


def connect_westus(lab):
    configure_private_peering(lab)
    connect_avs(lab, 'avs-westus-prod', 'onprem-sv', 'er-sv-primary',
                create_circuit_key(lab, 'er-sv-primary', 'avs-westus-prod'))
    lab.admin.clear_log()


def non_reads(lab):
    return ['%s %s' % (entry['method'], entry['path']) for entry in arm_requests(lab)
            if entry['kind'] in ('write', 'action')]


def test_both_links_show_the_private_cloud_and_report_missing_prefixes(ansible, lab):
    connect_westus(lab)
    run = ansible.module('route_table_info', circuit_args(
        prefixes=[NETWORK_BLOCK] + WORKLOADS + ['10.99.0.0/16'], prefix_match='orlonger'))
    assert not run.failed and not run.changed, run.msg
    assert run.result['found'] is False and run.result['missing_prefixes'] == ['10.99.0.0/16']
    for path in ('primary', 'secondary'):
        table = run.result['tables'][path]
        assert table['missing_prefixes'] == ['10.99.0.0/16']
        networks = [route['network'] for route in table['routes']]
        assert set(ONPREM) <= set(networks) and set(WORKLOADS) <= set(networks)
        avs_routes = [route for route in table['routes'] if route['path'].startswith('12076 ')]
        assert avs_routes and all(route['next_hop'] for route in avs_routes)
        assert len(table['summary']) == 2  # the on-premises router and the AVS circuit's edge
        assert all(neighbor['session_state'] == 'Established' for neighbor in table['summary'])
        assert {entry['interface'] for entry in table['arp']} >= {'On-Prem', 'Microsoft'}
    stats = run.result['stats']
    assert set(stats) == {'circuit', 'peering'} and set(stats['circuit']) == {
        'primary_bytes_in', 'primary_bytes_out', 'secondary_bytes_in', 'secondary_bytes_out'}
    posts = non_reads(lab)
    assert len(posts) == 6 and all(entry.startswith('POST ') for entry in posts)
    assert not run.result.get('warnings')


def test_include_options_and_next_hop_limit_the_requests(ansible, lab):
    connect_westus(lab)
    onprem_router = '10.0.0.1'  # first address of er-sv-primary's primary /30
    run = ansible.module('route_table_info', circuit_args(
        device_path='primary', include_arp=False, include_summary=False, include_stats=False,
        next_hop=onprem_router, prefixes=ONPREM + WORKLOADS[:1]))
    assert not run.failed, run.msg
    table = run.result['tables']['primary']
    assert list(run.result['tables']) == ['primary'] and set(table) == {'routes', 'missing_prefixes'}
    assert {route['next_hop'] for route in table['routes']} == {onprem_router}
    assert run.result['missing_prefixes'] == WORKLOADS[:1]  # learned, but through Global Reach
    assert 'stats' not in run.result
    requests = [entry['path'] for entry in arm_requests(lab) if entry['kind'] != 'poll']
    assert len(requests) == 1 and requests[0].endswith('/peerings/AzurePrivatePeering/routeTables/primary')


def test_lone_default_route_from_on_premises_is_warned_about(ansible, lab):
    world = yaml.safe_load(resources.files('erlab').joinpath('worlds/default.yml').read_text())
    for circuit in world['circuits']:
        if circuit['name'] == 'er-sv-primary':
            circuit['advertised_routes'] = {'AzurePrivatePeering': ['0.0.0.0/0']}
    lab.admin.reset(world=world)
    connect_westus(lab)
    run = ansible.module('route_table_info', circuit_args(
        device_path='secondary', include_arp=False, include_summary=False, include_stats=False))
    assert not run.failed, run.msg
    assert any('lone 0.0.0.0/0' in warning for warning in run.result['warnings'])
    assert '[WARNING]' in run.output


def test_bad_filters_fail_before_any_request_and_a_missing_peering_is_named(ansible, lab):
    bad = ansible.module('route_table_info', circuit_args(prefixes=['10.176.0.0/33'], next_hop='router-1'))
    assert bad.failed and 'prefixes[0]' in bad.msg and 'next_hop' in bad.msg
    assert arm_requests(lab) == []

    missing = ansible.module('route_table_info', circuit_args('er-ams-secondary', device_path='primary'))
    assert missing.failed and 'AzurePrivatePeering' in missing.msg and 'circuit_peering' in missing.msg


def test_operation_timeout_is_honoured(ansible, lab):
    configure_private_peering(lab)
    lab.admin.settings(operation_seconds=120)
    started = time.monotonic()
    run = ansible.module('route_table_info', circuit_args(device_path='primary', operation_timeout=2))
    assert run.failed and 'operation_timeout=2' in run.msg
    assert time.monotonic() - started < 15

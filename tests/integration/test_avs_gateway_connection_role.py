# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The avs_gateway_connection role (Generation 2 path, Generation 1 hub step) and onprem_to_avs over a mixed fleet.

Against the default world: avs-westus-gen2 lives in vnet-avs-gen2 (a GatewaySubnet, no gateway yet); the role
creates the gateway when the site asks, connects it to the on-premises circuit with a circuit key, and verifies
the routes both ways. Reruns and check mode must send no write and read no key.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os

from support.ansible_run import REPO_ROOT

from helpers_avs import arm_requests, circuit_id, configure_private_peering
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import

GEN2_RG = 'rg-avs-gen2'
GATEWAY = {'name': 'ergw-avs-gen2', 'sku': 'ErGw1AZ', 'create': True}
ONPREM = ['192.168.0.0/16', '172.20.0.0/14']  # what er-sv-primary's edge advertises in the default world
ROLE_VARS = {
    'avs_gateway_connection_circuit': {'resource_group': 'rg-onprem-network', 'name': 'er-sv-primary'},
    'avs_gateway_connection_private_cloud': {'resource_group': GEN2_RG, 'name': 'avs-westus-gen2'},
    'avs_gateway_connection_gateway': GATEWAY,
    'avs_gateway_connection_workload_prefixes': ['10.201.10.0/24'],
    'avs_gateway_connection_onprem_prefixes': ONPREM,
    'avs_gateway_connection_verify_delay': 1,
}


def writes(lab):
    """Requests that change something, and key reads (read-only POST actions such as getLearnedRoutes excluded)."""
    return ['%s %s' % (entry['method'], entry['path']) for entry in arm_requests(lab)
            if entry['method'] in ('PUT', 'PATCH', 'DELETE') or entry['path'].lower().endswith('/listkeys')]


def run_role(ansible, tmp_path, check=False, **overrides):
    """The role in a one-task play; its result fact is written to a file (also in check mode)."""
    result_file = tmp_path / ('role-%d.json' % len(list(tmp_path.glob('role-*.json'))))
    play = [{'hosts': 'localhost', 'connection': 'local', 'gather_facts': False, 'tasks': [
        {'name': 'role under test', 'ansible.builtin.include_role': {'name': 'hybridlink.expressroute.avs_gateway_connection'},
         'vars': dict(ROLE_VARS, **overrides)},
        {'name': 'save', 'ansible.builtin.copy': {'content': '{{ avs_gateway_connection_result | to_json }}',
                                                  'dest': str(result_file)}, 'check_mode': False, 'changed_when': False}]}]
    playbook = tmp_path / 'role.yml'
    playbook.write_text(json.dumps(play))
    completed = ansible.playbook(str(playbook), check=check, diff=check)
    result = json.loads(result_file.read_text()) if result_file.exists() else None
    return completed, result


def circuit_key_names(lab):
    return [item.name for item in lab.network_client().express_route_circuit_authorizations.list(
        'rg-onprem-network', 'er-sv-primary')]


def test_generation_2_converge_rerun_check_mode_and_teardown(ansible, lab, tmp_path):
    configure_private_peering(lab, 'er-sv-primary')
    lab.admin.clear_log()

    completed, check = run_role(ansible, tmp_path, check=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (check['gateway_action'], check['connection_action'], check['authorization_changed']) == ('create', 'create', True)
    assert not check['key_fetched'] and check['verification'] is None
    assert writes(lab) == [], 'check mode wrote or read a key'

    completed, done = run_role(ansible, tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (done['gateway_action'], done['connection_action'], done['connection_status']) == ('create', 'create', 'Connected')
    assert done['gateway_seconds'] >= 1.0  # the lab's gateway_operation_seconds in these tests
    verification = done['verification']
    assert set(ONPREM) <= set(verification['gateway_learned']) and verification['gateway_missing'] == []
    assert '10.200.0.0/16' in verification['virtual_network_prefixes']
    assert verification['circuit_missing'] == [] and '10.201.10.0/24' in verification['circuit_expected']
    assert [entry.split(' ')[0] for entry in writes(lab)].count('PUT') == 3  # gateway, authorization, connection
    assert 'avs-westus-gen2' in circuit_key_names(lab)
    connection = lab.network_client().virtual_network_gateway_connections.get(GEN2_RG, 'er-sv-primary').as_dict()
    assert connection['properties']['peer']['id'].lower() == circuit_id(lab, 'er-sv-primary').lower()

    lab.admin.clear_log()
    completed, rerun = run_role(ansible, tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert not rerun['changed'] and rerun['connection_action'] == 'none' and rerun['gateway_action'] == 'none'
    assert not rerun['key_fetched'] and 'changed=0' in completed.stdout.split('PLAY RECAP')[-1]
    assert writes(lab) == []

    completed, check_again = run_role(ansible, tmp_path, check=True)
    assert completed.returncode == 0 and not check_again['changed']
    assert writes(lab) == []

    completed, removed = run_role(ansible, tmp_path, avs_gateway_connection_state='absent')
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (removed['connection_action'], removed['gateway_action'], removed['authorization_changed']) == (
        'delete', 'delete', True)
    assert 'avs-westus-gen2' not in circuit_key_names(lab)
    assert list(lab.network_client().virtual_network_gateways.list(GEN2_RG)) == []
    lab.admin.clear_log()
    completed, again = run_role(ansible, tmp_path, avs_gateway_connection_state='absent')
    assert completed.returncode == 0 and not again['changed'] and writes(lab) == []


def test_a_missing_gateway_stops_before_any_write(ansible, lab, tmp_path):
    configure_private_peering(lab, 'er-sv-primary')
    lab.admin.clear_log()
    completed = run_role(ansible, tmp_path, avs_gateway_connection_gateway={})[0]
    assert completed.returncode != 0
    assert 'has no ExpressRoute gateway' in completed.stdout and 'create: true' in completed.stdout
    assert writes(lab) == []


def test_generation_1_hub_step_with_an_avs_key(ansible, lab, tmp_path):
    """A Generation 1 cloud joins the gateway of vnet-avs-gen2 (as a hub) with an AVS authorization."""
    completed = run_role(ansible, tmp_path)[0]  # no private peering: refused, nothing written
    assert completed.returncode != 0 and 'private peering' in completed.stdout
    assert writes(lab) == []
    configure_private_peering(lab, 'er-sv-primary')
    assert run_role(ansible, tmp_path)[0].returncode == 0  # the gateway now exists
    hub = {'resource_group': GEN2_RG, 'name': 'ergw-avs-gen2'}
    gen1 = {'avs_gateway_connection_private_cloud': {'resource_group': 'rg-avs-prod', 'name': 'avs-westus-prod'},
            'avs_gateway_connection_circuit': {}, 'avs_gateway_connection_hub_gateway': hub}
    lab.admin.clear_log()
    completed, check = run_role(ansible, tmp_path, check=True, **gen1)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert check['path'] == 'hub' and check['connection_action'] == 'create' and writes(lab) == []
    completed, done = run_role(ansible, tmp_path, **gen1)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (done['connection_action'], done['connection_status'], done['authorization_changed']) == ('create', 'Connected', True)
    lab.admin.clear_log()
    completed, rerun = run_role(ansible, tmp_path, **gen1)
    assert completed.returncode == 0 and not rerun['changed'] and writes(lab) == []
    completed, removed = run_role(ansible, tmp_path, avs_gateway_connection_state='absent', **gen1)
    assert completed.returncode == 0 and removed['connection_action'] == 'delete' and removed['authorization_changed']


MIXED_SITES = [
    {'name': 'sv-gen1', 'circuit': {'resource_group': 'rg-onprem-network', 'name': 'er-sv-primary'},
     'private_peering': {'vlan_id': 100, 'peer_asn': 65010, 'primary_peer_address_prefix': '10.250.0.0/30',
                         'secondary_peer_address_prefix': '10.250.0.4/30'},
     'private_cloud': {'resource_group': 'rg-avs-prod', 'name': 'avs-westus-prod'},
     'workload_prefixes': ['10.180.10.0/24'], 'onprem_prefixes': ONPREM},
    {'name': 'sv-gen2', 'circuit': {'resource_group': 'rg-onprem-network', 'name': 'er-sv-primary'},
     'private_cloud': {'resource_group': GEN2_RG, 'name': 'avs-westus-gen2'},
     'gateway': GATEWAY, 'workload_prefixes': ['10.201.10.0/24'], 'onprem_prefixes': ONPREM},
]


def run_playbook(ansible, lab, name, report_dir, check=False, **extra):
    mode = lab.admin.edge()['mode']
    extra_vars = dict({'sites': MIXED_SITES, 'report_dir': str(report_dir),
                       'edge_target': 'lab' if mode == 'bgp' else 'rendered'}, **extra)
    return ansible.playbook(os.path.join(REPO_ROOT, 'playbooks', name), extra_vars=extra_vars, check=check, diff=check)


def test_a_mixed_fleet_connects_audits_and_tears_down(ansible, lab, tmp_path):
    """One Generation 1 and one Generation 2 site on one circuit: each takes its own path in one run."""
    reports = tmp_path / 'reports'
    check = run_playbook(ansible, lab, 'onprem_to_avs.yml', reports, check=True)
    assert check.returncode == 0, check.stdout[-4000:] + check.stderr
    assert writes(lab) == [], 'check mode wrote or read a key'

    done = run_playbook(ansible, lab, 'onprem_to_avs.yml', reports)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr
    summary = (reports / 'onprem_to_avs.md').read_text()
    assert 'gateway ergw-avs-gen2 create, connection create, Connected' in summary, summary
    assert summary.count('| PASS') == 2, summary
    gen2_report = (reports / 'connectivity-er-sv-primary-avs-westus-gen2.md').read_text()
    assert 'Gateway connection is Connected' in gen2_report and 'Global Reach connection is' not in gen2_report
    assert 'Generation 2 path: gateway ergw-avs-gen2' in gen2_report
    assert 'Global Reach connection is Connected' in (reports / 'connectivity-er-sv-primary-avs-westus-prod.md').read_text()
    cloud = lab.avs_client().global_reach_connections.list('rg-avs-prod', 'avs-westus-prod')
    assert [item.name for item in cloud] == ['er-sv-primary']

    lab.admin.clear_log()
    rerun = run_playbook(ansible, lab, 'onprem_to_avs.yml', reports)
    assert rerun.returncode == 0, rerun.stdout[-4000:]
    assert writes(lab) == [], 'a rerun wrote or read a key'

    audit = run_playbook(ansible, lab, 'audit.yml', reports, audit_fail_on_drift=True)
    assert audit.returncode == 0, audit.stdout[-4000:]
    assert writes(lab) == []

    teardown = run_playbook(ansible, lab, 'teardown.yml', reports)
    assert teardown.returncode == 0, teardown.stdout[-4000:]
    assert 'gateway ergw-avs-gen2 deleted (gateway_connection)' in teardown.stdout
    assert list(lab.network_client().virtual_network_gateways.list(GEN2_RG)) == []
    assert list(lab.network_client().virtual_network_gateway_connections.list(GEN2_RG)) == []
    assert circuit_key_names(lab) == []

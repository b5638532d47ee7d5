# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Microsoft's tutorial "Peer on-premises environments to Azure VMware Solution", step by step, with the modules.

One playbook, as a user would write it: the on-premises circuit's private
peering, an authorization key on that (on-premises) circuit, Global Reach
from the private cloud, and verification on the on-premises circuit's edge
routers that the private cloud's management and workload networks are
learned on both links. Run in check mode first, then for real, then again.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json

from helpers_avs import GUID, changes, circuit_state
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import

WORKLOADS = ['10.180.10.0/24', '10.180.20.0/24']  # avs-westus-prod's NSX-T segments in the default world

TUTORIAL = [{
    'name': 'Peer on-premises environments to Azure VMware Solution',
    'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
    'module_defaults': {'group/hybridlink.expressroute.azure': {'operation_timeout': 300}},
    'vars': {'onprem_rg': 'rg-onprem-network', 'onprem_circuit': 'er-sv-primary',
             'avs_rg': 'rg-avs-prod', 'private_cloud': 'avs-westus-prod'},
    'tasks': [
        {'name': 'Prerequisite: a functioning on-premises circuit (circuit 1)',
         'hybridlink.expressroute.circuit_info': {
             'resource_group': '{{ onprem_rg }}', 'circuit_name': '{{ onprem_circuit }}', 'include_peerings': False},
         'register': 'circuit'},
        {'ansible.builtin.assert': {'that': ['circuit.ready']}},
        {'name': 'Prerequisite: the private cloud and its address plan',
         'hybridlink.expressroute.avs_private_cloud_info': {
             'resource_group': '{{ avs_rg }}', 'private_cloud_name': '{{ private_cloud }}'},
         'register': 'avs'},
        {'name': 'Prerequisite: Azure private peering on the on-premises circuit',
         'hybridlink.expressroute.circuit_peering': {
             'resource_group': '{{ onprem_rg }}', 'circuit_name': '{{ onprem_circuit }}',
             'peering_type': 'AzurePrivatePeering', 'vlan_id': 100, 'peer_asn': 65010,
             'primary_peer_address_prefix': '10.0.0.0/30', 'secondary_peer_address_prefix': '10.0.0.4/30',
             'address_spaces_in_use': ['{{ avs.private_cloud.network_block }}']}},
        {'name': 'Create an ExpressRoute auth key in the on-premises ExpressRoute circuit',
         'hybridlink.expressroute.circuit_authorization': {
             'resource_group': '{{ onprem_rg }}', 'circuit_name': '{{ onprem_circuit }}',
             'name': '{{ private_cloud }}', 'return_key': True},
         'register': 'auth', 'no_log': True},
        {'name': 'Peer the private cloud with the on-premises circuit',
         'hybridlink.expressroute.avs_global_reach': {
             'resource_group': '{{ avs_rg }}', 'private_cloud_name': '{{ private_cloud }}', 'name': 'onprem-sv',
             'peer_express_route_circuit': '{{ circuit.circuit.id }}',
             'authorization_key': '{{ auth.authorization.authorization_key }}'},
         'register': 'gr'},
        {'name': 'Verify on-premises connectivity: the private cloud\'s networks on both links',
         'hybridlink.expressroute.route_table_info': {
             'resource_group': '{{ onprem_rg }}', 'circuit_name': '{{ onprem_circuit }}', 'device_path': 'both',
             'include_arp': False, 'prefix_match': 'orlonger',
             'prefixes': '{{ [avs.private_cloud.management_network, avs.private_cloud.provisioning_network, '
                         'avs.private_cloud.vmotion_network] + workloads }}'},
         'vars': {'workloads': WORKLOADS},
         'register': 'routes', 'when': 'not ansible_check_mode'},
        {'ansible.builtin.assert': {'that': ['routes.found'], 'fail_msg': 'not learned: {{ routes.missing_prefixes }}'},
         'when': 'not ansible_check_mode'},
        {'name': 'keep what the tutorial produced',
         'ansible.builtin.copy': {
             'content': '{{ {"avs": avs, "gr": gr, "routes": routes | default(None)} | to_json }}',
             'dest': '{{ result_file }}'},
         'changed_when': False, 'check_mode': False},
    ],
}]


def run_tutorial(ansible, tmp_path, check=False):
    playbook = tmp_path / 'tutorial.yml'
    playbook.write_text(json.dumps(TUTORIAL))
    result_file = tmp_path / 'tutorial.json'
    completed = ansible.playbook(str(playbook), extra_vars={'result_file': str(result_file)}, check=check, diff=check)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed, json.loads(result_file.read_text())


def test_tutorial_in_check_mode_then_for_real_then_again(ansible, lab, tmp_path):
    # Check mode on a world where nothing exists yet: every step says what it would do, nothing is written.
    completed, results = run_tutorial(ansible, tmp_path, check=True)
    assert results['gr']['changed'] and results['gr']['action'] == 'create'
    assert results['gr']['diff']['after']['peer_express_route_circuit'].endswith('/er-sv-primary')
    notes = ' '.join(results['gr']['notes'])
    assert 'authorization_key is not known yet' in notes and 'no AzurePrivatePeering' in notes
    assert changes(lab) == []

    completed, results = run_tutorial(ansible, tmp_path)
    assert 'changed=3' in completed.stdout  # peering, authorization, Global Reach
    connection = results['gr']['global_reach_connection']
    assert connection['circuit_connection_status'] == 'Connected'
    assert connection['peer_express_route_circuit'].endswith('/expressRouteCircuits/er-sv-primary')
    routes = results['routes']
    assert routes['found'] and routes['missing_prefixes'] == []
    management = results['avs']['private_cloud']['management_network']
    for path in ('primary', 'secondary'):
        learned = routes['tables'][path]['routes']
        through_avs = [route for route in learned if route['path'].startswith('12076 ')]
        assert set(WORKLOADS) <= {route['network'] for route in through_avs}
        assert any(route['network'].startswith(management.split('/')[0].rsplit('.', 1)[0]) for route in through_avs)
        assert len(routes['tables'][path]['summary']) == 2
    keys = circuit_state(lab, 'er-sv-primary')['properties']['authorizations']
    assert [(item['name'], item['properties']['authorizationUseStatus']) for item in keys] == [
        ('avs-westus-prod', 'InUse')]
    assert not GUID.search(completed.stdout.replace(lab.subscription_id, ''))  # no key printed

    lab.admin.clear_log()
    completed, results = run_tutorial(ansible, tmp_path)
    assert 'changed=0' in completed.stdout, completed.stdout
    assert [entry for entry in changes(lab) if not entry.startswith('POST ')] == []

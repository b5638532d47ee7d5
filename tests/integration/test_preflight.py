# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""onprem_to_avs.yml's pre-flight in check mode, against the lab: every finding at once, nothing written.

The site's plan goes over the IPv6 private peering limit (100 prefixes per session) and configures a Microsoft
peering with no route filter; the circuit is Standard and the private cloud Generation 1, so the Global Reach
notes appear too.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os

from support.ansible_run import REPO_ROOT

SITE = {
    'name': 'silicon-valley',
    'circuit': {'resource_group': 'rg-onprem-network', 'name': 'er-sv-primary'},
    'private_peering': {'vlan_id': 100, 'peer_asn': 65010,
                        'primary_peer_address_prefix': '10.250.0.0/30',
                        'secondary_peer_address_prefix': '10.250.0.4/30'},
    'microsoft_peering': {'vlan_id': 300, 'peer_asn': 1234,
                          'primary_peer_address_prefix': '131.107.0.0/30',
                          'secondary_peer_address_prefix': '131.107.0.4/30',
                          'microsoft_peering_config': {
                              'advertised_public_prefixes': ['123.1.0.0/24'],
                              'customer_asn': 2245, 'routing_registry_name': 'ARIN'}},
    'private_cloud': {'resource_group': 'rg-avs-prod', 'name': 'avs-westus-prod'},
    'workload_prefixes': ['10.180.10.0/24'],
    # 101 IPv6 prefixes: one more than a private peering session accepts.
    'onprem_prefixes': ['192.168.0.0/16'] + ['2001:db8:%x::/48' % index for index in range(101)],
}


def test_preflight_in_check_mode_reports_every_finding_and_writes_nothing(ansible, lab, tmp_path):
    reports = tmp_path / 'reports'
    lab.admin.clear_log()
    completed = ansible.playbook(os.path.join(REPO_ROOT, 'playbooks', 'onprem_to_avs.yml'), check=True,
                                 extra_vars={'sites': [SITE], 'report_dir': str(reports), 'edge_target': 'none'})
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert lab.admin.writes() == []

    report = (reports / 'onprem_to_avs.md').read_text()
    assert 'Pre-flight findings:' in report
    for severity, rule in (('error', 'private_prefix_limit'), ('warning', 'microsoft_route_filter'),
                           ('info', 'global_reach_location'), ('info', 'global_reach_sku')):
        assert '- silicon-valley: %s `%s`' % (severity, rule) in report, rule
    assert '101 IPv6 prefixes' in report and 'above the 100 a session accepts' in report
    assert 'pre-flight:    error private_prefix_limit' in completed.stdout
    # The Standard circuit's peering location and the private cloud's region, as read, not guessed.
    assert 'Silicon Valley' in report and 'westus' in report


def test_preflight_geopolitical_map_turns_the_sku_note_into_an_error(ansible, lab, tmp_path):
    reports = tmp_path / 'reports'
    site = dict(SITE, onprem_prefixes=['192.168.0.0/16'])
    site.pop('microsoft_peering')
    lab.admin.clear_log()
    completed = ansible.playbook(
        os.path.join(REPO_ROOT, 'playbooks', 'onprem_to_avs.yml'), check=True,
        extra_vars={'sites': [site], 'report_dir': str(reports), 'edge_target': 'none',
                    'geopolitical_regions': json.loads('{"Silicon Valley": "North America", "westus": "Europe"}')})
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert lab.admin.writes() == []
    report = (reports / 'onprem_to_avs.md').read_text()
    assert '- silicon-valley: error `global_reach_sku`' in report
    assert 'private_prefix_limit' not in report and 'microsoft_route_filter' not in report

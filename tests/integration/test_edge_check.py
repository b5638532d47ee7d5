# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Verification from both ends of each link: onprem_to_avs.yml with the lab's FRR edge router, then audit.yml.

The playbook configures the peering (with an MD5 key), Global Reach, renders the customer edge's FRR
configuration and applies it to the lab's CE, then checks both ends. The lab's MSEEs and the CE are real
FRR bgpd: the sessions only come up when VLAN, addresses, ASNs and the MD5 key agree. Then the CE's key is
changed behind the collection's back and the read-only audit must say "MD5 mismatch" for both links, from
both ends, without the key (or any key) in its reports or output.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import re
import ssl
import time

import httpx
import pytest

from support.ansible_run import REPO_ROOT

SECRET = 'Edge-Check-Md5!key'
WRONG = 'Edge-Check-typo-key'
AVS_NETWORKS = ['10.176.0.0/26', '10.180.10.0/24', '10.180.20.0/24']  # avs-westus-prod in the default world
SITE = {
    'name': 'silicon-valley',
    'circuit': {'resource_group': 'rg-onprem-network', 'name': 'er-sv-primary'},
    'private_peering': {'vlan_id': 100, 'peer_asn': 65010, 'shared_key': SECRET,
                        'primary_peer_address_prefix': '10.250.0.0/30',
                        'secondary_peer_address_prefix': '10.250.0.4/30'},
    'private_cloud': {'resource_group': 'rg-avs-prod', 'name': 'avs-westus-prod'},
    'workload_prefixes': ['10.180.10.0/24', '10.180.20.0/24'],
    'onprem_prefixes': ['192.168.0.0/16'],
}
REPORT = 'connectivity-er-sv-primary-avs-westus-prod.md'


def lab_http(lab):
    return httpx.Client(base_url=lab.url, verify=ssl.create_default_context(cafile=lab.ca_bundle), timeout=60.0)


@pytest.fixture
def bgp_ansible(ansible):
    with lab_http(ansible.lab) as http:
        status = http.get('/_lab/edge').raise_for_status().json()
    if status['mode'] != 'bgp':
        pytest.skip('the lab runs no BGP speakers here: %s' % status['reason'])
    return ansible


def run(ansible, playbook, report_dir, **extra):
    completed = ansible.playbook(os.path.join(REPO_ROOT, 'playbooks', playbook),
                                 extra_vars=dict({'sites': [SITE], 'report_dir': str(report_dir), 'edge_target': 'lab'},
                                                 **extra))
    return completed


def ce_show(lab, circuit_id, command):
    with lab_http(lab) as http:
        return http.post('/_lab/edge/ce/show', params={'circuit_id': circuit_id},
                         json={'command': command}).raise_for_status().json()['output']


def circuit_id_of(lab):
    with lab_http(lab) as http:
        sites = http.get('/_lab/edge').raise_for_status().json()['sites']
    return [site for site in sites if site['circuit_name'] == 'er-sv-primary'][0]['circuit_id']


def no_key_anywhere(report_dir, *texts):
    for path in report_dir.iterdir():
        content = path.read_text(errors='replace')
        for key in (SECRET, WRONG):
            assert key not in content, '%s holds an MD5 key' % path.name
    for text in texts:
        assert SECRET not in text and WRONG not in text


def test_both_ends_established_then_md5_mismatch_told_from_both_ends(bgp_ansible, tmp_path):
    ansible, lab = bgp_ansible, bgp_ansible.lab
    reports = tmp_path / 'reports'
    connect = run(ansible, 'onprem_to_avs.yml', reports)
    assert connect.returncode == 0, connect.stdout[-4000:] + connect.stderr[-2000:]

    report = (reports / REPORT).read_text()
    assert 'Result: PASS' in report
    assert report.count('Both ends: **Established**') == 2
    assert '| ok | Edge router learns the private cloud networks |' in report
    # The CE holds the rendered configuration, and it learned the AVS networks from Microsoft's edge (AS 12076).
    circuit_id = circuit_id_of(lab)
    routes = json.loads(ce_show(lab, circuit_id, 'show bgp ipv4 unicast json'))['routes']
    for network in AVS_NETWORKS:
        assert network in routes, network
        assert routes[network][0]['path'].split()[0] == '12076'
    assert 'edge router:   primary Established, secondary Established' in connect.stdout
    assert (reports / 'edge-silicon-valley-frr.conf').exists()
    assert '<hidden>' in report  # the rendered configuration, MD5 keys masked
    no_key_anywhere(reports, connect.stdout, connect.stderr)

    # Someone changes the key on the router only. TCP MD5 drops the segments silently: no notification says why.
    with lab_http(lab) as http:
        held = http.get('/_lab/edge/ce', params={'circuit_id': circuit_id}).raise_for_status().json()['config']
        wrong = re.sub(r'(neighbor \S+ password )\S+', r'\g<1>' + WRONG, held)
        assert wrong != held
        http.put('/_lab/edge/ce', params={'circuit_id': circuit_id}, json={'config': wrong}).raise_for_status()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        states = re.findall(r'"state":\s*"(\w+)"', ce_show(lab, circuit_id, 'show bgp summary json'))
        if states and 'Established' not in states:
            break
        time.sleep(1)

    audit = run(ansible, 'audit.yml', reports)
    report = (reports / REPORT).read_text()
    assert 'Result: FAIL' in report
    assert report.count('Both ends: **Down: MD5 mismatch**') == 2
    # Both ends' columns carry the diagnosis, and the check lines name the link and the neighbour.
    assert report.count('| Diagnosis | Down: MD5 mismatch | Down: MD5 mismatch |') == 2
    for msee in ('10.250.0.2', '10.250.0.6'):
        assert "the edge router's password for %s differs from the peering's MD5 key" % msee in report
    no_key_anywhere(reports, audit.stdout, audit.stderr)

    # Nothing was lost: the peering still has its key, the circuit still its Global Reach (the audit writes nothing).
    peering = ansible.module('circuit_peering_info', {'resource_group': 'rg-onprem-network',
                                                      'circuit_name': 'er-sv-primary'})
    assert peering.result['peerings'][0]['shared_key'] not in (None, '')

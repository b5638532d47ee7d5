# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Issue 19's scenario, end to end, as docs/microsoft-peering.md tells users to run it (docs/examples/microsoft-peering.yml).

The classic how-to's Microsoft peering values; a route filter with Exchange Online's community, picked by name and
attached with circuit_peering; the route table showing that community's prefixes; the advertised prefix's
validation state in the report. The route table is the MSEE's: FRR's in the lab's bgp mode, made up from the
world in synthetic mode; both must show the prefixes. In bgp mode the on-premises router (the CE) is configured
too, and must receive them with the community.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import os
import re

from helpers_avs import ONPREM_RG, changes, circuit_id
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import
from support.wait import wait_for

PLAYBOOK = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        'docs', 'examples', 'microsoft-peering.yml')
EXCHANGE = '12076:5010'
AAD_PREFIX = '40.126.0.0/19'  # Azure Active Directory (12076:5060): not in the filter


def microsoft_ce():
    """The on-premises router for the how-to's values: the first address of each /30, AS 1234, the MD5 key."""
    lines = ['interface eth0.300', ' ip address 131.107.0.1/30', 'interface eth1.300', ' ip address 131.107.0.5/30',
             'router bgp 1234']
    for msee in ('131.107.0.2', '131.107.0.6'):
        lines += [' neighbor %s remote-as 12076' % msee, ' neighbor %s password A1B2C3D4' % msee]
    lines += [' address-family ipv4 unicast', '  network 123.0.0.0/30']
    for msee in ('131.107.0.2', '131.107.0.6'):
        lines += ['  neighbor %s prefix-list MS-OUT out' % msee, '  neighbor %s prefix-list MS-IN in' % msee]
    lines += [' exit-address-family', 'ip prefix-list MS-OUT seq 10 permit 123.0.0.0/30',
              'ip prefix-list MS-IN seq 10 permit 0.0.0.0/0 le 32']
    return '\n'.join(lines) + '\n'


def catalogue_prefixes(lab, value):
    """The IPv4 prefixes of one community, read from the catalogue with the SDK (not through the modules)."""
    found = []
    for service in lab.network_client().bgp_service_communities.list():
        wire = service.as_dict()
        for community in wire.get('properties', wire).get('bgpCommunities', []):
            if community['communityValue'] == value:
                found += [prefix for prefix in community['communityPrefixes'] if ':' not in prefix]
    return found


def ce_best_path(lab, circuit, prefix):
    detail = json.loads(lab.admin.ce_show(circuit, 'show bgp ipv4 unicast %s json' % prefix))
    return next((path for path in detail.get('paths', []) if path.get('bestpath', {}).get('overall')), None)


def recap_changed(output):
    return int(re.search(r'localhost\s+:\s+ok=\d+\s+changed=(\d+)', output).group(1))


def test_microsoft_peering_receives_the_filtered_community_and_reports_validation(ansible, lab):
    report_path = ansible.workdir / 'report.json'
    run = ansible.playbook(PLAYBOOK, extra_vars={'microsoft_peering_report_path': str(report_path)})
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert 'A1B2C3D4' not in output
    report = json.loads(report_path.read_text())

    assert report['communities'] == [EXCHANGE]
    exchange = catalogue_prefixes(lab, EXCHANGE)
    assert exchange and set(exchange) <= set(report['received_prefixes']), report['received_prefixes']
    assert AAD_PREFIX not in report['received_prefixes']
    # 123.0.0.0/30 is not among the prefixes the lab world registers to the customer: Azure asks for proof.
    assert report['advertised_public_prefixes'] == ['123.0.0.0/30']
    assert report['advertised_public_prefixes_state'] == 'ValidationNeeded'
    assert 'prove that you own them' in output
    peering = lab.network_client().express_route_circuit_peerings.get(
        ONPREM_RG, 'er-sv-primary', 'MicrosoftPeering').as_dict()['properties']
    assert peering['routeFilter']['id'].lower() == report['route_filter_id'].lower()

    if lab.admin.edge()['mode'] == 'bgp':
        # Real BGP: the CE receives the community's prefixes, tagged, from AS 12076; nothing outside the filter.
        circuit = circuit_id(lab, 'er-sv-primary')
        lab.admin.apply_ce(circuit, microsoft_ce())
        best = wait_for(lambda: ce_best_path(lab, circuit, '40.96.0.0/13'), timeout=60, interval=0.5)
        assert best, lab.admin.ce_show(circuit, 'show bgp summary')
        assert best['community']['string'] == EXCHANGE and best['aspath']['string'] == '12076'
        assert ce_best_path(lab, circuit, AAD_PREFIX) is None

    # The scenario again, in check mode and for real: nothing to change, no write.
    lab.admin.clear_log()
    checked = ansible.playbook(PLAYBOOK, check=True, diff=True)
    assert checked.returncode == 0 and recap_changed(checked.stdout) == 0, checked.stdout + checked.stderr
    rerun = ansible.playbook(PLAYBOOK)
    assert rerun.returncode == 0 and recap_changed(rerun.stdout) == 0, rerun.stdout + rerun.stderr
    assert [entry for entry in changes(lab) if not entry.startswith('POST ')] == []  # the route table is a POST

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The edge router's side of the check under faults of the real BGP sessions (the lab's FRR).

One site (er-sv-primary to avs-westus-prod, MD5 key set) is connected once with onprem_to_avs.yml and the
lab's FRR as its edge router; the tests of this module then share it (they run in order, on one worker):

- a session that flaps: the check never blames the configuration for it, and the sessions come back by
  themselves (the flap ends on its own);
- the edge router's BGP daemon killed in the middle of a run: the report says the edge router does not
  answer and that its configuration still matches the peering; nothing in Azure or on the router's
  configuration is lost, and once the daemon is started again the check passes;
- a wrong MD5 key on the edge router: "MD5 mismatch" on both links, no key in any output; the next run of
  onprem_to_avs puts the right configuration back and the check passes.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import json
import re
import ssl
import time

import httpx
import pytest
import yaml

from harness import TRACEBACK, PlaybookRunner, find_secrets
from support.wait import wait_for
from world import E2E_PLAYBOOK, E2E_SITES, SV, WESTUS, World, authorization_problems, global_reach_problems

SECRET = 'Reliab1lity-Edge-Md5'
WRONG = 'Reliab1lity-Wrong-Md5'
SECRETS = {'the peering MD5 key': SECRET, 'the wrong MD5 key': WRONG}
REPORT = 'connectivity-er-sv-primary-avs-westus-prod.md'


def http(lab):
    return httpx.Client(base_url=lab.url, verify=ssl.create_default_context(cafile=lab.ca_bundle), timeout=60.0)


def site():
    with open(E2E_SITES) as handle:
        data = yaml.safe_load(handle)['sites'][0]
    data['private_peering']['shared_key'] = SECRET
    return data


CHECK_PLAY = [{
    'name': 'Check one site from both ends', 'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
    'tasks': [
        {'name': 'Connectivity from both ends', 'ansible.builtin.include_role': {
            'name': 'hybridlink.expressroute.connectivity_check'},
         'vars': {'connectivity_check_circuit': '{{ site.circuit }}',
                  'connectivity_check_private_cloud': '{{ site.private_cloud }}',
                  'connectivity_check_workload_prefixes': '{{ site.workload_prefixes }}',
                  'connectivity_check_report_dir': '{{ report_dir }}',
                  'connectivity_check_edge_source': 'lab',
                  'connectivity_check_edge_wait': '{{ edge_wait }}',
                  'connectivity_check_peering_key': '{{ site.private_peering.shared_key }}',
                  'connectivity_check_fail_on_problems': False}},
        {'name': 'Keep the result', 'ansible.builtin.copy': {
            'content': '{{ connectivity_check_result | to_json }}', 'dest': '{{ report_dir }}/result.json'}},
    ],
}]


class Edge(object):
    """The connected site, its lab, and a way to check it from both ends."""

    def __init__(self, lab, runner, workdir):
        self.lab, self.runner, self.workdir = lab, runner, workdir
        self.reports = workdir / 'reports'
        self.check_play = workdir / 'check.yml'
        self.check_play.write_text(json.dumps(CHECK_PLAY))
        self.circuit_id = World(lab).circuit_id(SV)

    def connect(self):
        return self.runner.run(E2E_PLAYBOOK, timeout=400, extra_vars={
            'sites': [site()], 'report_dir': str(self.reports), 'edge_target': 'lab'})

    def check(self, edge_wait=0):
        run = self.runner.run(str(self.check_play), timeout=300, extra_vars={
            'site': site(), 'report_dir': str(self.reports), 'edge_wait': edge_wait})
        result = json.loads((self.reports / 'result.json').read_text()) if run.returncode == 0 else None
        return run, result

    def held(self):
        with http(self.lab) as client:
            return client.get('/_lab/edge/ce', params={'circuit_id': self.circuit_id}).raise_for_status().json()['config']

    def put(self, config):
        with http(self.lab) as client:
            client.put('/_lab/edge/ce', params={'circuit_id': self.circuit_id}, json={'config': config}).raise_for_status()

    def fault(self, kind):
        with http(self.lab) as client:
            return client.post('/_lab/edge/faults', json={'circuit_id': self.circuit_id, 'kind': kind}) \
                .raise_for_status().json()

    def msee_states(self):
        with http(self.lab) as client:
            sites = client.get('/_lab/edge').raise_for_status().json()['sites']
        links = [link for entry in sites if entry['circuit_id'].lower() == self.circuit_id.lower()
                 for link in entry['links'] if link['peering'] == 'AzurePrivatePeering']
        return [link['msee_state'] for link in links]

    def azure_problems(self):
        world = World(self.lab)
        return authorization_problems(world, SV, {WESTUS: 'InUse'}) + global_reach_problems(world, WESTUS, SV, SV, WESTUS)


@pytest.fixture(scope='module')
def edge(lab, collections_path, tmp_path_factory):
    with http(lab) as client:
        status = client.get('/_lab/edge').raise_for_status().json()
    if status['mode'] != 'bgp':
        pytest.skip('the lab runs no BGP speakers here: %s' % status['reason'])
    lab.admin.clear_faults()
    lab.admin.reset()
    workdir = tmp_path_factory.mktemp('edge-faults')
    (workdir / 'ansible-tmp').mkdir()
    connected = Edge(lab, PlaybookRunner(lab, collections_path, workdir), workdir)
    run = connected.connect()
    assert run.returncode == 0, run.stdout[-3000:]
    assert connected.msee_states() == ['Established', 'Established']
    return connected


def verdicts(result):
    return [(link['device'], link['established'], [cause['kind'] for cause in link['causes']])
            for link in result['edge_links']]


def no_secret(*runs):
    for run in runs:
        assert find_secrets(run.output, SECRETS) == []
        assert not TRACEBACK.search(run.output)


def test_a_flapping_session_is_not_blamed_on_the_configuration_and_comes_back(edge, ledger):
    held = edge.held()
    flapped = edge.fault('flap')
    assert len(flapped['flapped']) == 2
    started = time.monotonic()
    during, result = edge.check(edge_wait=0)
    assert result is not None, during.output[-3000:]
    # Up again already, or down with "cause not visible from here": never a configuration cause.
    for _device, established, kinds in verdicts(result):
        assert established or kinds == ['cause_not_visible'], verdicts(result)
    back = wait_for(lambda: edge.msee_states() == ['Established', 'Established'], timeout=60, interval=0.5)
    recovered = round(time.monotonic() - started, 1)
    after, result = edge.check(edge_wait=30)
    ledger.add('faults', module='connectivity_check (edge)', fault='BGP session flap on both links (clear bgp)',
               kind='transient', injected=2, survived=2 if back and result and result['ok'] else 0,
               outcome='sessions back in %.1f s; report %s' % (recovered, 'PASS' if result and result['ok'] else 'FAIL'),
               seconds=round(during.seconds + after.seconds, 1))
    assert back, 'the sessions did not come back within 60 s of the flap'
    assert result['ok'], after.output[-3000:]
    assert edge.held() == held
    assert edge.azure_problems() == []
    no_secret(during, after)


def test_the_edge_routers_daemon_killed_mid_run_is_told_and_nothing_is_lost(edge, ledger):
    held = edge.held()
    log = edge.workdir / 'kill-mid-run.log'
    process = edge.runner.start(E2E_PLAYBOOK, log, extra_vars={
        'sites': [site()], 'report_dir': str(edge.reports), 'edge_target': 'lab', 'edge_wait': 5})
    try:
        # The rerun changes nothing on the router (same text): kill its bgpd as edge_router starts, before the check.
        reached = wait_for(lambda: 'Configure the on-premises edge router' in log.read_text() or process.poll() is not None,
                           timeout=300, interval=0.1)
        assert reached and process.poll() is None, log.read_text()[-3000:]
        killed = edge.fault('kill_ce')
        assert killed['killed'], killed
        process.wait(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    output = log.read_text()
    report = (edge.reports / REPORT).read_text()
    try:
        # The run finishes, reports every site, and fails on the summary with the reason.
        assert process.returncode != 0
        assert 'Connectivity is not complete' in output
        assert report.count('Both ends: **Down: edge router not answering**') == 2, report
        assert "configuration matches the peering" in report
        assert find_secrets(output + report, SECRETS) == [] and not TRACEBACK.search(output)
        # Nothing lost: the router's configuration and Azure's resources are as they were.
        assert edge.held() == held
        assert edge.azure_problems() == []
        # The operator starts the router again (the lab: the same configuration, PUT again).
        edge.put(held)
        after, result = edge.check(edge_wait=60)
        ledger.add('faults', module='onprem_to_avs.yml (edge)', fault="edge router's bgpd killed mid-run",
                   kind='lasting', injected=1, survived=0,
                   outcome="clear error (edge router not answering, configuration matches); nothing lost; "
                           "report %s after the restart" % ('PASS' if result and result['ok'] else 'FAIL'),
                   seconds=round(after.seconds, 1))
        assert result['ok'], after.output[-3000:]
        no_secret(after)
    finally:
        if edge.msee_states() != ['Established', 'Established']:
            edge.put(held)  # the fault ends here whatever happened


def test_a_wrong_md5_key_on_the_edge_router_says_md5_mismatch_and_the_next_run_repairs_it(edge, ledger):
    held = edge.held()
    wrong = re.sub(r'(neighbor \S+ password )\S+', r'\g<1>' + WRONG, held)
    assert wrong != held
    edge.put(wrong)
    try:
        assert wait_for(lambda: 'Established' not in edge.msee_states(), timeout=30, interval=0.5)
        run, result = edge.check(edge_wait=0)
        assert result is not None, run.output[-3000:]
        report = (edge.reports / REPORT).read_text()
        assert verdicts(result) == [('primary', False, ['md5_mismatch']), ('secondary', False, ['md5_mismatch'])]
        assert report.count('| Diagnosis | Down: MD5 mismatch | Down: MD5 mismatch |') == 2
        assert find_secrets(report, SECRETS) == []
        no_secret(run)
        # The peering still has its key: only the router was wrong. The next run puts the rendered text back.
        assert edge.azure_problems() == []
        repair = edge.connect()
        after, result = edge.check(edge_wait=60)
        ledger.add('faults', module='connectivity_check (edge)', fault='wrong MD5 key on the edge router',
                   kind='lasting', injected=1, survived=0,
                   outcome='clear error (MD5 mismatch on both links, no key shown); next run repaired it, report %s'
                           % ('PASS' if result and result['ok'] else 'FAIL'),
                   seconds=round(run.seconds + repair.seconds + after.seconds, 1))
        assert repair.returncode == 0, repair.stdout[-3000:]
        assert result['ok'], after.output[-3000:]
        assert edge.held() == held
        no_secret(repair, after)
    finally:
        if edge.held() != held:
            edge.put(held)

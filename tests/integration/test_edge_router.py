# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The edge_router role: the customer-edge configuration it renders, and what the lab's FRR makes of it.

Renders run the vendors' own resource modules (cisco.ios, arista.eos,
junipernetworks.junos, unpacked by `make vendor-collections`) in state
rendered through ansible-playbook, and the FRR text goes through FRR's own
parsers (vtysh --dryrun, bgpd --dryrun). The lab tests apply the FRR text to
the lab's CE and wait for both BGP sessions with the MSEEs to be Established.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
import json
import os
import pathlib
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import time

import httpx
import pytest

from support.ansible_run import REPO_ROOT, collection_tree, playbook_command

VENDOR_COLLECTIONS = os.environ.get('EDGE_ROUTER_VENDOR_COLLECTIONS',
                                    os.path.join(REPO_ROOT, '.build', 'vendor-collections'))
SECRET = 'Md5-Sh4red!k'
MS_SECRET = 'Ms-0ther-Key'
SITE = {
    'name': 'silicon-valley',
    'private_peering': {
        'vlan_id': 100, 'peer_asn': 4200000010, 'shared_key': SECRET,
        'primary_peer_address_prefix': '10.250.0.0/30', 'secondary_peer_address_prefix': '10.250.0.4/30',
        'ipv6_peering_config': {'primary_peer_address_prefix': 'fd00:250::/126',
                                'secondary_peer_address_prefix': 'fd00:250::4/126'},
    },
    'microsoft_peering': {
        'vlan_id': 300, 'peer_asn': 4200000010, 'shared_key': MS_SECRET,
        'primary_peer_address_prefix': '131.107.0.0/30', 'secondary_peer_address_prefix': '131.107.0.4/30',
        'microsoft_peering_config': {'advertised_public_prefixes': ['123.1.0.0/24'], 'routing_registry_name': 'ARIN'},
    },
    'onprem_prefixes': ['192.168.0.0/16', '172.20.0.0/14', 'fd00:100::/48'],
    'premium': True,
}
PLATFORMS = ['frr', 'ios', 'eos', 'junos']
# (peering, device, subnet, VLAN, maximum prefixes) of every session SITE defines.
SESSIONS = [
    ('AzurePrivatePeering', 'primary', '10.250.0.0/30', 100, 10000),
    ('AzurePrivatePeering', 'secondary', '10.250.0.4/30', 100, 10000),
    ('AzurePrivatePeering', 'primary', 'fd00:250::/126', 100, 100),
    ('AzurePrivatePeering', 'secondary', 'fd00:250::4/126', 100, 100),
    ('MicrosoftPeering', 'primary', '131.107.0.0/30', 300, 200),
    ('MicrosoftPeering', 'secondary', '131.107.0.4/30', 300, 200),
]


def usable(subnet):
    """(first usable, second usable) of a link subnet, computed here independently of the collection."""
    network = ipaddress.ip_network(subnet)
    return str(network.network_address + 1), str(network.network_address + 2)


def environment(collections_path, workdir, extra=None):
    env = dict(os.environ)
    env.update(
        ANSIBLE_COLLECTIONS_PATH='%s:%s' % (collections_path, VENDOR_COLLECTIONS),
        ANSIBLE_LOCAL_TEMP=str(workdir / 'ansible-tmp'),
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_RETRY_FILES_ENABLED='0',
        ANSIBLE_DEPRECATION_WARNINGS='0',
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
    )
    env.update(extra or {})
    return env


def run_role(workdir, collections_path, role_vars, check=False, diff=False, extra_env=None, register_file=None):
    result_file = register_file or (workdir / 'edge_router_result.json')
    play = [{
        'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
        'tasks': [
            {'ansible.builtin.include_role': {'name': 'hybridlink.expressroute.edge_router'}, 'vars': role_vars},
            {'ansible.builtin.copy': {'content': '{{ edge_router_result | to_json }}', 'dest': str(result_file)},
             'check_mode': False, 'diff': False},
        ],
    }]
    playbook = workdir / 'edge_router.yml'
    playbook.write_text(json.dumps(play))
    completed = subprocess.run(playbook_command(playbook, check=check, diff=diff, verbosity=1),
                               env=environment(collections_path, workdir, extra_env), capture_output=True,
                               text=True, timeout=600, cwd=str(workdir), check=False)
    output = completed.stdout + completed.stderr
    result = json.loads(result_file.read_text()) if completed.returncode == 0 else None
    return completed.returncode, result, output


@pytest.fixture(scope='module')
def vendor_collections():
    missing = [name for name in ('cisco/ios', 'arista/eos', 'junipernetworks/junos', 'ansible/netcommon')
               if not os.path.isdir(os.path.join(VENDOR_COLLECTIONS, 'ansible_collections', name))]
    if missing:
        pytest.fail('vendor collections missing in %s (%s): run `make vendor-collections`'
                    % (VENDOR_COLLECTIONS, ', '.join(missing)))
    return VENDOR_COLLECTIONS


@pytest.fixture(scope='module')
def rendered(tmp_path_factory, vendor_collections):
    """One run of the role rendering all four platforms from SITE."""
    workdir = tmp_path_factory.mktemp('edge-render')
    (workdir / 'ansible-tmp').mkdir()
    collections_path = collection_tree(workdir / 'collections')
    started = time.monotonic()
    returncode, result, output = run_role(workdir, collections_path, {
        'edge_router_site': SITE, 'edge_router_platforms': PLATFORMS,
        'edge_router_report_dir': str(workdir / 'reports')})
    assert returncode == 0, output
    files = {platform: (workdir / 'reports' / ('edge-silicon-valley-%s.conf' % platform)).read_text()
             for platform in PLATFORMS}
    return {'result': result, 'output': output, 'files': files, 'seconds': time.monotonic() - started}


def test_reports_hold_the_returned_text_and_never_a_key(rendered):
    for platform in PLATFORMS:
        text = rendered['files'][platform]
        assert text == rendered['result']['rendered'][platform]
        assert SECRET not in text and MS_SECRET not in text
        assert '<hidden>' in text, platform
    assert SECRET not in rendered['output'] and MS_SECRET not in rendered['output']
    assert SECRET not in json.dumps(rendered['result']) and MS_SECRET not in json.dumps(rendered['result'])


def test_frr_text(rendered):
    text = rendered['files']['frr']
    assert 'router bgp 4200000010\n' in text
    for peering, device, subnet, vlan, maximum in SESSIONS:
        ce, msee = usable(subnet)
        prefix_length = ipaddress.ip_network(subnet).prefixlen
        port = 'eth0' if device == 'primary' else 'eth1'
        family = 'ipv6' if ':' in subnet else 'ip'
        assert re.search(r'^interface %s\.%d\n(?: .*\n)*? %s address %s/%d$' % (port, vlan, family, re.escape(ce),
                                                                                prefix_length), text, re.M), subnet
        assert ' neighbor %s remote-as 12076\n' % msee in text
        assert ' neighbor %s password <hidden>\n' % msee in text
        assert '  neighbor %s maximum-prefix %d\n' % (msee, maximum) in text
        outbound = 'ER-%s-OUT%s' % ('PRIVATE' if peering == 'AzurePrivatePeering' else 'MICROSOFT',
                                    '-V6' if family == 'ipv6' else '')
        assert '  neighbor %s prefix-list %s out\n' % (msee, outbound) in text
        assert (' neighbor %s bfd 3 300 300\n' % msee in text) == (family == 'ip')
    assert 'ip prefix-list ER-PRIVATE-OUT seq 10 permit 192.168.0.0/16\n' in text
    assert 'ip prefix-list ER-PRIVATE-OUT seq 20 permit 172.20.0.0/14\n' in text
    assert 'ipv6 prefix-list ER-PRIVATE-OUT-V6 seq 10 permit fd00:100::/48\n' in text
    assert 'ip prefix-list ER-MICROSOFT-OUT seq 10 permit 123.1.0.0/24\n' in text


def test_ios_text_is_the_cisco_modules_rendering(rendered):
    text = rendered['files']['ios']
    assert 'router bgp 4200000010\n' in text
    for peering, device, subnet, vlan, maximum in SESSIONS:
        ce, msee = usable(subnet)
        port = 'GigabitEthernet0/0/%d' % (0 if device == 'primary' else 1)
        assert 'interface %s.%d\nencapsulation dot1Q %d\n' % (port, vlan, vlan) in text
        if ':' in subnet:
            assert 'ipv6 address %s/126\n' % ce in text
        else:
            assert 'ip address %s 255.255.255.252\n' % ce in text
            assert 'neighbor %s fall-over bfd\n' % msee in text
        assert 'neighbor %s remote-as 12076\n' % msee in text
        assert 'neighbor %s password <hidden>\n' % msee in text
        assert 'neighbor %s maximum-prefix %d\n' % (msee, maximum) in text
        assert re.search(r'^neighbor %s prefix-list ER-\S+-OUT(-V6)? out$' % re.escape(msee), text, re.M)
    assert 'bfd interval 300 min_rx 300 multiplier 3\n' in text
    assert 'ip prefix-list ER-PRIVATE-OUT seq 10 permit 192.168.0.0/16\n' in text
    assert 'network 192.168.0.0 mask 255.255.0.0\n' in text


def test_eos_text_is_the_arista_modules_rendering(rendered):
    text = rendered['files']['eos']
    assert 'router bgp 4200000010\n' in text
    for peering, device, subnet, vlan, maximum in SESSIONS:
        ce, msee = usable(subnet)
        port = 'Ethernet%d' % (1 if device == 'primary' else 2)
        assert 'interface %s.%d\n encapsulation dot1q vlan %d\n' % (port, vlan, vlan) in text
        assert '%s address %s/%d\n' % ('ipv6' if ':' in subnet else 'ip', ce, ipaddress.ip_network(subnet).prefixlen) \
            in text
        assert 'neighbor %s remote-as 12076\n' % msee in text
        assert 'neighbor %s password <hidden>\n' % msee in text
        assert 'neighbor %s maximum-routes %d\n' % (msee, maximum) in text
        assert re.search(r'^neighbor %s prefix-list ER-\S+-OUT(-V6)? out$' % re.escape(msee), text, re.M)
        if ':' not in subnet:
            assert 'neighbor %s bfd\n' % msee in text
    assert ' bfd interval 300 min-rx 300 multiplier 3\n' in text
    assert 'seq 10 permit 192.168.0.0/16\n' in text


def test_junos_text_is_the_juniper_modules_rendering(rendered):
    text = rendered['files']['junos']
    assert '<nc:autonomous-system>4200000010</nc:autonomous-system>' in text
    for peering, device, subnet, vlan, maximum in SESSIONS:
        ce, msee = usable(subnet)
        port = 'ge-0/0/%d' % (0 if device == 'primary' else 1)
        assert 'set interfaces %s unit %d vlan-id %d\n' % (port, vlan, vlan) in text
        assert '<nc:address><nc:name>%s/%d</nc:name></nc:address>' % (ce, ipaddress.ip_network(subnet).prefixlen) \
            in text
        assert '<nc:neighbor><nc:name>%s</nc:name>' % msee in text
        assert '<nc:prefix-limit><nc:maximum>%d</nc:maximum></nc:prefix-limit>' % maximum in text
    # One group per peering and IP version: private IPv4 and IPv6, Microsoft IPv4.
    assert text.count('<nc:peer-as>12076</nc:peer-as>') == 3
    assert text.count('<nc:authentication-key><hidden></nc:authentication-key>') == 3
    assert text.count('<nc:multiplier>3</nc:multiplier>') == 2  # BFD on the IPv4 groups
    assert 'set interfaces ge-0/0/0 vlan-tagging\n' in text
    assert 'set policy-options policy-statement ER-PRIVATE-OUT term advertise from prefix-list ER-PRIVATE-OUT\n' \
        in text


@pytest.fixture(scope='module')
def frr_tools():
    vtysh, bgpd = shutil.which('vtysh'), '/usr/lib/frr/bgpd'
    if vtysh is None or not os.access(bgpd, os.X_OK):
        pytest.fail('FRR is not installed (vtysh, /usr/lib/frr/bgpd): .ci/run installs Debian frr')
    return vtysh, bgpd


@pytest.fixture
def frr_readable_dir():
    """A folder FRR's daemons can read: bgpd drops to the frr user, and pytest's tmp_path is root-only."""
    folder = tempfile.mkdtemp(prefix='edge-router-frr-')
    os.chmod(folder, 0o755)
    yield pathlib.Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def bgpd_dryrun(bgpd, config, name):
    os.chmod(str(config), 0o644)
    parsed = subprocess.run([bgpd, '--dryrun', '-f', str(config), '-N', name, '-i', str(config) + '.pid'],
                            capture_output=True, text=True, check=False)
    output = parsed.stdout + parsed.stderr
    assert "can't open" not in output and 'failed to open' not in output, output
    return parsed.returncode, output


def test_frr_accepts_the_rendered_text(rendered, frr_tools, frr_readable_dir):
    vtysh, bgpd = frr_tools
    tmp_path = frr_readable_dir
    config = tmp_path / 'frr.conf'
    config.write_text(rendered['files']['frr'])
    checked = subprocess.run([vtysh, '--dryrun', '-f', str(config)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # bgpd alone reads the routing part (interfaces belong to zebra) and names every line it does not know.
    routing = tmp_path / 'bgpd.conf'
    routing.write_text(re.sub(r'^interface .*\n(?:[ !].*\n)*?exit\n', '', rendered['files']['frr'], flags=re.M))
    returncode, output = bgpd_dryrun(bgpd, routing, 'edge-render-check')
    assert returncode == 0, output
    assert 'No such command' not in output and 'Unknown command' not in output, output


def test_frr_parsers_catch_a_broken_line(frr_tools, frr_readable_dir):
    """The two checks above can fail: a misspelt neighbour command is refused by both."""
    vtysh, bgpd = frr_tools
    broken = frr_readable_dir / 'broken.conf'
    broken.write_text('router bgp 65010\n neighbor 10.0.0.2 remote-as 12076\n neighbor 10.0.0.2 passwrd x\nexit\n')
    assert subprocess.run([vtysh, '--dryrun', '-f', str(broken)], capture_output=True, check=False).returncode != 0
    _returncode, output = bgpd_dryrun(bgpd, broken, 'edge-render-broken')
    assert 'No such command' in output, output


def test_bad_site_values_fail_naming_the_option(tmp_path, vendor_collections):
    (tmp_path / 'ansible-tmp').mkdir()
    collections_path = collection_tree(tmp_path / 'collections')
    site = json.loads(json.dumps(SITE))
    site['private_peering']['primary_peer_address_prefix'] = '10.250.0.0/29'
    del site['private_peering']['vlan_id']
    returncode, _result, output = run_role(tmp_path, collections_path, {
        'edge_router_site': site, 'edge_router_platforms': ['frr'], 'edge_router_report_dir': str(tmp_path / 'r')})
    assert returncode != 0
    assert 'private_peering.vlan_id: must be set to render the customer edge' in output
    assert 'private_peering.primary_peer_address_prefix: must be a /30 peer subnet; to use the /29, split it' in output
    assert SECRET not in output and MS_SECRET not in output
    assert not (tmp_path / 'r').exists()


# --- the lab's FRR customer edge ----------------------------------------------------------------

LAB_SITE = {
    'name': 'silicon-valley',
    'circuit': {'resource_group': 'rg-onprem-network', 'name': 'er-sv-primary'},
    'private_peering': {'vlan_id': 100, 'peer_asn': 65010, 'shared_key': SECRET,
                        'primary_peer_address_prefix': '10.250.0.0/30',
                        'secondary_peer_address_prefix': '10.250.0.4/30'},
    'onprem_prefixes': ['192.168.0.0/16', '172.20.0.0/14'],
}


def lab_http(lab):
    return httpx.Client(base_url=lab.url, verify=ssl.create_default_context(cafile=lab.ca_bundle), timeout=30.0)


def edge_site(lab, circuit_id):
    with lab_http(lab) as http:
        status = http.get('/_lab/edge').raise_for_status().json()
    return status, next((site for site in status['sites'] if site['circuit_id'].lower() == circuit_id.lower()), None)


def wait_for_sessions(lab, circuit_id, state, timeout=90):
    """The private peering's two links as the lab's MSEEs see them, once both are `state` (or at the deadline)."""
    deadline = time.monotonic() + timeout
    while True:
        _status, site = edge_site(lab, circuit_id)
        links = [link for link in (site or {}).get('links', []) if link['peering'] == 'AzurePrivatePeering']
        if len(links) == 2 and all(link['msee_state'] == state for link in links):
            return links
        if time.monotonic() > deadline:
            return links
        time.sleep(1)


def ce_peers(lab, circuit_id):
    with lab_http(lab) as http:
        summary = http.post('/_lab/edge/ce/show', params={'circuit_id': circuit_id},
                            json={'command': 'show bgp summary json'}).raise_for_status().json()['output']
    return json.loads(summary)['ipv4Unicast']['peers']


def run_lab_play(ansible, site, role_vars, check=False, diff=False):
    """Private peering from the site (circuit_peering), then the role with target lab; the role's result."""
    result_file = ansible.workdir / ('edge-lab-%d.json' % time.monotonic_ns())
    play = [{
        'hosts': 'localhost', 'connection': 'local', 'gather_facts': False,
        'tasks': [
            {'name': 'Private peering from the site', 'no_log': True,
             'hybridlink.expressroute.circuit_peering': dict(
                 site['private_peering'], resource_group=site['circuit']['resource_group'], circuit_name=site['circuit']['name'],
                 peering_type='AzurePrivatePeering', update_shared_key='always'),
             'register': 'peering'},
            {'ansible.builtin.include_role': {'name': 'hybridlink.expressroute.edge_router'},
             'vars': dict({'edge_router_site': site, 'edge_router_target': 'lab',
                           'edge_router_circuit_id': '{{ peering.circuit.id }}',
                           'edge_router_report_dir': str(ansible.workdir / 'reports')}, **role_vars)},
            {'ansible.builtin.copy': {'content': '{{ edge_router_result | combine({"circuit_id": peering.circuit.id})'
                                                 ' | to_json }}', 'dest': str(result_file)},
             'check_mode': False, 'diff': False},
        ],
    }]
    playbook = ansible.workdir / 'edge-lab.yml'
    playbook.write_text(json.dumps(play))
    extra = {'ANSIBLE_COLLECTIONS_PATH': '%s:%s' % (ansible.collections_path, VENDOR_COLLECTIONS)}
    completed = ansible.playbook(str(playbook), check=check, diff=diff, env=extra)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert SECRET not in output
    return json.loads(result_file.read_text()), output


@pytest.fixture
def bgp_lab(ansible):
    status, _site = edge_site(ansible.lab, '')
    if status['mode'] != 'bgp':
        pytest.skip('the lab runs no BGP speakers here: %s' % status['reason'])
    return ansible


def test_lab_ce_takes_the_rendered_config_and_both_sessions_come_up(bgp_lab):
    ansible, lab = bgp_lab, bgp_lab.lab
    result, _output = run_lab_play(ansible, LAB_SITE, {})
    circuit_id = result['circuit_id']
    assert result['changed'] is True
    wired = [(port['name'], port['address'], port['wired']) for port in result['applied']['interfaces']]
    assert wired == [('eth0.100', '10.250.0.1', True), ('eth1.100', '10.250.0.5', True)], result['applied']
    links = wait_for_sessions(lab, circuit_id, 'Established')
    assert sorted((link['device'], link['ce_address'], link['msee_address'], link['vlan'], link['msee_state'])
                  for link in links) == [('primary', '10.250.0.1', '10.250.0.2', 100, 'Established'),
                                         ('secondary', '10.250.0.5', '10.250.0.6', 100, 'Established')]
    # The CE's own view: both MSEEs, AS 12076, Established.
    peers = ce_peers(lab, circuit_id)
    assert {address: (peer['remoteAs'], peer['state']) for address, peer in peers.items()} == {
        '10.250.0.2': (12076, 'Established'), '10.250.0.6': (12076, 'Established')}
    # Re-applying the same configuration writes nothing: a PUT would restart the CE and its sessions.
    with lab_http(lab) as http:
        held = http.get('/_lab/edge/ce', params={'circuit_id': circuit_id}).raise_for_status().json()['config']
    established_at = {address: peer['peerUptimeEstablishedEpoch'] for address, peer in peers.items()}
    time.sleep(1.5)
    again, _output = run_lab_play(ansible, LAB_SITE, {})
    assert again['changed'] is False
    assert again['applied'] == {'applied': False, 'reason': 'already applied'}
    # FRR derives the epoch from now minus the uptime, so it can move by a second; a restart would move it by the
    # 1.5 s sleep plus the whole second run.
    after = {address: peer['peerUptimeEstablishedEpoch'] for address, peer in ce_peers(lab, circuit_id).items()}
    assert set(after) == set(established_at)
    assert all(abs(after[address] - established_at[address]) <= 1 for address in after), (established_at, after)
    with lab_http(lab) as http:
        assert http.get('/_lab/edge/ce', params={'circuit_id': circuit_id}).json()['config'] == held


def test_check_mode_shows_the_diff_and_writes_nothing(bgp_lab):
    ansible, lab = bgp_lab, bgp_lab.lab
    result, _output = run_lab_play(ansible, LAB_SITE, {})
    circuit_id = result['circuit_id']
    with lab_http(lab) as http:
        held = http.get('/_lab/edge/ce', params={'circuit_id': circuit_id}).raise_for_status().json()['config']
    changed_site = json.loads(json.dumps(LAB_SITE))
    changed_site['onprem_prefixes'].append('10.60.0.0/16')
    changed_site['private_peering']['shared_key'] = 'Another-Key-9'
    # circuit_peering would change the key in Azure in check mode too if it wrote: it must not, nor the role.
    checked, output = run_lab_play(ansible, changed_site, {}, check=True, diff=True)
    assert checked['changed'] is True
    assert checked['applied'] == {'applied': False, 'reason': 'check mode'}
    assert '+ip prefix-list ER-PRIVATE-OUT seq 30 permit 10.60.0.0/16' in output
    assert 'Another-Key-9' not in output
    with lab_http(lab) as http:
        assert http.get('/_lab/edge/ce', params={'circuit_id': circuit_id}).json()['config'] == held

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""No data loss: updates keep what the user did not set, deletes remove only what was asked.

Azure replaces a resource's children with what a PUT sends, so a careless
peering update drops Global Reach; a careless name reaches another
resource. Each test takes a snapshot of the whole world (every circuit,
peering, connection, authorization, private cloud, AVS authorization and
Global Reach connection) before and after, and allows exactly the change
asked for.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import pytest

import findings
from harness import TRACEBACK, Checks
from world import AMS, CHAIN_PLAYBOOK, MICROSOFT, ONPREM_RG, PENDING, PRIVATE, SV, WESTUS, WEU, changes

MD5 = 'md5-Kept-Across-Updates'


@pytest.fixture
def busy_world(world):
    """Both peerings on er-sv-primary with an MD5 key, circuit and AVS Global Reach, keys in and out of use."""
    def build(w):
        w.configure_private_peering(SV, shared_key=MD5)
        w.configure_private_peering(AMS)
        w.net.express_route_circuit_peerings.begin_create_or_update(ONPREM_RG, SV, MICROSOFT, {'properties': {
            'peeringType': MICROSOFT, 'vlanId': 300, 'peerASN': 8075, 'primaryPeerAddressPrefix': '131.107.0.0/30',
            'secondaryPeerAddressPrefix': '131.107.0.4/30', 'microsoftPeeringConfig': {
                'advertisedPublicPrefixes': ['131.107.0.0/24'], 'routingRegistryName': 'ARIN'}}},
            polling_interval=0.05).result()
        w.connect_circuits(SV, AMS, 'sv-to-ams', '10.255.0.0/29')
        w.connect_avs(WESTUS, 'onprem-sv', SV, w.create_circuit_key(SV, WESTUS))
        w.create_circuit_key(SV, 'spare')
        w.create_avs_key(WESTUS, 'vnet-gateway')
    world.prepare(build)
    return world


def _record(ledger, scenario, expected, added, removed, modified, ok):
    ledger.add('data_loss', scenario=scenario, expected=expected,
               outcome='as asked' if ok else 'UNEXPECTED: added %s, removed %s, modified %s' % (added, removed, modified))


UPDATES = [
    ('private peering: only vlan_id given', 'circuit_peering',
     lambda w: w.circuit_args(SV, peering_type=PRIVATE, vlan_id=150), ['circuit er-sv-primary peering AzurePrivatePeering']),
    ('private peering: only peer_asn given', 'circuit_peering',
     lambda w: w.circuit_args(SV, peering_type=PRIVATE, peer_asn=65099), ['circuit er-sv-primary peering AzurePrivatePeering']),
    ('Microsoft peering: one advertised prefix added without purge', 'circuit_peering',
     lambda w: w.circuit_args(SV, peering_type=MICROSOFT, purge_advertised_public_prefixes=False,
                              microsoft_peering_config=dict(advertised_public_prefixes=['131.107.1.0/24'],
                                                            routing_registry_name='ARIN')),
     ['circuit er-sv-primary peering MicrosoftPeering']),
    ('a new circuit authorization', 'circuit_authorization', lambda w: w.circuit_args(SV, name='new-key'), []),
    ('a new AVS authorization', 'avs_authorization', lambda w: w.cloud_args(WESTUS, name='new-avs-key'), []),
]


def test_updates_keep_everything_they_were_not_asked_to_change(busy_world, modules, ledger):
    """One update after the other on the same busy world; each may change only its own resource."""
    md5 = busy_world.peering(SV)['properties'].get('sharedKey')
    for scenario, module, args, modified in UPDATES:
        before = busy_world.snapshot()
        run = modules.run(module, args(busy_world))
        after = busy_world.snapshot()
        added, removed, changed = changes(before, after)
        ok = not run.failed and removed == [] and changed == sorted(modified) and len(added) <= 1
        _record(ledger, scenario, 'changes only %s' % (modified or 'by adding'), added, removed, changed, ok)
        assert not run.failed, '%s: %s' % (scenario, run.msg)
        assert removed == [], '%s lost %s' % (scenario, removed)
        assert changed == sorted(modified), scenario
        assert len(added) <= 1, scenario
        connections = busy_world.connections(SV)
        assert sorted(connections) == ['sv-to-ams'] and connections['sv-to-ams']['addressPrefix'] == '10.255.0.0/29'
        assert busy_world.global_reach(WESTUS)['onprem-sv']['properties']['circuitConnectionStatus'] == 'Connected'
        if md5 is not None:
            assert busy_world.peering(SV)['properties'].get('sharedKey') == md5, '%s dropped the MD5 key' % scenario


DELETES = [
    ('one circuit authorization (not in use)', 'circuit_authorization',
     lambda w: w.circuit_args(SV, name='spare', state='absent'), ['circuit er-sv-primary authorization spare']),
    ('the Microsoft peering', 'circuit_peering', lambda w: w.circuit_args(SV, peering_type=MICROSOFT, state='absent'),
     ['circuit er-sv-primary peering MicrosoftPeering']),
    ('one circuit-to-circuit connection', 'circuit_connection',
     lambda w: w.circuit_args(SV, name='sv-to-ams', state='absent'),
     ['circuit er-sv-primary peering AzurePrivatePeering connection sv-to-ams']),
    ('one AVS Global Reach connection', 'avs_global_reach', lambda w: w.cloud_args(WESTUS, name='onprem-sv', state='absent'),
     ['private cloud avs-westus-prod global reach onprem-sv']),
    ('one AVS authorization', 'avs_authorization', lambda w: w.cloud_args(WESTUS, name='vnet-gateway', state='absent'),
     ['private cloud avs-westus-prod authorization vnet-gateway']),
]


def test_deletes_remove_only_what_was_asked(busy_world, modules, ledger):
    """One delete after the other on the same busy world; each may remove only what it names."""
    for scenario, module, args, gone in DELETES:
        before = busy_world.snapshot()
        run = modules.run(module, args(busy_world))
        after = busy_world.snapshot()
        added, removed, changed = changes(before, after)
        # Deleting a connection may hand its key back (release_key_on_disconnect); nothing else may move.
        releases_a_key = module in ('avs_global_reach', 'circuit_connection')
        changed = [key for key in changed if ' authorization ' not in key or not releases_a_key]
        ok = not run.failed and removed == sorted(gone) and added == [] and changed == []
        _record(ledger, 'delete %s' % scenario, 'removes only %s' % gone, added, removed, changed, ok)
        assert not run.failed, '%s: %s' % (scenario, run.msg)
        assert removed == sorted(gone), scenario
        assert added == [] and changed == [], scenario


@pytest.mark.parametrize('module, args', [
    pytest.param('circuit_authorization', lambda w: w.circuit_args(PENDING, name='..', state='absent'),
                 id='circuit_authorization'),
    pytest.param('avs_authorization', lambda w: w.cloud_args(WEU, name='..', state='absent'), id='avs_authorization'),
    pytest.param('avs_global_reach', lambda w: w.cloud_args(WEU, name='..', state='absent'), id='avs_global_reach'),
    pytest.param('circuit_connection', lambda w: w.circuit_args(AMS, name='..', state='absent'), id='circuit_connection'),
])
def test_a_name_that_climbs_the_path_deletes_nothing(module, args, world, modules, ledger):
    """name: '..' with state=absent must be refused; requests normalises it to the parent's URL."""
    world.prepare(lambda w: w.configure_private_peering(AMS))
    before = world.snapshot()
    run = modules.run(module, args(world))
    after = world.snapshot()
    added, removed, changed = changes(before, after)
    checks = Checks([])
    _record(ledger, '%s with a name of ".."' % module, 'refused, nothing deleted', added, removed, changed,
            run.failed and not removed)
    assert not TRACEBACK.search(run.output)
    checks.that(removed == [], 'the run deleted %s' % removed, finding=findings.NAMES_NOT_VALIDATED)
    checks.that(run.failed and 'name' in run.msg, 'not refused: %s' % (run.msg or run.result),
                finding=findings.NAMES_NOT_VALIDATED)
    assert changed == []
    checks.done()


def test_check_mode_of_a_fresh_multi_step_run_completes_and_writes_nothing(world, playbooks, lab, ledger):
    """chain.yml with --check on a world without peerings: every step plans, nothing is written."""
    run = playbooks.run(CHAIN_PLAYBOOK, check=True, diff=True, timeout=300)
    writes = [entry for entry in lab.admin.requests() if entry['method'] in ('PUT', 'PATCH', 'DELETE')]
    ledger.add('data_loss', scenario='chain.yml --check --diff on a fresh world', expected='completes, no write',
               outcome='%s, %d writes' % ('completed' if run.returncode == 0 else 'FAILED', len(writes)))
    assert writes == []
    assert not TRACEBACK.search(run.output)
    assert run.returncode == 0, 'check mode stopped: %s' % run.stdout[-600:]

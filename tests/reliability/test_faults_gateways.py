# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ExpressRoute gateway modules under faults and deadlines: what only they have.

test_faults_writes.py and test_faults_lasting.py run virtual_network_gateway and
gateway_connection through the same storms, conflicts and failed operations as
every write module (targets.GATEWAY_WRITES). Here: their info modules under the
read storm; the gateway's creation outlasting its explicit deadline
(creation_timeout) and a conflict that lasts past it; the connection's bounded
wait until Connected (wait_timeout); a single-use key that already serves
another connection. Every case checks the message (what failed, what to do),
that no key is printed, and that a rerun converges without a second write.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
import time

import pytest

import faults
from harness import TRACEBACK, find_secrets
from support.wait import wait_for
from targets import ARM, GATEWAY_READS, BY_NAME
from world import GATEWAY, GATEWAY_CONNECTION, GEN2_RG, SV, WESTUS

GATEWAY_PUT = r'/virtualNetworkGateways/%s$' % GATEWAY
CONNECTION_PUT = r'/connections/%s$' % GATEWAY_CONNECTION


def _writes_to(lab, path_pattern):
    """Writes (PUT/PATCH/DELETE) the lab logged on paths matching path_pattern (the module's, not the set-up's)."""
    pattern = re.compile(path_pattern, re.I)
    return [entry for entry in lab.admin.writes()
            if entry['method'] != 'POST' and pattern.search(entry['path'].split('?')[0])]


def _gateway_settled(world):
    """The gateway is no longer being created, updated or deleted."""
    def done():
        state = world.gateway()
        return state is None or state['properties'].get('provisioningState') in ('Succeeded', 'Failed')
    return wait_for(done, timeout=30, interval=0.2)


def _outcome(clear, advice, converged, detail=''):
    return '%s; %s; rerun %s' % ('clear error' if clear else 'UNCLEAR error', 'says what to do' if advice else 'NO ADVICE',
                                 'converged' if converged else 'did NOT converge (%s)' % detail)


@pytest.mark.parametrize('target', GATEWAY_READS, ids=str)
def test_transient_faults_on_every_gateway_read_are_survived(target, world, modules, lab, ledger):
    """The read storm (dropped, 500, 429 and 503 with Retry-After, slow, 502) on the GETs and the actions' polls."""
    world.prepare(target.prepare)
    faults.inject(lab, faults.READ_STORM)
    run = modules.run(target.name, target.args(world))
    injected = faults.hits(lab, faults.READ_STORM)
    problems = [] if run.failed else target.verify(run, world)
    converged = not run.failed and not problems
    faults.record_transient(ledger, target.name, injected, converged, run.seconds)
    assert not run.failed, run.msg
    assert problems == []
    assert sum(pair[1] for pair in injected) >= 4, injected
    assert not TRACEBACK.search(run.output)
    assert lab.admin.writes() == [] or all(entry['method'] == 'POST' for entry in lab.admin.writes())


@pytest.mark.parametrize('target', GATEWAY_READS, ids=str)
def test_a_lasting_403_on_gateway_reads_fails_clearly(target, world, modules, lab, ledger):
    world.prepare(target.prepare)
    lab.admin.add_fault(**dict(faults.FORBIDDEN, method='*', path=ARM))
    failed = modules.run(target.name, target.args(world))
    injected = lab.admin.faults()[0]['hits']
    lab.admin.clear_faults()
    rerun = modules.run(target.name, target.args(world))
    clear = failed.failed and faults.says_what_happened(failed.msg, ['failed'], 'AuthorizationFailed') \
        and not TRACEBACK.search(failed.output)
    advice = faults.says_what_to_do(failed.msg, faults.FORBIDDEN['message'])
    problems = [] if rerun.failed else target.verify(rerun, world)
    converged = not rerun.failed and not problems
    ledger.add('faults', module=target.name, fault='HTTP 403 AuthorizationFailed', kind='lasting', injected=injected,
               survived=0, outcome=_outcome(clear, advice, converged, rerun.msg or '; '.join(problems)),
               seconds=round(failed.seconds + rerun.seconds, 1))
    assert failed.failed and clear, failed.msg
    assert advice, failed.msg
    assert converged, rerun.msg or problems


def test_gateway_creation_past_its_deadline_fails_clearly_and_a_rerun_writes_nothing_twice(world, modules, lab, ledger):
    """Creation takes 6 s, creation_timeout is 2 s: a clear failure naming the deadline, then reruns that only read."""
    target = BY_NAME['virtual_network_gateway']
    lab.admin.settings(gateway_operation_seconds=6)
    started = time.monotonic()
    failed = modules.run(target.name, dict(target.args(world), creation_timeout=2))
    failed_seconds = time.monotonic() - started
    during = modules.run(target.name, target.args(world))       # while Azure is still creating it
    assert _gateway_settled(world), 'the gateway creation the module gave up on never finished'
    lab.admin.settings(gateway_operation_seconds=1.0)
    rerun = modules.run(target.name, target.args(world))
    problems = [] if rerun.failed else target.verify(rerun, world)
    puts = _writes_to(lab, GATEWAY_PUT)
    clear = failed.failed and faults.says_what_happened(
        failed.msg, ['Creating virtual network gateway', 'within 2 seconds', 'creation_timeout=2'])
    advice = faults.says_what_to_do(failed.msg)
    converged = not rerun.failed and not rerun.changed and not problems
    ledger.add('faults', module=target.name, fault='creation outlasts creation_timeout (6 s operation, deadline 2 s)',
               kind='lasting', injected=1, survived=0,
               outcome=_outcome(clear, advice, converged, rerun.msg or '; '.join(problems))
               + '; %d PUT in all' % len(puts), seconds=round(time.monotonic() - started, 1))

    assert failed.failed, failed.msg
    assert clear, failed.msg
    assert advice and 'rerun' in failed.msg, failed.msg
    assert failed_seconds < 2 + 10, 'the deadline did not bound the run: %.1f s' % failed_seconds
    assert not TRACEBACK.search(failed.output + during.output + rerun.output)
    # A rerun while the operation still runs sees the gateway and writes nothing: the only PUT is the first run's.
    assert not during.failed and not during.changed, during.msg
    assert converged, rerun.msg or problems
    assert len(puts) == 1, [entry['method'] + ' ' + entry['path'] for entry in puts]
    progress = failed.result.get('progress') or {}
    assert progress.get('provisioning_state') == 'Updating', failed.result  # still being created in Azure
    assert 'provisioning state Updating' in failed.msg and progress.get('creation_timeout') == 2, failed.msg


def test_a_conflict_lasting_past_creation_timeout_fails_clearly_and_a_rerun_converges(world, modules, lab, ledger):
    """AnotherOperationInProgress on every PUT: retried, but only until the gateway's own deadline."""
    target = BY_NAME['virtual_network_gateway']
    lab.admin.add_fault(**dict(faults.CONFLICT, method='PUT', path=ARM))
    failed = modules.run(target.name, dict(target.args(world), creation_timeout=3))
    injected = lab.admin.faults()[0]['hits']
    lab.admin.clear_faults()
    rerun = modules.run(target.name, target.args(world))
    problems = [] if rerun.failed else target.verify(rerun, world)
    clear = failed.failed and faults.says_what_happened(failed.msg, ['failed'], 'AnotherOperationInProgress')
    advice = faults.says_what_to_do(failed.msg, faults.CONFLICT['message'])
    converged = not rerun.failed and not problems
    ledger.add('faults', module=target.name, fault='AnotherOperationInProgress until creation_timeout', kind='lasting',
               injected=injected, survived=0, outcome=_outcome(clear, advice, converged, rerun.msg or '; '.join(problems)),
               seconds=round(failed.seconds + rerun.seconds, 1))
    assert failed.failed and injected >= 2, (injected, failed.msg)
    assert failed.seconds < 3 + 15, 'creation_timeout did not bound the retries: %.1f s' % failed.seconds
    assert clear, failed.msg
    assert advice, failed.msg
    assert converged, rerun.msg or problems


def test_the_wait_for_connected_is_bounded_and_a_rerun_needs_no_key(world, modules, lab, ledger):
    """Connecting lasts 6 s, wait_timeout is 2 s: a clear failure; the connection was made, so a rerun only reads."""
    target = BY_NAME['gateway_connection']
    world.prepare(target.prepare)
    lab.admin.settings(connect_seconds=6)
    failed = modules.run(target.name, dict(target.args(world), wait_timeout=2))
    connected = wait_for(lambda: (world.gateway_connections().get(GATEWAY_CONNECTION) or {}).get(
        'connectionStatus') == 'Connected', timeout=20, interval=0.2)
    lab.admin.settings(connect_seconds=0.5)
    rerun = modules.run(target.name, world.gateway_connection_args())      # no key: it was spent on the first run
    problems = [] if rerun.failed else target.verify(rerun, world)
    puts = _writes_to(lab, CONNECTION_PUT)
    leaked = find_secrets(failed.output + rerun.output, {'authorization key': world.key})
    clear = failed.failed and faults.says_what_happened(failed.msg, ['Connecting', 'wait_timeout'])
    advice = faults.says_what_to_do(failed.msg)
    converged = not rerun.failed and not rerun.changed and not problems
    ledger.add('faults', module=target.name, fault='Connecting outlasts wait_timeout (6 s, bound 2 s)', kind='lasting',
               injected=1, survived=0, outcome=_outcome(clear, advice, converged, rerun.msg or '; '.join(problems))
               + '; %d PUT in all' % len(puts), seconds=round(failed.seconds + rerun.seconds, 1))
    assert failed.failed, failed.msg
    assert failed.seconds < 2 + 10, 'wait_timeout did not bound the wait: %.1f s' % failed.seconds
    assert clear, failed.msg
    assert advice, failed.msg
    assert leaked == []
    assert connected, 'the connection never came up'
    assert converged, rerun.msg or problems
    assert len(puts) == 1, [entry['method'] + ' ' + entry['path'] for entry in puts]
    assert not TRACEBACK.search(failed.output + rerun.output)


def test_a_connection_that_comes_up_within_the_bound_is_waited_for(world, modules, lab, ledger):
    """Connecting lasts 3 s, within the default bound: the module returns Connected, not Connecting."""
    target = BY_NAME['gateway_connection']
    world.prepare(target.prepare)
    lab.admin.settings(connect_seconds=3)
    run = modules.run(target.name, dict(target.args(world), wait_timeout=30))
    problems = [] if run.failed else target.verify(run, world)
    status = (run.result.get('connection') or {}).get('connection_status')
    ledger.add('faults', module=target.name, fault='Connecting for 3 s (wait_timeout 30 s)', kind='transient',
               injected=1, survived=0 if run.failed or status != 'Connected' else 1,
               outcome='converged, returned %s' % status if not run.failed else 'FAILED', seconds=round(run.seconds, 1))
    assert not run.failed, run.msg
    assert status == 'Connected' and problems == [], (status, problems)
    assert run.seconds >= 3, 'returned before the connection could be Connected: %.1f s' % run.seconds


def _circuit_key_used_by_global_reach(world):
    """The circuit's key serves the Generation 1 cloud's Global Reach connection already."""
    world.configure_private_peering(SV)
    world.create_gateway()
    key = world.create_circuit_key(SV, WESTUS)
    world.connect_avs(WESTUS, 'onprem-sv', SV, key)
    return key, world.circuit_id(SV), lambda: world.create_circuit_key(SV, 'gen2-gateway')


def _avs_key_used_by_another_gateway(world):
    """An AVS key that a hub gateway's connection (another virtual network) already spent."""
    world.net.virtual_networks.begin_create_or_update(GEN2_RG, 'vnet-hub', {'location': 'westus', 'properties': {
        'addressSpace': {'addressPrefixes': ['10.220.0.0/16']},
        'subnets': [{'name': 'GatewaySubnet', 'properties': {'addressPrefix': '10.220.255.0/27'}}]}},
        polling_interval=0.05).result()
    world.create_gateway()
    world.create_gateway(name='ergw-hub', vnet='vnet-hub')
    key = world.create_avs_key(WESTUS, 'to-hub')
    avs_circuit = world.avs.authorizations.get('rg-avs-prod', WESTUS, 'to-hub').as_dict()['properties']['expressRouteId']
    world.connect_gateway(key, name='hub-to-avs', gateway='ergw-hub', circuit=avs_circuit)
    return key, avs_circuit, lambda: world.create_avs_key(WESTUS, 'to-gen2')


KEY_CASES = [
    pytest.param(_circuit_key_used_by_global_reach, id='circuit-key-in-use-by-global-reach'),
    pytest.param(_avs_key_used_by_another_gateway, id='avs-key-in-use-by-another-gateway'),
]


def _connected(world):
    state = world.gateway_connections().get(GATEWAY_CONNECTION) or {}
    return [] if (state.get('provisioningState'), state.get('connectionStatus')) == ('Succeeded', 'Connected') else [
        'connection is %s, %s' % (state.get('provisioningState'), state.get('connectionStatus'))]


@pytest.mark.parametrize('make', KEY_CASES)
def test_a_key_already_in_use_is_explained_never_shown_and_a_new_key_converges(make, world, modules, lab, ledger):
    """A single-use key that serves another connection: refused with what to do, the key never printed; a rerun
    with a new key makes the connection (replacing a Failed one Azure may keep)."""
    target = BY_NAME['gateway_connection']
    holder = {}
    world.prepare(lambda w: holder.update(zip(('key', 'circuit', 'new_key'), make(w))))
    key, circuit = holder['key'], holder['circuit']
    refused = modules.run(target.name, world.gateway_connection_args(key, peer_express_route_circuit=circuit), diff=True)
    # Nothing serves traffic with a key that was not this connection's: no Succeeded connection was made.
    made = (world.gateway_connections().get(GATEWAY_CONNECTION) or {}).get('provisioningState') == 'Succeeded'
    new_key = []
    world.prepare(lambda w: new_key.append(holder['new_key']()))
    rerun = modules.run(target.name, world.gateway_connection_args(new_key[0], peer_express_route_circuit=circuit))
    problems = [] if rerun.failed else _connected(world)
    leaked = find_secrets(refused.output + rerun.output, {'the key in use': key, 'the new key': new_key[0]})
    text = refused.msg
    clear = refused.failed and 'authorization_key' in text and 'already in use' in text
    advice = 'circuit_authorization' in text and 'avs_authorization' in text
    converged = not rerun.failed and not problems
    ledger.add('faults', module=target.name, fault='key already in use (%s)' % make.__doc__.strip().rstrip('.'),
               kind='lasting', injected=1, survived=0,
               outcome=_outcome(clear, advice, converged, rerun.msg or '; '.join(problems))
               + ('; key never shown' if not leaked else '; KEY SHOWN'),
               seconds=round(refused.seconds + rerun.seconds, 1))
    ledger.add('secrets', source='gateway_connection refusing a key in use, then a new key (%s)'
               % make.__name__.strip('_').replace('_', ' '),
               outputs=2, bytes=len(refused.output + rerun.output), secrets=2, patterns='JWT, Bearer',
               hits=len(leaked), where=leaked)
    assert refused.failed, 'a key in use was accepted'
    assert clear, text
    assert advice, text
    assert leaked == []
    assert not made
    assert converged, rerun.msg or problems
    assert not TRACEBACK.search(refused.output + rerun.output)

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connect_flow import (
    CONNECTED_POLL_SECONDS, await_connected, if_permitted)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import (
    REPLACE, authorizations_in_use, avs_side_circuits, both_sides_conflict, circuit_of, conflict_message,
    explain_failure, find_key, given_key, key_matches, plan_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import check_wait_timeout
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.request_names import check_request_names, name_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import avs_private_cloud_id, circuit_id
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import normalise_prefix
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import require_ready
from ansible_collections.hybridlink.expressroute.tests.unit.plugins.fake_time import FakeTime

SUB = '5b1f7c9e-2d4a-4e8b-9c3f-6a0d1e2b3c4d'
ONPREM = '/subscriptions/%s/resourceGroups/rg-onprem/providers/Microsoft.Network/expressRouteCircuits/er-sv' % SUB
OTHER = '/subscriptions/%s/resourceGroups/rg-onprem/providers/Microsoft.Network/expressRouteCircuits/er-ams' % SUB
AVS_CIRCUIT = ('/subscriptions/a3c1e8f4-0d2b-4e6a-9f7c-5b8d1e3a6c90/resourceGroups/tnt15-x-westus/providers/'
               'Microsoft.Network/expressroutecircuits/tnt15-x-westus-xconnect')
KEY = '3f2504e0-4f89-41d3-9a0c-0305e82c3301'
MASKED = '00000000-0000-0000-0000-000000000000'
AVS_READ_ONLY = ('id', 'address_prefix', 'circuit_connection_status', 'provisioning_state', 'express_route_id')


def existing(**changes):
    current = dict(id='/x/globalReachConnections/onprem', name='onprem', peer_express_route_circuit=ONPREM,
                   address_prefix='10.176.0.128/29', circuit_connection_status='Connected',
                   provisioning_state='Succeeded', express_route_id=AVS_CIRCUIT)
    current.update(changes)
    return current


def wanted(**changes):
    desired = dict(name='onprem', peer_express_route_circuit=ONPREM, authorization_key=KEY)
    desired.update(changes)
    return desired


@pytest.mark.parametrize('desired, current, action, conflicts', [
    (wanted(), None, 'create', []),
    (None, existing(), 'delete', []),
    (None, None, 'none', []),
    # Same circuit, whatever the case ARM answers with, and without the key: nothing to do.
    (wanted(), existing(), 'none', []),
    (wanted(authorization_key=None), existing(peer_express_route_circuit=ONPREM.lower()), 'none', []),
    (wanted(peer_express_route_circuit=OTHER), existing(), 'none', [('peer_express_route_circuit', OTHER, ONPREM)]),
    # A failed create is replaced, even towards another circuit.
    (wanted(), existing(provisioning_state='Failed'), REPLACE, []),
    (wanted(peer_express_route_circuit=OTHER), existing(provisioning_state='Canceled'), REPLACE, []),
    # Still coming up: not a change (the module waits instead).
    (wanted(), existing(provisioning_state='Updating', circuit_connection_status='Connecting'), 'none', []),
])
def test_plan_connection_for_avs(desired, current, action, conflicts):
    before = copy.deepcopy((desired, current))
    plan, found = plan_connection(desired, current, fixed_fields=('peer_express_route_circuit',),
                                  id_fields=('peer_express_route_circuit',), read_only=AVS_READ_ONLY)
    assert (plan.action, found) == (action, conflicts)
    assert (desired, current) == before


def test_plan_create_keeps_the_key_out_of_comparison_and_in_after_for_masking():
    plan, conflicts = plan_connection(wanted(), None, ('peer_express_route_circuit',),
                                      ('peer_express_route_circuit',), AVS_READ_ONLY)
    assert conflicts == []
    assert plan.after == wanted() and plan.before is None
    assert 'authorization_key' in plan.changed_fields


CIRCUIT_READ_ONLY = ('id', 'peering_id', 'circuit_connection_status', 'ipv6_circuit_connection_status',
                     'provisioning_state')
PEER = ONPREM + '/peerings/AzurePrivatePeering'


def circuit_connection(**changes):
    current = dict(id='/c/connections/gr', name='gr', peering_id=OTHER + '/peerings/AzurePrivatePeering',
                   peer_peering_id=PEER, address_prefix='10.255.0.0/29', ipv6_address_prefix=None,
                   circuit_connection_status='Connected', ipv6_circuit_connection_status=None,
                   provisioning_state='Succeeded')
    current.update(changes)
    return current


@pytest.mark.parametrize('desired, action, conflicts, changed', [
    (dict(name='gr', peer_peering_id=PEER.lower(), address_prefix='10.255.0.0/29'), 'none', [], []),
    (dict(name='gr', peer_peering_id=PEER, address_prefix='10.255.0.0/29', ipv6_address_prefix='fd00::/125'),
     'update', [], ['ipv6_address_prefix']),
    (dict(name='gr', peer_peering_id=PEER, address_prefix='10.255.0.8/29'), 'none',
     [('address_prefix', '10.255.0.8/29', '10.255.0.0/29')], []),
    (dict(name='gr', peer_peering_id=PEER, address_prefix='10.255.0.0/29', authorization_key=KEY), 'none', [], []),
])
def test_plan_connection_for_circuit_to_circuit(desired, action, conflicts, changed):
    before = copy.deepcopy(desired)
    plan, found = plan_connection(desired, circuit_connection(), ('peer_peering_id', 'address_prefix'),
                                  ('peer_peering_id',), CIRCUIT_READ_ONLY)
    assert (plan.action, found, plan.changed_fields) == (action, conflicts, changed)
    assert desired == before


def test_ipv6_prefixes_compare_in_ipaddress_spelling():
    current = circuit_connection(ipv6_address_prefix='fd00:0:0:0::/125')
    plan, conflicts = plan_connection(dict(name='gr', ipv6_address_prefix='FD00::/125'), current,
                                      ('peer_peering_id', 'address_prefix'), ('peer_peering_id',), CIRCUIT_READ_ONLY)
    assert (plan.action, conflicts) == ('none', [])


def test_conflict_message_says_what_to_do():
    text = conflict_message('Global Reach connection gr', [('peer_peering_id', 'b', 'a')])
    assert 'peer_peering_id is a, requested b' in text and 'state=absent' in text and 'Nothing was changed' in text


@pytest.mark.parametrize('value, expected', [
    (None, None), ('', None), ('   ', None), (KEY, KEY), (' %s ' % KEY, KEY),
])
def test_given_key(value, expected):
    assert given_key(value) == expected


@pytest.mark.parametrize('value, expected', [
    ('10.0.0.0/29', '10.0.0.0/29'), ('FD00:0::/125', 'fd00::/125'), ('10.0.0.1/29', '10.0.0.0/29'),
    ('junk', 'junk'), ('10.0.0.0/99', '10.0.0.0/99'), (None, None),
])
def test_normalised_prefix(value, expected):
    assert normalise_prefix(value) == expected


@pytest.mark.parametrize('key, candidates, expected', [
    (KEY, [KEY], True), (KEY.upper(), [KEY], True), (KEY, [MASKED], False), (MASKED, [MASKED], False),
    (KEY, [None, ''], False), (None, [KEY], False),
])
def test_key_matches_ignores_masked_keys(key, candidates, expected):
    assert key_matches(key, candidates) is expected


def auth(name, key, status='Available', uri=None):
    return {'name': name, 'properties': {'authorizationKey': key, 'authorizationUseStatus': status,
                                         'connectionResourceUri': uri}}


@pytest.mark.parametrize('authorizations, status, name', [
    ([auth('a', KEY, 'InUse', '/conn')], 'in_use', 'a'),
    ([auth('b', '11111111-1111-1111-1111-111111111111'), auth('a', KEY)], 'available', 'a'),
    ([auth('b', '11111111-1111-1111-1111-111111111111')], 'unknown', None),
    ([auth('a', MASKED, 'InUse')], 'unreadable', None),
    ([], 'unknown', None),
])
def test_find_key(authorizations, status, name):
    before = copy.deepcopy(authorizations)
    found, authorization = find_key(authorizations, KEY)
    assert (found, (authorization or {}).get('name')) == (status, name)
    assert authorizations == before


def test_authorizations_in_use_names_their_connections():
    assert authorizations_in_use([auth('a', MASKED, 'InUse', '/c1'), auth('b', MASKED), auth('c', None, 'InUse')]) == [
        'a (used by /c1)', 'c (used by an unknown connection)']


@pytest.mark.parametrize('value, expected', [
    (ONPREM, ONPREM),
    (ONPREM + '/peerings/AzurePrivatePeering', ONPREM),
    (ONPREM + '/authorizations/a', ONPREM),
    ('not an id', None),
])
def test_circuit_of(value, expected):
    found = circuit_of(value)
    assert (str(found) if found else None) == expected


def test_avs_side_circuits_collects_every_avs_circuit_once():
    other_avs = AVS_CIRCUIT.replace('xconnect', 'er')
    cloud = {'circuit': {'express_route_id': AVS_CIRCUIT,
                         'express_route_private_peering_id': other_avs + '/peerings/AzurePrivatePeering'}}
    authorizations = [{'express_route_id': AVS_CIRCUIT.upper(),
                       'express_route_authorization_id': AVS_CIRCUIT + '/authorizations/x'}]
    before = copy.deepcopy((cloud, authorizations))
    found = [str(item).lower() for item in avs_side_circuits(cloud, authorizations)]
    assert found == [AVS_CIRCUIT.lower(), other_avs.lower()]
    assert (cloud, authorizations) == before
    assert avs_side_circuits({}, ()) == []


def peered(initiator):
    return {'name': 'x', 'connection_name': 'from-peer', 'peer_express_route_circuit_peering': {'id': initiator}}


@pytest.mark.parametrize('peered_connections, peer_connections, expected', [
    ([peered(PEER)], [], 'from-peer'),
    ([], [{'name': 'their-side', 'peer_express_route_circuit_peering': {'id': OTHER + '/peerings/AzurePrivatePeering'}}],
     'their-side'),
    ([peered(AVS_CIRCUIT + '/peerings/AzurePrivatePeering')], None, None),
    (None, None, None),
])
def test_both_sides_conflict(peered_connections, peer_connections, expected):
    assert both_sides_conflict(OTHER + '/peerings/AzurePrivatePeering', PEER, peered_connections,
                               peer_connections) == expected


def reader(*states):
    answers = list(states)

    def read():
        return answers.pop(0) if len(answers) > 1 else answers[0]
    return read


def test_await_connected_polls_at_the_internal_interval_until_connected():
    time = FakeTime()
    read = reader({'circuit_connection_status': 'Connecting'}, {'circuit_connection_status': 'Connecting'},
                  {'circuit_connection_status': 'Connected', 'provisioning_state': 'Succeeded'})
    assert await_connected(read, 'gr', 60, time.sleep, time.clock)['circuit_connection_status'] == 'Connected'
    assert time.sleeps == [CONNECTED_POLL_SECONDS, CONNECTED_POLL_SECONDS]


def test_await_connected_starts_from_what_the_caller_just_read():
    time = FakeTime()
    reads = []

    def read():
        reads.append(time.clock())
        return {'circuit_connection_status': 'Connected', 'provisioning_state': 'Succeeded'}

    just_read = {'circuit_connection_status': 'Connecting', 'provisioning_state': 'Succeeded'}
    assert await_connected(read, 'gr', 60, time.sleep, time.clock, last_read=just_read)['circuit_connection_status'] \
        == 'Connected'
    # One read, after one interval: the connection the operation's final GET returned is not read again at once.
    assert time.sleeps == [CONNECTED_POLL_SECONDS]
    assert len(reads) == 1
    assert just_read == {'circuit_connection_status': 'Connecting', 'provisioning_state': 'Succeeded'}


def test_await_connected_gives_up_at_wait_timeout_with_what_it_saw():
    time = FakeTime()
    with pytest.raises(ModuleFailure) as caught:
        await_connected(reader({'circuit_connection_status': 'Connecting', 'provisioning_state': 'Updating'}),
                        'Global Reach connection gr', 12, time.sleep, time.clock)
    assert 'wait_timeout=12' in caught.value.message and 'circuitConnectionStatus Connecting' in caught.value.message
    assert sum(time.sleeps) == 12


@pytest.mark.parametrize('state, words', [
    ({'provisioning_state': 'Failed', 'circuit_connection_status': 'Connected'}, 'ended Failed'),
    (None, 'disappeared'),
])
def test_await_connected_stops_on_failure_or_deletion(state, words):
    time = FakeTime()
    with pytest.raises(ModuleFailure) as caught:
        await_connected(reader(state), 'gr', 60, time.sleep, time.clock)
    assert words in caught.value.message and time.sleeps == []


def test_explain_failure_adds_advice_for_known_codes_only():
    failure = ModuleFailure('Writing failed (HTTP 200, AuthorizationKeyAlreadyInUse): Authorization a is in use',
                            error_code='AuthorizationKeyAlreadyInUse', status_code=200)
    explained = explain_failure(failure, 'the on-premises circuit er-sv', 'In use: a (used by /c).')
    assert explained.message.startswith('authorization_key: the authorization key is already in use')
    assert 'new authorization on the on-premises circuit er-sv' in explained.message
    assert explained.message.endswith('In use: a (used by /c).')
    assert explained.details == failure.details
    other = ModuleFailure('boom', error_code='Conflict')
    assert explain_failure(other, 'x') is other


def test_if_permitted_turns_403_into_the_denied_value_only():
    def denied():
        raise ModuleFailure('no', status_code=403)

    def missing():
        raise ModuleFailure('gone', status_code=404)
    assert if_permitted(denied, denied='unreadable') == 'unreadable'
    assert if_permitted(lambda: 'circuit') == 'circuit'
    with pytest.raises(ModuleFailure):
        if_permitted(missing)


def test_require_no_problems_lists_them_all():
    require_no_problems([])
    with pytest.raises(ModuleFailure) as caught:
        require_no_problems([Problem('a', 'must be set'), Problem('b', 'must be a GUID', 'x')])
    assert caught.value.message.startswith('2 problems') and len(caught.value.details['problems']) == 2


@pytest.mark.parametrize('provider, state, ready', [
    ('Provisioned', 'Enabled', True), ('NotProvisioned', 'Enabled', False), ('Provisioned', 'Disabled', False),
])
def test_require_ready_names_the_option_and_both_states(provider, state, ready):
    wire = {'properties': {'serviceProviderProvisioningState': provider, 'circuitProvisioningState': state}}
    if ready:
        require_ready('peer_express_route_circuit: circuit er-sv', wire, 'Global Reach')
        return
    with pytest.raises(ModuleFailure) as caught:
        require_ready('peer_express_route_circuit: circuit er-sv', wire, 'Global Reach')
    assert caught.value.message.startswith('peer_express_route_circuit: circuit er-sv is not ready')
    assert provider in caught.value.message and state in caught.value.message
    assert caught.value.details['service_provider_provisioning_state'] == provider


@pytest.mark.parametrize('value, refused', [
    ('onprem-sv', False), ('a.b_c-1', False), ('n' * 80, False),
    ('', True), ('..', True), ('.', True), ('a/b', True), ('name with spaces', True), ('n' * 81, True),
    ('-lead', True), ('trailing.', True), (None, False),
])
def test_check_request_names_applies_arms_name_rule(value, refused):
    problems = check_request_names([('name', value, 'name')])
    assert bool(problems) is refused
    assert all(problem.option == 'name' for problem in problems)


def test_name_problems_name_the_right_option_for_each_part():
    target = avs_private_cloud_id('not-a-guid', 'bad group', 'a/b')
    params = {'name': '..', 'private_cloud_id': None}
    before = dict(params)
    assert [problem.option for problem in name_problems(params, target, 'private_cloud', 'name')] == [
        'subscription_id', 'resource_group', 'private_cloud_name', 'name']
    assert params == before


def test_name_problems_trust_a_target_given_by_id():
    target = circuit_id(SUB, 'rg-onprem', 'er-sv')
    assert name_problems({'circuit_id': str(target), 'name': 'gr'}, target, 'circuit', 'name') == []


@pytest.mark.parametrize('value, refused', [(900, False), (1, False), (None, False), (0, True), (-1, True)])
def test_check_wait_timeout(value, refused):
    assert bool(check_wait_timeout(value)) is refused

# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Property-based fuzzing of the validation core: any input ends in a list of Problems, never an exception.

What the user gives (the desired state, address_spaces_in_use, every check
function's value) is fuzzed with arbitrary JSON-like values mixed with
near-valid ones (prefixes, IDs, GUIDs, ASNs around every boundary), since the
interesting bugs live next to valid input; what the module builds from
Azure's answers (other peerings' VLANs, peer subnets, other connections'
prefixes) keeps its documented shape with fuzzed contents. Properties: the validator returns a list; every item is a
Problem that renders as text and as a dict naming a non-empty option; the
inputs are not modified; a secret (MD5 key, authorization key) is never
echoed in a problem. Examples are derandomised so the gate is repeatable;
RELIABILITY_FUZZ_EXAMPLES raises the count for a deeper local run.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy
import importlib
import math
import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


EXAMPLES = int(os.environ.get('RELIABILITY_FUZZ_EXAMPLES', '250'))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
UTILS = 'ansible_collections.hybridlink.expressroute.plugins.module_utils.'
SUB = '5b1f7c9e-2d4a-4e8b-9c3f-6a0d1e2b3c4d'

# --- strategies -----------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2 ** 70, max_value=2 ** 70), st.floats(allow_nan=True),
    st.text(max_size=30), st.binary(max_size=8))
anything = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)

octet = st.integers(min_value=0, max_value=300)
ipv4 = st.builds(lambda a, b, c, d: '%d.%d.%d.%d' % (a, b, c, d), octet, octet, octet, octet)
ipv6 = st.builds(lambda groups: ':'.join('%x' % group for group in groups),
                 st.lists(st.integers(min_value=0, max_value=0x1ffff), min_size=2, max_size=9))
prefix = st.one_of(
    st.builds(lambda address, length: '%s/%s' % (address, length), st.one_of(ipv4, ipv6),
              st.integers(min_value=-1, max_value=130)),
    st.sampled_from(['10.0.0.0/30', '10.0.0.4/30', '131.107.0.0/30', '0.0.0.0/0', '::/0', '2001:db8::/126',
                     '10.0.0.0/29', '2001:db8::/125', 'fe80::1%eth0/64', ' 10.0.0.0/30 ', '10.0.0.0/255.255.255.252']),
    ipv4, st.text(max_size=20))
asn = st.one_of(st.integers(min_value=-3, max_value=3), st.integers(min_value=64490, max_value=65560),
                st.integers(min_value=4199999998, max_value=4294967300), st.integers(), st.booleans())
guid = st.one_of(st.uuids().map(str), st.text(alphabet='0123456789abcdef-', max_size=40))
segment = st.one_of(st.sampled_from(['', '..', '.', 'x', 'a/b', 'rg-onprem-network', 'er-sv-primary']),
                    st.text(max_size=10))
resource_id = st.one_of(
    st.builds(lambda sub, rg, name, child: '/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/'
              'expressRouteCircuits/%s%s' % (sub, rg, name, child), st.one_of(st.just(SUB), guid, segment), segment,
              segment, st.sampled_from(['', '/peerings/AzurePrivatePeering', '/peerings/MicrosoftPeering',
                                        '/authorizations/x', '/', '/peerings/'])),
    st.builds(lambda sub, name: '/subscriptions/%s/resourceGroups/rg/providers/Microsoft.AVS/privateClouds/%s'
              % (sub, name), st.one_of(st.just(SUB), guid), segment),
    st.text(max_size=40))
value_of = {
    'prefix': prefix, 'prefixes': st.one_of(st.lists(prefix, max_size=5), anything), 'asn': asn,
    'id': resource_id, 'guid': guid, 'text': st.one_of(st.text(max_size=30), anything),
}


def maybe(strategy):
    return st.one_of(st.none(), strategy, anything)


microsoft_config = st.fixed_dictionaries({}, optional={
    'advertised_public_prefixes': maybe(value_of['prefixes']), 'advertised_communities': maybe(
        st.lists(st.one_of(st.text(max_size=12), st.sampled_from(['12076:5010', '65535:65535', '1:99999'])),
                 max_size=3)),
    'customer_asn': maybe(asn), 'routing_registry_name': maybe(st.sampled_from(['ARIN', 'arin', 'NOPE', ''])),
    'legacy_mode': maybe(st.integers(min_value=-2, max_value=3)),
})
peering = st.fixed_dictionaries({}, optional={
    'peering_type': maybe(st.sampled_from(['AzurePrivatePeering', 'MicrosoftPeering', 'AzurePublicPeering',
                                           'azureprivatepeering', ''])),
    'peering_state': maybe(st.sampled_from(['Enabled', 'Disabled', 'On'])),
    'vlan_id': maybe(st.integers(min_value=-2, max_value=4100)), 'peer_asn': maybe(asn),
    'primary_peer_address_prefix': maybe(prefix), 'secondary_peer_address_prefix': maybe(prefix),
    'shared_key': maybe(st.text(max_size=30)), 'route_filter_id': maybe(resource_id),
    'microsoft_peering_config': maybe(microsoft_config),
    'ipv6_peering_config': maybe(st.fixed_dictionaries({}, optional={
        'primary_peer_address_prefix': maybe(prefix), 'secondary_peer_address_prefix': maybe(prefix),
        'state': maybe(st.sampled_from(['Enabled', 'Disabled', 'x'])), 'route_filter_id': maybe(resource_id),
        'microsoft_peering_config': maybe(microsoft_config)})),
    'address_spaces_in_use': maybe(value_of['prefixes']),
})
connection = st.fixed_dictionaries({}, optional={
    'address_prefix': maybe(prefix), 'ipv6_address_prefix': maybe(prefix), 'peer_peering_id': maybe(resource_id),
    'authorization_key': maybe(guid), 'peer_express_route_circuit': maybe(resource_id),
    'express_route_id': maybe(resource_id),
})


# --- the properties ------------------------------------------------------------------

@pytest.fixture(scope='module')
def core(collections_path):
    if collections_path not in sys.path:
        sys.path.insert(0, collections_path)
    validation = importlib.import_module(UTILS + 'validation')
    problems = importlib.import_module(UTILS + 'problems')
    results = importlib.import_module(UTILS + 'avs_results')
    return validation, problems.Problem, results


COUNTS = {}


def holds(core, name, call, *inputs, **secrets):
    """call() returns a list of well-formed Problems, leaves inputs alone and never shows a secret.

    secrets maps a secret option's name to the value given for it.
    """
    problem_class = core[1]
    before = copy.deepcopy(inputs)
    found = call()
    COUNTS[name] = COUNTS.get(name, 0) + 1
    assert isinstance(found, list), '%s returned %r' % (name, found)
    for problem in found:
        assert isinstance(problem, problem_class), '%s returned %r' % (name, problem)
        text = str(problem)
        assert isinstance(problem.to_dict(), dict) and problem.option, text
        secret = secrets.get(problem.option)
        if isinstance(secret, str) and len(secret) >= 4:
            # A problem about a secret option shows <hidden>, never the value.
            assert problem.value == '<hidden>' and secret not in text.replace(problem.rule, ''), \
                'secret echoed by %s: %s' % (name, text)
    assert _same(inputs, before), '%s modified its input' % name
    return found


def _same(left, right):
    """Equality that treats NaN as equal to itself (inputs may hold NaN)."""
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left) and math.isnan(right):
        return True
    if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_same(left[key], right[key]) for key in left)
    return left == right


@FUZZ
@given(desired=peering, vlans=maybe(st.dictionaries(st.text(max_size=20), maybe(st.integers(-1, 5000)), max_size=3)),
       in_use=maybe(value_of['prefixes']), creating=st.booleans())
def test_validate_peering(core, desired, vlans, in_use, creating):
    validation = core[0]
    holds(core, 'validate_peering', lambda: validation.validate_peering(
        desired, other_peerings_vlans=vlans if isinstance(vlans, dict) else None,
        address_spaces_in_use=in_use, creating=creating), desired, vlans, in_use,
        shared_key=desired.get('shared_key'))


@FUZZ
@given(desired=connection, peering_id=maybe(resource_id), subnets=st.lists(prefix, max_size=3),
       in_use=st.lists(prefix, max_size=3),
       # Built by the module from Azure's answer: always a mapping of name to a list of strings.
       others=st.one_of(st.none(), st.dictionaries(st.text(max_size=8), st.lists(prefix, max_size=2), max_size=2)),
       creating=st.booleans())
def test_validate_connections(core, desired, peering_id, subnets, in_use, others, creating):
    validation = core[0]
    holds(core, 'validate_circuit_connection', lambda: validation.validate_circuit_connection(
        desired, peering_id=peering_id if isinstance(peering_id, str) else None, peer_subnets=subnets,
        address_spaces_in_use=in_use, other_connection_prefixes=others if isinstance(others, dict) else None,
        creating=creating), desired, subnets, in_use, others, authorization_key=desired.get('authorization_key'))
    holds(core, 'validate_avs_global_reach_connection', lambda: validation.validate_avs_global_reach_connection(
        desired, creating=creating), desired, authorization_key=desired.get('authorization_key'))


@FUZZ
@given(value=st.one_of(anything, prefix, asn, guid, resource_id), other=st.one_of(anything, prefix),
       version=st.sampled_from([None, 4, 6]), flag=st.booleans())
def test_every_check_function(core, value, other, version, flag):
    validation, results = core[0], core[2]
    option = 'opt'
    calls = {
        'check_vlan': lambda: validation.check_vlan(option, value, {'Other': other} if flag else None),
        'check_peer_asn': lambda: validation.check_peer_asn(option, value),
        'check_customer_asn': lambda: validation.check_customer_asn(option, value),
        'check_shared_key': lambda: validation.check_shared_key(option, value),
        'check_routing_registry': lambda: validation.check_routing_registry(option, value),
        'check_prefix_list': lambda: validation.check_prefix_list(option, value, version=version, public=flag),
        'check_public_prefix': lambda: validation.check_public_prefix(option, value, version=version),
        'check_peer_subnet_pair': lambda: validation.check_peer_subnet_pair(
            'primary', value, 'secondary', other, version=version or 4, public=flag),
        'check_not_overlapping': lambda: validation.check_not_overlapping(
            option, value, [('label', other)] if isinstance(other, str) else []),
        'check_global_reach_prefix': lambda: validation.check_global_reach_prefix(
            option, value, version=version or 4, in_use=[('label', other)] if isinstance(other, str) else []),
        'check_authorization_key': lambda: validation.check_authorization_key(option, value),
        'parse_prefix': lambda: validation.parse_prefix(option, value, version=version, strict=flag)[1],
        'validate_route_query': lambda: results.validate_route_query(
            value if isinstance(value, list) else [value], other if isinstance(other, str) else None, flag),
    }
    for name, call in calls.items():
        secrets = {option: value} if name in ('check_shared_key', 'check_authorization_key') else {}
        holds(core, name, call, value, other, **secrets)
    warning = validation.lone_default_route_warning(value if isinstance(value, list) else [value, other])
    assert warning is None or isinstance(warning, str)


def test_fuzz_counts_are_recorded(ledger):
    """Runs after the properties above (file order): how many inputs each validator took."""
    assert COUNTS, 'the fuzz tests did not run first'
    for name, count in sorted(COUNTS.items()):
        ledger.add('fuzz', validator=name, examples=count, exceptions=0)

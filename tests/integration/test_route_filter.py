# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""route_filter, route_filter_info and bgp_service_community_info against the lab, and attaching a filter to a
Microsoft peering with circuit_peering."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from helpers_avs import ONPREM_RG, arm_requests, changes
from helpers_avs import instant_operations  # noqa: F401  pylint: disable=unused-import
from test_circuit_peering import SEED_MICROSOFT, peering_via_sdk

EXCHANGE = '12076:5010'
AAD = '12076:5060'
FILTER = dict(resource_group=ONPREM_RG, name='rf-o365', location='westus',
              rules=[dict(name='allow-exchange', communities=[EXCHANGE])])


def filter_via_sdk(lab, name='rf-o365'):
    return lab.network_client().route_filters.get(ONPREM_RG, name).as_dict()['properties']


def test_create_rerun_check_mode_diff_and_absent(ansible, lab):
    dry = ansible.module('route_filter', FILTER, check=True, diff=True)
    assert dry.changed and dry.result['action'] == 'create' and not dry.failed, dry.msg
    assert dry.result['diff']['before'] == {}
    assert dry.result['diff']['after']['rules'][0]['communities'] == [EXCHANGE]
    assert dry.result['route_filter']['provisioning_state'] is None
    assert changes(lab) == []

    created = ansible.module('route_filter', FILTER, diff=True)
    assert created.changed and not created.failed, created.msg
    assert created.result['request'] == dry.result['request']  # what check mode said is what was sent
    rule = created.result['route_filter']['rules'][0]
    assert (rule['name'], rule['access'], rule['route_filter_rule_type'], rule['communities']) == (
        'allow-exchange', 'Allow', 'Community', [EXCHANGE])
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['PUT']

    lab.admin.clear_log()
    again = ansible.module('route_filter', dict(FILTER, location='West US'))
    assert not again.changed and again.result['action'] == 'none' and again.result['changed_fields'] == [], again.msg
    # Rules unset: unmanaged; a run naming only the filter changes nothing either.
    bare = ansible.module('route_filter', dict(resource_group=ONPREM_RG, name='rf-o365'))
    assert not bare.changed and bare.result['route_filter']['rules'][0]['communities'] == [EXCHANGE], bare.msg
    assert changes(lab) == []

    # One more community in the rule of the same name (spelt in another case): an update, in check mode first.
    wider = dict(FILTER, rules=[dict(name='ALLOW-EXCHANGE', communities=[EXCHANGE, AAD])])
    checked = ansible.module('route_filter', wider, check=True, diff=True)
    assert checked.changed and checked.result['changed_fields'] == ['rules'], checked.msg
    assert checked.result['diff']['before']['rules'][0]['communities'] == [EXCHANGE]
    assert checked.result['diff']['after']['rules'][0]['communities'] == [EXCHANGE, AAD]
    assert changes(lab) == []
    updated = ansible.module('route_filter', wider)
    assert updated.changed and not updated.failed, updated.msg
    sdk_rules = filter_via_sdk(lab)['rules']
    assert [(item['name'], item['properties']['communities']) for item in sdk_rules] == [
        ('allow-exchange', [EXCHANGE, AAD])]
    lab.admin.clear_log()
    reordered = dict(FILTER, rules=[dict(name='allow-exchange', communities=[AAD, EXCHANGE])])
    assert not ansible.module('route_filter', reordered).changed  # the communities compare as a set
    assert changes(lab) == []

    gone = ansible.module('route_filter', dict(resource_group=ONPREM_RG, name='rf-o365', state='absent'), diff=True)
    assert gone.changed and gone.result['action'] == 'delete' and gone.result['route_filter'] is None, gone.msg
    assert gone.result['diff']['after'] == {}
    lab.admin.clear_log()
    again = ansible.module('route_filter', dict(resource_group=ONPREM_RG, name='rf-o365', state='absent'))
    assert not again.changed and not again.failed, again.msg
    assert changes(lab) == []


def test_a_rule_not_named_is_never_dropped(ansible, lab):
    assert ansible.module('route_filter', FILTER).changed
    lab.admin.clear_log()
    # Azure keeps one rule per filter: another rule beside it is refused before any write, naming the way out.
    other = dict(FILTER, rules=[dict(name='allow-aad', communities=[AAD])])
    refused = ansible.module('route_filter', other)
    assert refused.failed and 'rules' in refused.msg and 'allow-exchange' in refused.msg, refused.msg
    assert 'purge_rules=true' in refused.msg
    assert changes(lab) == []
    assert [item['name'] for item in filter_via_sdk(lab)['rules']] == ['allow-exchange']

    replaced = ansible.module('route_filter', dict(other, purge_rules=True), diff=True)
    assert replaced.changed and not replaced.failed, replaced.msg
    assert [item['name'] for item in filter_via_sdk(lab)['rules']] == ['allow-aad']

    emptied = ansible.module('route_filter', dict(FILTER, rules=[], purge_rules=True))
    assert emptied.changed and emptied.result['route_filter']['rules'] == [], emptied.msg
    assert filter_via_sdk(lab).get('rules', []) == []


def test_bad_rules_are_refused_before_any_request_naming_the_option(ansible, lab):
    bad = dict(FILTER, rules=[dict(name='allow-exchange', access='Deny', route_filter_rule_type='Prefix',
                                   communities=['12076', '12076:5010', '12076:5010', 'abc:1', '12076:70000']),
                              dict(name='a/b', communities=[])])
    run = ansible.module('route_filter', bad)
    assert run.failed
    for fragment in ('rules[0].access', 'rules[0].route_filter_rule_type', 'rules[0].communities[0]',
                     'rules[0].communities[2]', 'rules[0].communities[3]', 'rules[0].communities[4]',
                     'rules[1].name', 'rules[1].communities', "'Deny'", 'at most 1 rule'):
        assert fragment in run.msg, (fragment, run.msg)
    assert 'rules[0].communities[1]' not in run.msg
    assert arm_requests(lab) == []

    no_location = ansible.module('route_filter', dict(FILTER, location=None))
    assert no_location.failed and 'location' in no_location.msg
    assert changes(lab) == []

    assert ansible.module('route_filter', FILTER).changed
    moved = ansible.module('route_filter', dict(FILTER, location='eastus'))
    assert moved.failed and 'location' in moved.msg and 'westus' in moved.msg
    assert [entry.split(' ')[0] for entry in changes(lab)] == ['PUT']


def test_attach_detach_and_info_show_the_peering(ansible, lab):
    filter_id = ansible.module('route_filter', FILTER).result['route_filter']['id']
    assert not ansible.module('circuit_peering', SEED_MICROSOFT).failed
    peering_args = dict(SEED_MICROSOFT, route_filter_id=filter_id)
    attached = ansible.module('circuit_peering', peering_args, diff=True)
    assert attached.changed and attached.result['changed_fields'] == ['route_filter_id'], attached.msg
    assert attached.result['peering']['route_filter_id'].lower() == filter_id.lower()
    lab.admin.clear_log()
    assert not ansible.module('circuit_peering', peering_args).changed
    assert not ansible.module('circuit_peering', dict(peering_args, route_filter_id=filter_id.upper())).changed
    assert changes(lab) == []

    info = ansible.module('route_filter_info', dict(resource_group=ONPREM_RG, name='rf-o365'))
    assert not info.failed and not info.changed, info.msg
    (found,) = info.result['route_filters']
    assert found['rules'][0]['communities'] == [EXCHANGE]
    assert [peering.lower() for peering in found['peerings']] == [attached.result['peering']['id'].lower()]
    listed = ansible.module('route_filter_info', dict(resource_group=ONPREM_RG))
    assert [item['name'] for item in listed.result['route_filters']] == ['rf-o365']
    missing = ansible.module('route_filter_info', dict(resource_group=ONPREM_RG, name='no-such-filter'))
    assert not missing.failed and missing.result['route_filters'] == []

    # Attached: deleting is refused before any write, naming the peering and the way to detach.
    lab.admin.clear_log()
    in_use = ansible.module('route_filter', dict(resource_group=ONPREM_RG, name='rf-o365', state='absent'))
    assert in_use.failed and 'MicrosoftPeering' in in_use.msg and "route_filter_id=''" in in_use.msg, in_use.msg
    assert changes(lab) == []

    # Detach: only the filter goes; the peering's other fields stay.
    before = peering_via_sdk(lab, name='MicrosoftPeering')['properties']
    checked = ansible.module('circuit_peering', dict(SEED_MICROSOFT, route_filter_id=''), check=True)
    assert checked.changed and checked.result['changed_fields'] == ['route_filter_id'], checked.msg
    assert 'routeFilter' not in checked.result['request']['properties']
    assert changes(lab) == []
    detached = ansible.module('circuit_peering', dict(CIRCUIT_ONLY, route_filter_id=''))
    assert detached.changed and detached.result['peering']['route_filter_id'] is None, detached.msg
    after = peering_via_sdk(lab, name='MicrosoftPeering')['properties']
    assert 'routeFilter' not in after
    for field in ('vlanId', 'peerASN', 'primaryPeerAddressPrefix', 'secondaryPeerAddressPrefix'):
        assert after[field] == before[field], field
    for field in ('advertisedPublicPrefixes', 'customerASN', 'routingRegistryName'):
        assert after['microsoftPeeringConfig'][field] == before['microsoftPeeringConfig'][field], field
    lab.admin.clear_log()
    assert not ansible.module('circuit_peering', dict(CIRCUIT_ONLY, route_filter_id='')).changed
    assert changes(lab) == []
    assert ansible.module('route_filter', dict(resource_group=ONPREM_RG, name='rf-o365', state='absent')).changed


CIRCUIT_ONLY = dict(resource_group=ONPREM_RG, circuit_name='er-sv-primary', peering_type='MicrosoftPeering')


def test_the_catalogue_is_searched_by_name_and_value(ansible, lab):
    everything = ansible.module('bgp_service_community_info', {})
    assert not everything.failed and not everything.changed, everything.msg
    assert {EXCHANGE, AAD} <= set(everything.result['communities'])
    exchange = ansible.module('bgp_service_community_info', dict(service_name='exchange'))
    assert exchange.result['communities'] == [EXCHANGE], exchange.msg
    (service,) = exchange.result['services']
    assert service['service_name'] == 'Exchange'
    assert '40.96.0.0/13' in service['communities'][0]['community_prefixes']
    assert service['communities'][0]['service_supported_region'] == 'Global'
    by_community_name = ansible.module('bgp_service_community_info', dict(service_name='azure active directory'))
    assert by_community_name.result['communities'] == [AAD]
    by_value = ansible.module('bgp_service_community_info', dict(community_value=AAD))
    assert [item['service_name'] for item in by_value.result['services']] == ['AzureActiveDirectory']
    none = ansible.module('bgp_service_community_info', dict(service_name='Exchange', community_value=AAD))
    assert none.result['services'] == [] and none.result['communities'] == []
    lab.admin.clear_log()
    bad = ansible.module('bgp_service_community_info', dict(community_value='exchange'))
    assert bad.failed and 'community_value' in bad.msg
    assert arm_requests(lab) == []

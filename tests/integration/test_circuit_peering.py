# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_peering, circuit_peering_info and circuit_info against the lab.

The private and Microsoft peering values are those of Microsoft's classic
walkthrough (shared/reference/seeds/expressroute-peering-classic.md).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

CIRCUIT = dict(resource_group='rg-onprem-network', circuit_name='er-sv-primary')
MD5_KEY = 'A1B2C3D4'

SEED_PRIVATE = dict(
    CIRCUIT, peering_type='AzurePrivatePeering', primary_peer_address_prefix='10.0.0.0/30',
    secondary_peer_address_prefix='10.0.0.4/30', peer_asn=1234, vlan_id=100, shared_key=MD5_KEY)

SEED_MICROSOFT = dict(
    CIRCUIT, peering_type='MicrosoftPeering', primary_peer_address_prefix='131.107.0.0/30',
    secondary_peer_address_prefix='131.107.0.4/30', vlan_id=300, peer_asn=1234,
    microsoft_peering_config=dict(customer_asn=2245, advertised_public_prefixes=['123.0.0.0/30'],
                                  routing_registry_name='ARIN'),
    shared_key=MD5_KEY)


def peering_via_sdk(lab, circuit='er-sv-primary', name='AzurePrivatePeering'):
    client = lab.network_client()
    return client.express_route_circuit_peerings.get('rg-onprem-network', circuit, name).as_dict()


def test_seed_private_peering_lifecycle(ansible, lab):
    dry = ansible.module('circuit_peering', SEED_PRIVATE, check=True, diff=True)
    assert not dry.failed, dry.msg
    assert dry.changed
    assert dry.result['diff']['before'] == {}
    assert dry.result['diff']['after']['vlan_id'] == 100
    assert dry.result['diff']['after']['shared_key'] == '********'
    assert dry.result['request']['properties']['peerASN'] == 1234
    assert lab.admin.writes() == []

    created = ansible.module('circuit_peering', SEED_PRIVATE, diff=True)
    assert not created.failed, created.msg
    assert created.changed
    peering = created.result['peering']
    assert (peering['vlan_id'], peering['peer_asn'], peering['azure_asn']) == (100, 1234, 12076)
    assert peering['primary_peer_address_prefix'] == '10.0.0.0/30'
    assert MD5_KEY not in created.output
    # What check mode said it would send is what the real run sent.
    assert created.result['request'] == dry.result['request']

    lab.admin.clear_log()
    again = ansible.module('circuit_peering', SEED_PRIVATE)
    assert not again.failed, again.msg
    assert again.changed is False
    assert again.result['changed_fields'] == []
    assert lab.admin.writes() == []

    # The walkthrough's update: VLAN 100 -> 500; the diff shows only that.
    moved = ansible.module('circuit_peering', dict(SEED_PRIVATE, vlan_id=500), diff=True)
    assert not moved.failed, moved.msg
    assert moved.result['changed_fields'] == ['vlan_id']
    assert (moved.result['diff']['before']['vlan_id'], moved.result['diff']['after']['vlan_id']) == (100, 500)
    assert peering_via_sdk(lab)['properties']['vlanId'] == 500
    assert peering_via_sdk(lab)['properties']['peerASN'] == 1234

    info = ansible.module('circuit_peering_info', dict(CIRCUIT, peering_type='AzurePrivatePeering'))
    assert info.result['peerings'][0]['vlan_id'] == 500

    gone = ansible.module('circuit_peering', dict(CIRCUIT, peering_type='AzurePrivatePeering', state='absent'))
    assert not gone.failed, gone.msg
    assert gone.changed
    lab.admin.clear_log()
    again = ansible.module('circuit_peering', dict(CIRCUIT, peering_type='AzurePrivatePeering', state='absent'))
    assert again.changed is False
    assert lab.admin.writes() == []


def test_seed_microsoft_peering_and_prefix_purge(ansible, lab):
    created = ansible.module('circuit_peering', SEED_MICROSOFT)
    assert not created.failed, created.msg
    config = created.result['peering']['microsoft_peering_config']
    assert config['advertised_public_prefixes'] == ['123.0.0.0/30']
    assert (config['customer_asn'], config['routing_registry_name']) == (2245, 'ARIN')

    added = dict(SEED_MICROSOFT, purge_advertised_public_prefixes=False,
                 microsoft_peering_config=dict(SEED_MICROSOFT['microsoft_peering_config'],
                                               advertised_public_prefixes=['123.0.1.0/24']))
    merged = ansible.module('circuit_peering', added)
    assert merged.changed
    sent = peering_via_sdk(lab, name='MicrosoftPeering')['properties']['microsoftPeeringConfig']
    assert sorted(sent['advertisedPublicPrefixes']) == ['123.0.0.0/30', '123.0.1.0/24']

    lab.admin.clear_log()
    assert ansible.module('circuit_peering', added).changed is False
    assert lab.admin.writes() == []

    replaced = ansible.module('circuit_peering', dict(added, purge_advertised_public_prefixes=True))
    assert replaced.changed
    sent = peering_via_sdk(lab, name='MicrosoftPeering')['properties']['microsoftPeeringConfig']
    assert sent['advertisedPublicPrefixes'] == ['123.0.1.0/24']


def test_every_problem_is_reported_at_once_and_nothing_is_written(ansible, lab):
    bad = dict(SEED_MICROSOFT, peer_asn=65515, primary_peer_address_prefix='10.1.0.0/30',
               secondary_peer_address_prefix='131.107.0.0/29',
               microsoft_peering_config=dict(advertised_public_prefixes=['192.168.10.0/24', '100.64.0.0/24'],
                                             routing_registry_name='ARIN'))
    run = ansible.module('circuit_peering', bad)
    assert run.failed
    for fragment in ('peer_asn', 'primary_peer_address_prefix', 'secondary_peer_address_prefix',
                     'microsoft_peering_config.advertised_public_prefixes[0]',
                     'microsoft_peering_config.advertised_public_prefixes[1]', '65515', 'RFC 1918'):
        assert fragment in run.msg, fragment
    assert 'Traceback' not in run.output
    assert lab.admin.writes() == []


def test_vlan_of_the_other_peering_is_refused(ansible, lab):
    assert not ansible.module('circuit_peering', SEED_PRIVATE).failed
    lab.admin.clear_log()
    run = ansible.module('circuit_peering', dict(SEED_MICROSOFT, vlan_id=100))
    assert run.failed
    assert 'vlan_id' in run.msg and 'AzurePrivatePeering' in run.msg
    assert lab.admin.writes() == []


def test_unprovisioned_circuit_is_refused_naming_both_states(ansible, lab):
    run = ansible.module('circuit_peering', dict(SEED_PRIVATE, circuit_name='er-chi-pending'))
    assert run.failed
    assert 'NotProvisioned' in run.msg and 'circuitProvisioningState' in run.msg
    assert lab.admin.writes() == []
    info = ansible.module('circuit_info', dict(resource_group='rg-onprem-network', circuit_name='er-chi-pending'))
    assert info.result['ready'] is False
    assert info.result['circuit']['service_provider_provisioning_state'] == 'NotProvisioned'


def global_reach_between_circuits(ansible, lab):
    """Private peering on both circuits and a Global Reach connection sv -> ams, made with the SDK."""
    assert not ansible.module('circuit_peering', SEED_PRIVATE).failed
    other = dict(SEED_PRIVATE, circuit_name='er-ams-secondary', primary_peer_address_prefix='10.0.1.0/30',
                 secondary_peer_address_prefix='10.0.1.4/30')
    assert not ansible.module('circuit_peering', other).failed
    ids = lab.world_ids()
    client = lab.network_client()
    poller = client.express_route_circuit_connections.begin_create_or_update(
        'rg-onprem-network', 'er-sv-primary', 'AzurePrivatePeering', 'sv-to-ams',
        {'properties': {
            'expressRouteCircuitPeering': {'id': ids['er-sv-primary'] + '/peerings/AzurePrivatePeering'},
            'peerExpressRouteCircuitPeering': {'id': ids['er-ams-secondary'] + '/peerings/AzurePrivatePeering'},
            'addressPrefix': '10.250.0.0/29'}},
        polling_interval=0.1)
    poller.result()


def test_update_keeps_global_reach_connections(ansible, lab):
    global_reach_between_circuits(ansible, lab)
    moved = ansible.module('circuit_peering', dict(SEED_PRIVATE, peer_asn=4200000001))
    assert not moved.failed, moved.msg
    assert moved.result['changed_fields'] == ['peer_asn']
    properties = peering_via_sdk(lab)['properties']
    assert properties['peerASN'] == 4200000001
    assert [item['name'] for item in properties['connections']] == ['sv-to-ams']


def test_delete_with_connections_needs_consent(ansible, lab):
    global_reach_between_circuits(ansible, lab)
    lab.admin.clear_log()
    absent = dict(CIRCUIT, peering_type='AzurePrivatePeering', state='absent')
    refused = ansible.module('circuit_peering', absent)
    assert refused.failed
    assert 'sv-to-ams' in refused.msg and 'remove_connections' in refused.msg
    assert lab.admin.writes() == []

    removed = ansible.module('circuit_peering', dict(absent, remove_connections=True))
    assert not removed.failed, removed.msg
    assert removed.changed
    deletes = [entry['path'] for entry in lab.admin.writes() if entry['method'] == 'DELETE']
    assert deletes[0].endswith('/connections/sv-to-ams') and deletes[-1].endswith('/peerings/AzurePrivatePeering')
    # The other circuit's peering is untouched.
    assert peering_via_sdk(lab, circuit='er-ams-secondary')['properties']['vlanId'] == 100


def test_md5_key_never_printed_even_with_vvv_and_diff(ansible):
    run = ansible.module('circuit_peering', SEED_PRIVATE, diff=True, verbosity=3)
    assert not run.failed, run.msg
    assert MD5_KEY not in run.output


def test_messages_quote_what_the_user_wrote(ansible, lab):
    run = ansible.module('circuit_peering', dict(SEED_PRIVATE, primary_peer_address_prefix='10.0.0.1/30'))
    assert run.failed
    assert "did you mean 10.0.0.0/30 (got '10.0.0.1/30')" in run.msg
    assert lab.admin.writes() == []


def test_circuit_info_reads_the_circuit_once(ansible, lab):
    assert not ansible.module('circuit_peering', SEED_PRIVATE).failed
    lab.admin.clear_log()
    info = ansible.module('circuit_info', dict(CIRCUIT))
    assert info.result['ready'] is True
    assert [item['vlan_id'] for item in info.result['circuit']['peerings']] == [100]
    assert info.result['circuit']['peerings'][0]['shared_key'] == '********'
    reads = [entry for entry in lab.admin.requests() if entry['kind'] == 'read']
    assert len(reads) == 1 and reads[0]['path'].endswith('/expressRouteCircuits/er-sv-primary')
    assert lab.admin.writes() == []

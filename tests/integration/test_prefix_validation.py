# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Per-prefix validation of Microsoft peering's advertised prefixes, against the lab.

The classic walkthrough's Microsoft peering (customer ASN 2245, ARIN). In the
lab's default world 123.1.0.0/24 is registered to the customer (Configured)
and 123.0.0.0/30 is not (ValidationNeeded); the admin endpoint plays the
service deciding a prefix's state after that.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from test_circuit_peering import CIRCUIT, SEED_MICROSOFT, peering_via_sdk

REGISTERED = '123.1.0.0/24'
FOREIGN = '123.0.0.0/30'
SIGNATURE = 'c2lnbmVkIGJ5IHRoZSBwcmVmaXggb3duZXI='

BOTH = dict(SEED_MICROSOFT, microsoft_peering_config=dict(
    SEED_MICROSOFT['microsoft_peering_config'], advertised_public_prefixes=[REGISTERED, FOREIGN]))


def with_prefixes(*items):
    return dict(SEED_MICROSOFT, microsoft_peering_config=dict(
        SEED_MICROSOFT['microsoft_peering_config'], advertised_public_prefixes=list(items)))


def states(result):
    info = result['peering']['microsoft_peering_config']['advertised_public_prefix_info']
    return dict((entry['prefix'], entry['validation_state']) for entry in info)


def set_state(lab, peering_id, prefix, state):
    lab.admin._call('POST', '/peerings/prefix-validation',  # pylint: disable=protected-access
                    json={'id': peering_id, 'prefix': prefix, 'validationState': state})


def test_each_prefix_reports_its_state_and_validation_needed_says_what_to_do(ansible, lab):
    created = ansible.module('circuit_peering', BOTH)
    assert not created.failed, created.msg
    assert states(created.result) == {REGISTERED: 'Configured', FOREIGN: 'ValidationNeeded'}
    assert created.result['peering']['microsoft_peering_config']['advertised_public_prefixes_state'] == 'ValidationNeeded'
    advice = created.result['advice']
    assert len(advice) == 1 and FOREIGN in advice[0] and REGISTERED not in advice[0]
    assert 'customer ASN 2245' in advice[0] and 'ARIN' in advice[0] and 'signature' in advice[0]
    assert any(FOREIGN in warning for warning in created.result.get('warnings', []))

    info = ansible.module('circuit_peering_info', dict(CIRCUIT, peering_type='MicrosoftPeering'))
    peering = info.result['peerings'][0]
    assert dict((e['prefix'], e['validation_state'])
                for e in peering['microsoft_peering_config']['advertised_public_prefix_info']) == states(created.result)
    assert peering['validation_advice'] == advice


def test_a_state_the_service_changes_is_never_drift(ansible, lab):
    created = ansible.module('circuit_peering', BOTH)
    assert not created.failed, created.msg
    peering_id = created.result['peering']['id']

    # The service validates the foreign prefix, then fails another one: the client wrote nothing either time.
    set_state(lab, peering_id, FOREIGN, 'Configured')
    lab.admin.clear_log()
    again = ansible.module('circuit_peering', BOTH, diff=True)
    assert not again.failed, again.msg
    assert again.changed is False and again.result['changed_fields'] == []
    assert states(again.result) == {REGISTERED: 'Configured', FOREIGN: 'Configured'}
    assert 'advice' not in again.result
    assert lab.admin.writes() == []

    set_state(lab, peering_id, REGISTERED, 'AsnValidationFailed')
    lab.admin.clear_log()
    checked = ansible.module('circuit_peering', BOTH, check=True)
    assert checked.changed is False
    assert states(checked.result)[REGISTERED] == 'AsnValidationFailed'
    assert 'ASN check' in checked.result['advice'][0]
    assert lab.admin.writes() == []


def test_signature_and_validation_id_are_sent_and_a_rerun_writes_nothing(ansible, lab):
    created = ansible.module('circuit_peering', BOTH)
    assert not created.failed, created.msg
    served_id = dict((e['prefix'], e['validation_id'])
                     for e in created.result['peering']['microsoft_peering_config']['advertised_public_prefix_info'])

    proved = with_prefixes(REGISTERED, {'prefix': FOREIGN, 'signature': SIGNATURE})
    lab.admin.clear_log()
    dry = ansible.module('circuit_peering', proved, check=True, diff=True)
    assert dry.changed
    assert dry.result['changed_fields'] == ['microsoft_peering_config.prefix_validation.%s.signature' % FOREIGN]
    assert lab.admin.writes() == []

    signed = ansible.module('circuit_peering', proved)
    assert not signed.failed, signed.msg
    assert signed.changed
    sent = signed.result['request']['properties']['microsoftPeeringConfig']['advertisedPublicPrefixInfo']
    # One entry per advertised prefix, the proof on the foreign one with the validationId Azure gave it; the
    # read-only validationState is not sent back.
    assert sent == [{'prefix': REGISTERED, 'validationId': served_id[REGISTERED]},
                    {'prefix': FOREIGN, 'validationId': served_id[FOREIGN], 'signature': SIGNATURE}]
    stored = peering_via_sdk(lab, name='MicrosoftPeering')['properties']['microsoftPeeringConfig']
    assert {e['prefix']: e.get('signature') for e in stored['advertisedPublicPrefixInfo']}[FOREIGN] == SIGNATURE
    # A signature alone validates nothing: the service decides (the lab's admin plays it).
    assert states(signed.result)[FOREIGN] == 'ValidationNeeded'

    lab.admin.clear_log()
    again = ansible.module('circuit_peering', proved)
    assert not again.failed, again.msg
    assert again.changed is False
    assert lab.admin.writes() == []

    # A validation id of the user's own is sent as given, and is then idempotent too.
    own = with_prefixes(REGISTERED, {'prefix': FOREIGN, 'signature': SIGNATURE, 'validation_id': 'Azure-SKEY|own|ASN-2245'})
    changed = ansible.module('circuit_peering', own)
    assert not changed.failed, changed.msg
    assert changed.changed
    sent = changed.result['request']['properties']['microsoftPeeringConfig']['advertisedPublicPrefixInfo']
    assert sent[1] == {'prefix': FOREIGN, 'validationId': 'Azure-SKEY|own|ASN-2245', 'signature': SIGNATURE}
    lab.admin.clear_log()
    assert ansible.module('circuit_peering', own).changed is False
    assert lab.admin.writes() == []

    # Plain strings again: the proofs stay as Azure holds them (unmanaged), nothing is written.
    lab.admin.clear_log()
    assert ansible.module('circuit_peering', BOTH).changed is False
    assert lab.admin.writes() == []


def test_bad_prefix_items_are_refused_naming_the_item_and_nothing_is_written(ansible, lab):
    lab.admin.clear_log()
    bad = with_prefixes(REGISTERED, {'prefix': FOREIGN, 'signature': '', 'colour': 'red'}, {'signature': SIGNATURE})
    failed = ansible.module('circuit_peering', bad)
    assert failed.failed
    assert 'microsoft_peering_config.advertised_public_prefixes[1].signature' in failed.msg
    assert "microsoft_peering_config.advertised_public_prefixes[1]: may only have the keys" in failed.msg
    assert 'microsoft_peering_config.advertised_public_prefixes[2].prefix' in failed.msg
    assert lab.admin.writes() == []

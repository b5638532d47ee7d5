# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""circuit_peering: the circuit it returns (so a play needs no second read), and its refusal of an unready circuit."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import copy

import pytest

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import circuit_id
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import require_ready
from ansible_collections.hybridlink.expressroute.plugins.modules import circuit_peering as subject

CIRCUIT = circuit_id('00000000-0000-0000-0000-000000000000', 'rg', 'er1')
MD5 = 'md5-key-not-shown'


def peering_wire(name, vlan):
    return {'name': name, 'id': str(CIRCUIT.child('peerings', name)),
            'properties': {'peeringType': name, 'vlanId': vlan, 'peerASN': 65010, 'sharedKey': MD5,
                           'provisioningState': 'Succeeded', 'state': 'Enabled'}}


def circuit_wire(*peerings, provider='Provisioned'):
    return {'name': 'er1', 'id': str(CIRCUIT), 'etag': 'W/"1"',
            'properties': {'serviceProviderProvisioningState': provider, 'circuitProvisioningState': 'Enabled',
                           'serviceProviderProperties': {'serviceProviderName': 'Equinix'},
                           'authorizations': [{'name': 'a1', 'properties': {
                               'authorizationKey': 'key-not-shown', 'authorizationUseStatus': 'InUse'}}],
                           'peerings': list(peerings)}}


def test_the_written_peering_replaces_the_read_one_in_place_and_the_others_stay():
    wire = circuit_wire(peering_wire('AzurePrivatePeering', 100), peering_wire('MicrosoftPeering', 300))
    before = copy.deepcopy(wire)
    written = subject.peering_result(peering_wire('AzurePrivatePeering', 101))
    circuit = subject.circuit_after(wire, 'AzurePrivatePeering', written)
    assert [(item['peering_type'], item['vlan_id']) for item in circuit['peerings']] == [
        ('AzurePrivatePeering', 101), ('MicrosoftPeering', 300)]
    assert circuit['peering_names'] == ['AzurePrivatePeering', 'MicrosoftPeering']
    assert [item['name'] for item in circuit['authorizations']] == ['a1']
    assert wire == before


def test_a_new_peering_is_added_and_a_deleted_one_is_gone():
    wire = circuit_wire(peering_wire('MicrosoftPeering', 300))
    planned = {'peering_type': 'AzurePrivatePeering', 'vlan_id': 100, 'shared_key': '********'}
    created = subject.circuit_after(wire, 'AzurePrivatePeering', planned)
    assert [item['peering_type'] for item in created['peerings']] == ['MicrosoftPeering', 'AzurePrivatePeering']
    deleted = subject.circuit_after(wire, 'MicrosoftPeering', None)
    assert deleted['peerings'] == [] and deleted['peering_names'] == []


def test_no_secret_of_the_circuit_is_returned():
    wire = circuit_wire(peering_wire('AzurePrivatePeering', 100), peering_wire('MicrosoftPeering', 300))
    text = repr(subject.circuit_after(wire, 'MicrosoftPeering', None))
    assert MD5 not in text and 'key-not-shown' not in text


def test_an_unready_circuit_is_refused_with_both_states_and_the_provider():
    with pytest.raises(ModuleFailure) as raised:
        require_ready('ExpressRoute circuit %s' % CIRCUIT.name, circuit_wire(provider='NotProvisioned'), 'peering')
    assert raised.value.message == (
        'ExpressRoute circuit er1 is not ready for peering: provider state (serviceProviderProvisioningState) is '
        'NotProvisioned (needs Provisioned), circuit state (circuitProvisioningState) is Enabled (needs Enabled). '
        'Ask the connectivity provider (Equinix) to finish provisioning, then rerun. Nothing was changed.')
    require_ready('ExpressRoute circuit %s' % CIRCUIT.name, circuit_wire(), 'peering')

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: circuit_peering_info
short_description: Read the peerings of an ExpressRoute circuit
version_added: 0.1.0
description:
  - Reads one peering by type, or all peerings of a circuit, in the same schema that
    M(hybridlink.expressroute.circuit_peering) takes, plus read-only fields such as C(azure_asn), the Azure
    ports and the Global Reach connections.
  - The MD5 shared key is never returned.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit
  - hybridlink.expressroute.attributes.info_module
options:
  peering_type:
    description:
      - Which peering to read. When omitted, all peerings of the circuit are returned.
    type: str
    choices: [AzurePrivatePeering, MicrosoftPeering]
'''

EXAMPLES = r'''
- name: Read private peering
  hybridlink.expressroute.circuit_peering_info:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    peering_type: AzurePrivatePeering
  register: private

- name: Show the Global Reach connections on it
  ansible.builtin.debug:
    var: private.peerings[0].connections
'''

RETURN = r'''
peerings:
  description: The peerings found (empty when the requested one does not exist).
  returned: always
  type: list
  elements: dict
  contains:
    peering_type:
      description: V(AzurePrivatePeering) or V(MicrosoftPeering).
      type: str
      returned: always
    vlan_id:
      description: VLAN ID.
      type: int
      returned: always
    peer_asn:
      description: Your ASN.
      type: int
      returned: always
    azure_asn:
      description: Microsoft's ASN (12076), 0 while the peering is being updated.
      type: int
      returned: always
    primary_peer_address_prefix:
      description: The /30 (IPv4) of the primary link, in ipaddress's spelling.
      type: str
      returned: always
    secondary_peer_address_prefix:
      description: The /30 (IPv4) of the secondary link, in ipaddress's spelling.
      type: str
      returned: always
    shared_key:
      description: The MD5 key, masked as C(********) when Azure returns one; null when it does not.
      type: str
      returned: always
    microsoft_peering_config:
      description: The Microsoft peering's advertised prefixes and their validation; null on a private peering.
      type: dict
      returned: always
      contains:
        advertised_public_prefixes:
          description: The public prefixes you advertise, in ipaddress's spelling.
          type: list
          elements: str
        advertised_public_prefixes_state:
          description: How far Microsoft got validating them (for example V(Configured) or V(ValidationNeeded)).
          type: str
        advertised_public_prefix_info:
          description:
            - Per advertised prefix, C(prefix), C(validation_id) (the string to sign to prove ownership),
              C(signature) and C(validation_state) (for example V(Configured), V(ValidationNeeded),
              V(SignatureVerificationFailed)). Null when the answer carries none.
          type: list
          elements: dict
        advertised_communities:
          description: The BGP communities you advertise.
          type: list
          elements: str
        customer_asn:
          description: The ASN the prefixes originate from, when it is not the peering's own RV(peerings[].peer_asn).
          type: int
        routing_registry_name:
          description: The routing registry the prefixes are registered in.
          type: str
        legacy_mode:
          description: Legacy mode of the Microsoft peering.
          type: int
    connections:
      description: Global Reach connections configured on this peering.
      type: list
      elements: dict
      returned: always
    peered_connections:
      description: Global Reach connections that other circuits (or AVS) configured towards this peering.
      type: list
      elements: dict
      returned: always
    validation_advice:
      description: What to do about each advertised prefix Azure has not validated; empty when none waits.
      type: list
      elements: str
      returned: always
  sample:
    - peering_type: AzurePrivatePeering
      vlan_id: 100
      peer_asn: 1234
      azure_asn: 12076
      primary_peer_address_prefix: 10.0.0.0/30
      secondary_peer_address_prefix: 10.0.0.4/30
      connections: []
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import get_peering, list_peerings
from ansible_collections.hybridlink.expressroute.plugins.module_utils.prefix_validation import validation_advice
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import peering_result
from ansible_collections.hybridlink.expressroute.plugins.module_utils.info import run_child_info


def peering_with_advice(wire):
    peering = peering_result(wire)
    return dict(peering, validation_advice=validation_advice(peering))


def main():
    run_child_info('circuit', 'peerings', get_peering, list_peerings, peering_with_advice,
                   name_option='peering_type', name_spec=dict(type='str', choices=['AzurePrivatePeering', 'MicrosoftPeering']))


if __name__ == '__main__':
    main()

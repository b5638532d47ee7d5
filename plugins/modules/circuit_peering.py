#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: circuit_peering
short_description: Configure Azure private or Microsoft peering on an ExpressRoute circuit
version_added: 0.1.0
description:
  - Creates, updates or deletes the V(AzurePrivatePeering) or V(MicrosoftPeering) of an ExpressRoute circuit, with its
    VLAN, peer ASN (2- or 4-byte), primary and secondary peer subnets for IPv4 and IPv6, MD5 shared key,
    and for Microsoft peering the advertised public prefixes, communities, customer ASN and routing registry.
  - Every option is validated before anything is sent, and all problems are reported at once.
  - The circuit must be V(Provisioned) by the connectivity provider and V(Enabled); otherwise the module stops
    before any write and says which state it found.
  - Only the options you set are managed. Fields you leave unset, and the peering's Global Reach connections,
    are carried through every update unchanged (Azure replaces a peering's children with what a write sends,
    so the module always reads, merges and writes).
  - Updates are sent with C(If-Match) on the peering's etag; when someone else changed it in between, the module
    reads it again, plans again and retries. Conflicts with another operation on the circuit are retried with
    backoff until O(operation_timeout).
  - A peering left in provisioning state V(Failed) or V(Canceled) by an earlier operation is repaired; the run sends
    the desired state again (and reports a change) even when its fields already match.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit
  - hybridlink.expressroute.attributes
options:
  peering_type:
    description:
      - Which peering. Its name is the same as its type.
    type: str
    required: true
    choices: [AzurePrivatePeering, MicrosoftPeering]
  state:
    description:
      - V(present) creates or updates the peering; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  peering_state:
    description:
      - Administrative state of the peering's BGP sessions.
    type: str
    choices: [Enabled, Disabled]
  vlan_id:
    description:
      - VLAN ID (1-4094), not used by the circuit's other peering. Required to create a peering.
    type: int
  peer_asn:
    description:
      - Your ASN for BGP, 2- or 4-byte (1-4294967295). 65515-65520 are reserved by Microsoft.
        Required to create a peering.
    type: int
  primary_peer_address_prefix:
    description:
      - IPv4 /30 for the primary link (or one half of a /29 split in two). Your router takes the first usable
        address, Microsoft the second. Public for Microsoft peering.
    type: str
  secondary_peer_address_prefix:
    description:
      - IPv4 /30 for the secondary link, distinct from and not overlapping O(primary_peer_address_prefix).
    type: str
  shared_key:
    description:
      - MD5 key for the BGP sessions, 1-25 characters. Never logged; returned, shown in a diff and echoed in
        RV(request) only masked, as C(********).
      - When Azure does not return the key on reads, it is sent when the peering is created, whenever the module
        updates the peering for another reason, and on every run with O(update_shared_key=always).
    type: str
  update_shared_key:
    description:
      - V(on_create) treats O(shared_key) as set-once when Azure does not return it (runs stay idempotent).
      - V(always) sends it on every run, and reports a change each time Azure does not let it compare.
    type: str
    choices: [on_create, always]
    default: on_create
  microsoft_peering_config:
    description:
      - Microsoft peering settings for IPv4.
    type: dict
    suboptions:
      advertised_public_prefixes:
        description:
          - Public prefixes you advertise, registered to you (or to O(microsoft_peering_config.customer_asn))
            in the routing registry. Private, shared (100.64.0.0/10) and reserved ranges are refused.
          - Each item is a prefix (V(123.1.0.0/24)), or, to prove ownership of a prefix that Azure could not
            validate against the routing registry, a dictionary with C(prefix), C(signature) (the prefix's
            C(validation_id) signed with your private key) and optionally C(validation_id) (by default the one
            Azure returns in C(advertised_public_prefix_info) of RV(peering)). Azure takes them
            in C(advertisedPublicPrefixInfo) (api-version 2024-10-01 and later; the collection uses 2026-03-01).
          - A signature is a proof anyone can verify, not a credential; Azure returns it on reads, and so does
            the module (unmasked). Proofs of prefixes you give as plain strings are left as Azure holds them.
        type: list
        elements: raw
      advertised_communities:
        description:
          - BGP communities attached to the advertised prefixes.
        type: list
        elements: str
      customer_asn:
        description:
          - The ASN the prefixes are registered to, when it is not O(peer_asn). Must be public.
        type: int
      routing_registry_name:
        description:
          - Registry where the prefixes are registered.
        type: str
        choices: [ARIN, APNIC, AFRINIC, LACNIC, RIPENCC, RADB, ALTDB, LEVEL3]
      legacy_mode:
        description:
          - Legacy mode of the peering, as Azure defines it.
        type: int
  ipv6_peering_config:
    description:
      - IPv6 settings of the peering.
    type: dict
    suboptions:
      primary_peer_address_prefix:
        description: IPv6 /126 for the primary link.
        type: str
      secondary_peer_address_prefix:
        description: IPv6 /126 for the secondary link.
        type: str
      state:
        description: State of the IPv6 sessions.
        type: str
        choices: [Enabled, Disabled]
      route_filter_id:
        description: Resource ID of a route filter for IPv6 Microsoft peering; an empty string detaches it.
        type: str
      microsoft_peering_config:
        description: Microsoft peering settings for IPv6, as in O(microsoft_peering_config).
        type: dict
        suboptions:
          advertised_public_prefixes:
            description:
              - Public IPv6 prefixes you advertise, as prefixes or as dictionaries with C(prefix), C(signature) and
                C(validation_id), as in O(microsoft_peering_config.advertised_public_prefixes).
            type: list
            elements: raw
          advertised_communities:
            description: BGP communities.
            type: list
            elements: str
          customer_asn:
            description: The ASN the prefixes are registered to.
            type: int
          routing_registry_name:
            description: Registry where the prefixes are registered.
            type: str
            choices: [ARIN, APNIC, AFRINIC, LACNIC, RIPENCC, RADB, ALTDB, LEVEL3]
          legacy_mode:
            description: Legacy mode.
            type: int
  route_filter_id:
    description:
      - Resource ID of a route filter attached to the Microsoft peering (IPv4); create one with
        M(hybridlink.expressroute.route_filter). A Microsoft peering receives no Microsoft prefixes without one.
      - An empty string detaches the current filter (the peering's other fields are left as they are); unset leaves it as it is.
    type: str
  purge_advertised_public_prefixes:
    description:
      - With V(true), the advertised prefixes become exactly the given list.
      - With V(false), the given prefixes are added to those already advertised and none are removed.
    type: bool
    default: true
  address_spaces_in_use:
    description:
      - Address ranges already used by your virtual networks or AVS private clouds. Private peering subnets
        must not overlap them. Used for validation only; never sent to Azure.
    type: list
    elements: str
    default: []
  remove_connections:
    description:
      - With O(state=absent), also delete the peering's Global Reach connections first. Without it, deleting a
        peering that still has connections fails and lists them.
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Azure private peering, as in Microsoft's walkthrough (MD5 key from the vault)
  hybridlink.expressroute.circuit_peering:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    peering_type: AzurePrivatePeering
    vlan_id: 100
    peer_asn: 1234
    primary_peer_address_prefix: 10.0.0.0/30
    secondary_peer_address_prefix: 10.0.0.4/30
    shared_key: "{{ vault_er_md5_key }}"
    address_spaces_in_use:
      - 10.176.0.0/22   # the AVS private cloud
      - 10.10.0.0/16    # hub VNet

- name: Microsoft peering with public prefixes registered at ARIN
  hybridlink.expressroute.circuit_peering:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    peering_type: MicrosoftPeering
    vlan_id: 300
    peer_asn: 1234
    primary_peer_address_prefix: 131.107.0.0/30
    secondary_peer_address_prefix: 131.107.0.4/30
    microsoft_peering_config:
      advertised_public_prefixes: [123.0.0.0/30]
      customer_asn: 2245
      routing_registry_name: ARIN

- name: Microsoft peering proving ownership of a prefix the registry check did not validate
  hybridlink.expressroute.circuit_peering:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    peering_type: MicrosoftPeering
    microsoft_peering_config:
      advertised_public_prefixes:
        - 123.1.0.0/24
        - prefix: 123.0.0.0/30
          signature: "{{ lookup('ansible.builtin.file', 'signatures/123.0.0.0_30.sig') }}"
      customer_asn: 2245
      routing_registry_name: ARIN

- name: Delete private peering, removing its Global Reach connections too
  hybridlink.expressroute.circuit_peering:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    peering_type: AzurePrivatePeering
    state: absent
    remove_connections: true
'''

RETURN = r'''
peering:
  description: The peering after the run (in check mode, what it would be); null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: Resource ID.
      type: str
      returned: when present
    peering_type:
      description: V(AzurePrivatePeering) or V(MicrosoftPeering).
      type: str
      returned: when present
    vlan_id:
      description: VLAN ID.
      type: int
      returned: when present
    peer_asn:
      description: Your ASN.
      type: int
      returned: when present
    azure_asn:
      description: Microsoft's ASN (12076); 0 while the peering is being updated.
      type: int
      returned: when present
    primary_azure_port:
      description: Microsoft's port of the primary link.
      type: str
      returned: when present
    connections:
      description: Global Reach connections on this peering (name, peer peering ID, address prefix, status).
      type: list
      elements: dict
      returned: when present
    microsoft_peering_config:
      description:
        - The Microsoft peering's settings, with C(advertised_public_prefixes_state) (V(NotConfigured),
          V(Configuring), V(Configured) or V(ValidationNeeded)) and C(advertised_public_prefix_info), one entry per
          advertised prefix with C(prefix), C(validation_id), C(signature) and C(validation_state). Both are set by
          Azure and never compared, so a state Azure changes is not drift.
      type: dict
      returned: when present
  sample:
    peering_type: AzurePrivatePeering
    vlan_id: 100
    peer_asn: 1234
    primary_peer_address_prefix: 10.0.0.0/30
    secondary_peer_address_prefix: 10.0.0.4/30
    shared_key: "********"
    azure_asn: 12076
changed_fields:
  description: The options whose values the run changes (or would change in check mode).
  returned: always
  type: list
  elements: str
  sample: [vlan_id]
request:
  description: The body sent to Azure (or that would be sent in check mode), with secrets masked.
  returned: when a write is planned
  type: dict
circuit:
  description:
    - The circuit as this run leaves it, in the form M(hybridlink.expressroute.circuit_info) returns it with
      O(hybridlink.expressroute.circuit_info#module:include_peerings=true), authorization keys never included. This
      peering is as written (in check mode, as it would be); the circuit's other peerings and its authorizations are
      as read before the write. A play that configures peering needs no second read of the circuit.
    - The circuit's C(etag) is the one read before the write.
  returned: always
  type: dict
  sample:
    name: er-sv-primary
    service_provider_provisioning_state: Provisioned
    circuit_provisioning_state: Enabled
    authorizations: [{name: avs-westus-prod, authorization_use_status: InUse}]
    peering_names: [AzurePrivatePeering]
    peerings: [{peering_type: AzurePrivatePeering, vlan_id: 100, peer_asn: 65010, shared_key: "********"}]
circuit_ready:
  description: Whether the provider has V(Provisioned) the circuit and it is V(Enabled) (as C(ready) of M(hybridlink.expressroute.circuit_info)).
  returned: always
  type: bool
advice:
  description:
    - What to do about each advertised public prefix Azure has not validated (for example V(ValidationNeeded)),
      that is, register it to the peer or customer ASN in the routing registry, or prove ownership with a signature.
      Also shown as warnings.
  returned: when a Microsoft peering has prefixes waiting for validation
  type: list
  elements: str
  sample:
    - "microsoft_peering_config: advertised prefix 123.0.0.0/30 is ValidationNeeded: Azure's automatic check did not
       find it registered to peer ASN 1234 or customer ASN 2245 in ARIN, ..."
repair:
  description: Why the run rewrites a peering whose fields already match, such as a provisioning state of V(Failed).
  returned: when the run repairs (or in check mode would repair) a peering an earlier operation left broken
  type: str
  sample: provisioning state Failed
'''

import copy

from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import (
    delete_connection, delete_peering, get_circuit, put_peering)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure, require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.peering_model import (
    PEERING_CASE_INSENSITIVE, PEERING_OPTIONS, PEERING_READ_ONLY, PEERING_REQUEST_SECRETS, PEERING_SECRETS,
    PEERING_SET_LISTS, detach_only_if_attached, peering_desired_state, peering_from_api, peering_request,
    peering_rest_body, planned_peering, with_prefix_proofs, without_prefix_proofs)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import (
    diff_for, is_broken, masked, plan_repair, plan_resource)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.prefix_validation import validation_advice
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.registry import ROUTING_REGISTRIES
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import (
    circuit_is_ready, circuit_result, peering_result, require_ready)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    CIRCUIT_TARGET_RULES, CIRCUIT_TARGET_SPEC, circuit_target)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation import validate_peering
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import provisioning_state

PREFIX_LISTS = (
    'microsoft_peering_config.advertised_public_prefixes',
    'ipv6_peering_config.microsoft_peering_config.advertised_public_prefixes',
)
# Re-read and re-plan this many times when the peering changes under us (412).
PRECONDITION_ATTEMPTS = 3


def find_peering(circuit_wire, name):
    for peering in (circuit_wire.get('properties') or {}).get('peerings') or []:
        if (peering.get('name') or '').lower() == name.lower():
            return peering
    return None


def other_vlans(circuit_wire, name):
    return dict((peering.get('name'), (peering.get('properties') or {}).get('vlanId'))
                for peering in (circuit_wire.get('properties') or {}).get('peerings') or []
                if (peering.get('name') or '').lower() != name.lower())


def circuit_after(circuit_wire, name, final):
    """The circuit as circuit_info reports it (peerings included), with this peering as the run leaves it."""
    circuit = circuit_result(circuit_wire)
    peerings = []
    for item in (circuit_wire.get('properties') or {}).get('peerings') or []:
        if item.get('name') != name:
            peerings.append(peering_result(item))
        elif final is not None:
            peerings.append(final)
            final = None
    if final is not None:
        peerings.append(final)
    circuit['peerings'] = peerings
    circuit['peering_names'] = [peering.get('name') or peering.get('peering_type') for peering in peerings]
    return circuit


def plan_for(module, desired, current_wire):
    """The plan; a peering that an earlier operation left Failed or Canceled is written again even if it matches."""
    current = with_prefix_proofs(peering_from_api(current_wire)) if current_wire is not None else None
    managed = detach_only_if_attached(desired, current)
    if (desired is not None and current is not None and current.get('shared_key') is None
            and module.params['update_shared_key'] == 'on_create'):
        # Azure does not return the key, so it cannot be compared: set once, on create.
        managed = dict(desired, shared_key=None)
    purge = dict((path, module.params['purge_advertised_public_prefixes']) for path in PREFIX_LISTS)
    plan = plan_resource(managed, current, purge_lists=purge, read_only=PEERING_READ_ONLY,
                         set_lists=PEERING_SET_LISTS, case_insensitive=PEERING_CASE_INSENSITIVE)
    return plan_repair(plan, provisioning_state(current_wire))


def request_body(module, plan, current_wire):
    after = dict(plan.after)
    if module.params['shared_key'] is not None:
        # Always send the user's key on a write, so a write never drops MD5 authentication.
        after['shared_key'] = module.params['shared_key']
    return peering_rest_body(peering_request(after, current_wire))


def refuse_delete_with_connections(module, circuit, current_wire):
    connections = peering_from_api(current_wire)['connections']
    if connections and not module.params['remove_connections']:
        listed = ', '.join('%s (to %s)' % (item['name'], item['peer_peering_id']) for item in connections)
        raise ModuleFailure(
            'peering %s of circuit %s still has Global Reach connections: %s. Remove them first, or set '
            'remove_connections=true to delete them with the peering; nothing was changed.'
            % (module.params['peering_type'], circuit.name, listed), connections=connections)
    return connections


def run(module):
    params = module.params
    circuit = circuit_target(module)
    name = params['peering_type']
    desired = None if params['state'] == 'absent' else peering_desired_state(params)

    circuit_wire = get_circuit(module, circuit)
    if circuit_wire is None:
        raise ModuleFailure('ExpressRoute circuit %s not found in resource group %s of subscription %s. Nothing was '
                            'changed.' % (circuit.name, circuit.resource_group, circuit.subscription_id))
    current_wire = find_peering(circuit_wire, name)
    if desired is not None:
        # Once, on the whole desired state plus the circuit's other peerings, before anything is written. What the
        # user wrote is validated (not its normalised form), so the messages quote it.
        given = dict((option, params[option]) for option in PEERING_OPTIONS)
        require_no_problems(validate_peering(
            given, other_peerings_vlans=other_vlans(circuit_wire, name),
            address_spaces_in_use=params['address_spaces_in_use'], creating=current_wire is None))
        require_ready('ExpressRoute circuit %s' % circuit.name, circuit_wire, 'peering')

    for attempt in range(PRECONDITION_ATTEMPTS):
        plan = plan_for(module, desired, current_wire)
        body = request_body(module, plan, current_wire) if plan.action in ('create', 'update') else None
        if plan.action == 'delete':
            connections = refuse_delete_with_connections(module, circuit, current_wire)

        def apply(plan):
            if plan.action == 'delete':
                for connection in connections:
                    delete_connection(module, circuit, name, connection['name'])
                delete_peering(module, circuit, name)
                return None
            return put_peering(module, circuit, name, body, etag=(current_wire or {}).get('etag'))

        try:
            written = module.apply_plan(plan, apply)
            break
        except ModuleFailure as failure:
            if failure.details.get('status_code') != 412 or attempt == PRECONDITION_ATTEMPTS - 1:
                raise
            # Someone changed the peering since we read it: read again and plan again (and return the circuit as
            # read now).
            circuit_wire = get_circuit(module, circuit) or {}
            current_wire = find_peering(circuit_wire, name)

    if plan.action == 'delete':
        final = None
    elif written is not None:
        final = peering_result(written)
    elif plan.after is not None:
        final = masked(planned_peering(peering_result(current_wire), without_prefix_proofs(plan.after)),
                       PEERING_SECRETS)
    else:
        final = peering_result(current_wire)
    result = dict(peering=final, changed_fields=plan.changed_fields, circuit=circuit_after(circuit_wire, name, final),
                  circuit_ready=circuit_is_ready(circuit_wire)[0])
    if plan.action == 'update' and is_broken(provisioning_state(current_wire)):
        result['repair'] = 'provisioning state %s' % provisioning_state(current_wire)
    if body is not None and plan.action != 'none':
        result['request'] = masked(body, PEERING_REQUEST_SECRETS)
    advice = validation_advice(final)
    if advice:
        result['advice'] = advice
        for text in advice:
            module.warn(text)
    module.exit(changed=plan.action != 'none', diff=diff_for(plan, PEERING_SECRETS), **result)


def main():
    registry = dict(type='str', choices=list(ROUTING_REGISTRIES))
    microsoft_config = dict(
        # A prefix, or {prefix, signature, validation_id}: validate_peering checks the items.
        advertised_public_prefixes=dict(type='list', elements='raw'),
        advertised_communities=dict(type='list', elements='str'),
        customer_asn=dict(type='int'),
        routing_registry_name=registry,
        legacy_mode=dict(type='int'),
    )
    spec = dict(
        CIRCUIT_TARGET_SPEC,
        peering_type=dict(type='str', required=True, choices=['AzurePrivatePeering', 'MicrosoftPeering']),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        peering_state=dict(type='str', choices=['Enabled', 'Disabled']),
        vlan_id=dict(type='int'),
        peer_asn=dict(type='int'),
        primary_peer_address_prefix=dict(type='str'),
        secondary_peer_address_prefix=dict(type='str'),
        shared_key=dict(type='str', no_log=True),
        update_shared_key=dict(type='str', default='on_create', choices=['on_create', 'always']),
        microsoft_peering_config=dict(type='dict', options=copy.deepcopy(microsoft_config)),
        ipv6_peering_config=dict(type='dict', options=dict(
            primary_peer_address_prefix=dict(type='str'),
            secondary_peer_address_prefix=dict(type='str'),
            state=dict(type='str', choices=['Enabled', 'Disabled']),
            route_filter_id=dict(type='str'),
            microsoft_peering_config=dict(type='dict', options=copy.deepcopy(microsoft_config)),
        )),
        route_filter_id=dict(type='str'),
        purge_advertised_public_prefixes=dict(type='bool', default=True),
        address_spaces_in_use=dict(type='list', elements='str', default=[]),
        remove_connections=dict(type='bool', default=False),
    )
    AzureModule(spec, **CIRCUIT_TARGET_RULES).run(run)


if __name__ == '__main__':
    main()

#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: circuit_connection
short_description: Connect two ExpressRoute circuits with Global Reach (circuit-to-circuit)
version_added: 0.1.0
description:
  - Creates, updates or deletes a Global Reach connection on a circuit's V(AzurePrivatePeering) towards another
    circuit's private peering (C(expressRouteCircuits/{c}/peerings/AzurePrivatePeering/connections/{name})), so two
    on-premises sites exchange routes through Microsoft's backbone.
  - Every option is checked before anything is sent and all problems are reported at once, including overlaps of
    the /29 with the circuit's peer subnets, with the prefixes of its other connections and with
    O(address_spaces_in_use).
  - Configure a pair of circuits from B(one side only). The module reads both peerings (the peer's when it may) and
    refuses when the other side already has a connection towards this one.
  - Both circuits must be V(Provisioned) and V(Enabled), with an Azure private peering. In check mode a missing
    private peering (on this circuit or the peer) is accepted with a note in RV(notes), since an earlier task of the
    same run may only have simulated it; a real run still fails.
  - The peer and O(address_prefix) of an existing connection cannot be changed in place; the module then fails and
    asks you to remove it with O(state=absent) first. O(ipv6_address_prefix) can be added or changed; updates always
    go through the connection itself, never through a peering write (which would have to carry every connection).
  - A connection whose creation failed (Azure keeps it, with provisioning state C(Failed)) is replaced.
  - O(state=absent) deletes only this connection; both circuits, their peerings and other connections stay.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.circuit
  - hybridlink.expressroute.attributes
options:
  name:
    description:
      - Name of the connection on this circuit's private peering.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the connection; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  peer_peering_id:
    description:
      - Resource ID of the B(other) circuit's V(AzurePrivatePeering), like
        C(/subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/expressRouteCircuits/<c>/peerings/AzurePrivatePeering).
      - Required with O(state=present).
    type: str
  address_prefix:
    description:
      - IPv4 C(/29) for the Global Reach tunnels. It must not overlap any other address space of either network.
      - Required to create a connection.
    type: str
  ipv6_address_prefix:
    description:
      - IPv6 C(/125) for Global Reach over IPv6.
    type: str
  authorization_key:
    description:
      - Authorization key created on the peer circuit; needed when the peer circuit is in another subscription.
        Never logged, compared or returned.
    type: str
  address_spaces_in_use:
    description:
      - Address ranges already used on either network (virtual networks, AVS private clouds, on-premises). The /29
        and /125 must not overlap them. Used for validation only; never sent to Azure.
    type: list
    elements: str
    default: []
  wait:
    description:
      - Wait until the connection reports C(circuitConnectionStatus) V(Connected).
    type: bool
    default: true
  wait_timeout:
    description:
      - Longest time, in seconds, to wait for V(Connected) after the operation finished.
    type: int
    default: 900
'''

EXAMPLES = r'''
- name: Join the Silicon Valley and Amsterdam sites through Global Reach
  vars:
    ams_circuit_id: "/subscriptions/{{ subscription }}/resourceGroups/rg-onprem-network/providers/Microsoft.Network\
      /expressRouteCircuits/er-ams-secondary"
  hybridlink.expressroute.circuit_connection:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    name: sv-to-ams
    peer_peering_id: "{{ ams_circuit_id }}/peerings/AzurePrivatePeering"
    address_prefix: 10.255.0.0/29
    address_spaces_in_use:
      - 10.176.0.0/22

- name: Remove it (both circuits and their peerings stay)
  hybridlink.expressroute.circuit_connection:
    resource_group: rg-onprem-network
    circuit_name: er-sv-primary
    name: sv-to-ams
    state: absent
'''

RETURN = r'''
connection:
  description: The connection after the run (in check mode, what it would be); null when absent. Never holds the key.
  returned: always
  type: dict
  contains:
    id:
      description: Resource ID.
      type: str
      returned: when present
    name:
      description: Name.
      type: str
      returned: when present
    peering_id:
      description: This circuit's private peering.
      type: str
      returned: when present
    peer_peering_id:
      description: The other circuit's private peering.
      type: str
      returned: when present
    address_prefix:
      description: The IPv4 /29.
      type: str
      returned: when present
    ipv6_address_prefix:
      description: The IPv6 /125, if any.
      type: str
      returned: when present
    circuit_connection_status:
      description: V(Connected), V(Connecting) or V(Disconnected).
      type: str
      returned: when present
    provisioning_state:
      description: Provisioning state.
      type: str
      returned: when present
  sample:
    name: sv-to-ams
    peer_peering_id: /subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/er-ams/peerings/AzurePrivatePeering
    address_prefix: 10.255.0.0/29
    circuit_connection_status: Connected
action:
  description: What the run did, or would do in check mode; V(create), V(update), V(replace), V(delete) or V(none).
  returned: always
  type: str
changed_fields:
  description: The fields the run changes (or would change in check mode).
  returned: always
  type: list
  elements: str
request:
  description: The body sent to Azure (or that would be sent in check mode), with the key masked.
  returned: when a write is planned
  type: dict
notes:
  description: What the module could not check, such as a private peering that does not exist yet in check mode.
  returned: always
  type: list
  elements: str
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import (
    delete_connection, get_circuit, get_connection, get_peering, put_connection)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connect_flow import (
    ConnectionSide, accepted_in_check_mode, converge_connection, if_permitted)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.connection_model import (
    CIRCUIT_CONNECTION_PLAN_RULES, circuit_connection_from_api, circuit_connection_request, circuit_connection_result)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure, require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.global_reach import (
    both_sides_conflict, check_wait_timeout, explain_failure, given_key)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import PEERING, parse_strict
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import require_ready
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    CIRCUIT_TARGET_RULES, CIRCUIT_TARGET_SPEC, circuit_target)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation import validate_circuit_connection
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import normalise_prefix
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten

PRIVATE_PEERING = 'AzurePrivatePeering'


def desired_state(params, circuit, peering_id):
    """The wanted connection (None for absent), after every option is checked: all problems at once."""
    problems = check_wait_timeout(params['wait_timeout'])
    if params['state'] == 'absent':
        require_no_problems(problems)
        return None
    desired = dict(name=params['name'], peer_peering_id=params['peer_peering_id'],
                   address_prefix=params['address_prefix'], ipv6_address_prefix=params['ipv6_address_prefix'],
                   authorization_key=given_key(params['authorization_key']))
    require_no_problems(problems + validate_circuit_connection(
        desired, peering_id=str(peering_id), address_spaces_in_use=params['address_spaces_in_use']))
    # Valid: now in the spelling Azure answers with, so they compare.
    desired['peer_peering_id'] = str(parse_strict(desired['peer_peering_id'], PEERING))
    for field in ('address_prefix', 'ipv6_address_prefix'):
        desired[field] = normalise_prefix(desired[field])
    return desired


def in_use_around(peering_flat, name):
    """The peering's link subnets, and the prefixes of its other connections (made here or towards it)."""
    subnets = [value for value in (peering_flat.get('primary_peer_address_prefix'),
                                   peering_flat.get('secondary_peer_address_prefix')) if value]
    others = {}
    for kind in ('connections', 'peered_connections'):
        for item in peering_flat.get(kind) or ():
            if kind == 'connections' and item.get('name') == name:
                continue
            prefixes = [item.get('address_prefix'), (item.get('ipv6_circuit_connection_config') or {}).get('address_prefix')]
            others['%s %s' % ('peered' if kind == 'peered_connections' else 'connection', item.get('name'))] = [
                prefix for prefix in prefixes if prefix]
    return subnets, others


def validate_against_circuits(module, desired, peering_id, peering_flat, peer_flat, creating):
    subnets, others = in_use_around(peering_flat, desired['name'])
    if peer_flat:
        peer_subnets, peer_others = in_use_around(peer_flat, None)
        subnets += peer_subnets
        others.update(('peer circuit\'s %s' % label, prefixes) for label, prefixes in peer_others.items()
                      if not label.endswith(' ' + desired['name']))
    require_no_problems(validate_circuit_connection(
        desired, peering_id=str(peering_id), peer_subnets=subnets, other_connection_prefixes=others,
        address_spaces_in_use=module.params['address_spaces_in_use'], creating=creating))


def refuse_both_sides(circuit, desired, peering_id, peering_flat, peer_flat):
    existing = both_sides_conflict(str(peering_id), desired['peer_peering_id'],
                                   peering_flat.get('peered_connections'), (peer_flat or {}).get('connections'))
    if existing:
        raise ModuleFailure(
            'the peer circuit already has Global Reach connection %s towards circuit %s. Configure Global Reach on '
            'one side of a circuit pair only: keep that connection (manage it on the peer circuit), or remove it '
            'there first. Nothing was changed.' % (existing, circuit.name))


def read_peer_peering(module, desired, notes):
    peer_id = parse_strict(desired['peer_peering_id'], PEERING)
    peer_wire = if_permitted(lambda: get_peering(module, peer_id.parent, peer_id.name), denied=False)
    if peer_wire is None:
        accepted_in_check_mode(module, notes, 'peer_peering_id: peering %s was not found; configure '
                               'AzurePrivatePeering on circuit %s first' % (desired['peer_peering_id'],
                                                                            peer_id.parent.name))
    return flatten(peer_wire) if peer_wire else None


def inline_connection(peering_wire, name):
    """The connection as the peering's GET carries it inline (the same resource a GET of it returns), or None."""
    for item in ((peering_wire or {}).get('properties') or {}).get('connections') or []:
        if (item.get('name') or '').lower() == name.lower():
            return item
    return None


class CircuitConnectionSide(ConnectionSide):
    """A Global Reach connection from this circuit's private peering to another circuit's."""

    plan_rules = CIRCUIT_CONNECTION_PLAN_RULES

    def __init__(self, module, circuit, name):
        super(CircuitConnectionSide, self).__init__(module, name, 'Global Reach connection %s of circuit %s'
                                                    % (name, circuit.name))
        self.circuit = circuit
        self.peering_id = circuit.child('peerings', PRIVATE_PEERING)
        self.peering_wire = None
        self.peer_name = None

    def read(self):
        # Through the peering, which carries its connections inline and is needed for the checks anyway.
        self.peering_wire = get_peering(self.module, self.circuit, PRIVATE_PEERING)
        return inline_connection(self.peering_wire, self.name)

    def poll(self):
        return get_connection(self.module, self.circuit, PRIVATE_PEERING, self.name)

    def from_api(self, wire):
        return circuit_connection_from_api(wire)

    def prepare(self, desired, plan, current_wire, notes):
        module, circuit = self.module, self.circuit
        if self.peering_wire is None:
            accepted_in_check_mode(module, notes, 'circuit %s has no AzurePrivatePeering; Global Reach needs it on '
                                   'both circuits. Configure it with hybridlink.expressroute.circuit_peering first'
                                   % circuit.name)
        require_ready('circuit %s' % circuit.name, get_circuit(module, circuit), 'Global Reach')
        peering_flat = flatten(self.peering_wire) if self.peering_wire else {}
        peer_flat = read_peer_peering(module, desired, notes)
        validate_against_circuits(module, desired, self.peering_id, peering_flat, peer_flat,
                                  creating=plan.action != 'update')
        if plan.action != 'update':
            refuse_both_sides(circuit, desired, self.peering_id, peering_flat, peer_flat)
        self.peer_name = parse_strict(desired['peer_peering_id'], PEERING).parent.name
        return circuit_connection_request(str(self.peering_id), plan.action, plan.after,
                                          desired.get('authorization_key'), current_wire)

    def put(self, body):
        return put_connection(self.module, self.circuit, PRIVATE_PEERING, self.name, body)

    def delete(self):
        delete_connection(self.module, self.circuit, PRIVATE_PEERING, self.name)

    def explain(self, failure):
        return explain_failure(failure, 'the peer circuit %s' % self.peer_name)

    def planned(self, final, plan, desired):
        return circuit_connection_result(final, str(self.peering_id.child('connections', self.name)),
                                         str(self.peering_id), plan.after)


def run(module):
    circuit = circuit_target(module, 'name')
    side = CircuitConnectionSide(module, circuit, module.params['name'])
    converge_connection(module, side, desired_state(module.params, circuit, side.peering_id))


def main():
    spec = dict(
        CIRCUIT_TARGET_SPEC,
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        peer_peering_id=dict(type='str'),
        address_prefix=dict(type='str'),
        ipv6_address_prefix=dict(type='str'),
        authorization_key=dict(type='str', no_log=True),
        address_spaces_in_use=dict(type='list', elements='str', default=[]),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=900),
    )
    rules = dict(CIRCUIT_TARGET_RULES, required_if=[('state', 'present', ['peer_peering_id'])])
    AzureModule(spec, **rules).run(run)


if __name__ == '__main__':
    main()

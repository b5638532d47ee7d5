#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = r'''
module: virtual_network_gateway
short_description: Create an ExpressRoute virtual network gateway in a virtual network's GatewaySubnet
version_added: 0.2.0
description:
  - Creates, resizes or deletes an ExpressRoute virtual network gateway (C(Microsoft.Network/virtualNetworkGateways),
    C(gatewayType) V(ExpressRoute)) in the C(GatewaySubnet) of a virtual network, such as the virtual network of an
    Azure VMware Solution Generation 2 private cloud. Connect it to a circuit with
    M(hybridlink.expressroute.gateway_connection).
  - Creating a gateway is a long operation (tens of minutes in Azure). O(creation_timeout) bounds it explicitly, and
    RV(progress) reports how long it took and the provisioning state reached; when the deadline passes, the failure
    says the provisioning state Azure has reached and carries the same C(progress), and a rerun only reads while
    Azure finishes.
  - A gateway whose last operation ended V(Failed) or V(Canceled) is written again (the same body), which is how
    Azure retries it.
  - Every option is checked before anything is sent, all problems at once. Only ExpressRoute gateways are managed;
    O(gateway_type=Vpn) is refused. Creating needs O(virtual_network) and O(sku), and a C(GatewaySubnet) in it.
  - Only O(sku) is managed on an existing gateway (read, merge, write; everything else is carried through). Its type
    and virtual network cannot change in place.
  - O(state=absent) refuses a gateway that still has connections in O(resource_group); remove them first.
author:
  - Hybridlink network automation team (@hybridlink)
extends_documentation_fragment:
  - hybridlink.expressroute.azure
  - hybridlink.expressroute.attributes
options:
  resource_group:
    description:
      - Resource group of the gateway (and of the virtual network, when O(virtual_network) is a name).
    type: str
    required: true
  name:
    description:
      - Name of the gateway.
    type: str
    required: true
  state:
    description:
      - V(present) creates or resizes the gateway; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  virtual_network:
    description:
      - The virtual network, by name in O(resource_group) or by resource ID. Its subnet named C(GatewaySubnet) holds the
        gateway. Needed to create the gateway.
    type: str
  gateway_type:
    description:
      - Only V(ExpressRoute) is supported; a V(Vpn) gateway cannot connect to an ExpressRoute circuit.
    type: str
    default: ExpressRoute
  sku:
    description:
      - V(Standard), V(HighPerformance), V(UltraPerformance), V(ErGw1AZ), V(ErGw2AZ) or V(ErGw3AZ). Needed to create
        the gateway; left as it is when not given.
    type: str
  location:
    description:
      - Region of a new gateway; by default the virtual network's.
    type: str
  creation_timeout:
    description:
      - Longest time, in seconds, to wait for creating, resizing or deleting the gateway (Azure documents up to 45
        minutes). The operation may still finish in Azure after it; a rerun picks up its result.
    type: int
    default: 3600
'''

EXAMPLES = r'''
- name: An ExpressRoute gateway in the Generation 2 private cloud's virtual network
  hybridlink.expressroute.virtual_network_gateway:
    resource_group: rg-avs-gen2
    name: ergw-avs-gen2
    virtual_network: vnet-avs-gen2
    sku: ErGw1AZ
    creation_timeout: 3600
  register: gateway

- name: How long it took
  ansible.builtin.debug:
    msg: "{{ gateway.progress.elapsed_seconds }} s, {{ gateway.progress.provisioning_state }}"
'''

RETURN = r'''
gateway:
  description: The gateway after the run (in check mode, what it would be); null when absent.
  returned: always
  type: dict
  contains:
    id:
      description: Resource ID.
      type: str
    name:
      description: Name.
      type: str
    location:
      description: Region.
      type: str
    gateway_type:
      description: V(ExpressRoute).
      type: str
    sku:
      description: SKU name.
      type: str
    virtual_network:
      description: Resource ID of its virtual network.
      type: str
    provisioning_state:
      description: Provisioning state.
      type: str
    bgp_settings:
      description: The gateway's BGP ASN and peering addresses.
      type: dict
action:
  description: What the run did, or would do in check mode; V(create), V(update), V(delete) or V(none).
  returned: always
  type: str
changed_fields:
  description: The fields the run changes (or would change in check mode).
  returned: always
  type: list
  elements: str
request:
  description: The body sent to Azure (or that would be sent in check mode).
  returned: when a create or update is planned
  type: dict
progress:
  description: The long operation, when one ran (also in the failure when O(creation_timeout) passed).
  returned: when a write was sent
  type: dict
  contains:
    elapsed_seconds:
      description: Seconds from sending the request to its end.
      type: float
    provisioning_state:
      description: The provisioning state reached (V(Succeeded) once done).
      type: str
    creation_timeout:
      description: The deadline it ran under.
      type: int
'''

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure, require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_api import (
    delete_gateway, get_gateway, get_subnet, get_virtual_network, list_gateway_connections, put_gateway)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_connection_model import (
    gateway_connection_from_api)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_model import (
    GATEWAY_FIXED, GATEWAY_READ_ONLY, GATEWAY_SUBNET, gateway_from_api, gateway_request, gateway_result,
    validate_gateway)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_targets import (
    named_resource, target_problems)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import (
    diff_for, plan_repair, plan_resource)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    VIRTUAL_NETWORK, VIRTUAL_NETWORK_GATEWAY, resource_id_of, same_resource)


def desired_state(module):
    """(gateway ID, virtual network ID or None, the wanted gateway or None for absent), every option checked at once."""
    params = module.params
    subscription = module.subscription_id()
    problems = target_problems(subscription, params['resource_group'], ('name', params['name']))
    if params['creation_timeout'] < 1:
        problems.append(Problem('creation_timeout', 'must be a positive number of seconds', params['creation_timeout']))
    vnet, vnet_problems = named_resource('virtual_network', params['virtual_network'], subscription,
                                         params['resource_group'], VIRTUAL_NETWORK)
    problems += vnet_problems
    desired = None
    if params['state'] == 'present':
        desired = dict(name=params['name'], gateway_type=params['gateway_type'], sku=params['sku'],
                       virtual_network=str(vnet) if vnet else None)
        problems += validate_gateway(desired)
    require_no_problems(problems)
    return resource_id_of(subscription, params['resource_group'], VIRTUAL_NETWORK_GATEWAY, params['name']), vnet, desired


def check_create(module, desired, vnet):
    """Refuse a create that cannot work (what to give, no GatewaySubnet); the new gateway's location."""
    missing = [Problem(option, 'must be set to create the gateway') for option in ('virtual_network', 'sku')
               if desired[option] is None]
    require_no_problems(missing)
    network = get_virtual_network(module, vnet)
    if network is None:
        raise ModuleFailure('virtual_network: virtual network %s was not found. Nothing was changed.' % vnet)
    if get_subnet(module, vnet, GATEWAY_SUBNET) is None:
        raise ModuleFailure('virtual_network: virtual network %s has no subnet named GatewaySubnet, where a gateway must '
                            'go; add one (a /27 or larger is recommended) and rerun. Nothing was changed.' % vnet.name)
    return module.params['location'] or network.get('location')


def refuse_fixed(gateway, desired, current):
    for field in GATEWAY_FIXED:
        wanted, have = desired.get(field), current.get(field)
        if wanted is not None and not (same_resource(wanted, have) if field == 'virtual_network' else wanted == have):
            raise ModuleFailure('%s: gateway %s has %s %s, requested %s; Azure cannot change it in place. Delete the '
                                'gateway (state=absent, after removing its connections) and create it again. Nothing '
                                'was changed.' % (field, gateway.name, field, have, wanted))


def refuse_delete_in_use(module, gateway):
    users = [flat['name'] for flat in (gateway_connection_from_api(item) for item in list_gateway_connections(
        module, gateway.subscription_id, gateway.resource_group)) if same_resource(flat['virtual_network_gateway'], gateway)]
    if users:
        raise ModuleFailure('gateway %s still has connections (%s); remove them first with '
                            'hybridlink.expressroute.gateway_connection state=absent. Nothing was changed.'
                            % (gateway.name, ', '.join(users)))


def progress_of(gateway, elapsed, timeout):
    """The long operation's progress: how long it ran, under which deadline, the state the gateway is in."""
    return dict(elapsed_seconds=round(elapsed, 1), creation_timeout=timeout,
                provisioning_state=(gateway or {}).get('provisioning_state') or 'Deleted')


def timeout_with_progress(module, gateway, failure, elapsed, timeout):
    """The deadline's failure, with where Azure has got to: one more read of the gateway."""
    progress = progress_of(gateway_from_api(get_gateway(module, gateway)), elapsed, timeout)
    message = '%s After %.0f seconds the gateway is in provisioning state %s.' % (
        failure.message, elapsed, progress['provisioning_state'])
    return ModuleFailure(message, progress=progress, **failure.details)


def run(module):
    gateway, vnet, desired = desired_state(module)
    current_wire = get_gateway(module, gateway)
    current = gateway_from_api(current_wire)
    managed = None
    if desired is not None and current is not None:
        refuse_fixed(gateway, desired, current)
        # Equal as Azure compares (IDs case-insensitively): keep Azure's spelling so nothing shows as changed.
        managed = dict(desired, virtual_network=current['virtual_network'])
    elif desired is not None:
        managed = desired
    # A gateway whose last operation ended Failed or Canceled is written again, as ARM retries it, even when its
    # fields already match.
    plan = plan_repair(plan_resource(managed, current, read_only=GATEWAY_READ_ONLY),
                       (current or {}).get('provisioning_state'))
    body, location = None, None
    if plan.action == 'create':
        location = check_create(module, desired, vnet)
    if plan.action in ('create', 'update'):
        body = gateway_request(plan.after, location, current_wire if plan.action == 'update' else None)
    if plan.action == 'delete':
        refuse_delete_in_use(module, gateway)
    timeout = module.params['creation_timeout']
    started = module.clock()

    def apply(plan):
        if plan.action == 'delete':
            return delete_gateway(module, gateway, timeout) and None
        return put_gateway(module, gateway, body, plan.action == 'create', timeout)

    try:
        written = module.apply_plan(plan, apply)
    except ModuleFailure as failure:
        if failure.details.get('error_code') != 'Timeout':
            raise
        raise timeout_with_progress(module, gateway, failure, module.clock() - started, timeout)
    result = dict(action=plan.action, changed_fields=plan.changed_fields)
    if body is not None:
        result['request'] = body
    final = gateway_from_api(written) if written is not None else (None if desired is None else current)
    if plan.changed and not module.check_mode:
        result['progress'] = progress_of(final, module.clock() - started, timeout)
    if desired is not None and (final is None or module.check_mode and plan.changed):
        final = gateway_result(final, str(gateway), plan.after)
    module.exit(changed=plan.changed, diff=diff_for(plan, ()), gateway=final, **result)


def main():
    spec = dict(
        resource_group=dict(type='str', required=True),
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        virtual_network=dict(type='str'),
        gateway_type=dict(type='str', default='ExpressRoute'),
        sku=dict(type='str'),
        location=dict(type='str'),
        creation_timeout=dict(type='int', default=3600),
    )
    AzureModule(spec).run(run)


if __name__ == '__main__':
    main()

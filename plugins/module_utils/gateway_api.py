# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Calls on virtual network gateways and their ExpressRoute connections, one small function each.

Like circuit_api: every function takes the module wrapper (errors, retries,
waits, every key an answer carries registered as a secret) and typed IDs,
and returns wire JSON dicts. "Not found" on a read is None; "already gone"
on a delete is False. The requests are those azure-mgmt-network 33.1.0 sent.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, List, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import NETWORK_API_VERSION, arm_path
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ResourceId
from ansible_collections.hybridlink.expressroute.plugins.module_utils.waiters import WaitTimeout, wait_for_poller

API = NETWORK_API_VERSION
Wire = Optional[Dict[str, Any]]
GATEWAYS = 'providers/Microsoft.Network/virtualNetworkGateways'
CONNECTIONS = 'providers/Microsoft.Network/connections'
# The verification reads of a gateway: option value -> (action, what messages call it).
GATEWAY_READS = {
    'learned_routes': ('getLearnedRoutes', 'learned routes'),
    'advertised_routes': ('getAdvertisedRoutes', 'advertised routes'),
    'bgp_peer_status': ('getBgpPeerStatus', 'BGP peer status'),
}


def path_of(resource: ResourceId, *children: str) -> str:
    """A top-level Microsoft.Network resource's path (gateway, connection, virtual network), plus child segments."""
    return arm_path(resource.subscription_id, 'providers/%s/%s' % (resource.namespace, resource.types[0]),
                    resource.names[0], *children, resource_group=resource.resource_group)


class TopLevelKind(object):
    """One kind of top-level Microsoft.Network resource in a resource group: its calls, named alike in messages."""

    def __init__(self, collection: str, singular: str, plural: str) -> None:
        self.collection = collection
        self.singular = singular
        self.plural = plural

    def get(self, module: Any, resource: ResourceId) -> Wire:
        arm = module.client()
        return module.read('Reading %s %s' % (self.singular, resource.name), lambda: arm.get(path_of(resource), API))

    def list(self, module: Any, subscription_id: str, resource_group: str) -> List[Dict[str, Any]]:
        arm = module.client()
        return module.call('Listing %s in resource group %s' % (self.plural, resource_group),
                           lambda: arm.list(arm_path(subscription_id, self.collection, resource_group=resource_group),
                                            API))

    def put(self, module: Any, resource: ResourceId, body: Dict[str, Any], creating: bool = False,
            **write_options: Any) -> Wire:
        """PUT the whole resource; write_options as for AzureModule.write (a longer timeout, and its option)."""
        arm = module.client()
        action = '%s %s %s' % ('Creating' if creating else 'Writing', self.singular, resource.name)
        return module.write(action, lambda: arm.begin_put(path_of(resource), API, body), **write_options)

    def delete(self, module: Any, resource: ResourceId, **write_options: Any) -> bool:
        arm = module.client()
        return module.delete('Deleting %s %s' % (self.singular, resource.name),
                             lambda: arm.begin_delete(path_of(resource), API), **write_options)


GATEWAY_KIND = TopLevelKind(GATEWAYS, 'virtual network gateway', 'virtual network gateways')
CONNECTION_KIND = TopLevelKind(CONNECTIONS, 'connection', 'connections')
VIRTUAL_NETWORK_KIND = TopLevelKind('providers/Microsoft.Network/virtualNetworks', 'virtual network',
                                    'virtual networks')

get_gateway = GATEWAY_KIND.get
list_gateways = GATEWAY_KIND.list


def put_gateway(module: Any, gateway: ResourceId, body: Dict[str, Any], creating: bool, timeout: int) -> Wire:
    """PUT the whole gateway; creating one takes tens of minutes in Azure (the module's creation_timeout bounds it)."""
    return GATEWAY_KIND.put(module, gateway, body, creating, timeout=timeout, timeout_option='creation_timeout')


def delete_gateway(module: Any, gateway: ResourceId, timeout: int) -> bool:
    return GATEWAY_KIND.delete(module, gateway, timeout=timeout, timeout_option='creation_timeout')


get_virtual_network = VIRTUAL_NETWORK_KIND.get


def get_subnet(module: Any, virtual_network: ResourceId, name: str) -> Wire:
    arm = module.client()
    return module.read('Reading subnet %s of virtual network %s' % (name, virtual_network.name),
                       lambda: arm.get(path_of(virtual_network, 'subnets', name), API))


get_gateway_connection = CONNECTION_KIND.get
list_gateway_connections = CONNECTION_KIND.list
delete_gateway_connection = CONNECTION_KIND.delete


def put_gateway_connection(module: Any, connection: ResourceId, body: Dict[str, Any]) -> Wire:
    return CONNECTION_KIND.put(module, connection, body)


def read_gateway(module: Any, gateway: ResourceId, what: str, peer: Optional[str] = None) -> Optional[List[Dict[str, Any]]]:
    """One verification read (learned_routes, advertised_routes with peer, bgp_peer_status): its "value" list.

    An async POST that only reads, through read_action (retried on transient answers), awaited within
    operation_timeout. None when the gateway does not exist.
    """
    action_name, label = GATEWAY_READS[what]
    arm = module.client()
    params = {'peer': peer} if peer else None
    action = 'Reading the %s of virtual network gateway %s' % (label, gateway.name)
    poller = module.read_action(action, lambda: arm.begin_post(path_of(gateway, action_name), API, params=params))
    if poller is None:
        return None
    timeout = module.params['operation_timeout']
    try:
        answer = module.read(action, lambda: (wait_for_poller(poller, timeout, module.clock),))
    except WaitTimeout:
        raise ModuleFailure('%s: the operation did not finish within %s seconds (operation_timeout=%s); rerun or raise '
                            'operation_timeout.' % (action, timeout, timeout), error_code='Timeout')
    if answer is None or answer[0] is None:
        return None if answer is None else []
    return list(answer[0].get('value') or [])

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Calls on route filters (Microsoft.Network/routeFilters) and the BGP service community catalogue.

Like gateway_api: every function takes the module wrapper and typed IDs and
returns wire JSON. "Not found" on a read is None; "already gone" on a
delete is False. A filter is written whole (PUT with its rules inline), so
one write changes it.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, List, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import NETWORK_API_VERSION, arm_path
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_api import path_of
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ResourceId

API = NETWORK_API_VERSION
Wire = Optional[Dict[str, Any]]
ROUTE_FILTERS = 'providers/Microsoft.Network/routeFilters'
SERVICE_COMMUNITIES = 'providers/Microsoft.Network/bgpServiceCommunities'


def get_route_filter(module: Any, route_filter: ResourceId) -> Wire:
    arm = module.client()
    return module.read('Reading route filter %s' % route_filter.name, lambda: arm.get(path_of(route_filter), API))


def list_route_filters(module: Any, subscription_id: str, resource_group: str) -> List[Dict[str, Any]]:
    arm = module.client()
    return module.call('Listing route filters in resource group %s' % resource_group,
                       lambda: arm.list(arm_path(subscription_id, ROUTE_FILTERS, resource_group=resource_group), API))


def put_route_filter(module: Any, route_filter: ResourceId, body: Dict[str, Any], creating: bool) -> Wire:
    arm = module.client()
    action = ('Creating' if creating else 'Writing') + ' route filter %s' % route_filter.name
    return module.write(action, lambda: arm.begin_put(path_of(route_filter), API, body))


def delete_route_filter(module: Any, route_filter: ResourceId) -> bool:
    arm = module.client()
    return module.delete('Deleting route filter %s' % route_filter.name,
                         lambda: arm.begin_delete(path_of(route_filter), API))


def list_service_communities(module: Any, subscription_id: str) -> List[Dict[str, Any]]:
    """The catalogue: which Microsoft service sits behind which BGP community, with its prefixes."""
    arm = module.client()
    return module.call('Listing the BGP service communities',
                       lambda: arm.list(arm_path(subscription_id, SERVICE_COMMUNITIES), API))

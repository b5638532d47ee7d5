# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Calls on route filters (Microsoft.Network/routeFilters) and the BGP service community catalogue.

Like gateway_api (whose TopLevelKind serves the filter's calls): every function takes the module wrapper and typed IDs and
returns wire JSON. "Not found" on a read is None; "already gone" on a
delete is False. A filter is written whole (PUT with its rules inline), so
one write changes it.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, List

from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import NETWORK_API_VERSION, arm_path
from ansible_collections.hybridlink.expressroute.plugins.module_utils.gateway_api import TopLevelKind

API = NETWORK_API_VERSION
ROUTE_FILTERS = 'providers/Microsoft.Network/routeFilters'
SERVICE_COMMUNITIES = 'providers/Microsoft.Network/bgpServiceCommunities'


# Get, list, PUT and DELETE are those of every top-level Microsoft.Network resource (gateway_api.TopLevelKind).
ROUTE_FILTER_KIND = TopLevelKind(ROUTE_FILTERS, 'route filter', 'route filters')
get_route_filter = ROUTE_FILTER_KIND.get
list_route_filters = ROUTE_FILTER_KIND.list
put_route_filter = ROUTE_FILTER_KIND.put
delete_route_filter = ROUTE_FILTER_KIND.delete


def list_service_communities(module: Any, subscription_id: str) -> List[Dict[str, Any]]:
    """The catalogue: which Microsoft service sits behind which BGP community, with its prefixes."""
    arm = module.client()
    return module.call('Listing the BGP service communities',
                       lambda: arm.list(arm_path(subscription_id, SERVICE_COMMUNITIES), API))

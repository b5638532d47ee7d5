# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Calls on Azure VMware Solution private clouds and their children, one small function each.

Like circuit_api: every function takes the module wrapper (errors, retries,
waits, secrets registered) and a typed private cloud ID, and returns wire
JSON dicts as arm.ArmClient answers them. "Not found" on a read is None;
"already gone" on a delete is False. The requests are those azure-mgmt-avs
10.1.0 sent.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, List, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import AVS_API_VERSION, arm_path
from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import authorization_request
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_calls import ResourceKind
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ResourceId

API = AVS_API_VERSION
Wire = Optional[Dict[str, Any]]
PRIVATE_CLOUDS = 'providers/Microsoft.AVS/privateClouds'
# azure-mgmt-avs follows nextLink with its own api-version.
LIST_OPTIONS = dict(next_link_api_version=True)


def private_cloud_path(cloud: ResourceId, *children: str) -> str:
    """The private cloud's ARM path, plus child segments ('authorizations', name)."""
    return arm_path(cloud.subscription_id, PRIVATE_CLOUDS, cloud.name, *children, resource_group=cloud.resource_group)


AUTHORIZATIONS = ResourceKind(lambda cloud, *names: private_cloud_path(cloud, 'authorizations', *names), API,
                              'authorization', 'authorizations', 'private cloud', LIST_OPTIONS)
GLOBAL_REACH = ResourceKind(lambda cloud, *names: private_cloud_path(cloud, 'globalReachConnections', *names), API,
                            'Global Reach connection', 'Global Reach connections', 'private cloud', LIST_OPTIONS)


def get_private_cloud(module: Any, cloud: ResourceId) -> Wire:
    arm = module.client()
    return module.read('Reading private cloud %s' % cloud.name, lambda: arm.get(private_cloud_path(cloud), API))


def list_private_clouds(module: Any, subscription_id: str, resource_group: Optional[str] = None) -> List[Dict[str, Any]]:
    """The private clouds of a resource group, or of the whole subscription."""
    arm = module.client()
    if resource_group:
        return module.call(
            'Listing private clouds in resource group %s' % resource_group,
            lambda: arm.list(arm_path(subscription_id, PRIVATE_CLOUDS, resource_group=resource_group), API,
                             **LIST_OPTIONS))
    return module.call(
        'Listing private clouds of subscription %s' % subscription_id,
        lambda: arm.list(arm_path(subscription_id, PRIVATE_CLOUDS), API, **LIST_OPTIONS))


get_authorization = AUTHORIZATIONS.get
list_authorizations = AUTHORIZATIONS.list
delete_authorization = AUTHORIZATIONS.delete


def create_authorization(module: Any, cloud: ResourceId, name: str) -> Wire:
    """PUT an empty authorization: AVS creates it on the private cloud's own circuit and generates the key."""
    return AUTHORIZATIONS.put(module, cloud, name, body=authorization_request(), creating=True)


get_global_reach = GLOBAL_REACH.get
list_global_reach = GLOBAL_REACH.list
delete_global_reach = GLOBAL_REACH.delete


def put_global_reach(module: Any, cloud: ResourceId, name: str, body: Dict[str, Any]) -> Wire:
    return GLOBAL_REACH.put(module, cloud, name, body=body)

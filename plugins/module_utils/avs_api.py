# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Calls on Azure VMware Solution private clouds and their children, one small function each.

Like circuit_api: every function takes the module wrapper (errors, retries,
waits) and a typed private cloud ID, and returns wire JSON dicts (what
azure-mgmt-avs's as_dict() gave). "Not found" on a read is None; "already
gone" on a delete is False. The requests are those of azure-mgmt-avs 10.1.0,
sent by arm.ArmClient.
"""

from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import AVS_API_VERSION, arm_path

API = AVS_API_VERSION
PRIVATE_CLOUDS = 'providers/Microsoft.AVS/privateClouds'


def private_cloud_path(cloud, *children):
    """The private cloud's ARM path, plus child segments ('authorizations', name)."""
    return arm_path(cloud.subscription_id, PRIVATE_CLOUDS, cloud.name, *children, resource_group=cloud.resource_group)


def _list(arm, path):
    # azure-mgmt-avs follows nextLink with its own api-version.
    return arm.list(path, API, next_link_api_version=True)


def get_private_cloud(module, cloud):
    arm = module.client()
    return module.read('Reading private cloud %s' % cloud.name, lambda: arm.get(private_cloud_path(cloud), API))


def list_private_clouds(module, subscription_id, resource_group=None):
    """The private clouds of a resource group, or of the whole subscription."""
    arm = module.client()
    if resource_group:
        return module.call(
            'Listing private clouds in resource group %s' % resource_group,
            lambda: _list(arm, arm_path(subscription_id, PRIVATE_CLOUDS, resource_group=resource_group)))
    return module.call(
        'Listing private clouds of subscription %s' % subscription_id,
        lambda: _list(arm, arm_path(subscription_id, PRIVATE_CLOUDS)))


def get_authorization(module, cloud, name):
    arm = module.client()
    return module.read(
        'Reading authorization %s of private cloud %s' % (name, cloud.name),
        lambda: arm.get(private_cloud_path(cloud, 'authorizations', name), API))


def list_authorizations(module, cloud):
    arm = module.client()
    return module.call(
        'Listing authorizations of private cloud %s' % cloud.name,
        lambda: _list(arm, private_cloud_path(cloud, 'authorizations')))


def create_authorization(module, cloud, name):
    """PUT an empty authorization: AVS creates it on the private cloud's own circuit and generates the key."""
    arm = module.client()
    return module.write(
        'Creating authorization %s on private cloud %s' % (name, cloud.name),
        lambda: arm.begin_put(private_cloud_path(cloud, 'authorizations', name), API, {'properties': {}}))


def delete_authorization(module, cloud, name):
    arm = module.client()
    return module.delete(
        'Deleting authorization %s of private cloud %s' % (name, cloud.name),
        lambda: arm.begin_delete(private_cloud_path(cloud, 'authorizations', name), API))


def get_global_reach(module, cloud, name):
    arm = module.client()
    return module.read(
        'Reading Global Reach connection %s of private cloud %s' % (name, cloud.name),
        lambda: arm.get(private_cloud_path(cloud, 'globalReachConnections', name), API))


def list_global_reach(module, cloud):
    arm = module.client()
    return module.call(
        'Listing Global Reach connections of private cloud %s' % cloud.name,
        lambda: _list(arm, private_cloud_path(cloud, 'globalReachConnections')))


def put_global_reach(module, cloud, name, body):
    arm = module.client()
    return module.write(
        'Writing Global Reach connection %s of private cloud %s' % (name, cloud.name),
        lambda: arm.begin_put(private_cloud_path(cloud, 'globalReachConnections', name), API, body))


def delete_global_reach(module, cloud, name):
    arm = module.client()
    return module.delete(
        'Deleting Global Reach connection %s of private cloud %s' % (name, cloud.name),
        lambda: arm.begin_delete(private_cloud_path(cloud, 'globalReachConnections', name), API))

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Calls on Azure VMware Solution private clouds and their children, one small function each.

Like circuit_api: every function takes the module wrapper (errors, retries,
waits) and a typed private cloud ID, and returns wire JSON dicts (the SDK
model's as_dict()). "Not found" on a read is None; "already gone" on a
delete is False.
"""

from ansible_collections.hybridlink.expressroute.plugins.module_utils.clients import AVS_SDK


def _avs(module, cloud):
    return module.client(AVS_SDK, cloud.subscription_id)


def _as_dict(model):
    return model.as_dict() if model is not None else None


def get_private_cloud(module, cloud):
    ops = _avs(module, cloud).private_clouds
    return _as_dict(module.read(
        'Reading private cloud %s' % cloud.name, lambda: ops.get(cloud.resource_group, cloud.name)))


def list_private_clouds(module, subscription_id, resource_group=None):
    """The private clouds of a resource group, or of the whole subscription."""
    ops = module.client(AVS_SDK, subscription_id).private_clouds
    if resource_group:
        return [item.as_dict() for item in module.call(
            'Listing private clouds in resource group %s' % resource_group,
            lambda: list(ops.list(resource_group)))]
    return [item.as_dict() for item in module.call(
        'Listing private clouds of subscription %s' % subscription_id, lambda: list(ops.list_in_subscription()))]


def get_authorization(module, cloud, name):
    ops = _avs(module, cloud).authorizations
    return _as_dict(module.read(
        'Reading authorization %s of private cloud %s' % (name, cloud.name),
        lambda: ops.get(cloud.resource_group, cloud.name, name)))


def list_authorizations(module, cloud):
    ops = _avs(module, cloud).authorizations
    return [item.as_dict() for item in module.call(
        'Listing authorizations of private cloud %s' % cloud.name,
        lambda: list(ops.list(cloud.resource_group, cloud.name)))]


def create_authorization(module, cloud, name):
    """PUT an empty authorization: AVS creates it on the private cloud's own circuit and generates the key."""
    ops = _avs(module, cloud).authorizations
    return _as_dict(module.write(
        'Creating authorization %s on private cloud %s' % (name, cloud.name),
        lambda: ops.begin_create_or_update(cloud.resource_group, cloud.name, name, {'properties': {}})))


def delete_authorization(module, cloud, name):
    ops = _avs(module, cloud).authorizations
    return module.delete(
        'Deleting authorization %s of private cloud %s' % (name, cloud.name),
        lambda: ops.begin_delete(cloud.resource_group, cloud.name, name))


def get_global_reach(module, cloud, name):
    ops = _avs(module, cloud).global_reach_connections
    return _as_dict(module.read(
        'Reading Global Reach connection %s of private cloud %s' % (name, cloud.name),
        lambda: ops.get(cloud.resource_group, cloud.name, name)))


def list_global_reach(module, cloud):
    ops = _avs(module, cloud).global_reach_connections
    return [item.as_dict() for item in module.call(
        'Listing Global Reach connections of private cloud %s' % cloud.name,
        lambda: list(ops.list(cloud.resource_group, cloud.name)))]


def put_global_reach(module, cloud, name, body):
    ops = _avs(module, cloud).global_reach_connections
    return _as_dict(module.write(
        'Writing Global Reach connection %s of private cloud %s' % (name, cloud.name),
        lambda: ops.begin_create_or_update(cloud.resource_group, cloud.name, name, body)))


def delete_global_reach(module, cloud, name):
    ops = _avs(module, cloud).global_reach_connections
    return module.delete(
        'Deleting Global Reach connection %s of private cloud %s' % (name, cloud.name),
        lambda: ops.begin_delete(cloud.resource_group, cloud.name, name))

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Which circuit or private cloud a module acts on: by resource group and name, or by ID."""

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.request_names import (
    name_problems, require_no_problems)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    AVS_PRIVATE_CLOUD, CIRCUIT, avs_private_cloud_id, circuit_id, parse_strict)

CIRCUIT_TARGET_SPEC = dict(
    resource_group=dict(type='str'),
    circuit_name=dict(type='str'),
    circuit_id=dict(type='str'),
)

CIRCUIT_TARGET_RULES = dict(
    mutually_exclusive=[('circuit_id', 'circuit_name'), ('circuit_id', 'resource_group')],
    required_one_of=[('circuit_id', 'circuit_name')],
    required_together=[('resource_group', 'circuit_name')],
)

PRIVATE_CLOUD_TARGET_SPEC = dict(
    resource_group=dict(type='str'),
    private_cloud_name=dict(type='str'),
    private_cloud_id=dict(type='str'),
)

PRIVATE_CLOUD_TARGET_RULES = dict(
    mutually_exclusive=[('private_cloud_id', 'private_cloud_name'), ('private_cloud_id', 'resource_group')],
    required_one_of=[('private_cloud_id', 'private_cloud_name')],
    required_together=[('resource_group', 'private_cloud_name')],
)


def parse_id_option(option, value, expected_type):
    """A ResourceId from a user-given option, or a ModuleFailure naming the option and the rule."""
    try:
        return parse_strict(value, expected_type)
    except ValueError as error:
        raise ModuleFailure('%s: %s (got %r)' % (option, error, value))


def circuit_target(module, *name_options):
    """The circuit, after checking every name that goes into request URLs (".." must never reach a parent).

    name_options: the module's own options that name a child resource (such as an authorization's name).
    """
    params = module.params
    if params.get('circuit_id'):
        target = parse_id_option('circuit_id', params['circuit_id'], CIRCUIT)
    else:
        target = circuit_id(module.subscription_id(), params['resource_group'], params['circuit_name'])
    require_no_problems(name_problems(params, target, 'circuit', *name_options))
    return target


def private_cloud_target(module):
    params = module.params
    if params.get('private_cloud_id'):
        return parse_id_option('private_cloud_id', params['private_cloud_id'], AVS_PRIVATE_CLOUD)
    return avs_private_cloud_id(module.subscription_id(), params['resource_group'], params['private_cloud_name'])

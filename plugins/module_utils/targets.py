# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which circuit or private cloud a module acts on: by resource group and name, or by ID."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure, require_no_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.request_names import name_problems
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    AVS_PRIVATE_CLOUD, CIRCUIT, ResourceId, avs_private_cloud_id, circuit_id, parse_strict)


def target_options(kind: str) -> Tuple[Dict[str, Any], Dict[str, Any]]:
    """(argument spec, AnsibleModule rules) of a target named by <kind>_id, or by resource_group and <kind>_name."""
    by_id, by_name = kind + '_id', kind + '_name'
    spec = {'resource_group': dict(type='str'), by_name: dict(type='str'), by_id: dict(type='str')}
    rules = dict(
        mutually_exclusive=[(by_id, by_name), (by_id, 'resource_group')],
        required_one_of=[(by_id, by_name)],
        required_together=[('resource_group', by_name)],
    )
    return spec, rules


CIRCUIT_TARGET_SPEC, CIRCUIT_TARGET_RULES = target_options('circuit')
PRIVATE_CLOUD_TARGET_SPEC, PRIVATE_CLOUD_TARGET_RULES = target_options('private_cloud')


def parse_id_option(option: str, value: str, expected_type: Any) -> ResourceId:
    """A ResourceId from a user-given option, or a ModuleFailure naming the option and the rule."""
    try:
        return parse_strict(value, expected_type)
    except ValueError as error:
        raise ModuleFailure('%s: %s (got %r)' % (option, error, value))


def circuit_target(module: Any, *name_options: str) -> ResourceId:
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


def private_cloud_target(module: Any, *name_options: str, check_names: bool = True) -> ResourceId:
    """The private cloud; with check_names (the default), after checking every name that goes into request URLs.

    name_options: as for circuit_target. check_names=False leaves the check to a module that reports the names'
    problems together with others.
    """
    params = module.params
    if params.get('private_cloud_id'):
        target = parse_id_option('private_cloud_id', params['private_cloud_id'], AVS_PRIVATE_CLOUD)
    else:
        target = avs_private_cloud_id(module.subscription_id(), params['resource_group'], params['private_cloud_name'])
    if check_names:
        require_no_problems(name_problems(params, target, 'private_cloud', *name_options))
    return target

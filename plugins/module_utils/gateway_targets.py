# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Typed IDs of top-level Microsoft.Network resources named by a module's options: a name in resource_group, or an ID.

Every problem is returned, naming the option, so a module reports them together with its others before any call.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, List, Optional, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.request_names import check_request_names
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    ResourceId, parse_strict, resource_id_of)


def named_resource(option: str, value: Any, subscription_id: str, resource_group: Optional[str],
                   resource_type: str) -> Tuple[Optional[ResourceId], List[Problem]]:
    """(the ID, problems): value is a full resource ID of resource_type, or a name in resource_group."""
    if value is None:
        return None, []
    if isinstance(value, str) and value.startswith('/'):
        try:
            return parse_strict(value, resource_type), []
        except ValueError as error:
            return None, [Problem(option, str(error), value)]
    problems = check_request_names([(option, value, 'name')])
    if problems:
        return None, problems
    return resource_id_of(subscription_id, resource_group, resource_type, value), []


def target_problems(subscription_id: str, resource_group: str, *names: Tuple[str, Any]) -> List[Problem]:
    """Problems with the subscription, resource group and names (option, value) that go into request URLs."""
    return check_request_names([('subscription_id', subscription_id, 'subscription'),
                                ('resource_group', resource_group, 'group')]
                               + [(option, value, 'name') for option, value in names])

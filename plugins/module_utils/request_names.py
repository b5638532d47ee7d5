# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Names that go into request URLs, checked before any call; pure: no Azure calls, no Ansible.

Every module checks them (targets.py for circuits and private clouds), so this
file stays small: a circuit module does not import the Global Reach decisions.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Iterable, List, Mapping, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ResourceId, parse_strict


# Known-good parts, so that each name is checked on its own and the problem names the right option.
_NAME_TEMPLATE = '/subscriptions/%(subscription)s/resourceGroups/%(group)s/providers/Microsoft.Network/expressRouteCircuits/%(name)s'
_GOOD_PARTS = {'subscription': '00000000-0000-0000-0000-000000000000', 'group': 'rg', 'name': 'name'}


def target_names(params: Mapping[str, Any], target: ResourceId, kind: str) -> List[Tuple[str, Any, str]]:
    """(option, value, part) for the names a circuit or private cloud target puts into URLs.

    Nothing when the target came from ``<kind>_id``: targets.py parsed that strictly already.
    """
    if params.get('%s_id' % kind):
        return []
    return [('subscription_id', target.subscription_id, 'subscription'), ('resource_group', target.resource_group, 'group'),
            ('%s_name' % kind, target.name, 'name')]


def name_problems(params: Mapping[str, Any], target: ResourceId, kind: str, *options: str) -> List[Problem]:
    """Problems with the target's names and with the given name options (module params), before any call."""
    return check_request_names(target_names(params, target, kind) + [(option, params.get(option), 'name')
                                                                     for option in options])


def check_request_names(names: Iterable[Tuple[str, Any, str]]) -> List[Problem]:
    """Problems with names a module puts into request URLs, found before any call.

    ``names`` holds ``(option, value, part)`` with part 'subscription',
    'group' or 'name'; None values are skipped. ARM's rules
    (resource_id.parse_strict) apply to each, so a name like ".." or "a/b"
    can never make a request address another resource.
    """
    problems = []
    for option, value, part in names:
        if value is None:
            continue
        if not isinstance(value, str) or value == '' or '/' in value:
            problems.append(Problem(option, 'must be a name of 1-80 characters without "/"', value))
            continue
        try:
            parse_strict(_NAME_TEMPLATE % dict(_GOOD_PARTS, **{part: value}))
        except ValueError as error:
            problems.append(Problem(option, str(error), value))
    return problems

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The info modules that read one child resource by name, or list them all: one body for each of them.

A circuit's authorizations and peerings, a private cloud's authorizations
and Global Reach connections: each module names its target kind, its calls
and its result mapping, and runs ``run_child_info`` from ``main()``.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Callable, Dict, List, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.modules import AzureModule
from ansible_collections.hybridlink.expressroute.plugins.module_utils.targets import (
    CIRCUIT_TARGET_RULES, CIRCUIT_TARGET_SPEC, PRIVATE_CLOUD_TARGET_RULES, PRIVATE_CLOUD_TARGET_SPEC, circuit_target,
    private_cloud_target)

# Target kind -> (argument spec, AnsibleModule rules, the target from the module's options).
TARGETS = {
    "circuit": (CIRCUIT_TARGET_SPEC, CIRCUIT_TARGET_RULES, circuit_target),
    "private_cloud": (PRIVATE_CLOUD_TARGET_SPEC, PRIVATE_CLOUD_TARGET_RULES, private_cloud_target),
}


def run_child_info(target_kind: str, result_name: str, get_one: Callable[..., Any],
                   list_all: Callable[..., List[Any]], to_result: Callable[[Any], Optional[Dict[str, Any]]],
                   name_option: str = "name", name_spec: Optional[Dict[str, Any]] = None) -> None:
    """Run an info module: the child named by ``name_option`` (none when missing), or every one when not given.

    get_one(module, target, name) and list_all(module, target) are API calls; to_result maps one answer.
    """
    target_spec, target_rules, target_of = TARGETS[target_kind]
    spec = dict(target_spec)
    spec[name_option] = name_spec or dict(type="str")

    def run(module: AzureModule) -> None:
        target = target_of(module, name_option)
        items = module.one_or_all(module.params[name_option], lambda name: get_one(module, target, name),
                                  lambda: list_all(module, target))
        module.exit(changed=False, **{result_name: [to_result(item) for item in items]})

    AzureModule(spec, **target_rules).run(run)

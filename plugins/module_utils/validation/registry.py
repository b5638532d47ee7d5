# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Routing registry (RIR/IRR) names Microsoft peering accepts."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import List, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem

ROUTING_REGISTRIES = ("ARIN", "APNIC", "AFRINIC", "LACNIC", "RIPENCC", "RADB", "ALTDB", "LEVEL3")


def normalise_routing_registry(value: object) -> Optional[str]:
    """The canonical (upper-case) registry name, or None if it is not one."""
    if not isinstance(value, str):
        return None
    upper = value.strip().upper()
    return upper if upper in ROUTING_REGISTRIES else None


def check_routing_registry(option: str, value: object) -> List[Problem]:
    """One of ROUTING_REGISTRIES, in any case."""
    if normalise_routing_registry(value) is None:
        return [Problem(option, "must be one of %s" % ", ".join(ROUTING_REGISTRIES), value)]
    return []

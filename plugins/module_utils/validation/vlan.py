# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""VLAN rule for a peering: 1-4094 and unique among the circuit's peerings."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import List, Mapping, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem

MIN_VLAN = 1
MAX_VLAN = 4094


def check_vlan(option: str, value: object, other_peerings_vlans: Optional[Mapping[str, object]] = None) -> List[Problem]:
    """1..4094 and not the VLAN of another peering on the circuit.

    ``other_peerings_vlans`` maps the circuit's *other* peerings' names to
    their VLAN IDs (None for a peering without one).
    """
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_VLAN <= value <= MAX_VLAN:
        return [Problem(option, "must be a VLAN ID from %d to %d" % (MIN_VLAN, MAX_VLAN), value)]
    for peering_name, vlan in sorted((other_peerings_vlans or {}).items()):
        if vlan == value:
            return [Problem(option, "must be unique on the circuit; %s already uses VLAN %d"
                            % (peering_name, value), value)]
    return []

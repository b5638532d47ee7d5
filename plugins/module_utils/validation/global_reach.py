# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Global Reach address prefix rules.

A circuit-to-circuit connection carves its tunnel addresses out of an IPv4
/29 and optionally an IPv6 /125, which must not overlap any other address
space of either network.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import List, Sequence, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import (
    check_not_overlapping,
    parse_prefix,
)

GLOBAL_REACH_PREFIX_LENGTH = {4: 29, 6: 125}


def check_global_reach_prefix(option: str, value: object, *, version: int,
                              in_use: Sequence[Tuple[str, str]] = ()) -> List[Problem]:
    """A /29 (IPv4) or /125 (IPv6) network, host bits zero, overlapping nothing in ``in_use``.

    ``in_use`` holds ``(label, prefix)`` pairs: peer subnets, address spaces
    in use, other connections' prefixes; the label names them in the rule.
    """
    network, problems = parse_prefix(option, value, version=version)
    if network is None:
        return problems
    length = GLOBAL_REACH_PREFIX_LENGTH[version]
    if network.prefixlen != length:
        return [Problem(option, "must be a /%d for Global Reach" % length, value)]
    return check_not_overlapping(option, value, in_use)

# -*- coding: utf-8 -*-
# Copyright: Contributors to the hybridlink.expressroute collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Warn about a default route advertised alone toward Azure VMware Solution."""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress
from typing import Iterable, Optional


def lone_default_route_warning(prefixes: Iterable[object]) -> Optional[str]:
    """A warning when a default route is the only prefix of its IP version, else None.

    AVS discards a lone 0.0.0.0/0 on its management network, so on-premises
    must also advertise a more specific route. Invalid entries are ignored
    here; the validators report them.
    """
    networks = []
    for prefix in prefixes or ():
        try:
            networks.append(ipaddress.ip_network(str(prefix).strip(), strict=False))
        except ValueError:
            continue
    lone = []
    for version in (4, 6):
        of_version = [network for network in networks if network.version == version]
        if of_version and all(network.prefixlen == 0 for network in of_version):
            lone.append(str(of_version[0]))
    if not lone:
        return None
    return ("AVS discards a lone %s: a default route advertised without a more specific route is dropped by "
            "the Azure VMware Solution management network; also advertise a more specific prefix covering "
            "your on-premises networks" % " or ".join(lone))

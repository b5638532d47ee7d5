# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the AVS private cloud and route-verification modules return.

Inputs are wire JSON dicts as arm.ArmClient answers them; outputs are
normalised snake_case dicts named after the resource. The route filters are
pure functions of those outputs. Global Reach connections have their own
model (connection_model.py).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import ipaddress

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import parse_prefix
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten, pick

MICROSOFT_ASN = '12076'
DEVICE_PATHS = ('primary', 'secondary')
PREFIX_MATCHES = ('exact', 'orlonger', 'covering')


# How on-premises reaches a private cloud of each generation.
CONNECTIVITY_PATHS = {1: 'global_reach', 2: 'gateway_connection'}


def private_cloud_generation(wire: Optional[Mapping[str, Any]]) -> int:
    """2 for a Generation 2 private cloud (deployed into the customer's virtual network: properties.virtualNetworkId,
    API 2024-09-01 on), else 1."""
    return 2 if ((wire or {}).get('properties') or {}).get('virtualNetworkId') else 1


def private_cloud_result(wire: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A private cloud with its address plan, generation and the IDs of its AVS-managed ExpressRoute circuit."""
    if wire is None:
        return None
    flat = flatten(wire)
    generation = private_cloud_generation(wire)
    circuit = flat.get('circuit') or {}
    cluster = flat.get('management_cluster') or {}
    result = pick(flat, 'id', 'name', 'location', 'provisioning_state', 'network_block', 'management_network',
                  'provisioning_network', 'vmotion_network', 'internet')
    return dict(
        result,
        sku=(flat.get('sku') or {}).get('name'),
        tags=flat.get('tags') or {},
        circuit=pick(circuit, 'express_route_id', 'express_route_private_peering_id', 'primary_subnet',
                     'secondary_subnet'),
        management_cluster=pick(cluster, 'cluster_size', 'provisioning_state'),
        endpoints=flat.get('endpoints') or {},
        generation=generation,
        virtual_network_id=flat.get('virtual_network_id'),
        connectivity_path=CONNECTIVITY_PATHS[generation],
    )


def route_entry(wire: Mapping[str, Any]) -> Dict[str, Any]:
    flat = flatten(wire)
    return dict(network=flat.get('network'), next_hop=flat.get('next_hop'), loc_prf=flat.get('loc_prf'),
                weight=flat.get('weight'), path=flat.get('path'))


def arp_entry(wire: Mapping[str, Any]) -> Dict[str, Any]:
    flat = flatten(wire)
    return dict(age=flat.get('age'), interface=flat.get('interface'), ip_address=flat.get('ip_address'),
                mac_address=flat.get('mac_address'))


def summary_entry(wire: Mapping[str, Any]) -> Dict[str, Any]:
    """A BGP neighbor; statePfxRcd is a prefix count when the session is up, else the session state."""
    flat = flatten(wire)
    state = flat.get('state_pfx_rcd')
    text = str(state) if state is not None else ''
    count = int(text) if text.isdigit() else None
    return dict(neighbor=flat.get('neighbor'), v=flat.get('v'), asn=flat.get('as'), up_down=flat.get('up_down'),
                state_pfx_rcd=state, prefixes_received=count,
                session_state='Established' if count is not None else (text or None))


def stats_result(wire: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """Byte counters of a circuit or peering (Azure spells them primarybytesIn and so on)."""
    if wire is None:
        return None
    return dict(
        primary_bytes_in=wire.get('primarybytesIn'),
        primary_bytes_out=wire.get('primarybytesOut'),
        secondary_bytes_in=wire.get('secondarybytesIn'),
        secondary_bytes_out=wire.get('secondarybytesOut'),
    )


def _network(value: Any) -> Optional[Union[ipaddress.IPv4Network, ipaddress.IPv6Network]]:
    try:
        return ipaddress.ip_network(str(value).strip(), strict=False)
    except ValueError:
        return None


def filter_routes(routes: Iterable[Mapping[str, Any]], next_hop: Optional[str] = None) -> List[Dict[str, Any]]:
    """Routes whose next hop is next_hop (all routes when None). Input not modified."""
    if not next_hop:
        return [dict(route) for route in routes]
    wanted = str(next_hop).strip().lower()
    return [dict(route) for route in routes if str(route.get('next_hop') or '').strip().lower() == wanted]


def prefix_present(prefix: str, routes: Iterable[Mapping[str, Any]], match: str = 'exact') -> bool:
    """Whether a route answers for prefix: the same network (exact), one inside it (orlonger),
    or one that contains it (covering)."""
    wanted = _network(prefix)
    if wanted is None:
        return False
    for route in routes:
        have = _network(route.get('network'))
        if have is None or have.version != wanted.version:
            continue
        if have == wanted:
            return True
        if match == 'orlonger' and have.subnet_of(wanted):
            return True
        if match == 'covering' and wanted.subnet_of(have):
            return True
    return False


def missing_prefixes(prefixes: Optional[Sequence[str]], routes: Sequence[Mapping[str, Any]],
                     match: str = 'exact') -> List[str]:
    """The prefixes (as given, in order) that no route answers for."""
    return [prefix for prefix in prefixes or () if not prefix_present(prefix, routes, match)]


def on_premises_routes(routes: Iterable[Mapping[str, Any]]) -> List[Mapping[str, Any]]:
    """Routes learned from the customer edge: their AS path does not start with Microsoft's 12076.

    Global Reach brings in the other end's prefixes through Microsoft's edge
    (path "12076 <asn>"); everything else came from the on-premises router.
    """
    return [route for route in routes if str(route.get('path') or '').split()[:1] != [MICROSOFT_ASN]]


def validate_route_query(prefixes: Optional[Sequence[str]], next_hop: Optional[str],
                         include_routes: Optional[bool]) -> List[Problem]:
    """Problems with route_table_info's filters, naming the option (prefixes[2], next_hop)."""
    problems = []
    for index, prefix in enumerate(prefixes or ()):
        problems.extend(parse_prefix('prefixes[%d]' % index, prefix)[1])
    if next_hop is not None:
        try:
            ipaddress.ip_address(str(next_hop).strip())
        except ValueError:
            problems.append(Problem('next_hop', 'must be an IP address like 10.0.0.1', next_hop))
    if (prefixes or next_hop) and not include_routes:
        problems.append(Problem('include_routes', 'must be true when prefixes or next_hop are given: they filter the '
                                'route tables', include_routes))
    return problems

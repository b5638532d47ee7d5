# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the Microsoft edge routers of a circuit peering see: routes, ARP, BGP summary, byte counters.

The three tables are POST actions that Azure runs as long-running
operations (the result is read from the Location URL); each takes seconds to
minutes. They change nothing, so unlike module.write they are not retried on
"another operation in progress"; they are started together (azure-core's
LROPoller polls each one on its own thread) and bounded, together, by
operation_timeout.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, Iterable, List, Optional, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import NETWORK_API_VERSION
from ansible_collections.hybridlink.expressroute.plugins.module_utils.circuit_api import circuit_path
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ResourceId
from ansible_collections.hybridlink.expressroute.plugins.module_utils.waiters import WaitTimeout, wait_for_poller

# Table -> (path segment under the peering, what it is called in messages).
TABLES = {
    'routes': ('routeTables', 'route table'),
    'arp': ('arpTables', 'ARP table'),
    'summary': ('routeTablesSummary', 'route table summary'),
}


def _start(module: Any, circuit: ResourceId, peering: str, table: str, device: str) -> Tuple[str, Any]:
    segment, label = TABLES[table]
    arm = module.client()
    path = circuit_path(circuit, 'peerings', peering, segment, device)
    action = 'Listing the %s %s of peering %s of circuit %s' % (device, label, peering, circuit.name)
    return action, module.read_action(action, lambda: arm.begin_post(path, NETWORK_API_VERSION))


def _collect(module: Any, action: str, poller: Any, deadline: float) -> Optional[List[Dict[str, Any]]]:
    """The "value" list of a started action; None when Azure answered 404 (no such circuit or peering)."""
    timeout = module.params['operation_timeout']
    remaining = max(0.0, deadline - module.clock())
    try:
        # A one-item tuple, so "404" (None) and "finished without a body" ((None,)) differ.
        answer = module.read(action, lambda: (wait_for_poller(poller, remaining, module.clock),))
    except WaitTimeout:
        raise ModuleFailure(
            '%s: the operation did not finish within %s seconds (operation_timeout=%s). The edge routers answer '
            'slowly while a peering changes; rerun, ask for fewer tables, or raise operation_timeout.'
            % (action, timeout, timeout), error_code='Timeout')
    if answer is None:
        return None
    result = answer[0]
    return list(result.get('value') or []) if result is not None else []


def list_tables(module: Any, circuit: ResourceId, peering: str,
                wanted: Iterable[Tuple[str, str]]) -> Dict[Tuple[str, str], Optional[List[Dict[str, Any]]]]:
    """{(table, device): entries} for each (table, device) in wanted; entries None when not found.

    table is 'routes', 'arp' or 'summary'; device 'primary' or 'secondary'.
    Every action is started first, then all are awaited within one
    operation_timeout. Entries are wire JSON dicts.
    """
    deadline = module.clock() + module.params['operation_timeout']
    started = [(table, device) + _start(module, circuit, peering, table, device) for table, device in wanted]
    return dict(((table, device), _collect(module, action, poller, deadline) if poller is not None else None)
                for table, device, action, poller in started)


def get_circuit_stats(module: Any, circuit: ResourceId) -> Optional[Dict[str, Any]]:
    arm = module.client()
    return module.read('Reading the byte counters of circuit %s' % circuit.name,
                       lambda: arm.get(circuit_path(circuit, 'stats'), NETWORK_API_VERSION))


def get_peering_stats(module: Any, circuit: ResourceId, peering: str) -> Optional[Dict[str, Any]]:
    arm = module.client()
    return module.read('Reading the byte counters of peering %s of circuit %s' % (peering, circuit.name),
                       lambda: arm.get(circuit_path(circuit, 'peerings', peering, 'stats'), NETWORK_API_VERSION))

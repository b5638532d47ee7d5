# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""What the Microsoft edge routers of a circuit peering see: routes, ARP, BGP summary, byte counters.

The three tables are POST actions that Azure runs as long-running
operations (the result is read from the Location URL). They change nothing,
so unlike module.write they are not retried on "another operation in
progress" (that answer would mean something else is wrong); they are only
bounded by operation_timeout. Functions return lists of wire JSON entries.
"""

from ansible_collections.hybridlink.expressroute.plugins.module_utils.clients import NETWORK_SDK
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.waiters import WaitTimeout, wait_for_poller


def _circuits(module, circuit):
    return module.client(NETWORK_SDK, circuit.subscription_id).express_route_circuits


def _bounded_action(module, action, begin):
    """Start a read-only LRO with begin() and return its result's "value" list, within operation_timeout.

    None when Azure answers 404 (the circuit or peering does not exist).
    """
    timeout = module.params['operation_timeout']
    try:
        # A one-item tuple, so "404" (None) and "finished without a body" ((None,)) differ.
        answer = module.read(action, lambda: (wait_for_poller(begin(), timeout, module.clock),))
    except WaitTimeout as error:
        raise ModuleFailure(
            '%s: %s (operation_timeout=%s). The edge routers answer slowly while a peering changes; rerun, or raise '
            'operation_timeout.' % (action, error, timeout), error_code='Timeout')
    if answer is None:
        return None
    result = answer[0]
    return list(result.as_dict().get('value') or []) if result is not None else []


def list_routes(module, circuit, peering, device):
    ops = _circuits(module, circuit)
    return _bounded_action(
        module, 'Listing the %s route table of peering %s of circuit %s' % (device, peering, circuit.name),
        lambda: ops.begin_list_routes_table(circuit.resource_group, circuit.name, peering, device))


def list_arp(module, circuit, peering, device):
    ops = _circuits(module, circuit)
    return _bounded_action(
        module, 'Listing the %s ARP table of peering %s of circuit %s' % (device, peering, circuit.name),
        lambda: ops.begin_list_arp_table(circuit.resource_group, circuit.name, peering, device))


def list_summary(module, circuit, peering, device):
    ops = _circuits(module, circuit)
    return _bounded_action(
        module, 'Listing the %s route table summary of peering %s of circuit %s' % (device, peering, circuit.name),
        lambda: ops.begin_list_routes_table_summary(circuit.resource_group, circuit.name, peering, device))


def get_circuit_stats(module, circuit):
    ops = _circuits(module, circuit)
    answer = module.read('Reading the byte counters of circuit %s' % circuit.name,
                         lambda: ops.get_stats(circuit.resource_group, circuit.name))
    return answer.as_dict() if answer is not None else None


def get_peering_stats(module, circuit, peering):
    ops = _circuits(module, circuit)
    answer = module.read('Reading the byte counters of peering %s of circuit %s' % (peering, circuit.name),
                         lambda: ops.get_peering_stats(circuit.resource_group, circuit.name, peering))
    return answer.as_dict() if answer is not None else None

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Calls on ExpressRoute circuits and their children, one small function each.

Every function takes the module wrapper (errors, retries, waits, and every
key an answer carries registered as a secret) and a typed circuit ID, and
returns wire JSON dicts as arm.ArmClient answers them. "Not found" on a read
is None; "already gone" on a delete is False. The requests are those
azure-mgmt-network 33.1.0 sent. The children's calls come from their
ResourceKind (resource_calls.py).
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import NETWORK_API_VERSION, arm_path
from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import authorization_request
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_calls import ResourceKind
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import ResourceId

API = NETWORK_API_VERSION
Wire = Optional[Dict[str, Any]]


def circuit_path(circuit: ResourceId, *children: str) -> str:
    """The circuit's ARM path, plus child segments ('peerings', name, ...)."""
    return arm_path(circuit.subscription_id, 'providers/Microsoft.Network/expressRouteCircuits', circuit.name,
                    *children, resource_group=circuit.resource_group)


AUTHORIZATIONS = ResourceKind(lambda circuit, *names: circuit_path(circuit, 'authorizations', *names), API,
                              'authorization', 'authorizations', 'circuit')
PEERINGS = ResourceKind(lambda circuit, *names: circuit_path(circuit, 'peerings', *names), API,
                        'peering', 'peerings', 'circuit')
# Named (peering, connection): the connections of one of the circuit's peerings.
CONNECTIONS = ResourceKind(lambda circuit, peering, name: circuit_path(circuit, 'peerings', peering, 'connections', name),
                           API, 'Global Reach connection', 'Global Reach connections', 'circuit')


def get_circuit(module: Any, circuit: ResourceId) -> Wire:
    arm = module.client()
    return module.read('Reading circuit %s' % circuit.name, lambda: arm.get(circuit_path(circuit), API))


get_authorization = AUTHORIZATIONS.get
list_authorizations = AUTHORIZATIONS.list
delete_authorization = AUTHORIZATIONS.delete


def create_authorization(module: Any, circuit: ResourceId, name: str) -> Wire:
    """PUT an empty authorization: Azure generates the key (one it ignores if sent)."""
    return AUTHORIZATIONS.put(module, circuit, name, body=authorization_request(), creating=True)


def list_authorization_key(module: Any, circuit: ResourceId, name: str) -> Optional[str]:
    """The clear key via POST listKeys (api-version 2026-01-01 on masks it in GET)."""
    arm = module.client()
    answer = module.read_action(
        'Reading the key of authorization %s of circuit %s' % (name, circuit.name),
        lambda: arm.post(circuit_path(circuit, 'authorizations', name, 'listKeys'), API))
    return answer.get('authorizationKey') if answer is not None else None


get_peering = PEERINGS.get
list_peerings = PEERINGS.list
delete_peering = PEERINGS.delete


def put_peering(module: Any, circuit: ResourceId, name: str, body: Dict[str, Any], etag: Optional[str] = None) -> Wire:
    """PUT the whole peering; with etag, only if nobody changed it since we read it."""
    return PEERINGS.put(module, circuit, name, body=body, headers={'If-Match': etag} if etag else {})


get_connection = CONNECTIONS.get
delete_connection = CONNECTIONS.delete


def put_connection(module: Any, circuit: ResourceId, peering: str, name: str, body: Dict[str, Any]) -> Wire:
    return CONNECTIONS.put(module, circuit, peering, name, body=body)

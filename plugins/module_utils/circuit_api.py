# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Calls on ExpressRoute circuits and their children, one small function each.

Every function takes the module wrapper (errors, retries, waits) and a typed
circuit ID, and returns wire JSON dicts (what azure-mgmt-network's as_dict()
gave). "Not found" on a read is None; "already gone" on a delete is False.
The requests are those of azure-mgmt-network 33.1.0, sent by arm.ArmClient.
"""

from ansible_collections.hybridlink.expressroute.plugins.module_utils.arm import NETWORK_API_VERSION, arm_path

API = NETWORK_API_VERSION


def circuit_path(circuit, *children):
    """The circuit's ARM path, plus child segments ('peerings', name, ...)."""
    return arm_path(circuit.subscription_id, 'providers/Microsoft.Network/expressRouteCircuits', circuit.name,
                    *children, resource_group=circuit.resource_group)


def get_circuit(module, circuit):
    arm = module.client()
    return module.read('Reading circuit %s' % circuit.name, lambda: arm.get(circuit_path(circuit), API))


def get_authorization(module, circuit, name):
    arm = module.client()
    return module.read(
        'Reading authorization %s of circuit %s' % (name, circuit.name),
        lambda: arm.get(circuit_path(circuit, 'authorizations', name), API))


def list_authorizations(module, circuit):
    arm = module.client()
    return module.call(
        'Listing authorizations of circuit %s' % circuit.name,
        lambda: arm.list(circuit_path(circuit, 'authorizations'), API))


def create_authorization(module, circuit, name):
    """PUT an empty authorization: Azure generates the key (one it ignores if sent)."""
    arm = module.client()
    return module.write(
        'Creating authorization %s on circuit %s' % (name, circuit.name),
        lambda: arm.begin_put(circuit_path(circuit, 'authorizations', name), API, {'properties': {}}))


def delete_authorization(module, circuit, name):
    arm = module.client()
    return module.delete(
        'Deleting authorization %s of circuit %s' % (name, circuit.name),
        lambda: arm.begin_delete(circuit_path(circuit, 'authorizations', name), API))


def list_authorization_key(module, circuit, name):
    """The clear key via POST listKeys (api-version 2026-01-01 on masks it in GET)."""
    arm = module.client()
    answer = module.read_action(
        'Reading the key of authorization %s of circuit %s' % (name, circuit.name),
        lambda: arm.post(circuit_path(circuit, 'authorizations', name, 'listKeys'), API))
    return answer.get('authorizationKey') if answer is not None else None


def get_peering(module, circuit, name):
    arm = module.client()
    return module.read(
        'Reading peering %s of circuit %s' % (name, circuit.name),
        lambda: arm.get(circuit_path(circuit, 'peerings', name), API))


def list_peerings(module, circuit):
    arm = module.client()
    return module.call(
        'Listing peerings of circuit %s' % circuit.name,
        lambda: arm.list(circuit_path(circuit, 'peerings'), API))


def put_peering(module, circuit, name, body, etag=None):
    """PUT the whole peering; with etag, only if nobody changed it since we read it."""
    arm = module.client()
    headers = {'If-Match': etag} if etag else {}
    return module.write(
        'Writing peering %s of circuit %s' % (name, circuit.name),
        lambda: arm.begin_put(circuit_path(circuit, 'peerings', name), API, body, headers=headers))


def delete_peering(module, circuit, name):
    arm = module.client()
    return module.delete(
        'Deleting peering %s of circuit %s' % (name, circuit.name),
        lambda: arm.begin_delete(circuit_path(circuit, 'peerings', name), API))


def _connection_path(circuit, peering, name):
    return circuit_path(circuit, 'peerings', peering, 'connections', name)


def get_connection(module, circuit, peering, name):
    arm = module.client()
    return module.read(
        'Reading Global Reach connection %s of circuit %s' % (name, circuit.name),
        lambda: arm.get(_connection_path(circuit, peering, name), API))


def put_connection(module, circuit, peering, name, body):
    arm = module.client()
    return module.write(
        'Writing Global Reach connection %s of circuit %s' % (name, circuit.name),
        lambda: arm.begin_put(_connection_path(circuit, peering, name), API, body))


def delete_connection(module, circuit, peering, name):
    arm = module.client()
    return module.delete(
        'Deleting Global Reach connection %s of circuit %s' % (name, circuit.name),
        lambda: arm.begin_delete(_connection_path(circuit, peering, name), API))

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Calls on ExpressRoute circuits and their children, one small function each.

Every function takes the module wrapper (errors, retries, waits) and a typed
circuit ID, and returns wire JSON dicts (the SDK model's as_dict()). "Not
found" on a read is None; "already gone" on a delete is False.
"""

from ansible_collections.hybridlink.expressroute.plugins.module_utils.clients import NETWORK_SDK


def _network(module, circuit):
    return module.client(NETWORK_SDK, circuit.subscription_id)


def _as_dict(model):
    return model.as_dict() if model is not None else None


def get_circuit(module, circuit):
    ops = _network(module, circuit).express_route_circuits
    return _as_dict(module.read(
        'Reading circuit %s' % circuit.name, lambda: ops.get(circuit.resource_group, circuit.name)))


def get_authorization(module, circuit, name):
    ops = _network(module, circuit).express_route_circuit_authorizations
    return _as_dict(module.read(
        'Reading authorization %s of circuit %s' % (name, circuit.name),
        lambda: ops.get(circuit.resource_group, circuit.name, name)))


def list_authorizations(module, circuit):
    ops = _network(module, circuit).express_route_circuit_authorizations
    return [item.as_dict() for item in module.call(
        'Listing authorizations of circuit %s' % circuit.name,
        lambda: list(ops.list(circuit.resource_group, circuit.name)))]


def create_authorization(module, circuit, name):
    """PUT an empty authorization: Azure generates the key (one it ignores if sent)."""
    ops = _network(module, circuit).express_route_circuit_authorizations
    return _as_dict(module.write(
        'Creating authorization %s on circuit %s' % (name, circuit.name),
        lambda: ops.begin_create_or_update(circuit.resource_group, circuit.name, name, {'properties': {}})))


def delete_authorization(module, circuit, name):
    ops = _network(module, circuit).express_route_circuit_authorizations
    return module.delete(
        'Deleting authorization %s of circuit %s' % (name, circuit.name),
        lambda: ops.begin_delete(circuit.resource_group, circuit.name, name))


def list_authorization_key(module, circuit, name):
    """The clear key via POST listKeys (api-version 2026-01-01 on masks it in GET)."""
    ops = _network(module, circuit).express_route_circuit_authorizations
    answer = module.call(
        'Reading the key of authorization %s of circuit %s' % (name, circuit.name),
        lambda: ops.list_keys(circuit.resource_group, circuit.name, name))
    return answer.as_dict().get('authorizationKey') if answer is not None else None


def get_peering(module, circuit, name):
    ops = _network(module, circuit).express_route_circuit_peerings
    return _as_dict(module.read(
        'Reading peering %s of circuit %s' % (name, circuit.name),
        lambda: ops.get(circuit.resource_group, circuit.name, name)))


def list_peerings(module, circuit):
    ops = _network(module, circuit).express_route_circuit_peerings
    return [item.as_dict() for item in module.call(
        'Listing peerings of circuit %s' % circuit.name,
        lambda: list(ops.list(circuit.resource_group, circuit.name)))]


def put_peering(module, circuit, name, body, etag=None):
    """PUT the whole peering; with etag, only if nobody changed it since we read it."""
    ops = _network(module, circuit).express_route_circuit_peerings
    headers = {'If-Match': etag} if etag else {}
    return _as_dict(module.write(
        'Writing peering %s of circuit %s' % (name, circuit.name),
        lambda: ops.begin_create_or_update(circuit.resource_group, circuit.name, name, body, headers=headers)))


def delete_peering(module, circuit, name):
    ops = _network(module, circuit).express_route_circuit_peerings
    return module.delete(
        'Deleting peering %s of circuit %s' % (name, circuit.name),
        lambda: ops.begin_delete(circuit.resource_group, circuit.name, name))


def get_connection(module, circuit, peering, name):
    ops = _network(module, circuit).express_route_circuit_connections
    return _as_dict(module.read(
        'Reading Global Reach connection %s of circuit %s' % (name, circuit.name),
        lambda: ops.get(circuit.resource_group, circuit.name, peering, name)))


def put_connection(module, circuit, peering, name, body):
    ops = _network(module, circuit).express_route_circuit_connections
    return _as_dict(module.write(
        'Writing Global Reach connection %s of circuit %s' % (name, circuit.name),
        lambda: ops.begin_create_or_update(circuit.resource_group, circuit.name, peering, name, body)))


def delete_connection(module, circuit, peering, name):
    ops = _network(module, circuit).express_route_circuit_connections
    return module.delete(
        'Deleting Global Reach connection %s of circuit %s' % (name, circuit.name),
        lambda: ops.begin_delete(circuit.resource_group, circuit.name, peering, name))

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions about Global Reach connections, pure: no Azure calls, no Ansible, no waiting.

Both kinds of Global Reach connection (an AVS private cloud's
globalReachConnections, and circuit-to-circuit peerings/connections) share
the same life: the peer and the tunnel prefix are fixed at creation, the
authorization key is write-only and single-use, a failed create leaves a
Failed resource behind, and "done" means circuitConnectionStatus Connected.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Collection, Dict, Iterable, List, Optional, Sequence, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import OPERATION_ADVICE, ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import Plan, plan_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    ResourceId, parse_lenient, same_resource)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import is_masked_key
from ansible_collections.hybridlink.expressroute.plugins.module_utils.validation.addresses import normalise_prefix
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import camel

# A connection in the user schema (None: it does not exist), and a fixed field that differs: (field, wanted, have).
Flat = Optional[Dict[str, Any]]
Conflict = Tuple[str, Any, Any]

REPLACE = 'replace'
FAILED_STATES = ('Failed', 'Canceled')
SECRET_FIELDS = ('authorization_key',)
# Where a Global Reach connection reports that it is up.
STATUS_FIELD = 'circuit_connection_status'

# Why an Azure operation on a Global Reach connection failed, and what to do.
FAILURE_ADVICE = {
    'AuthorizationKeyAlreadyInUse': (
        'authorization_key: the authorization key is already in use by another connection; a key serves exactly '
        'one connection. Create a new authorization on %(key_circuit)s (for example with '
        'hybridlink.expressroute.circuit_authorization and a new name) and pass its key, or delete the connection '
        'that uses the old one.'),
    'InvalidAuthorizationKey': (
        'authorization_key: Azure does not know this key on %(key_circuit)s (unknown, revoked, or created on '
        'another circuit). The key must come from an authorization on %(key_circuit)s; for AVS Global Reach that is '
        'your on-premises circuit, never the private cloud\'s own ExpressRoute circuit.'),
    'GlobalReachConnectionAlreadyExists': (
        'these two circuits are already connected by another Global Reach connection; configure Global Reach on one '
        'side of a pair only, and keep one connection per pair.'),
    'GlobalReachAddressPrefixOverlaps': (
        'address_prefix: the /29 overlaps address space already used on one of the circuits; choose an unused /29.'),
    'PeerCircuitNotProvisioned': (
        'the peer circuit is not provisioned by its connectivity provider yet; ask the provider to finish '
        'provisioning (serviceProviderProvisioningState Provisioned) and rerun.'),
    'PrivatePeeringNotConfigured': (
        'the peer circuit has no provisioned AzurePrivatePeering; configure it first with '
        'hybridlink.expressroute.circuit_peering and rerun.'),
}


def check_wait_timeout(value: Optional[int]) -> List[Problem]:
    if value is not None and value < 1:
        return [Problem('wait_timeout', 'must be a positive number of seconds', value)]
    return []


def given_key(value: Any) -> Optional[str]:
    """The key option as given, with an empty string meaning 'not given'."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def is_failed(current: Flat) -> bool:
    return current is not None and current.get('provisioning_state') in FAILED_STATES


def _same(field: str, wanted: Any, have: Any, id_fields: Sequence[str]) -> bool:
    if field in id_fields:
        return same_resource(wanted, have)
    return normalise_prefix(wanted) == normalise_prefix(have)


def plan_connection(desired: Flat, current: Flat, fixed_fields: Sequence[str], id_fields: Sequence[str] = (),
                    read_only: Collection[str] = ()) -> Tuple[Plan, List[Conflict]]:
    """Plan a Global Reach connection; return (plan, conflicts).

    ``desired`` and ``current`` are user-schema dicts (None: absent /
    missing); fields in ``read_only`` are what Azure reports and are never
    planned. ``fixed_fields`` are set at creation and cannot change (the
    peer, the prefix): when an existing, healthy connection differs in one of
    them the plan is 'none' and ``conflicts`` lists ``(field, wanted, have)``
    for the caller to refuse. IDs in ``id_fields`` compare as ARM does
    (case-insensitive), other strings as prefixes in ipaddress's spelling.
    The write-only key is never compared. A connection whose create failed is
    replaced (plan action 'replace'). Inputs are not modified.
    """
    if desired is None or current is None:
        return plan_resource(desired, current, read_only=read_only), []
    if is_failed(current):
        create = plan_resource(desired, None, read_only=read_only)
        before = plan_resource(None, current, read_only=read_only).before
        return Plan(REPLACE, before, create.after, create.changed_fields), []
    managed = dict(desired)
    for field in SECRET_FIELDS:
        managed[field] = None
    conflicts = []
    for field, wanted in desired.items():
        if wanted is None or field in SECRET_FIELDS or field in read_only:
            continue
        if _same(field, wanted, current.get(field), id_fields):
            # Equal as Azure compares: keep Azure's spelling so nothing shows as changed.
            managed[field] = current.get(field)
        elif field in fixed_fields:
            conflicts.append((field, wanted, current.get(field)))
    if conflicts:
        return plan_resource(None, None), conflicts
    return plan_resource(managed, current, read_only=read_only), []


def conflict_message(what: str, conflicts: List[Conflict]) -> str:
    """Why an existing connection cannot take the requested settings, and what to do instead."""
    changes = '; '.join('%s is %s, requested %s' % (field, have, wanted) for field, wanted, have in conflicts)
    return ('%s already exists with other fixed settings (%s). Azure cannot change the peer or the prefix of a Global '
            'Reach connection in place: remove it first with state=absent, then create it again (a new '
            'authorization key is needed). Nothing was changed.' % (what, changes))


def key_matches(key: Optional[str], candidates: Iterable[Optional[str]]) -> bool:
    """Whether a readable key among candidates equals key (GUIDs compare case-insensitively)."""
    if not key:
        return False
    wanted = key.strip().lower()
    return any(not is_masked_key(candidate) and candidate.strip().lower() == wanted for candidate in candidates)


def circuit_of(resource_id: Any) -> Optional[ResourceId]:
    """The circuit an ID points into: the circuit itself, or the parent of its peering/authorization."""
    parsed = parse_lenient(resource_id)
    if parsed is None:
        return None
    while parsed.parent is not None:
        parsed = parsed.parent
    return parsed


def avs_side_circuits(private_cloud_flat: Flat, avs_authorizations_flat: Iterable[Dict[str, Any]] = ()) -> List[ResourceId]:
    """IDs of the circuits on the AVS side of a private cloud (never the on-premises one).

    The cloud's circuit.expressRouteID and the circuit of its
    expressRoutePrivatePeeringID (Azure has shown them as different
    circuits), plus the circuits its own authorizations live on.
    """
    circuit = (private_cloud_flat or {}).get('circuit') or {}
    found = []
    for value in (circuit.get('express_route_id'), circuit.get('express_route_private_peering_id')):
        parsed = circuit_of(value)
        if parsed is not None:
            found.append(parsed)
    for authorization in avs_authorizations_flat or ():
        for value in (authorization.get('express_route_id'), authorization.get('express_route_authorization_id')):
            parsed = circuit_of(value)
            if parsed is not None:
                found.append(parsed)
    unique = []
    for parsed in found:
        if not any(same_resource(parsed, seen) for seen in unique):
            unique.append(parsed)
    return unique


def connected(flat: Flat, status_field: str = STATUS_FIELD) -> bool:
    """Wait predicate: the connection is up, or it has failed and waiting is pointless.

    status_field: where the connection says so (gateway connections: connection_status).
    """
    return flat is None or flat.get(status_field) == 'Connected' or is_failed(flat)


def describe_connection(flat: Flat, status_field: str = STATUS_FIELD) -> str:
    if flat is None:
        return 'gone'
    return 'provisioningState %s, %s %s' % (flat.get('provisioning_state'), camel(status_field), flat.get(status_field))


def explain_failure(failure: ModuleFailure, key_circuit: str, extra: str = '') -> ModuleFailure:
    """A ModuleFailure for a failed connection write, with advice for known codes; others unchanged.

    The advice replaces the generic "rerun later": for these codes a rerun alone changes nothing.
    """
    code = failure.details.get('error_code')
    advice = FAILURE_ADVICE.get(code)
    if advice is None:
        return failure
    message = '%s -- %s' % (advice % {'key_circuit': key_circuit}, failure.message.replace(' -- ' + OPERATION_ADVICE, ''))
    if extra:
        message += ' ' + extra
    return ModuleFailure(message, **failure.details)


def both_sides_conflict(this_peering_id: str, peer_peering_id: str, peered_connections: Optional[List[Dict[str, Any]]],
                        peer_connections: Optional[List[Dict[str, Any]]]) -> Optional[str]:
    """The name of a connection the peer side already made between these two peerings, else None.

    ``peered_connections``: this peering's peeredConnections (made by other
    circuits towards it); ``peer_connections``: the peer peering's own
    connections, when readable. Both flat.
    """
    for item in peered_connections or ():
        other = (item.get('peer_express_route_circuit_peering') or {}).get('id')
        if same_resource(circuit_of(other), circuit_of(peer_peering_id)):
            return item.get('connection_name') or item.get('name')
    for item in peer_connections or ():
        other = (item.get('peer_express_route_circuit_peering') or {}).get('id')
        if same_resource(circuit_of(other), circuit_of(this_peering_id)):
            return item.get('name')
    return None


def find_key(authorizations_wire: Optional[List[Dict[str, Any]]], key: Optional[str]) -> Tuple[str, Optional[Dict[str, Any]]]:
    """Where a key stands among a circuit's authorizations (wire dicts).

    Returns (status, authorization_wire): ('in_use', a) or ('available', a)
    when a readable key matches; ('unknown', None) when every key is
    readable and none matches; ('unreadable', None) when Azure masks keys
    (api-version 2026-01-01 on) so no answer is possible without listKeys.
    """
    readable = True
    for authorization in authorizations_wire or ():
        properties = authorization.get('properties') or {}
        candidate = properties.get('authorizationKey')
        if is_masked_key(candidate):
            readable = False
            continue
        if key_matches(key, [candidate]):
            status = 'in_use' if properties.get('authorizationUseStatus') == 'InUse' else 'available'
            return status, authorization
    return ('unknown' if readable else 'unreadable'), None


def authorizations_in_use(authorizations_wire: Optional[List[Dict[str, Any]]]) -> List[str]:
    """'name (used by <uri>)' for each authorization of a circuit whose key is InUse, for messages."""
    found = []
    for authorization in authorizations_wire or ():
        properties = authorization.get('properties') or {}
        if properties.get('authorizationUseStatus') == 'InUse':
            found.append('%s (used by %s)' % (authorization.get('name'),
                                              properties.get('connectionResourceUri') or 'an unknown connection'))
    return found

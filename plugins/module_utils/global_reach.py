# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""Decisions about Global Reach connections, pure: no Azure calls, no Ansible.

Both kinds of Global Reach connection (an AVS private cloud's
globalReachConnections, and circuit-to-circuit peerings/connections) share
the same life: the peer and the tunnel prefix are fixed at creation, the
authorization key is write-only and single-use, a failed create leaves a
Failed resource behind, and "done" means circuitConnectionStatus Connected.
"""

import ipaddress

from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import Plan, plan_resource
from ansible_collections.hybridlink.expressroute.plugins.module_utils.problems import Problem
from ansible_collections.hybridlink.expressroute.plugins.module_utils.resource_id import (
    parse_lenient, same_resource)
from ansible_collections.hybridlink.expressroute.plugins.module_utils.results import circuit_is_ready, is_masked_key
from ansible_collections.hybridlink.expressroute.plugins.module_utils.waiters import WaitTimeout, wait_until

# Between two reads of a connection that is still coming up. Azure takes tens
# of seconds to minutes; the lab is quicker, and wait_timeout bounds the total.
CONNECTED_POLL_SECONDS = 5.0

REPLACE = 'replace'
FAILED_STATES = ('Failed', 'Canceled')
SECRET_FIELDS = ('authorization_key',)

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


def check_wait_timeout(value):
    if value is not None and value < 1:
        return [Problem('wait_timeout', 'must be a positive number of seconds', value)]
    return []


def given_key(value):
    """The key option as given, with an empty string meaning 'not given'."""
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def normalised_prefix(value):
    """A prefix in ipaddress's spelling; anything unparsable unchanged (validation reports it)."""
    if not isinstance(value, str) or '/' not in value:
        return value
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False))
    except ValueError:
        return value


def is_failed(current):
    return current is not None and current.get('provisioning_state') in FAILED_STATES


def _same(field, wanted, have, id_fields):
    if field in id_fields:
        return same_resource(wanted, have)
    return normalised_prefix(wanted) == normalised_prefix(have)


def plan_connection(desired, current, fixed_fields, id_fields=(), read_only=()):
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


def conflict_message(what, conflicts):
    """Why an existing connection cannot take the requested settings, and what to do instead."""
    changes = '; '.join('%s is %s, requested %s' % (field, have, wanted) for field, wanted, have in conflicts)
    return ('%s already exists with other fixed settings (%s). Azure cannot change the peer or the prefix of a Global '
            'Reach connection in place: remove it first with state=absent, then create it again (a new '
            'authorization key is needed). Nothing was changed.' % (what, changes))


def require_ready(option, circuit_name, circuit_wire):
    """Global Reach needs both circuits Provisioned by the provider and Enabled; refuse before any write."""
    ready, provider_state, circuit_state = circuit_is_ready(circuit_wire)
    if not ready:
        raise ModuleFailure(
            '%scircuit %s is not ready for Global Reach: serviceProviderProvisioningState is %s (needs Provisioned) and '
            'circuitProvisioningState is %s (needs Enabled). Ask your connectivity provider to finish provisioning it, '
            'then rerun; nothing was changed.' % (option + ': ' if option else '', circuit_name, provider_state,
                                                  circuit_state),
            service_provider_provisioning_state=provider_state, circuit_provisioning_state=circuit_state)


def key_matches(key, candidates):
    """Whether a readable key among candidates equals key (GUIDs compare case-insensitively)."""
    if not key:
        return False
    wanted = key.strip().lower()
    return any(not is_masked_key(candidate) and candidate.strip().lower() == wanted for candidate in candidates)


def circuit_of(resource_id):
    """The circuit an ID points into: the circuit itself, or the parent of its peering/authorization."""
    parsed = parse_lenient(resource_id)
    if parsed is None:
        return None
    while parsed.parent is not None:
        parsed = parsed.parent
    return parsed


def avs_side_circuits(private_cloud_flat, avs_authorizations_flat=()):
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


def connected(flat):
    """Wait predicate: the connection is up, or it has failed and waiting is pointless."""
    return flat is None or flat.get('circuit_connection_status') == 'Connected' or is_failed(flat)


def describe_connection(flat):
    if flat is None:
        return 'gone'
    return 'provisioningState %s, circuitConnectionStatus %s' % (
        flat.get('provisioning_state'), flat.get('circuit_connection_status'))


def await_connected(read, what, timeout, sleep, clock, last_read=None):
    """Read the connection (flat) until Connected; ModuleFailure on failure, disappearance or timeout.

    last_read: the connection as the caller has just read it (the operation's final GET), which the wait starts
    from instead of reading it again at once.
    """
    unread = [] if last_read is None else [last_read]

    def read_next():
        return unread.pop() if unread else read()

    try:
        flat = wait_until(read_next, connected, timeout, CONNECTED_POLL_SECONDS, sleep, clock, describe_connection)
    except WaitTimeout as error:
        raise ModuleFailure(
            '%s is not Connected yet: %s (wait_timeout=%s). Azure may still bring it up; rerun to wait again, raise '
            'wait_timeout, or set wait=false to return without waiting.' % (what, error, timeout),
            error_code='Timeout')
    if flat is None:
        raise ModuleFailure('%s disappeared while waiting for it to connect; someone deleted it. Rerun to create '
                            'it again.' % what)
    if is_failed(flat):
        raise ModuleFailure('%s ended %s (circuitConnectionStatus %s). Rerun to replace it; check the key and the '
                            'peer circuit first.' % (what, flat.get('provisioning_state'),
                                                     flat.get('circuit_connection_status')))
    return flat


def explain_failure(failure, key_circuit, extra=''):
    """A ModuleFailure for a failed connection write, with advice for known codes; others unchanged."""
    code = failure.details.get('error_code')
    advice = FAILURE_ADVICE.get(code)
    if advice is None:
        return failure
    message = '%s -- %s' % (advice % {'key_circuit': key_circuit}, failure.message)
    if extra:
        message += ' ' + extra
    return ModuleFailure(message, **failure.details)


def if_permitted(call, denied=None):
    """call(), or ``denied`` when Azure refuses the read (403): a peer in another tenant or subscription."""
    try:
        return call()
    except ModuleFailure as failure:
        if failure.details.get('status_code') == 403:
            return denied
        raise


def both_sides_conflict(this_peering_id, peer_peering_id, peered_connections, peer_connections):
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


def find_key(authorizations_wire, key):
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


def authorizations_in_use(authorizations_wire):
    """'name (used by <uri>)' for each authorization of a circuit whose key is InUse, for messages."""
    found = []
    for authorization in authorizations_wire or ():
        properties = authorization.get('properties') or {}
        if properties.get('authorizationUseStatus') == 'InUse':
            found.append('%s (used by %s)' % (authorization.get('name'),
                                              properties.get('connectionResourceUri') or 'an unknown connection'))
    return found

# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

"""What modules return: normalised, snake_case, read-only fields kept, secrets out.

Inputs are wire JSON dicts (the SDK model's as_dict()).
"""

from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten

MASKED_KEY = '00000000-0000-0000-0000-000000000000'


def is_masked_key(key):
    """True when Azure did not give the key in clear (absent, or all zeros since 2026-01-01)."""
    return not key or key == MASKED_KEY


def authorization_result(wire, key=None):
    """A circuit or AVS authorization; the key only when the caller passes it in."""
    if wire is None:
        return None
    flat = flatten(wire)
    result = dict(
        id=flat.get('id'),
        name=flat.get('name'),
        provisioning_state=flat.get('provisioning_state'),
        authorization_use_status=flat.get('authorization_use_status'),
        connection_resource_uri=flat.get('connection_resource_uri') or None,
    )
    if 'express_route_authorization_id' in flat:
        result['express_route_authorization_id'] = flat.get('express_route_authorization_id')
        result['express_route_id'] = flat.get('express_route_id')
    if key is not None:
        result['authorization_key'] = key
    return result


def circuit_result(wire):
    """A circuit with its provider state, SKU, authorizations (no keys) and peering summaries."""
    if wire is None:
        return None
    flat = flatten(wire)
    provider = flat.get('service_provider_properties') or {}
    return dict(
        id=flat.get('id'),
        name=flat.get('name'),
        location=flat.get('location'),
        tags=flat.get('tags') or {},
        sku=flat.get('sku') or {},
        provisioning_state=flat.get('provisioning_state'),
        service_provider_provisioning_state=flat.get('service_provider_provisioning_state'),
        circuit_provisioning_state=flat.get('circuit_provisioning_state'),
        service_provider_name=provider.get('service_provider_name'),
        peering_location=provider.get('peering_location'),
        bandwidth_in_mbps=provider.get('bandwidth_in_mbps'),
        express_route_port_id=(flat.get('express_route_port') or {}).get('id'),
        bandwidth_in_gbps=flat.get('bandwidth_in_gbps'),
        global_reach_enabled=flat.get('global_reach_enabled'),
        allow_classic_operations=flat.get('allow_classic_operations'),
        stag=flat.get('stag'),
        etag=flat.get('etag'),
        authorizations=[authorization_result(item) for item in wire.get('properties', {}).get('authorizations') or []],
        peering_names=[item.get('name') for item in wire.get('properties', {}).get('peerings') or []],
    )


def circuit_is_ready(wire):
    """(ready, provider_state, circuit_state): peerings and Global Reach need Provisioned + Enabled."""
    flat = flatten(wire) if wire else {}
    provider_state = flat.get('service_provider_provisioning_state')
    circuit_state = flat.get('circuit_provisioning_state')
    return provider_state == 'Provisioned' and circuit_state == 'Enabled', provider_state, circuit_state


def peering_result(wire):
    """A peering in the module's schema with read-only fields; the MD5 key masked."""
    if wire is None:
        return None
    # Imported here: peering_model loads the whole validation package (ipaddress, every validator), which the
    # authorization and circuit results, and a circuit without peerings, never need.
    from ansible_collections.hybridlink.expressroute.plugins.module_utils.peering_model import (
        PEERING_SECRETS, peering_from_api)
    from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import masked
    return masked(peering_from_api(wire), PEERING_SECRETS)

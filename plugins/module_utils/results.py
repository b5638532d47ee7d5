# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the circuit modules return: normalised, snake_case, read-only fields kept, secrets out.

Inputs are wire JSON dicts as arm.ArmClient answers them. Also the one
readiness rule peerings and Global Reach share: the provider has
Provisioned the circuit and it is Enabled.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, Optional, Tuple

from ansible_collections.hybridlink.expressroute.plugins.module_utils.authorization_model import authorization_result
from ansible_collections.hybridlink.expressroute.plugins.module_utils.errors import ModuleFailure
from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten, id_of, pick

# A resource as Azure answers it (None: not found).
Wire = Optional[Dict[str, Any]]


def circuit_result(wire: Wire) -> Optional[Dict[str, Any]]:
    """A circuit with its provider state, SKU, authorizations (no keys) and peering summaries."""
    if wire is None:
        return None
    flat = flatten(wire)
    provider = flat.get('service_provider_properties') or {}
    result = pick(flat, 'id', 'name', 'location')
    result.update(tags=flat.get('tags') or {}, sku=flat.get('sku') or {})
    result.update(pick(flat, 'provisioning_state', 'service_provider_provisioning_state', 'circuit_provisioning_state'))
    result.update(pick(provider, 'service_provider_name', 'peering_location', 'bandwidth_in_mbps'))
    result.update(pick(flat, 'bandwidth_in_gbps', 'global_reach_enabled', 'allow_classic_operations', 'stag', 'etag'))
    return dict(
        result,
        express_route_port_id=id_of(flat.get('express_route_port')),
        authorizations=[authorization_result(item) for item in wire.get('properties', {}).get('authorizations') or []],
        peering_names=[item.get('name') for item in wire.get('properties', {}).get('peerings') or []],
    )


def circuit_is_ready(wire: Wire) -> Tuple[bool, Optional[str], Optional[str]]:
    """(ready, provider_state, circuit_state): peerings and Global Reach need Provisioned + Enabled."""
    flat = flatten(wire) if wire else {}
    provider_state = flat.get('service_provider_provisioning_state')
    circuit_state = flat.get('circuit_provisioning_state')
    return provider_state == 'Provisioned' and circuit_state == 'Enabled', provider_state, circuit_state


def require_ready(subject: str, circuit_wire: Wire, purpose: str) -> None:
    """Refuse, before any write, a circuit its provider has not Provisioned or that is not Enabled.

    subject: how the message names the circuit ('ExpressRoute circuit er1', 'peer_express_route_circuit: circuit
    er1'); purpose: what needs it ('peering', 'Global Reach').
    """
    ready, provider_state, circuit_state = circuit_is_ready(circuit_wire)
    if not ready:
        provider = (circuit_result(circuit_wire) or {}).get('service_provider_name')
        raise ModuleFailure(
            '%s is not ready for %s: provider state (serviceProviderProvisioningState) is %s (needs Provisioned), '
            'circuit state (circuitProvisioningState) is %s (needs Enabled). Ask the connectivity provider%s to '
            'finish provisioning, then rerun. Nothing was changed.'
            % (subject, purpose, provider_state, circuit_state, ' (%s)' % provider if provider else ''),
            service_provider_provisioning_state=provider_state, circuit_provisioning_state=circuit_state)


def peering_result(wire: Wire) -> Optional[Dict[str, Any]]:
    """A peering in the module's schema with read-only fields; the MD5 key masked."""
    if wire is None:
        return None
    # Imported here: peering_model loads the whole validation package (ipaddress, every validator), which the
    # authorization and circuit results, and a circuit without peerings, never need.
    from ansible_collections.hybridlink.expressroute.plugins.module_utils.peering_model import (
        PEERING_SECRETS, peering_from_api)
    from ansible_collections.hybridlink.expressroute.plugins.module_utils.planning import masked
    return masked(peering_from_api(wire), PEERING_SECRETS)

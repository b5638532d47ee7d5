# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Between the REST wire format and the flat snake_case form the pure core speaks.

Azure answers wire JSON: camelCase keys with the writable fields under
"properties". The validation and planning code uses
flat snake_case dicts instead (what users write in YAML). These two functions
convert losslessly, so fields nobody manages are carried through a
read-modify-write untouched.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

import re
from typing import Any, Dict, List, Optional, Sequence

# Resource envelope keys that stay outside "properties".
ENVELOPE_KEYS = ('id', 'name', 'etag', 'type', 'location', 'tags', 'sku', 'identity', 'zones', 'system_data')

# Wire names a plain camelCase <-> snake_case rule cannot recover.
_SNAKE_TO_WIRE = {
    'peer_asn': 'peerASN',
    'azure_asn': 'azureASN',
    'customer_asn': 'customerASN',
    'express_route_id': 'expressRouteId',
    'system_data': 'systemData',
}

_CAMEL_BOUNDARY = re.compile(r'(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])')


def snake(name: str) -> str:
    """peerASN -> peer_asn, primaryPeerAddressPrefix -> primary_peer_address_prefix."""
    return _CAMEL_BOUNDARY.sub('_', name).lower()


def camel(name: str) -> str:
    if name in _SNAKE_TO_WIRE:
        return _SNAKE_TO_WIRE[name]
    head, _sep, tail = name.partition('_')
    return head + ''.join(part[:1].upper() + part[1:] for part in tail.split('_')) if tail else head


def flatten(wire: Any) -> Any:
    """Wire JSON -> flat snake_case: properties lifted, nested resources flattened too."""
    if isinstance(wire, list):
        return [flatten(item) for item in wire]
    if not isinstance(wire, dict):
        return wire
    flat = {}
    for key, value in wire.items():
        if key == 'properties' and isinstance(value, dict):
            for inner_key, inner_value in value.items():
                flat[snake(inner_key)] = flatten(inner_value)
        else:
            flat[snake(key)] = flatten(value)
    return flat


def unflatten(flat: Dict[str, Any],
              nested_resources: Sequence[str] = ('connections', 'peered_connections', 'authorizations', 'peerings')
              ) -> Dict[str, Any]:
    """Flat snake_case resource -> wire JSON; the inverse of flatten.

    The argument is a resource: envelope keys stay at the top, the rest goes
    under "properties". Lists named in nested_resources hold child resources
    and get the same treatment; any other nested dict is plain configuration.
    """
    wire = {}
    properties = {}
    for key, value in flat.items():
        if key in nested_resources and isinstance(value, list):
            converted = [unflatten(item, nested_resources) for item in value]
        else:
            converted = _plain_to_wire(value)
        if key in ENVELOPE_KEYS:
            wire[camel(key)] = converted
        else:
            properties[camel(key)] = converted
    if properties:
        wire['properties'] = properties
    return wire


def _plain_to_wire(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain_to_wire(item) for item in value]
    if isinstance(value, dict):
        return dict((camel(key), _plain_to_wire(item)) for key, item in value.items())
    return value


def pick(flat: Dict[str, Any], *names: str) -> Dict[str, Any]:
    """{name: flat.get(name)} for each name, in order: the fields a result copies as they are."""
    return dict((name, flat.get(name)) for name in names)


def id_of(reference: Any) -> Optional[str]:
    """The ID of a reference to another resource ({"id": ...}); None when there is none."""
    return reference.get('id') if isinstance(reference, dict) else None


def provisioning_state(body: Optional[Dict[str, Any]]) -> Optional[str]:
    """The provisioningState of a wire JSON resource; None when it or the resource is missing."""
    return ((body or {}).get('properties') or {}).get('provisioningState')


# Wire fields that hold a secret wherever they appear: authorization keys (circuit, Global Reach, AVS) and the
# peering's MD5 key.
SECRET_WIRE_FIELDS = frozenset(('authorizationKey', 'expressRouteAuthorizationKey', 'sharedKey'))


def secret_values(wire: Any) -> List[str]:
    """Every non-empty value of a SECRET_WIRE_FIELDS field anywhere in wire JSON (lists and nested resources)."""
    found = []
    if isinstance(wire, (list, tuple)):
        for item in wire:
            found.extend(secret_values(item))
    elif isinstance(wire, dict):
        for key, value in wire.items():
            if key in SECRET_WIRE_FIELDS and isinstance(value, str) and value:
                found.append(value)
            else:
                found.extend(secret_values(value))
    return found

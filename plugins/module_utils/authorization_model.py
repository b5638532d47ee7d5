# -*- coding: utf-8 -*-
# Copyright: Hybridlink network automation team
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ExpressRoute authorizations (on a circuit, or on an AVS private cloud): between the API and the user schema.

``authorization_from_api`` turns an answer into the modules' schema with its
read-only fields and never the key; ``authorization_request`` is the PUT
body (empty: Azure generates the key and ignores one that is sent);
``authorization_result`` is what a module returns, the key only when the
caller passes it in; ``planned_authorization`` is what check mode reports
before the authorization exists.
"""

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

from typing import Any, Dict, Mapping, Optional

from ansible_collections.hybridlink.expressroute.plugins.module_utils.wire import flatten, pick

# Azure masks keys in GET answers from api-version 2026-01-01 on: all zeros.
MASKED_KEY = "00000000-0000-0000-0000-000000000000"

AUTHORIZATION_SECRETS = frozenset(("authorization_key",))
AUTHORIZATION_READ_ONLY = frozenset((
    "id", "provisioning_state", "authorization_use_status", "connection_resource_uri",
    "express_route_authorization_id", "express_route_id",
))
# The fields only an AVS authorization has: the circuit AVS manages, and the authorization's ID on it.
_AVS_FIELDS = ("express_route_authorization_id", "express_route_id")


def is_masked_key(key: Optional[str]) -> bool:
    """True when Azure did not give the key in clear (absent, or all zeros since 2026-01-01)."""
    return not key or key == MASKED_KEY


def authorization_from_api(wire: Optional[Mapping[str, Any]]) -> Optional[Dict[str, Any]]:
    """A circuit or AVS authorization in the modules' schema; the key is left out."""
    if wire is None:
        return None
    flat = flatten(wire)
    result = pick(flat, "id", "name", "provisioning_state", "authorization_use_status")
    result["connection_resource_uri"] = flat.get("connection_resource_uri") or None
    if "express_route_authorization_id" in flat:
        result.update(pick(flat, *_AVS_FIELDS))
    return result


def authorization_request() -> Dict[str, Any]:
    """The PUT body of a new authorization: empty, Azure generates the key."""
    return {"properties": {}}


def authorization_result(wire: Optional[Mapping[str, Any]], key: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """What a module returns for an authorization; the key only when the caller passes it in."""
    result = authorization_from_api(wire)
    if result is not None and key is not None:
        result["authorization_key"] = key
    return result


def planned_authorization(authorization_id: str, name: str, avs: bool = False) -> Dict[str, Any]:
    """Check mode, before creation: the authorization that would exist (Azure fills in the rest)."""
    result = dict(id=authorization_id, name=name, provisioning_state=None, authorization_use_status=None,
                  connection_resource_uri=None)
    if avs:
        for field in _AVS_FIELDS:
            result[field] = None
    return result

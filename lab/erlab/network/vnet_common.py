"""Shared pieces of virtual networks, ExpressRoute gateways and gateway connections.

Kept apart from network/common.py (circuits) so the three resource kinds the
Generation 2 / gateway path needs live in their own files.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Callable

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..errors import ArmError, top_level_not_found
from ..store import Resource
from .common import canonical_group, require_group

VNET = "Microsoft.Network/virtualNetworks"
SUBNET = "Microsoft.Network/virtualNetworks/subnets"
GATEWAY = "Microsoft.Network/virtualNetworkGateways"
GATEWAY_CONNECTION = "Microsoft.Network/connections"

GATEWAY_SUBNET = "GatewaySubnet"
AZURE_GATEWAY_ASN = 65515  # documented ASN of Azure VPN/ExpressRoute virtual network gateways


def resource_id(ctx: ArmContext, collection: str, param: str) -> str:
    return (f"/subscriptions/{ctx.subscription}/resourceGroups/{canonical_group(ctx)}/providers/Microsoft.Network/"
            f"{collection}/{ctx.params[param]}")


def load_top(ctx: ArmContext, collection: str, param: str, type_: str) -> Resource:
    require_group(ctx)
    found = ctx.store.get(resource_id(ctx, collection, param))
    if found is None:
        raise top_level_not_found(type_, ctx.params[param], ctx.params["rg"])
    return found


def read_handlers(collection: str, param: str, type_: str, render: Callable[[Env, Resource], dict[str, Any]]):
    """GET one top-level resource of a resource group (with its ETag) and GET the group's list, rendered alike."""

    def get(ctx: ArmContext) -> ArmResponse:
        body = render(ctx.env, load_top(ctx, collection, param, type_))
        return ArmResponse(200, body, {"ETag": body["etag"]})

    def list_in_group(ctx: ArmContext) -> ArmResponse:
        require_group(ctx)
        found = ctx.store.list(type_, ctx.subscription, ctx.params["rg"])
        return ArmResponse(200, {"value": [render(ctx.env, r) for r in found]})

    return get, list_in_group


def lengthen(env: Env, op: operations.Operation, seconds: float) -> None:
    """Give an operation its own duration (gateways take far longer than other writes)."""
    op.finishes_at = op.started_at + max(0.0, seconds)
    env.store.execute("UPDATE operations SET finishes_at = ? WHERE id = ?", (op.finishes_at, op.id))


def networks(values: Any) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    out = []
    for value in values or []:
        try:
            out.append(ipaddress.ip_network(str(value), strict=True))
        except ValueError:
            pass
    return out


def reference_id(props: dict[str, Any], field: str) -> str | None:
    value = props.get(field)
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return None


def invalid_reference(referenced: str, by: str) -> ArmError:
    # Wording of ARM's answer for a reference to a resource that does not exist.
    return ArmError(
        400,
        "InvalidResourceReference",
        f"Resource {referenced} referenced by resource {by} was not found. Please make sure that the referenced "
        "resource exists, and that both resources are in the same region.",
    )


def not_provisioned(referenced: Resource, by: str, operation: str) -> ArmError:
    state = referenced.properties.get("provisioningState")
    return ArmError(
        400,
        "ReferencedResourceNotProvisioned",
        f"Cannot proceed with operation because resource {referenced.id} used by resource {by} is not in Succeeded "
        f"state. Resource is in {state} state and the last operation that updated/is updating the resource is "
        f"{operation}.",
    )

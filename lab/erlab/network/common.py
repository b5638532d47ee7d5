"""Helpers shared by the Microsoft.Network handlers."""

from __future__ import annotations

from typing import Any

from ..arm import operations
from ..arm.apiversions import at_least
from ..arm.context import ArmContext, ArmResponse, Env
from ..errors import ArmError, child_not_found, top_level_not_found
from ..ids import CIRCUIT, circuit_id
from ..store import Resource

MASKED_KEY = "00000000-0000-0000-0000-000000000000"

# Where a field first appears; older api-versions answer without it.
FIELDS_SINCE = {
    CIRCUIT: {
        "globalReachEnabled": "2018-12-01",
        "allowGlobalReach": "2018-12-01",
        "enableDirectPortRateLimit": "2023-11-01",
        "resiliencyLevel": "2026-01-01",  # first seen in 2026-01-01 traffic
    },
    "Microsoft.Network/expressRouteCircuits/authorizations": {
        "connectionResourceUri": "2026-01-01",  # absent in 2020 traffic, present in 2026
    },
    "Microsoft.Network/expressRouteCircuits/peerings": {
        "connections": "2018-02-01",
        "peeredConnections": "2018-12-01",
    },
}


def strip_newer_fields(body: dict[str, Any], resource_type: str, api_version: str) -> dict[str, Any]:
    props = body.get("properties", {})
    for field, since in FIELDS_SINCE.get(resource_type, {}).items():
        if field in props and not at_least(api_version, since):
            del props[field]
    return body


def circuit_from_path(ctx: ArmContext) -> str:
    return circuit_id(ctx.subscription, canonical_group(ctx), ctx.params["circuit"])


def canonical_group(ctx: ArmContext) -> str:
    group = ctx.world.resource_group(ctx.subscription, ctx.params["rg"])
    return group["name"] if group else ctx.params["rg"]


def require_group(ctx: ArmContext) -> dict[str, Any]:
    group = ctx.world.resource_group(ctx.subscription, ctx.params["rg"])
    if group is None:
        raise ArmError(404, "ResourceGroupNotFound", f"Resource group '{ctx.params['rg']}' could not be found.")
    return group


def load_circuit(ctx: ArmContext) -> Resource:
    require_group(ctx)
    circuit = ctx.store.get(circuit_from_path(ctx))
    if circuit is None or hidden_by_eventual_consistency(ctx.env, circuit):
        raise top_level_not_found(CIRCUIT, ctx.params["circuit"], ctx.params["rg"])
    return circuit


def hidden_by_eventual_consistency(env: Env, resource: Resource) -> bool:
    visible_at = resource.meta.get("visible_at")
    return bool(visible_at) and env.now < visible_at


def load_child(ctx: ArmContext, child_id: str) -> Resource:
    child = ctx.store.get(child_id)
    if child is None:
        raise child_not_found(child_id)
    return child


def check_preconditions(ctx: ArmContext, existing: Resource | None) -> None:
    """If-Match / If-None-Match against the stored weak etag (ARM contract)."""
    if_match = ctx.headers.get("if-match")
    if_none_match = ctx.headers.get("if-none-match")
    current = existing.body.get("etag") if existing else None
    failed = False
    if if_match is not None:
        wanted = [tag.strip() for tag in if_match.split(",")]
        failed = current is None or ("*" not in wanted and current not in wanted)
    if if_none_match is not None and existing is not None:
        wanted = [tag.strip() for tag in if_none_match.split(",")]
        failed = failed or "*" in wanted or current in wanted
    if failed:
        raise ArmError(412, "PreconditionFailed", "The condition specified using HTTP conditional header(s) is not met.")


def set_state(resource: Resource, state: str) -> None:
    resource.properties["provisioningState"] = state


def lock_key_for_circuit(resource_id: str) -> str:
    """Everything under a circuit serialises on the circuit."""
    parts = resource_id.split("/")
    return "/".join(parts[:9]).lower()


def start_delete(ctx: ArmContext, circuit: Resource, resource: Resource, operation: str) -> ArmResponse:
    """Mark resource Deleting, start the delete operation on the circuit's lock and answer 202 with Location."""
    set_state(resource, "Deleting")
    ctx.store.save(resource, ctx.now)
    op = operations.start(
        ctx,
        provider="Microsoft.Network",
        location=circuit.body["location"],
        name=operation,
        target_id=resource.id,
        lock_key=lock_key_for_circuit(circuit.id),
        effect={"kind": "network.delete", "ids": [resource.id]},
    )
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))


def is_ready(circuit: Resource) -> bool:
    props = circuit.properties
    return props.get("serviceProviderProvisioningState") == "Provisioned" and props.get("circuitProvisioningState") == "Enabled"


def body_properties(ctx: ArmContext) -> dict[str, Any]:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    props = body.get("properties") or {}
    if not isinstance(props, dict):
        raise ArmError(400, "InvalidRequestFormat", "Cannot parse the request. 'properties' must be an object.")
    return props

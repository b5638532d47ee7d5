"""Helpers shared by the Microsoft.AVS handlers."""

from __future__ import annotations

import copy
from typing import Any

from ..arm.context import ArmContext
from ..errors import ArmError, child_not_found, top_level_not_found
from ..ids import PRIVATE_CLOUD, child_id, private_cloud_id
from ..store import Resource


def cloud_id_from_path(ctx: ArmContext) -> str:
    group = ctx.world.resource_group(ctx.subscription, ctx.params["rg"])
    return private_cloud_id(ctx.subscription, group["name"] if group else ctx.params["rg"], ctx.params["cloud"])


def require_group(ctx: ArmContext) -> None:
    if ctx.world.resource_group(ctx.subscription, ctx.params["rg"]) is None:
        raise ArmError(404, "ResourceGroupNotFound", f"Resource group '{ctx.params['rg']}' could not be found.")


def load_cloud(ctx: ArmContext) -> Resource:
    require_group(ctx)
    cloud = ctx.store.get(cloud_id_from_path(ctx))
    if cloud is None:
        raise top_level_not_found(PRIVATE_CLOUD, ctx.params["cloud"], ctx.params["rg"])
    return cloud


def load_cloud_child(ctx: ArmContext, collection: str, name_param: str) -> tuple[Resource, Resource]:
    cloud = load_cloud(ctx)
    resource_id = child_id(cloud.id, collection, ctx.params[name_param])
    child = ctx.store.get(resource_id)
    if child is None:
        raise child_not_found(resource_id)
    return cloud, child


def require_succeeded(cloud: Resource) -> None:
    state = cloud.properties.get("provisioningState")
    if state != "Succeeded":
        # Assumption: AVS refuses connectivity changes until the cloud is built.
        raise ArmError(
            409,
            "PrivateCloudNotReady",
            f"Private cloud {cloud.id} is in provisioning state {state}; retry when it is Succeeded.",
        )


def render(resource: Resource) -> dict[str, Any]:
    return copy.deepcopy(resource.body)


def body_properties(ctx: ArmContext) -> dict[str, Any]:
    body = ctx.body if isinstance(ctx.body, dict) else {}
    props = body.get("properties") or {}
    if not isinstance(props, dict):
        raise ArmError(400, "InvalidRequestContent", "The request content was invalid: 'properties' must be an object.")
    return props

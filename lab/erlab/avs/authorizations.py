"""Microsoft.AVS/privateClouds/authorizations: keys on the AVS-managed circuit."""

from __future__ import annotations

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse
from ..errors import ArmError
from ..ids import AVS_AUTHORIZATION, child_id
from ..store import Resource
from .generation2 import refuse_circuit_feature
from .common import body_properties, load_cloud, load_cloud_child, render, require_succeeded


def get(ctx: ArmContext) -> ArmResponse:
    _, auth = load_cloud_child(ctx, "authorizations", "authorization")
    return ArmResponse(200, render(auth))


def list_(ctx: ArmContext) -> ArmResponse:
    cloud = load_cloud(ctx)
    return ArmResponse(200, {"value": [render(a) for a in ctx.store.children(cloud.id, AVS_AUTHORIZATION)]})


def put(ctx: ArmContext) -> ArmResponse:
    cloud = load_cloud(ctx)
    props = body_properties(ctx)
    require_succeeded(cloud)
    refuse_circuit_feature(cloud, "an AVS authorization")
    wanted_circuit = props.get("expressRouteId")
    if wanted_circuit and wanted_circuit.lower() != cloud.properties["circuit"]["expressRouteID"].lower():
        raise ArmError(400, "InvalidExpressRouteId",
                       f"expressRouteId '{wanted_circuit}' is not an ExpressRoute circuit of private cloud {cloud.id}.",
                       "properties.expressRouteId")
    operations.assert_idle(ctx, cloud.id, "Authorizations_CreateOrUpdate")
    resource_id = child_id(cloud.id, "authorizations", ctx.params["authorization"])
    existing = ctx.store.get(resource_id)
    if existing is None:
        auth = Resource(
            id=resource_id,
            type=AVS_AUTHORIZATION,
            parent_key=cloud.key,
            body={"id": resource_id, "name": ctx.params["authorization"], "properties": {"provisioningState": "Updating"},
                  "type": AVS_AUTHORIZATION},
        )
    else:
        auth = existing
        auth.properties["provisioningState"] = "Updating"
    ctx.store.save(auth, ctx.now)
    op = operations.start(ctx, provider="Microsoft.AVS", location=cloud.body["location"], name="Authorizations_CreateOrUpdate",
                          target_id=auth.id, lock_key=cloud.id,
                          effect={"kind": "avs.put_authorization", "ids": [auth.id], "api_version": ctx.api_version})
    return ArmResponse(201 if existing is None else 200, render(auth), operations.async_headers(ctx.env, op, location=False))


def delete(ctx: ArmContext) -> ArmResponse:
    cloud = load_cloud(ctx)
    auth = ctx.store.get(child_id(cloud.id, "authorizations", ctx.params["authorization"]))
    if auth is None:
        return ArmResponse(204)
    operations.assert_idle(ctx, cloud.id, "Authorizations_Delete")
    auth.properties["provisioningState"] = "Deleting"
    ctx.store.save(auth, ctx.now)
    op = operations.start(ctx, provider="Microsoft.AVS", location=cloud.body["location"], name="Authorizations_Delete",
                          target_id=auth.id, lock_key=cloud.id,
                          effect={"kind": "avs.delete", "ids": [auth.id], "api_version": ctx.api_version})
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))

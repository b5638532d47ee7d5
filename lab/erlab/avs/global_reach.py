"""Microsoft.AVS/privateClouds/globalReachConnections.

The customer brings an authorization key created on their own (on-premises)
circuit and that circuit's id. AVS checks them while the operation runs (it
calls the Network RP in the background), so a bad key or an unprovisioned
circuit ends the LRO Failed rather than failing the PUT.
"""

from __future__ import annotations

import ipaddress

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..errors import ArmError
from ..ids import GLOBAL_REACH, child_id, parse_circuit_ref
from ..network import linkstate
from ..store import Resource
from .generation2 import refuse_circuit_feature
from .common import body_properties, load_cloud, load_cloud_child, render, require_succeeded
from .managed_circuit import block_layout


def render_connection(env: Env, conn: Resource) -> dict:
    """The stored body with circuitConnectionStatus as of now (Connecting until the link is up)."""
    return linkstate.apply(env, conn, render(conn))


def get(ctx: ArmContext) -> ArmResponse:
    _, conn = load_cloud_child(ctx, "globalReachConnections", "connection")
    return ArmResponse(200, render_connection(ctx.env, conn))


def list_(ctx: ArmContext) -> ArmResponse:
    cloud = load_cloud(ctx)
    return ArmResponse(200, {"value": [render_connection(ctx.env, c) for c in ctx.store.children(cloud.id, GLOBAL_REACH)]})


def _allocate_prefix(ctx: ArmContext, cloud: Resource) -> str:
    """Next free /29 of the /22's Global Reach reserved /26."""
    reserved = ipaddress.ip_network(block_layout(cloud.properties["networkBlock"])["global_reach"])
    used = {c.properties.get("addressPrefix") for c in ctx.store.children(cloud.id, GLOBAL_REACH)}
    for candidate in reserved.subnets(new_prefix=29):
        if str(candidate) not in used:
            return str(candidate)
    raise ArmError(400, "GlobalReachAddressSpaceExhausted",
                   f"All {len(list(reserved.subnets(new_prefix=29)))} Global Reach /29s of private cloud {cloud.id} are in use.")


def put(ctx: ArmContext) -> ArmResponse:
    cloud = load_cloud(ctx)
    refuse_circuit_feature(cloud, "Global Reach")
    props = body_properties(ctx)
    peer = props.get("peerExpressRouteCircuit")
    ref = parse_circuit_ref(peer)
    if ref is None or ref.peering is not None:
        raise ArmError(400, "InvalidPeerExpressRouteCircuit",
                       f"peerExpressRouteCircuit '{peer}' must be the resource id of an ExpressRoute circuit.",
                       "properties.peerExpressRouteCircuit")
    if not props.get("authorizationKey"):
        raise ArmError(400, "InvalidRequestContent",
                       "authorizationKey is required: create an authorization on the peer (on-premises) circuit.",
                       "properties.authorizationKey")
    require_succeeded(cloud)
    operations.assert_idle(ctx, cloud.id, "GlobalReachConnections_CreateOrUpdate")
    resource_id = child_id(cloud.id, "globalReachConnections", ctx.params["connection"])
    existing = ctx.store.get(resource_id)
    if existing is not None:
        old = existing.properties
        if old.get("peerExpressRouteCircuit", "").lower() != peer.lower() or old.get("authorizationKey") != props["authorizationKey"]:
            raise ArmError(400, "CannotModifyGlobalReachConnection",
                           "The peer circuit and key of an existing Global Reach connection cannot be changed.")
        conn = existing
        conn.properties["provisioningState"] = "Updating"
    else:
        conn = Resource(
            id=resource_id,
            type=GLOBAL_REACH,
            parent_key=cloud.key,
            body={
                "id": resource_id,
                "name": ctx.params["connection"],
                "properties": {
                    "addressPrefix": _allocate_prefix(ctx, cloud),
                    "authorizationKey": props["authorizationKey"],
                    "circuitConnectionStatus": "Connecting",
                    "peerExpressRouteCircuit": peer,
                    "provisioningState": "Updating",
                },
                "type": GLOBAL_REACH,
            },
        )
    ctx.store.save(conn, ctx.now)
    op = operations.start(ctx, provider="Microsoft.AVS", location=cloud.body["location"],
                          name="GlobalReachConnections_CreateOrUpdate", target_id=conn.id, lock_key=cloud.id,
                          effect={"kind": "avs.put_global_reach", "ids": [conn.id], "cloud": cloud.id,
                                  "api_version": ctx.api_version, "connect_seconds": ctx.settings.connect_seconds})
    return ArmResponse(201 if existing is None else 200, render_connection(ctx.env, conn),
                       operations.async_headers(ctx.env, op, location=False))


def delete(ctx: ArmContext) -> ArmResponse:
    cloud = load_cloud(ctx)
    conn = ctx.store.get(child_id(cloud.id, "globalReachConnections", ctx.params["connection"]))
    if conn is None:
        return ArmResponse(204)
    operations.assert_idle(ctx, cloud.id, "GlobalReachConnections_Delete")
    conn.properties["provisioningState"] = "Deleting"
    ctx.store.save(conn, ctx.now)
    op = operations.start(ctx, provider="Microsoft.AVS", location=cloud.body["location"], name="GlobalReachConnections_Delete",
                          target_id=conn.id, lock_key=cloud.id,
                          effect={"kind": "avs.delete", "ids": [conn.id], "api_version": ctx.api_version})
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))

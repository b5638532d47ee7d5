"""expressRouteCircuits/peerings/connections (Global Reach) and peerConnections."""

from __future__ import annotations

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse
from ..clock import new_etag
from ..errors import child_not_found
from ..ids import CIRCUIT_CONNECTION, child_id
from .builders import connection_body, update_connection
from .common import body_properties, check_preconditions, load_child, lock_key_for_circuit, start_delete
from .connection_rules import check_connection
from .peerings import load_peering
from .render import peer_connections, render_connection


def get(ctx: ArmContext) -> ArmResponse:
    _, peering = load_peering(ctx)
    conn = load_child(ctx, child_id(peering.id, "connections", ctx.params["connection"]))
    body = render_connection(ctx.env, conn, ctx.api_version)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def list_(ctx: ArmContext) -> ArmResponse:
    _, peering = load_peering(ctx)
    conns = ctx.store.children(peering.id, CIRCUIT_CONNECTION)
    return ArmResponse(200, {"value": [render_connection(ctx.env, c, ctx.api_version) for c in conns]})


def put(ctx: ArmContext) -> ArmResponse:
    circuit, peering = load_peering(ctx)
    name = ctx.params["connection"]
    existing = ctx.store.get(child_id(peering.id, "connections", name))
    check_preconditions(ctx, existing)
    operations.assert_idle(ctx, lock_key_for_circuit(circuit.id), "PutExpressRouteCircuitConnectionOperation")
    props = body_properties(ctx)
    auth = check_connection(ctx.env, circuit, peering, name, props, existing)
    etag = new_etag()
    if existing is None:
        conn = connection_body(peering.id, name, props, etag)
        if auth is not None:
            conn.meta["authorization_id"] = auth.id
    else:
        # Writable fields of the body are applied; the peer and /29 were checked unchanged.
        conn = existing
        update_connection(conn, props, etag)
    ctx.store.save(conn, ctx.now)
    op = operations.start(
        ctx,
        provider="Microsoft.Network",
        location=circuit.body["location"],
        name="PutExpressRouteCircuitConnectionOperation",
        target_id=conn.id,
        lock_key=lock_key_for_circuit(circuit.id),
        effect={"kind": "network.put", "ids": [conn.id], "connect_seconds": ctx.settings.connect_seconds},
    )
    body = render_connection(ctx.env, conn, ctx.api_version)
    if existing is None:
        # The create answer says Disconnected (2021 traffic); GETs then show Connecting.
        body["properties"]["circuitConnectionStatus"] = "Disconnected"
    return ArmResponse(201 if existing is None else 200, body, operations.async_headers(ctx.env, op, location=False))


def delete(ctx: ArmContext) -> ArmResponse:
    circuit, peering = load_peering(ctx)
    conn = ctx.store.get(child_id(peering.id, "connections", ctx.params["connection"]))
    if conn is None:
        return ArmResponse(204)
    check_preconditions(ctx, conn)
    operations.assert_idle(ctx, lock_key_for_circuit(circuit.id), "DeleteExpressRouteCircuitConnectionOperation")
    return start_delete(ctx, circuit, conn, "DeleteExpressRouteCircuitConnectionOperation")


def get_peer_connection(ctx: ArmContext) -> ArmResponse:
    _, peering = load_peering(ctx)
    wanted = child_id(peering.id, "peerConnections", ctx.params["connection"]).lower()
    for item in peer_connections(ctx.env, peering):
        if item["id"].lower() == wanted:
            return ArmResponse(200, item)
    raise child_not_found(child_id(peering.id, "peerConnections", ctx.params["connection"]))


def list_peer_connections(ctx: ArmContext) -> ArmResponse:
    _, peering = load_peering(ctx)
    return ArmResponse(200, {"value": peer_connections(ctx.env, peering)})

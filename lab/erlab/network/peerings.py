"""expressRouteCircuits/peerings: GET, list, PUT (replaces connections[]), DELETE, stats."""

from __future__ import annotations

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse
from ..clock import new_etag
from ..errors import bad_request
from ..ids import CIRCUIT_CONNECTION, PEERING, child_id
from ..store import Resource
from .builders import peering_body
from .common import (
    body_properties,
    check_preconditions,
    is_ready,
    load_child,
    load_circuit,
    lock_key_for_circuit,
    start_delete,
)
from .connection_rules import plan_inline_connections
from .peering_rules import check_peering, peering_type_for
from .render import render_peering
from . import prefix_validation
from .route_filters import check_peering_reference
from .stats import peering_stats


def require_ready_for_peering(circuit: Resource, peering_type: str) -> None:
    """Peerings need a circuit the provider has Provisioned and that is Enabled.

    The code is an assumption (not seen in traffic); see README.
    """
    if is_ready(circuit):
        return
    props = circuit.properties
    raise bad_request(
        "CircuitNotProvisioned",
        f"Peering {peering_type} cannot be configured on ExpressRoute circuit {circuit.id}: the circuit must be "
        f"Provisioned by the service provider and Enabled. Current serviceProviderProvisioningState "
        f"{props.get('serviceProviderProvisioningState')}, circuitProvisioningState {props.get('circuitProvisioningState')}.",
    )


def peering_id(ctx: ArmContext, circuit: Resource) -> str:
    return child_id(circuit.id, "peerings", ctx.params["peering"])


def load_peering(ctx: ArmContext) -> tuple[Resource, Resource]:
    circuit = load_circuit(ctx)
    return circuit, load_child(ctx, peering_id(ctx, circuit))


def get(ctx: ArmContext) -> ArmResponse:
    _, peering = load_peering(ctx)
    body = render_peering(ctx.env, peering, ctx.api_version)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def list_(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    peerings = ctx.store.children(circuit.id, PEERING)
    return ArmResponse(200, {"value": [render_peering(ctx.env, p, ctx.api_version) for p in peerings]})


def put(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    props = body_properties(ctx)
    peering_type = peering_type_for(ctx.params["peering"], props)
    existing = ctx.store.get(child_id(circuit.id, "peerings", peering_type))
    check_preconditions(ctx, existing)
    operations.assert_idle(ctx, lock_key_for_circuit(circuit.id), "PutExpressRouteCircuitPeeringOperation")
    if existing is None:
        require_ready_for_peering(circuit, peering_type)
    others = [p.body for p in ctx.store.children(circuit.id, PEERING) if p.body["name"].lower() != peering_type.lower()]
    check_peering(peering_type, props, other_peerings=others)
    check_peering_reference(ctx, peering_type, props)
    prefix_validation.check(props)

    etag = new_etag()
    peering = peering_body(circuit.id, peering_type, peering_type, props, etag, existing)
    keep, new_connections = plan_inline_connections(ctx, circuit, peering, props.get("connections"), etag)
    ctx.store.save(peering, ctx.now)
    # PUT is the whole peering: Global Reach connections left out of connections[] are deleted.
    kept = {c.key for c in keep}
    for old in ctx.store.children(peering.id, CIRCUIT_CONNECTION):
        if old.key not in kept:
            ctx.store.remove(old.id)
    for conn in keep:
        ctx.store.save(conn, ctx.now)
    circuit.body["etag"] = etag
    ctx.store.save(circuit, ctx.now)

    op = operations.start(
        ctx,
        provider="Microsoft.Network",
        location=circuit.body["location"],
        name="PutExpressRouteCircuitPeeringOperation",
        target_id=peering.id,
        lock_key=lock_key_for_circuit(circuit.id),
        effect={"kind": "network.put", "ids": [peering.id] + [c.id for c in new_connections],
                "connect_seconds": ctx.settings.connect_seconds},
    )
    status = 201 if existing is None else 200
    return ArmResponse(status, render_peering(ctx.env, peering, ctx.api_version), operations.async_headers(ctx.env, op, location=False))


def delete(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    peering = ctx.store.get(peering_id(ctx, circuit))
    if peering is None:
        return ArmResponse(204)
    check_preconditions(ctx, peering)
    operations.assert_idle(ctx, lock_key_for_circuit(circuit.id), "DeleteExpressRouteCircuitPeeringOperation")
    own = ctx.store.children(peering.id, CIRCUIT_CONNECTION)
    peered = [c for c in ctx.store.list(CIRCUIT_CONNECTION)
              if c.properties.get("peerExpressRouteCircuitPeering", {}).get("id", "").lower() == peering.key]
    if own or peered:
        raise bad_request(
            "PeeringHasGlobalReachConnections",
            f"Peering {peering.id} cannot be deleted while it has Global Reach connections: "
            f"{', '.join(c.id for c in own + peered)}. Delete the connections first.",
        )
    return start_delete(ctx, circuit, peering, "DeleteExpressRouteCircuitPeeringOperation")


def stats(ctx: ArmContext) -> ArmResponse:
    circuit, peering = load_peering(ctx)
    return ArmResponse(200, peering_stats(ctx.env, circuit, peering))

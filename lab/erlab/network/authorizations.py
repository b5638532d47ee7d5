"""expressRouteCircuits/authorizations: service-generated, single-use keys."""

from __future__ import annotations

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse
from ..clock import new_etag
from ..errors import ArmError
from ..ids import CIRCUIT_AUTHORIZATION, child_id
from .builders import new_authorization
from .common import check_preconditions, load_child, load_circuit, lock_key_for_circuit, start_delete
from .render import render_authorization


def _auth_id(ctx: ArmContext, circuit_id: str) -> str:
    return child_id(circuit_id, "authorizations", ctx.params["authorization"])


def get(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    auth = load_child(ctx, _auth_id(ctx, circuit.id))
    body = render_authorization(ctx.env, auth, ctx.api_version)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def list_(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    auths = ctx.store.children(circuit.id, CIRCUIT_AUTHORIZATION)
    return ArmResponse(200, {"value": [render_authorization(ctx.env, a, ctx.api_version) for a in auths]})


def put(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    resource_id = _auth_id(ctx, circuit.id)
    existing = ctx.store.get(resource_id)
    check_preconditions(ctx, existing)
    if existing is not None:
        # The service refuses to re-PUT an authorization (its key cannot be regenerated or set).
        raise ArmError(
            400,
            "CannotModifyExistingAuthorization",
            f"Authorization {resource_id} already exists and cannot be updated. Delete it and create a new one.",
        )
    operations.assert_idle(ctx, lock_key_for_circuit(circuit.id), "PutExpressRouteCircuitAuthorizationOperation")
    etag = new_etag()
    auth = new_authorization(circuit.id, ctx.params["authorization"], etag)  # any client-sent key is ignored
    ctx.store.save(auth, ctx.now)
    circuit.body["etag"] = etag
    ctx.store.save(circuit, ctx.now)
    op = operations.start(
        ctx,
        provider="Microsoft.Network",
        location=circuit.body["location"],
        name="PutExpressRouteCircuitAuthorizationOperation",
        target_id=auth.id,
        lock_key=lock_key_for_circuit(circuit.id),
        effect={"kind": "network.put", "ids": [auth.id]},
    )
    return ArmResponse(201, render_authorization(ctx.env, auth, ctx.api_version), operations.async_headers(ctx.env, op, location=False))


def delete(ctx: ArmContext) -> ArmResponse:
    circuit = load_circuit(ctx)
    auth = ctx.store.get(_auth_id(ctx, circuit.id))
    if auth is None:
        return ArmResponse(204)
    check_preconditions(ctx, auth)
    operations.assert_idle(ctx, lock_key_for_circuit(circuit.id), "DeleteExpressRouteCircuitAuthorizationOperation")
    return start_delete(ctx, circuit, auth, "DeleteExpressRouteCircuitAuthorizationOperation")


def list_keys(ctx: ArmContext) -> ArmResponse:
    """New in 2026-01-01: synchronous, counts as a write, answers the real key."""
    circuit = load_circuit(ctx)
    auth = load_child(ctx, _auth_id(ctx, circuit.id))
    return ArmResponse(200, {"authorizationKey": auth.properties.get("authorizationKey")})

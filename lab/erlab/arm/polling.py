"""GET on the operation status (Azure-AsyncOperation) and result (Location) URLs."""

from __future__ import annotations

import copy

from ..errors import ArmError
from ..ids import CIRCUIT, CIRCUIT_AUTHORIZATION, CIRCUIT_CONNECTION, GLOBAL_REACH, PEERING
from ..network import linkstate
from ..network.render import render_authorization, render_circuit, render_connection, render_peering
from . import operations
from .context import ArmContext, ArmResponse

_RENDERERS = {
    CIRCUIT: render_circuit,
    PEERING: render_peering,
    CIRCUIT_AUTHORIZATION: render_authorization,
    CIRCUIT_CONNECTION: render_connection,
    GLOBAL_REACH: lambda env, resource, _version: linkstate.apply(env, resource, copy.deepcopy(resource.body)),
}


def _load(ctx: ArmContext) -> operations.Operation:
    op = operations.find(ctx.env, ctx.params["op"])
    if op is None or op.subscription.lower() != ctx.subscription.lower():
        raise ArmError(404, "NotFound", f"Operation {ctx.params['op']} was not found.")
    return op


def status(ctx: ArmContext) -> ArmResponse:
    return operations.status_response(ctx.env, _load(ctx))


def result(ctx: ArmContext) -> ArmResponse:
    op = _load(ctx)

    def render_target():
        resource = ctx.store.get(op.target_id)
        if resource is None:
            return None
        renderer = _RENDERERS.get(resource.type)
        return renderer(ctx.env, resource, ctx.api_version) if renderer else resource.body

    return operations.result_response(ctx.env, op, render_target)

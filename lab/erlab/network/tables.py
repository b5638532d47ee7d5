"""POST routeTables / arpTables / routeTablesSummary: LROs whose result is read from Location."""

from __future__ import annotations

import dataclasses

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..edge import manager as edge_manager
from ..edge import tables as edge_tables
from ..errors import bad_request
from .peerings import load_peering
from .routing import arp_table, route_table, route_table_summary

TABLES = {"routeTables": route_table, "arpTables": arp_table, "routeTablesSummary": route_table_summary}
OPERATION_NAMES = {
    "routeTables": "ListRouteTableExpressRouteCircuitPeeringOperation",
    "arpTables": "ListArpTableExpressRouteCircuitPeeringOperation",
    "routeTablesSummary": "ListRouteTableSummaryExpressRouteCircuitPeeringOperation",
}


def post(table: str):
    def handler(ctx: ArmContext) -> ArmResponse:
        circuit, peering = load_peering(ctx)
        device = ctx.params["device"].lower()
        if device not in ("primary", "secondary"):
            raise bad_request(
                "InvalidDevicePath", f"Device path '{ctx.params['device']}' is invalid. Use 'primary' or 'secondary'.", "devicePath"
            )
        op = operations.start(
            ctx,
            provider="Microsoft.Network",
            location=circuit.body["location"],
            name=OPERATION_NAMES[table],
            target_id=peering.id,
            lock_key=None,  # reading tables does not block writers
            effect={"kind": "network.table", "table": table, "device": device, "circuit": circuit.id, "peering": peering.id},
        )
        return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))

    return handler


@operations.completion("network.table")
def _compute(env: Env, op: operations.Operation):
    circuit = env.store.get(op.effect["circuit"])
    peering = env.store.get(op.effect["peering"])
    if circuit is None or peering is None:
        return {"code": "NotFound", "message": f"Resource {op.effect['peering']} not found.", "_status": 404}
    # The table as the routers had it when the operation finished, even if it is settled later.
    at_finish = dataclasses.replace(env, now=min(env.now, op.finishes_at))
    edge = edge_manager.current()
    if edge is not None and edge.has_site(circuit.id):
        # bgp mode and the lab runs this circuit's routers: what the MSEE speaker really has.
        op.result = edge_tables.TABLES[op.effect["table"]](edge, at_finish, circuit, peering, op.effect["device"])
        return None
    op.result = TABLES[op.effect["table"]](at_finish, circuit, peering, op.effect["device"])
    return None

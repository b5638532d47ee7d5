"""POST routeTables / arpTables / routeTablesSummary: LROs whose result is read from Location."""

from __future__ import annotations

import dataclasses
from typing import Callable

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..errors import bad_request
from ..store import Resource
from .peerings import load_peering
from .routing import arp_table, route_table, route_table_summary

TABLES = {"routeTables": route_table, "arpTables": arp_table, "routeTablesSummary": route_table_summary}

# (env, circuit, peering, table, device) -> the table, or None when nothing live answers for that peering.
LiveTables = Callable[[Env, Resource, Resource, str, str], "dict | None"]
_live: LiveTables | None = None


def use_live_tables(source: LiveTables | None) -> None:
    """In bgp mode the edge (erlab.edge) answers for the circuits whose routers it runs; it registers here."""
    global _live
    _live = source


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
    live = _live(at_finish, circuit, peering, op.effect["table"], op.effect["device"]) if _live is not None else None
    op.result = live if live is not None else TABLES[op.effect["table"]](at_finish, circuit, peering, op.effect["device"])
    return None

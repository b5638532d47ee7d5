"""/_lab/edge: the mode, the sites, and the CE's management plane (loopback clients only).

Blocking work (starting daemons, vtysh) runs in a worker thread so the
event loop keeps serving ARM requests meanwhile.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .daemons import mask
from .manager import EdgeError, EdgeManager, current


def _manager() -> EdgeManager:
    manager = current()
    if manager is None:
        raise EdgeError(409, "edge emulation is not set up in this process")
    return manager


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    data = json.loads(raw) if raw.strip() else {}
    if not isinstance(data, dict):
        raise EdgeError(400, "the body must be a JSON object")
    return data


def _answer(handler):
    async def run(request: Request) -> JSONResponse:
        try:
            status, body = await handler(request)
        except EdgeError as error:
            status, body = error.status, {"error": {"code": "EdgeUnavailable" if error.status == 409 else "BadEdgeRequest",
                                                   "message": str(error)}}
        except ValueError as error:
            status, body = 400, {"error": {"code": "BadEdgeRequest", "message": str(error)}}
        except (RuntimeError, OSError) as error:  # a daemon or `ip` failed: say so instead of a bare 500
            status, body = 500, {"error": {"code": "EdgeFailure", "message": mask(str(error))}}
        return JSONResponse(body, status_code=status)

    return run


@_answer
async def status(request: Request):
    manager = _manager()
    return 200, await run_in_threadpool(manager.status)


@_answer
async def put_ce(request: Request):
    body = await _body(request)
    manager = _manager()
    return 200, await run_in_threadpool(manager.apply_ce, request.query_params.get("circuit_id"), body.get("config"))


@_answer
async def get_ce(request: Request):
    manager = _manager()
    return 200, {"config": await run_in_threadpool(manager.ce_config, request.query_params.get("circuit_id"))}


@_answer
async def delete_ce(request: Request):
    manager = _manager()
    return 200, await run_in_threadpool(manager.delete_ce, request.query_params.get("circuit_id"))


@_answer
async def show(request: Request):
    body = await _body(request)
    manager = _manager()
    circuit_id = request.query_params.get("circuit_id")
    if "commands" in body:  # several in one call, as a device session runs them one after another
        return 200, {"outputs": await run_in_threadpool(manager.show_many, circuit_id, body.get("commands"))}
    return 200, {"output": await run_in_threadpool(manager.show, circuit_id, body.get("command"))}


@_answer
async def fault(request: Request):
    body = await _body(request)
    manager = _manager()
    return 200, await run_in_threadpool(manager.fault, body)


def routes(guard) -> list[Route]:
    return [
        Route("/edge", guard(status), methods=["GET"]),
        Route("/edge/ce", guard(put_ce), methods=["PUT"]),
        Route("/edge/ce", guard(get_ce), methods=["GET"]),
        Route("/edge/ce", guard(delete_ce), methods=["DELETE"]),
        Route("/edge/ce/show", guard(show), methods=["POST"]),
        Route("/edge/faults", guard(fault), methods=["POST"]),
    ]

"""POST /_lab/peerings/prefix-validation: play the service deciding an advertised prefix's validation state.

Body: {"id": <peering id>, "prefix": "131.107.0.128/25", "validationState": "SignatureVerificationFailed"}
(validationState null forgets the decision). Nothing in ARM is written; the next GET of the peering
shows the new state (erlab.network.prefix_validation).
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import clock
from ..ids import PEERING
from ..network import prefix_validation


def routes(guard) -> list[Route]:
    async def set_state(request: Request) -> JSONResponse:
        lab = request.app.state.lab
        raw = await request.body()
        body = json.loads(raw) if raw.strip() else {}
        if not isinstance(body, dict) or not body.get("id") or not body.get("prefix"):
            return JSONResponse({"error": "the body needs id (a peering id) and prefix"}, status_code=400)
        with lab.store.transaction() as store:
            peering = store.get(body["id"])
            if peering is None or peering.type != PEERING:
                return JSONResponse({"error": f"no peering {body['id']}"}, status_code=404)
            try:
                prefix_validation.set_by_service(peering, body["prefix"], body.get("validationState"))
            except ValueError as error:
                return JSONResponse({"error": str(error)}, status_code=400)
            store.save(peering, clock.now())
        return JSONResponse({"id": peering.id, "prefix": body["prefix"], "validationState": body.get("validationState")})

    return [Route("/peerings/prefix-validation", guard(set_state), methods=["POST"])]

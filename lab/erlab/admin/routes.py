"""The lab's control API under /_lab/ (no ARM auth; loopback clients only).

Tests use it to read the request log, inject faults, change settings, reset
the world, mint odd tokens, play the connectivity provider, and play a
circuit's owner (read or create authorization keys on circuits, including
ones the test's principal cannot reach through ARM).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import clock, faults, requestlog
from ..arm import operations
from ..clock import new_etag
from ..edge import admin as edge_admin
from ..edge import manager as edge_manager
from ..identity.tokens import AUDIENCE, mint
from ..ids import CIRCUIT, CIRCUIT_AUTHORIZATION, child_id
from ..lab import Lab
from ..network.builders import new_authorization
from ..store import Resource
from ..seed import seed
from ..settings import load_settings, update_settings
from ..world import WorldError, load_world_file
from . import prefix_validation as prefix_validation_admin

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _lab(request: Request) -> Lab:
    return request.app.state.lab


async def _json(request: Request) -> Any:
    raw = await request.body()
    return json.loads(raw) if raw.strip() else {}


def _problem(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": "BadLabRequest", "message": message}}, status_code=status)


def loopback_only(handler):
    async def guarded(request: Request):
        if request.client is None or request.client.host not in LOOPBACK:
            return _problem(403, "the lab control API answers loopback clients only")
        try:
            return await handler(request)
        except (ValueError, KeyError, TypeError, WorldError) as error:
            return _problem(400, str(error))

    return guarded


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "url": _lab(request).base_url})


async def get_requests(request: Request) -> JSONResponse:
    since = int(request.query_params.get("since", 0))
    return JSONResponse({"value": requestlog.entries(_lab(request).store, since)})


async def clear_requests(request: Request) -> JSONResponse:
    with _lab(request).store.transaction() as store:
        requestlog.clear(store)
    return JSONResponse({"cleared": True})


async def get_counters(request: Request) -> JSONResponse:
    return JSONResponse(requestlog.counters(_lab(request).store))


async def add_fault(request: Request) -> JSONResponse:
    with _lab(request).store.transaction() as store:
        rule_id = faults.add(store, await _json(request))
    return JSONResponse({"id": rule_id}, status_code=201)


async def list_faults(request: Request) -> JSONResponse:
    return JSONResponse({"value": faults.listing(_lab(request).store)})


async def clear_faults(request: Request) -> JSONResponse:
    with _lab(request).store.transaction() as store:
        faults.clear(store)
    return JSONResponse({"cleared": True})


async def get_settings(request: Request) -> JSONResponse:
    return JSONResponse(asdict(load_settings(_lab(request).store)))


async def post_settings(request: Request) -> JSONResponse:
    with _lab(request).store.transaction() as store:
        settings = update_settings(store, await _json(request))
    return JSONResponse(asdict(settings))


async def reset(request: Request) -> JSONResponse:
    body = await _json(request)
    world = body.get("world", body if "tenants" in body else None) if isinstance(body, dict) else None
    with _lab(request).store.transaction() as store:
        result = seed(store, world if world else load_world_file(None), clock.now())
    edge = edge_manager.current()
    if edge is not None:
        edge.forget_all()  # the circuits the sites belonged to are gone
    return JSONResponse({"reset": True, "subscriptions": [s["id"] for s in result.data["subscriptions"]]})


async def mint_token(request: Request) -> JSONResponse:
    """Tokens tests cannot get from the token endpoint: expired, wrong audience, any principal."""
    lab = _lab(request)
    body = await _json(request)
    world = lab.world()
    principal = world.principal(body.get("client_id", "")) if body.get("client_id") else world.data["service_principals"][0]
    if principal is None:
        principal = {"client_id": body["client_id"], "object_id": body.get("object_id", body["client_id"]),
                     "tenant": world.default_tenant}
    lifetime = int(body.get("lifetime_seconds", load_settings(lab.store).token_lifetime_seconds))
    issued = clock.now() - (lifetime + 300 if body.get("expired") else 0)
    with lab.store.transaction() as store:
        token = mint(store, issuer=f"{lab.base_url}/{principal['tenant']}/v2.0", tenant=principal["tenant"],
                     client_id=principal["client_id"], object_id=principal["object_id"],
                     audience=body.get("audience", AUDIENCE), lifetime=lifetime, issued_at=issued)
    return JSONResponse({"access_token": token, "token_type": "Bearer"})


PROVIDER_STATES = ("NotProvisioned", "Provisioning", "Provisioned", "Deprovisioning")
CIRCUIT_STATES = ("Enabled", "Disabled")


async def set_provider_state(request: Request) -> JSONResponse:
    """Play the connectivity provider: move a circuit through its provisioning states."""
    lab = _lab(request)
    body = await _json(request)
    with lab.store.transaction() as store:
        operations.settle(lab.env(clock.now()))
        circuit = store.get(body["id"])
        if circuit is None or not circuit.type.endswith("expressRouteCircuits"):
            return _problem(404, f"no circuit {body['id']}")
        provider_state = body.get("serviceProviderProvisioningState")
        circuit_state = body.get("circuitProvisioningState")
        if provider_state is not None:
            if provider_state not in PROVIDER_STATES:
                raise ValueError(f"serviceProviderProvisioningState must be one of {PROVIDER_STATES}")
            circuit.properties["serviceProviderProvisioningState"] = provider_state
            circuit.meta["service_provider_provisioning_state"] = provider_state
        if circuit_state is not None:
            if circuit_state not in CIRCUIT_STATES:
                raise ValueError(f"circuitProvisioningState must be one of {CIRCUIT_STATES}")
            circuit.properties["circuitProvisioningState"] = circuit_state
            circuit.meta["circuit_provisioning_state"] = circuit_state
        store.save(circuit, clock.now())
        props = circuit.properties
    return JSONResponse({"id": circuit.id, "serviceProviderProvisioningState": props["serviceProviderProvisioningState"],
                         "circuitProvisioningState": props["circuitProvisioningState"]})


def _key_view(auth: Resource) -> dict[str, Any]:
    props = auth.properties
    return {"name": auth.body["name"], "id": auth.id, "authorizationKey": props.get("authorizationKey"),
            "authorizationUseStatus": props.get("authorizationUseStatus"),
            "connectionResourceUri": props.get("connectionResourceUri", ""),
            "provisioningState": props.get("provisioningState")}


def _circuit(store, circuit_id: Any) -> Resource | None:
    circuit = store.get(circuit_id) if isinstance(circuit_id, str) and circuit_id else None
    return circuit if circuit is not None and circuit.type == CIRCUIT else None


async def list_keys(request: Request) -> JSONResponse:
    """A circuit's authorizations with their keys in clear, whoever owns it (the owner hands a key over)."""
    lab = _lab(request)
    circuit_id = request.query_params.get("circuit_id")
    if not circuit_id:
        return _problem(400, "circuit_id (a circuit resource id) is required")
    with lab.store.transaction() as store:
        operations.settle(lab.env(clock.now()))  # use statuses as of now
        circuit = _circuit(store, circuit_id)
        if circuit is None:
            return _problem(404, f"no circuit {circuit_id}")
        auths = store.children(circuit.id, CIRCUIT_AUTHORIZATION)
    return JSONResponse({"value": [_key_view(a) for a in auths]})


async def add_key(request: Request) -> JSONResponse:
    """Play a circuit's owner: create an authorization (Succeeded, Available) and return its key."""
    lab = _lab(request)
    body = await _json(request)
    name = body.get("name")
    if not isinstance(name, str) or not name or "/" in name:
        return _problem(400, "name (an authorization name) is required")
    with lab.store.transaction() as store:
        now = clock.now()
        operations.settle(lab.env(now))
        circuit = _circuit(store, body.get("circuit_id"))
        if circuit is None:
            return _problem(404, f"no circuit {body.get('circuit_id')}")
        if store.get(child_id(circuit.id, "authorizations", name)) is not None:
            return _problem(409, f"circuit {circuit.id} already has an authorization named {name}")
        auth = new_authorization(circuit.id, name, new_etag())
        auth.properties["provisioningState"] = "Succeeded"
        store.save(auth, now)
    return JSONResponse(_key_view(auth), status_code=201)


ROUTES = [
    Route("/health", loopback_only(health), methods=["GET"]),
    Route("/requests", loopback_only(get_requests), methods=["GET"]),
    Route("/requests/clear", loopback_only(clear_requests), methods=["POST"]),
    Route("/counters", loopback_only(get_counters), methods=["GET"]),
    Route("/faults", loopback_only(add_fault), methods=["POST"]),
    Route("/faults", loopback_only(list_faults), methods=["GET"]),
    Route("/faults", loopback_only(clear_faults), methods=["DELETE"]),
    Route("/settings", loopback_only(get_settings), methods=["GET"]),
    Route("/settings", loopback_only(post_settings), methods=["POST"]),
    Route("/reset", loopback_only(reset), methods=["POST"]),
    Route("/tokens", loopback_only(mint_token), methods=["POST"]),
    Route("/circuits/provider-state", loopback_only(set_provider_state), methods=["POST"]),
    Route("/keys", loopback_only(list_keys), methods=["GET"]),
    Route("/keys", loopback_only(add_key), methods=["POST"]),
    *edge_admin.routes(loopback_only),
    *prefix_validation_admin.routes(loopback_only),
]

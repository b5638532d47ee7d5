"""Serving one ARM request, in the order ARM checks things.

faults -> authentication -> subscription & access -> throttling ->
api-version -> provider registration -> settle due operations -> handler.
Every answer carries ARM's request/correlation/routing ids.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import clock, faults, requestlog
from ..errors import ArmError
from ..identity import tokens
from ..lab import Lab
from . import apiversions, operations, providers, router, throttle
from .context import ArmContext, ArmResponse, LroFault


async def serve(request: Request) -> Response:
    lab: Lab = request.app.state.lab
    method, path = request.method, request.url.path
    api_version = request.query_params.get("api-version")
    request_id = clock.new_guid()
    correlation = request.headers.get("x-ms-correlation-request-id") or request_id
    ids = {
        "x-ms-request-id": request_id,
        "x-ms-correlation-request-id": correlation,
        "x-ms-routing-request-id": f"WESTUS:{clock.iso(clock.now())[:19].replace('-', '').replace(':', '')}Z:{correlation}",
        "Cache-Control": "no-cache",
        "Pragma": "no-cache",
        "Expires": "-1",
    }
    resolved = router.resolve(method, path)
    route, params = resolved if resolved else (None, {})
    kind = router.kind_of(route, method)

    with lab.store.transaction():
        rule = faults.match(lab.store, method, path)
    lro_fault = None
    if rule is not None:
        if rule.delay_seconds:
            await asyncio.sleep(rule.delay_seconds)
        if rule.drop_connection:
            return await _drop(request, lab, method, path, api_version)
        if rule.status:
            error = ArmError(int(rule.status), rule.code or "InjectedFault", rule.message or "Fault injected by the lab.")
            if rule.retry_after is not None:
                error.headers["Retry-After"] = str(rule.retry_after)
            return _answer(lab, method, path, api_version, "faulted", None, _error_response(error), ids)
        if rule.lro_final_status:
            lro_fault = LroFault(
                rule.lro_final_status,
                rule.lro_error_code or ("OperationCanceled" if rule.lro_final_status == "Canceled" else "InternalServerError"),
                rule.lro_error_message or f"The operation ended {rule.lro_final_status} (injected by the lab).",
            )

    raw = await request.body()
    caller_id = None
    try:
        body = _parse_body(raw, method)
        with lab.store.transaction():
            response, caller_id = _handle(lab, request, route, params, method, path, api_version, body, request_id, lro_fault)
    except ArmError as error:
        response = _error_response(error)
        caller_id = getattr(error, "client_id", None)
        if error.code == "SubscriptionRequestsThrottled":
            kind = "throttled"
    return _answer(lab, method, path, api_version, kind, caller_id, response, ids)


def _parse_body(raw: bytes, method: str) -> Any:
    if method not in ("PUT", "PATCH", "POST") or not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.") from None


def _handle(lab: Lab, request: Request, route, params, method, path, api_version, body, request_id, lro_fault):
    env = lab.env(clock.now())
    caller = tokens.verify(
        lab.store, request.headers.get("authorization"), base_url=lab.base_url, default_tenant=env.world.default_tenant,
        now=env.now
    )
    try:
        return _authorised(env, request, route, params, method, path, api_version, body, request_id, lro_fault, caller)
    except ArmError as error:
        # Everything after authentication is logged with who asked (409s and 429s included).
        error.client_id = caller.client_id
        raise


def _authorised(env, request: Request, route, params, method, path, api_version, body, request_id, lro_fault, caller):
    world = env.world
    tenant_level = route is not None and route.tenant_level
    if tenant_level:
        # GET /subscriptions and /tenants: no subscription to check; ARM throttles them per tenant.
        scope = f"tenant/{caller.tenant}"
    else:
        subscription = params.get("sub") or path.split("/")[2]
        if world.subscription(subscription) is None:
            raise ArmError(404, "SubscriptionNotFound", f"The subscription '{subscription}' could not be found.")
        if not world.may_access(caller.client_id, subscription):
            raise ArmError(
                403,
                "AuthorizationFailed",
                f"The client '{caller.client_id}' with object id '{caller.object_id}' does not have authorization to "
                f"perform action '{_action(path, method)}' over scope '{path}' or the scope is invalid. If access was "
                "recently granted, please refresh your credentials.",
            )
        scope = subscription
    header, remaining = throttle.take(
        env.store, env.settings, subscription=scope, principal=caller.object_id, method=method, now=env.now
    )
    ratelimit = {f"x-ms-ratelimit-remaining-{'tenant' if tenant_level else 'subscription'}-{header}": str(remaining)}
    try:
        if route is None:
            raise ArmError(
                404,
                "InvalidResourceType",
                f"The resource type could not be found for path '{path}' and api version '{api_version}'.",
            )
        apiversions.check(api_version, route.family, route.feature)
        if route.namespace:
            ctx_for_registration = ArmContext(env, method, path, params, request.query_params, request.headers, body,
                                              api_version or "", caller, request_id)
            providers.require_registered(ctx_for_registration, route.namespace)
        operations.settle(env)
        ctx = ArmContext(env, method, path, params, request.query_params, request.headers, body, api_version or "",
                         caller, request_id, lro_fault, route.family)
        response = route.handler(ctx)
    except ArmError as error:
        error.headers.update(ratelimit)
        raise
    response.headers.update(ratelimit)
    return response, caller.client_id


def _action(path: str, method: str) -> str:
    parts = [p for p in path.split("/") if p]
    if "providers" in parts:
        i = len(parts) - 1 - parts[::-1].index("providers")
        rest = parts[i + 1:]
        typed = [rest[0]] + rest[1::2]
    else:
        typed = ["Microsoft.Resources", "subscriptions"]
    verb = {"GET": "read", "PUT": "write", "PATCH": "write", "DELETE": "delete"}.get(method, "action")
    return "/".join(typed + [verb])


def _error_response(error: ArmError) -> ArmResponse:
    return ArmResponse(error.status, error.body(), dict(error.headers))


def _answer(lab: Lab, method, path, api_version, kind, caller_id, response: ArmResponse, ids) -> Response:
    headers = dict(ids)
    headers.update(response.headers)
    error_code = response.body.get("error", {}).get("code") if isinstance(response.body, dict) and response.status >= 400 else None
    with lab.store.transaction():
        requestlog.record(lab.store, time=clock.now(), method=method, path=path, api_version=api_version,
                          status=response.status, kind=kind, client_id=caller_id, error_code=error_code)
    if response.body is None:
        return Response(status_code=response.status, headers=headers)
    return JSONResponse(response.body, status_code=response.status, headers=headers)


async def _drop(request: Request, lab: Lab, method, path, api_version) -> Response:
    """Close the TCP connection without answering (the server hook puts the transport in scope)."""
    with lab.store.transaction():
        requestlog.record(lab.store, time=clock.now(), method=method, path=path, api_version=api_version, status=0,
                          kind="faulted", error_code="ConnectionDropped")
    transport = request.scope.get("erlab.transport")
    if transport is not None:
        transport.abort()
        await asyncio.sleep(0.05)  # let uvicorn notice, so it sends nothing more
    return Response(status_code=500)

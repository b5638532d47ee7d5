"""Long-running operations whose progress is a function of stored timestamps.

An operation row records when it started, when it finishes and what finishing
does (its "effect"). Nothing runs in the background: before any request is
served, `settle()` applies every effect that is due, in finishing order. So an
operation survives a restart and completes on time as long as somebody asks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable

from ..clock import iso, new_guid
from ..errors import ArmError, error_object
from ..identity.tokens import signing_secret
from .context import ArmContext, ArmResponse, Env

# Network RP async URLs carried an older api-version than the request in 2026 traffic.
NETWORK_OPERATION_API_VERSION = "2025-07-01"

Completion = Callable[[Env, "Operation"], "dict[str, Any] | None"]
Failure = Callable[[Env, "Operation"], None]
_COMPLETIONS: dict[str, tuple[Completion, Failure | None]] = {}


def completion(kind: str, on_failure: Failure | None = None) -> Callable[[Completion], Completion]:
    """Mark a function as what finishing an operation of `kind` does; register_completions registers it.

    The function returns None on success or an error object to fail the
    operation; `on_failure` runs when the operation ends Failed/Canceled.
    """

    def mark(fn: Completion) -> Completion:
        fn.completes = (kind, on_failure)  # type: ignore[attr-defined]
        return fn

    return mark


def register_completions(*modules: ModuleType) -> None:
    """Register the completions (functions marked with @completion) of each module: app.py lists them, as it
    lists the routes, instead of relying on imports done for their side effects."""
    for module in modules:
        for value in vars(module).values():
            marked = getattr(value, "completes", None)
            if callable(value) and marked is not None:
                kind, on_failure = marked
                _COMPLETIONS[kind] = (value, on_failure)


@dataclass
class Operation:
    id: str
    subscription: str
    resource_group: str
    provider: str
    location: str
    name: str
    method: str
    target_id: str
    lock_key: str | None
    started_at: float
    finishes_at: float
    outcome: str
    error: dict[str, Any] | None
    effect: dict[str, Any]
    result: Any
    applied: bool

    def status_at(self, now: float) -> str:
        if not self.applied and now < self.finishes_at:
            return "InProgress"
        return self.outcome


def _row_to_op(row) -> Operation:
    return Operation(
        id=row["id"],
        subscription=row["subscription"],
        resource_group=row["resource_group"],
        provider=row["provider"],
        location=row["location"],
        name=row["name"],
        method=row["method"],
        target_id=row["target_id"],
        lock_key=row["lock_key"],
        started_at=row["started_at"],
        finishes_at=row["finishes_at"],
        outcome=row["outcome"],
        error=json.loads(row["error"]) if row["error"] else None,
        effect=json.loads(row["effect"]),
        result=json.loads(row["result"]) if row["result"] else None,
        applied=bool(row["applied"]),
    )


def find(env: Env, operation_id: str) -> Operation | None:
    row = env.store.execute("SELECT * FROM operations WHERE id = ?", (operation_id.lower(),)).fetchone()
    return _row_to_op(row) if row else None


def running_on(env: Env, lock_key: str) -> Operation | None:
    row = env.store.execute(
        "SELECT * FROM operations WHERE lock_key = ? AND applied = 0 ORDER BY started_at LIMIT 1", (lock_key.lower(),)
    ).fetchone()
    return _row_to_op(row) if row else None


def assert_idle(ctx: ArmContext, lock_key: str, attempted: str) -> None:
    """One write at a time per circuit / private cloud, as the Network RP does."""
    busy = running_on(ctx.env, lock_key)
    if busy is None:
        return
    if ctx.settings.conflict_variant == "429":
        raise ArmError(
            429,
            "RetryableErrorDueToAnotherOperation",
            f"Operation {attempted} (request {ctx.request_id}) on resource {ctx.path} cannot be performed now because"
            f" another operation {busy.name} ({busy.id}) is in progress. Retry after some time.",
            headers={"Retry-After": str(ctx.settings.retry_after)},
        )
    raise ArmError(
        409,
        "AnotherOperationInProgress",
        "Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: "
        f"{status_url(ctx.env, busy)}",
    )


def start(
    ctx: ArmContext,
    *,
    provider: str,
    location: str,
    name: str,
    target_id: str,
    lock_key: str | None,
    effect: dict[str, Any],
    resource_group: str | None = None,
) -> Operation:
    env = ctx.env
    outcome, error = "Succeeded", None
    if ctx.lro_fault:
        outcome = ctx.lro_fault.outcome
        error = error_object(ctx.lro_fault.code, ctx.lro_fault.message)
    op = Operation(
        id=new_guid(),
        subscription=ctx.subscription,
        resource_group=resource_group or ctx.params.get("rg", ""),
        provider=provider,
        location=location.replace(" ", "").lower() or "westus",
        name=name,
        method=ctx.method,
        target_id=target_id,
        lock_key=lock_key.lower() if lock_key else None,
        started_at=env.now,
        finishes_at=env.now + max(0.0, env.settings.operation_seconds),
        outcome=outcome,
        error=error,
        effect=effect,
        result=None,
        applied=False,
    )
    env.store.execute(
        "INSERT INTO operations(id, subscription, resource_group, provider, location, name, method, target_id,"
        " lock_key, started_at, finishes_at, outcome, error, effect, result, applied)"
        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,0)",
        (
            op.id, op.subscription, op.resource_group, op.provider, op.location, op.name, op.method, op.target_id,
            op.lock_key, op.started_at, op.finishes_at, op.outcome, json.dumps(error) if error else None,
            json.dumps(effect),
        ),
    )
    return op


# -- URLs ---------------------------------------------------------------

def _signed_query(env: Env, op: Operation, api_version: str) -> str:
    """Opaque t/c/s/h parameters like 2026 ARM traffic (clients must not touch them)."""
    ticks = int(op.started_at * 10_000_000) + 621355968000000000
    secret = signing_secret(env.store).encode()
    nonce = base64.urlsafe_b64encode(hashlib.sha256(secret + op.id.encode()).digest()[:24]).decode().rstrip("=")
    signature = base64.urlsafe_b64encode(hmac.new(secret, f"{op.id}{ticks}".encode(), "sha256").digest()).decode()
    digest = base64.urlsafe_b64encode(hashlib.sha256(signature.encode()).digest()[:16]).decode().rstrip("=")
    return f"api-version={api_version}&t={ticks}&c={nonce}&s={signature.rstrip('=')}&h={digest}"


def _api_version_for(op: Operation) -> str:
    return NETWORK_OPERATION_API_VERSION if op.provider == "Microsoft.Network" else op.effect.get("api_version", "2023-09-01")


def status_url(env: Env, op: Operation) -> str:
    if op.provider == "Microsoft.Network":
        path = f"/subscriptions/{op.subscription}/providers/Microsoft.Network/locations/{op.location}/operations/{op.id}"
    else:
        path = f"/subscriptions/{op.subscription}/resourcegroups/{op.resource_group}/providers/Microsoft.AVS/operationstatuses/{op.id}"
    return f"{env.base_url}{path}?{_signed_query(env, op, _api_version_for(op))}"


def result_url(env: Env, op: Operation) -> str:
    if op.provider == "Microsoft.Network":
        path = f"/subscriptions/{op.subscription}/providers/Microsoft.Network/locations/{op.location}/operationResults/{op.id}"
    else:
        path = f"/subscriptions/{op.subscription}/resourcegroups/{op.resource_group}/providers/Microsoft.AVS/operationresults/{op.id}"
    return f"{env.base_url}{path}?{_signed_query(env, op, _api_version_for(op))}"


def async_headers(env: Env, op: Operation, *, location: bool) -> dict[str, str]:
    headers = {
        "Azure-AsyncOperation": status_url(env, op),
        "Retry-After": str(env.settings.retry_after),
        "Azure-AsyncNotification": "Enabled",
    }
    if location:
        headers["Location"] = result_url(env, op)
    return headers


# -- settling -----------------------------------------------------------

def settle(env: Env) -> None:
    """Apply every operation that is due, oldest deadline first."""
    rows = env.store.execute(
        "SELECT * FROM operations WHERE applied = 0 AND finishes_at <= ? ORDER BY finishes_at, started_at", (env.now,)
    ).fetchall()
    for row in rows:
        _apply(env, _row_to_op(row))


def _apply(env: Env, op: Operation) -> None:
    hook, on_failure = _COMPLETIONS[op.effect["kind"]]
    if op.outcome == "Succeeded":
        error = hook(env, op)
        if error is not None:
            op.outcome, op.error = "Failed", error
    if op.outcome != "Succeeded" and on_failure is not None:
        on_failure(env, op)
    env.store.execute(
        "UPDATE operations SET applied = 1, outcome = ?, error = ?, result = ? WHERE id = ?",
        (op.outcome, json.dumps(op.error) if op.error else None, json.dumps(op.result) if op.result is not None else None, op.id),
    )


# -- answering polls ---------------------------------------------------

def status_response(env: Env, op: Operation) -> ArmResponse:
    status = op.status_at(env.now)
    if op.provider == "Microsoft.Network":
        body: dict[str, Any] = {"status": status}
    else:
        body = {
            "id": f"/subscriptions/{op.subscription}/resourcegroups/{op.resource_group}/providers/Microsoft.AVS/operationstatuses/{op.id}",
            "name": op.id,
            "status": status,
            "startTime": iso(op.started_at),
        }
        if status != "InProgress":
            body["endTime"] = iso(op.finishes_at)
            body["percentComplete"] = 100
    if status in ("Failed", "Canceled") and op.error:
        body["error"] = {k: v for k, v in op.error.items() if not k.startswith("_")}
    headers = {"Retry-After": str(env.settings.retry_after)} if status == "InProgress" else {}
    return ArmResponse(200, body, headers)


def result_response(env: Env, op: Operation, render_target: Callable[[], Any]) -> ArmResponse:
    status = op.status_at(env.now)
    if status == "InProgress":
        return ArmResponse(202, None, {"Location": result_url(env, op), "Retry-After": str(env.settings.retry_after)})
    if status != "Succeeded":
        error = op.error or error_object("OperationFailed", "The operation failed.")
        raise ArmError(int(error.get("_status", 400)), error["code"], error["message"])
    if op.method == "DELETE":
        return ArmResponse(204)
    if op.method == "POST":
        return ArmResponse(200, op.result)
    return ArmResponse(200, render_target())

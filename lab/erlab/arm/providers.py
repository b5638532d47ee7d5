"""Resource provider registration (what azure-mgmt-core does on MissingSubscriptionRegistration)."""

from __future__ import annotations

from ..errors import ArmError
from .apiversions import AVS_VERSIONS, NETWORK_VERSIONS
from .context import ArmContext, ArmResponse

_NAMESPACES = {
    "microsoft.network": ("Microsoft.Network", ["expressRouteCircuits", "expressRouteCircuits/peerings",
                                                "expressRouteCircuits/authorizations", "locations/operations",
                                                "locations/operationResults"], NETWORK_VERSIONS),
    "microsoft.avs": ("Microsoft.AVS", ["privateClouds", "privateClouds/authorizations",
                                        "privateClouds/globalReachConnections"], AVS_VERSIONS),
}


def require_registered(ctx: ArmContext, namespace: str) -> None:
    if not ctx.world.registered(ctx.subscription, namespace):
        raise ArmError(
            409,
            "MissingSubscriptionRegistration",
            f"The subscription is not registered to use namespace '{namespace}'. "
            "See https://aka.ms/rps-not-found for how to register subscriptions.",
            details=[{"code": "MissingSubscriptionRegistration", "target": namespace,
                      "message": f"The subscription is not registered to use namespace '{namespace}'. "
                                 "See https://aka.ms/rps-not-found for how to register subscriptions."}],
        )


def _provider(ctx: ArmContext, key: str | None = None) -> dict:
    known = _NAMESPACES.get((key or ctx.params["ns"]).lower())
    if known is None:
        raise ArmError(404, "InvalidResourceNamespace", f"The resource namespace '{ctx.params['ns']}' is invalid.")
    namespace, types, versions = known
    state = "Registered" if ctx.world.registered(ctx.subscription, namespace) else "NotRegistered"
    return {
        "id": f"/subscriptions/{ctx.subscription}/providers/{namespace}",
        "namespace": namespace,
        "registrationState": state,
        "registrationPolicy": "RegistrationRequired",
        "resourceTypes": [{"resourceType": t, "locations": [], "apiVersions": list(reversed(versions))} for t in types],
    }


def list_(ctx: ArmContext) -> ArmResponse:
    """GET /subscriptions/{s}/providers: the namespaces this lab serves (Azure lists every namespace it has)."""
    return ArmResponse(200, {"value": [_provider(ctx, key) for key in _NAMESPACES]})


def get(ctx: ArmContext) -> ArmResponse:
    return ArmResponse(200, _provider(ctx))


def register(ctx: ArmContext) -> ArmResponse:
    provider = _provider(ctx)
    ctx.world.register(ctx.subscription, provider["namespace"])
    ctx.store.set_kv("world", ctx.world.data)
    return ArmResponse(200, _provider(ctx))

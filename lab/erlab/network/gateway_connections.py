"""Microsoft.Network/connections of connectionType ExpressRoute: a VNet gateway to a circuit.

The key comes from the circuit (`expressRouteCircuits/authorizations`) or,
for the AVS-managed circuit of a Generation 1 private cloud, from
`privateClouds/authorizations` (whose network authorization lives on that
circuit). It is single use: the connection turns it InUse when its
operation succeeds, and a second connection presenting it is refused.
The circuit's owner may connect without a key when the circuit is in the
connection's subscription.

Checks run when the PUT arrives; codes other than InvalidResourceReference
and ReferencedResourceNotProvisioned are assumptions (lab/README provenance).
connectionStatus is Unknown while provisioning, Connecting for
connect_seconds after the operation succeeded, then Connected.
"""

from __future__ import annotations

import copy
from typing import Any

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..clock import new_etag, new_guid
from ..errors import bad_request
from ..ids import CIRCUIT_AUTHORIZATION, CIRCUIT_CONNECTION, parse_circuit_ref
from ..store import Resource
from . import linkstate
from .common import body_properties, check_preconditions, is_ready, require_group
from .completions import release_authorization
from .connection_rules import find_authorization
from .gateway_routes import UP_AT, circuit_id_of, connection_status
from .gateways import supports_fastpath
from .vnet_common import (GATEWAY, GATEWAY_CONNECTION, invalid_reference, not_provisioned, read_handlers,
                          reference_id, resource_id)

MAX_ROUTING_WEIGHT = 32000  # assumption: the range the portal accepts


def render_connection(env: Env, conn: Resource, api_version: str | None = None) -> dict[str, Any]:
    body = copy.deepcopy(conn.body)
    body["properties"]["connectionStatus"] = connection_status(env, conn)
    return body  # authorizationKey is never answered (stored in meta only)


get, list_in_group = read_handlers("connections", "connection", GATEWAY_CONNECTION, render_connection)


def _key_holders(env: Env, auth: Resource, except_key: str | None) -> list[Resource]:
    """Connections (gateway or Global Reach) that consumed, or are consuming, an authorization."""
    holders = []
    for type_ in (GATEWAY_CONNECTION, CIRCUIT_CONNECTION):
        for conn in env.store.list(type_):
            if conn.key != except_key and str(conn.meta.get("authorization_id", "")).lower() == auth.key:
                holders.append(conn)
    return holders


def _check_key(ctx: ArmContext, conn_id: str, circuit: Resource, key: Any) -> Resource | None:
    same_subscription = circuit.id.split("/")[2].lower() == ctx.subscription.lower()
    if not key:
        if same_subscription:
            return None
        raise bad_request("AuthorizationKeyRequired",
                          f"ExpressRoute circuit {circuit.id} is in another subscription: an authorizationKey created on that "
                          "circuit is required.", "properties.authorizationKey")
    auth = find_authorization(ctx.env, circuit.id, str(key))
    if auth is None:
        # A key of another circuit, a revoked key or a made-up one: the service cannot tell them apart for the caller.
        raise bad_request("InvalidAuthorizationKey",
                          f"The authorization key is not valid for ExpressRoute circuit {circuit.id}: it is unknown, was "
                          "revoked, or belongs to another circuit.", "properties.authorizationKey")
    if auth.properties.get("authorizationUseStatus") == "InUse" or _key_holders(ctx.env, auth, conn_id.lower()):
        raise bad_request("AuthorizationKeyAlreadyInUse",
                          f"Authorization {auth.body['name']} of circuit {circuit.id} is already in use; a key serves exactly "
                          "one connection. Create a new authorization.", "properties.authorizationKey")
    return auth


def put(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    conn_id = resource_id(ctx, "connections", "connection")
    existing = ctx.store.get(conn_id)
    check_preconditions(ctx, existing)
    body = ctx.body if isinstance(ctx.body, dict) else {}
    props = body_properties(ctx)
    if not body.get("location"):
        raise bad_request("LocationRequired", "The location property is required for this definition.", "location")
    if str(props.get("connectionType", "")) != "ExpressRoute":
        raise bad_request("UnsupportedConnectionType",
                          f"connectionType '{props.get('connectionType')}': the lab models ExpressRoute connections only.",
                          "properties.connectionType")
    gateway_id = reference_id(props, "virtualNetworkGateway1")
    if not gateway_id:
        raise bad_request("InvalidRequestFormat", "properties.virtualNetworkGateway1.id is required.",
                          "properties.virtualNetworkGateway1.id")
    gateway = ctx.store.get(gateway_id)
    if gateway is None or gateway.type != GATEWAY:
        raise invalid_reference(gateway_id, conn_id)
    if gateway.properties.get("gatewayType") != "ExpressRoute":
        raise bad_request("InvalidGatewayTypeForExpressRouteConnection",
                          f"Virtual network gateway {gateway.id} is of type {gateway.properties.get('gatewayType')}; an "
                          "ExpressRoute connection needs a gateway of type ExpressRoute.", "properties.virtualNetworkGateway1.id")
    if gateway.properties.get("provisioningState") != "Succeeded":
        raise not_provisioned(gateway, conn_id, "PutVirtualNetworkGatewayOperation")
    # Connection writes on one gateway serialise (the gateway itself is being built: refused above).
    operations.assert_idle(ctx, gateway.id, "PutVirtualNetworkGatewayConnectionOperation")
    peer_id = reference_id(props, "peer")
    ref = parse_circuit_ref(peer_id)
    if ref is None or ref.peering:
        raise bad_request("InvalidRequestFormat", "properties.peer.id must be the resource id of an ExpressRoute circuit.",
                          "properties.peer.id")
    circuit = ctx.store.get(ref.circuit_id)
    if circuit is None:
        raise invalid_reference(peer_id, conn_id)
    weight = props.get("routingWeight", 0)
    if not isinstance(weight, int) or isinstance(weight, bool) or not 0 <= weight <= MAX_ROUTING_WEIGHT:
        raise bad_request("InvalidRoutingWeight", f"routingWeight must be an integer from 0 to {MAX_ROUTING_WEIGHT}.",
                          "properties.routingWeight")
    bypass = bool(props.get("expressRouteGatewayBypass", False))
    if bypass and not supports_fastpath(gateway):
        raise bad_request("FastPathNotSupportedOnGatewaySku",
                          f"FastPath (expressRouteGatewayBypass) needs an UltraPerformance or ErGw3AZ gateway (or ErGwScale with "
                          f"at least 10 scale units); gateway {gateway.id} is {gateway.properties['sku']['name']}.",
                          "properties.expressRouteGatewayBypass")
    auth = None
    if existing is not None:
        old = existing.properties
        if (reference_id(old, "virtualNetworkGateway1") or "").lower() != gateway.key or \
                (circuit_id_of(existing) or "").lower() != circuit.key:
            raise bad_request("CannotModifyConnectionEndpoints",
                              "virtualNetworkGateway1 and peer of an existing connection cannot be changed; delete and recreate it.")
    else:
        for other in ctx.store.list(GATEWAY_CONNECTION):
            if (reference_id(other.properties, "virtualNetworkGateway1") or "").lower() == gateway.key and \
                    (circuit_id_of(other) or "").lower() == circuit.key:
                raise bad_request("GatewayAlreadyConnectedToCircuit",
                                  f"Virtual network gateway {gateway.id} is already connected to circuit {circuit.id} by "
                                  f"{other.id}; a gateway can have only one connection to a circuit.")
        auth = _check_key(ctx, conn_id, circuit, props.get("authorizationKey"))
        if not is_ready(circuit):
            raise bad_request("ExpressRouteCircuitNotProvisioned",
                              f"ExpressRoute circuit {circuit.id} is not provisioned by its service provider (state "
                              f"{circuit.properties.get('serviceProviderProvisioningState')}); it cannot be connected.")
        peering = ctx.store.get(f"{circuit.id}/peerings/AzurePrivatePeering")
        if peering is None or peering.properties.get("provisioningState") != "Succeeded":
            raise bad_request("PrivatePeeringNotConfigured",
                              f"ExpressRoute circuit {circuit.id} has no provisioned AzurePrivatePeering to connect a virtual "
                              "network to.")

    etag = new_etag()
    if existing is None:
        conn = Resource(id=conn_id, type=GATEWAY_CONNECTION, body={
            "name": ctx.params["connection"], "id": conn_id, "etag": etag, "type": GATEWAY_CONNECTION,
            "location": body["location"].replace(" ", "").lower(),
            "properties": {"resourceGuid": new_guid()},
        })
        if auth is not None:
            conn.meta["authorization_id"] = auth.id
    else:
        conn = existing
        conn.body["etag"] = etag
    if body.get("tags"):
        conn.body["tags"] = dict(body["tags"])
    else:
        conn.body.pop("tags", None)
    conn.properties.update({
        "provisioningState": "Updating",
        "virtualNetworkGateway1": {"id": gateway.id},
        "peer": {"id": peer_id if existing is None else conn.properties["peer"]["id"]},
        "connectionType": "ExpressRoute",
        "routingWeight": weight,
        "enableBgp": False,
        "useLocalAzureIpAddress": False,
        "usePolicyBasedTrafficSelectors": False,
        "ipsecPolicies": [],
        "trafficSelectorPolicies": [],
        "expressRouteGatewayBypass": bypass,
        "enablePrivateLinkFastPath": bool(props.get("enablePrivateLinkFastPath", False)) and bypass,
        "ingressBytesTransferred": 0,
        "egressBytesTransferred": 0,
        "connectionMode": "Default",
        "dpdTimeoutSeconds": 0,
    })
    ctx.store.save(conn, ctx.now)
    op = operations.start(ctx, provider="Microsoft.Network", location=conn.body["location"],
                          name="PutVirtualNetworkGatewayConnectionOperation", target_id=conn.id, lock_key=gateway.id,
                          effect={"kind": "network.gateway_connection_put", "ids": [conn.id],
                                  "connect_seconds": ctx.settings.connect_seconds})
    return ArmResponse(201 if existing is None else 200, render_connection(ctx.env, conn),
                       operations.async_headers(ctx.env, op, location=False))


def _failed(env: Env, op: operations.Operation) -> None:
    conn = env.store.get(op.target_id)
    if conn is not None:
        conn.properties["provisioningState"] = "Failed"
        conn.meta.pop(UP_AT, None)
        env.store.save(conn, env.now)


@operations.completion("network.gateway_connection_put", on_failure=_failed)
def _finish_put(env: Env, op: operations.Operation):
    conn = env.store.get(op.target_id)
    if conn is None:
        return None
    auth_id = conn.meta.get("authorization_id")
    auth = env.store.get(auth_id) if auth_id else None
    if auth is not None and auth.type == CIRCUIT_AUTHORIZATION:
        holder = auth.properties.get("connectionResourceUri")
        if auth.properties.get("authorizationUseStatus") == "InUse" and holder and holder.lower() != conn.key:
            # Another connection consumed the key while this one was being provisioned.
            return {"code": "AuthorizationKeyAlreadyInUse",
                    "message": f"Authorization {auth.body['name']} is already in use by {holder}; a key serves exactly one "
                               "connection.", "details": []}
        auth.properties["authorizationUseStatus"] = "InUse"
        auth.properties["connectionResourceUri"] = conn.id
        env.store.save(auth, env.now)
    conn.properties["provisioningState"] = "Succeeded"
    if UP_AT not in conn.meta:
        conn.meta[UP_AT] = op.finishes_at + linkstate.connect_seconds(env, op.effect)
    env.store.save(conn, env.now)
    return None


def delete(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    conn = ctx.store.get(resource_id(ctx, "connections", "connection"))
    if conn is None:
        return ArmResponse(204)
    check_preconditions(ctx, conn)
    gateway_id = reference_id(conn.properties, "virtualNetworkGateway1") or conn.id
    operations.assert_idle(ctx, gateway_id, "DeleteVirtualNetworkGatewayConnectionOperation")
    conn.properties["provisioningState"] = "Deleting"
    ctx.store.save(conn, ctx.now)
    op = operations.start(ctx, provider="Microsoft.Network", location=conn.body["location"],
                          name="DeleteVirtualNetworkGatewayConnectionOperation", target_id=conn.id, lock_key=gateway_id,
                          effect={"kind": "network.gateway_connection_delete", "ids": [conn.id]})
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))


@operations.completion("network.gateway_connection_delete", on_failure=_failed)
def _finish_delete(env: Env, op: operations.Operation):
    conn = env.store.get(op.target_id)
    if conn is None:
        return None
    if env.settings.release_key_on_disconnect:
        release_authorization(env, conn)
    env.store.remove(conn.id)
    return None


def refuse_circuit_delete(env: Env, circuit: Resource) -> None:
    """A circuit with VNet connections cannot be deleted (docs: remove the connections first)."""
    users = [c.id for c in env.store.list(GATEWAY_CONNECTION) if (circuit_id_of(c) or "").lower() == circuit.key]
    if users:
        # Assumption (code); the rule is documented.
        raise bad_request("CircuitHasVirtualNetworkConnections",
                          f"ExpressRoute circuit {circuit.id} cannot be deleted because virtual network gateway connections "
                          f"use it ({', '.join(users)}). Delete them first.")

"""Microsoft.Network/virtualNetworkGateways, the ExpressRoute kind (Vpn ones exist so connections can refuse them).

A gateway sits in its VNet's GatewaySubnet. Creating or deleting one is a
long operation (settings.gateway_operation_seconds; tens of minutes in
Azure). getLearnedRoutes, getAdvertisedRoutes (?peer=) and getBgpPeerStatus
(?peer= optional) are async POSTs answered 202 with Location, the result read
from the Location URL once the operation finished, like circuit route tables.
"""

from __future__ import annotations

import copy
import dataclasses
import ipaddress
from typing import Any

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..clock import new_etag, new_guid
from ..errors import bad_request
from ..store import Resource
from .common import body_properties, check_preconditions, require_group
from .vnet_common import (AZURE_GATEWAY_ASN, GATEWAY, GATEWAY_CONNECTION, GATEWAY_SUBNET, SUBNET, invalid_reference, lengthen,
                          load_top, not_provisioned, read_handlers, reference_id, resource_id)

ER_SKUS = ("Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ", "ErGwScale")
VPN_SKUS = ("Basic", "VpnGw1", "VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ")
GATEWAY_TYPES = {"ExpressRoute": ER_SKUS, "Vpn": VPN_SKUS}
# FastPath (expressRouteGatewayBypass) needs Ultra Performance or ErGw3AZ (docs); ErGwScale with at
# least 10 scale units is an assumption taken from the scalable-gateway docs.
FASTPATH_SKUS = ("UltraPerformance", "ErGw3AZ")
FASTPATH_SCALE_UNITS = 10


# -- rendering ---------------------------------------------------------------------

def gateway_addresses(env: Env, gateway: Resource) -> list[str]:
    """The two instance addresses of a gateway in its GatewaySubnet (the first usable ones after Azure's reserved four)."""
    subnet = env.store.get(gateway.meta.get("subnet_id", ""))
    net = ipaddress.ip_network(subnet.properties["addressPrefix"]) if subnet else ipaddress.ip_network("10.255.255.0/27")
    return [str(net.network_address + 4), str(net.network_address + 5)]


def render_gateway(env: Env, gateway: Resource, api_version: str | None = None) -> dict[str, Any]:
    return copy.deepcopy(gateway.body)


def supports_fastpath(gateway: Resource) -> bool:
    sku = gateway.properties.get("sku", {}).get("name")
    if sku in FASTPATH_SKUS:
        return True
    if sku == "ErGwScale":
        bounds = (gateway.properties.get("autoScaleConfiguration") or {}).get("bounds") or {}
        return int(bounds.get("min") or 0) >= FASTPATH_SCALE_UNITS
    return False


# -- checks ----------------------------------------------------------------------------

def _check_sku(gateway_type: str, sku: Any) -> dict[str, Any]:
    if not isinstance(sku, dict) or not sku.get("name"):
        raise bad_request("InvalidGatewaySku", "sku.name is required for a virtual network gateway.", "properties.sku.name")
    allowed = GATEWAY_TYPES[gateway_type]
    name = next((s for s in allowed if s.lower() == str(sku["name"]).lower()), None)
    if name is None:
        raise bad_request("InvalidGatewaySku",
                          f"SKU '{sku['name']}' is not valid for a gateway of type {gateway_type}. Valid SKUs: {', '.join(allowed)}.",
                          "properties.sku.name")
    if sku.get("tier") and str(sku["tier"]).lower() != name.lower():
        raise bad_request("InvalidGatewaySku", f"sku.tier '{sku['tier']}' must equal sku.name '{name}'.", "properties.sku.tier")
    return {"name": name, "tier": name}


def _check_autoscale(sku: str, props: dict[str, Any]) -> dict[str, Any] | None:
    config = props.get("autoScaleConfiguration")
    if sku != "ErGwScale":
        return None
    bounds = (config or {}).get("bounds") or {}
    low, high = bounds.get("min", 1), bounds.get("max", bounds.get("min", 1))
    if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high <= 40):
        raise bad_request("InvalidAutoScaleConfiguration",
                          "autoScaleConfiguration.bounds needs 1 <= min <= max <= 40 scale units for ErGwScale.",
                          "properties.autoScaleConfiguration.bounds")
    return {"bounds": {"min": low, "max": high}}


def _check_ip_configuration(ctx: ArmContext, gateway_id: str, props: dict[str, Any]) -> tuple[dict[str, Any], Resource]:
    configs = props.get("ipConfigurations")
    if not isinstance(configs, list) or len(configs) != 1 or not isinstance(configs[0], dict):
        raise bad_request("InvalidIpConfigurationCount",
                          "An ExpressRoute virtual network gateway needs exactly one ipConfiguration.", "properties.ipConfigurations")
    config = configs[0]
    config_props = config.get("properties") or {}
    subnet_id = reference_id(config_props, "subnet")
    if not subnet_id:
        raise bad_request("InvalidRequestFormat", "ipConfigurations[0].properties.subnet.id is required.",
                          "properties.ipConfigurations[0].properties.subnet.id")
    subnet = ctx.store.get(subnet_id)
    if subnet is None or subnet.type != SUBNET:
        raise invalid_reference(subnet_id, gateway_id)
    if subnet.body["name"] != GATEWAY_SUBNET:
        # Assumption (code): the docs require the subnet be named exactly GatewaySubnet.
        raise bad_request("InvalidGatewaySubnet",
                          f"Subnet {subnet.id} cannot hold a virtual network gateway: gateways must be deployed in the "
                          f"virtual network's subnet named '{GATEWAY_SUBNET}'.",
                          "properties.ipConfigurations[0].properties.subnet.id")
    if subnet.properties.get("provisioningState") != "Succeeded":
        raise not_provisioned(subnet, gateway_id, "PutSubnetOperation")
    return config, subnet


# -- handlers ----------------------------------------------------------------------------

get, list_in_group = read_handlers("virtualNetworkGateways", "gateway", GATEWAY, render_gateway)


def put(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    gateway_id = resource_id(ctx, "virtualNetworkGateways", "gateway")
    existing = ctx.store.get(gateway_id)
    check_preconditions(ctx, existing)
    operations.assert_idle(ctx, gateway_id, "PutVirtualNetworkGatewayOperation")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    props = body_properties(ctx)
    if not body.get("location"):
        raise bad_request("LocationRequired", "The location property is required for this definition.", "location")
    gateway_type = next((t for t in GATEWAY_TYPES if t.lower() == str(props.get("gatewayType", "")).lower()), None)
    if gateway_type is None:
        raise bad_request("InvalidGatewayType", f"gatewayType '{props.get('gatewayType')}' is not supported; use ExpressRoute or Vpn.",
                          "properties.gatewayType")
    sku = _check_sku(gateway_type, props.get("sku"))
    autoscale = _check_autoscale(sku["name"], props)
    config, subnet = _check_ip_configuration(ctx, gateway_id, props)
    if existing is not None:
        if existing.properties["gatewayType"] != gateway_type or existing.meta.get("subnet_id", "").lower() != subnet.key:
            # Assumption (code): type and subnet are fixed once the gateway exists.
            raise bad_request("CannotChangeVirtualNetworkGateway",
                              "gatewayType and the GatewaySubnet of an existing virtual network gateway cannot be changed.")
    else:
        for other in ctx.store.list(GATEWAY):
            if other.meta.get("subnet_id", "").lower() == subnet.key and other.properties.get("gatewayType") == gateway_type:
                # Assumption (code): one gateway of each type per virtual network (documented limit).
                raise bad_request("VirtualNetworkAlreadyHasGatewayOfType",
                                  f"Virtual network {subnet.id.rsplit('/subnets/', 1)[0]} already has a {gateway_type} gateway "
                                  f"({other.id}); a virtual network can have only one gateway of each type.")
    etag = new_etag()
    config_name = config.get("name") or "default"
    config_id = f"{gateway_id}/ipConfigurations/{config_name}"
    config_body: dict[str, Any] = {
        "name": config_name,
        "id": config_id,
        "etag": etag,
        "properties": {"provisioningState": "Updating", "privateIPAllocationMethod": "Dynamic", "subnet": {"id": subnet.id}},
    }
    public_ip = reference_id(config.get("properties") or {}, "publicIPAddress")
    if public_ip:
        config_body["properties"]["publicIPAddress"] = {"id": public_ip}
    if existing is None:
        gateway = Resource(id=gateway_id, type=GATEWAY, body={
            "name": ctx.params["gateway"], "id": gateway_id, "etag": etag, "type": GATEWAY,
            "location": body["location"].replace(" ", "").lower(), "properties": {"resourceGuid": new_guid()},
        })
        gateway.meta["subnet_id"] = subnet.id
    else:
        gateway = existing
        gateway.body["etag"] = etag
    if body.get("tags"):
        gateway.body["tags"] = dict(body["tags"])
    else:
        gateway.body.pop("tags", None)
    gp = gateway.properties
    gp.update({
        "provisioningState": "Updating",
        "ipConfigurations": [config_body],
        "sku": dict(sku, capacity=(autoscale or {}).get("bounds", {}).get("min", 2) if sku["name"] == "ErGwScale" else 2),
        "gatewayType": gateway_type,
        "enableBgp": bool(props.get("enableBgp", False)),
        "activeActive": bool(props.get("activeActive", False)),
        "allowRemoteVnetTraffic": bool(props.get("allowRemoteVnetTraffic", False)),
        "allowVirtualWanTraffic": bool(props.get("allowVirtualWanTraffic", False)),
    })
    if gateway_type == "Vpn":
        gp["vpnType"] = props.get("vpnType") or "RouteBased"
    if autoscale:
        gp["autoScaleConfiguration"] = autoscale
    else:
        gp.pop("autoScaleConfiguration", None)
    ctx.store.save(gateway, ctx.now)
    addresses = gateway_addresses(ctx.env, gateway)
    gp["bgpSettings"] = {
        "asn": AZURE_GATEWAY_ASN, "bgpPeeringAddress": ",".join(addresses), "peerWeight": 0,
        "bgpPeeringAddresses": [{"ipconfigurationId": config_id, "defaultBgpIpAddresses": addresses,
                                 "customBgpIpAddresses": [], "tunnelIpAddresses": []}],
    }
    ctx.store.save(gateway, ctx.now)
    subnet.properties["ipConfigurations"] = [c for c in subnet.properties.get("ipConfigurations") or []
                                             if not c["id"].lower().startswith(gateway.key + "/")] + [{"id": config_id}]
    ctx.store.save(subnet, ctx.now)
    op = operations.start(ctx, provider="Microsoft.Network", location=gateway.body["location"],
                          name="PutVirtualNetworkGatewayOperation", target_id=gateway.id, lock_key=gateway.id,
                          effect={"kind": "network.gateway_put", "ids": [gateway.id]})
    if existing is None:
        lengthen(ctx.env, op, ctx.settings.gateway_operation_seconds)
    return ArmResponse(201 if existing is None else 200, render_gateway(ctx.env, gateway),
                       operations.async_headers(ctx.env, op, location=False))


@operations.completion("network.gateway_put", on_failure=lambda env, op: _failed(env, op))
def _finish_put(env: Env, op: operations.Operation):
    gateway = env.store.get(op.target_id)
    if gateway is None:
        return None
    gateway.properties["provisioningState"] = "Succeeded"
    for config in gateway.properties.get("ipConfigurations", []):
        config["properties"]["provisioningState"] = "Succeeded"
    gateway.meta.setdefault("up_since", op.finishes_at)
    env.store.save(gateway, env.now)
    return None


def _failed(env: Env, op: operations.Operation) -> None:
    gateway = env.store.get(op.target_id)
    if gateway is not None:
        gateway.properties["provisioningState"] = "Failed"
        env.store.save(gateway, env.now)


def connections_of(env: Env, gateway: Resource) -> list[Resource]:
    return [c for c in env.store.list(GATEWAY_CONNECTION)
            if (reference_id(c.properties, "virtualNetworkGateway1") or "").lower() == gateway.key]


def delete(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    gateway = ctx.store.get(resource_id(ctx, "virtualNetworkGateways", "gateway"))
    if gateway is None:
        return ArmResponse(204)
    check_preconditions(ctx, gateway)
    operations.assert_idle(ctx, gateway.id, "DeleteVirtualNetworkGatewayOperation")
    connections = connections_of(ctx.env, gateway)
    if connections:
        # Assumption (code, after the InUse*CannotBeDeleted family): connections must go first.
        raise bad_request(
            "InUseVirtualNetworkGatewayCannotBeDeleted",
            f"Virtual network gateway {gateway.id} cannot be deleted because it is used by connections "
            f"{', '.join(c.id for c in connections)}. Delete the connections first.",
        )
    gateway.properties["provisioningState"] = "Deleting"
    ctx.store.save(gateway, ctx.now)
    op = operations.start(ctx, provider="Microsoft.Network", location=gateway.body["location"],
                          name="DeleteVirtualNetworkGatewayOperation", target_id=gateway.id, lock_key=gateway.id,
                          effect={"kind": "network.gateway_delete", "ids": [gateway.id]})
    lengthen(ctx.env, op, ctx.settings.gateway_operation_seconds)
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))


@operations.completion("network.gateway_delete", on_failure=lambda env, op: _failed(env, op))
def _finish_delete(env: Env, op: operations.Operation):
    gateway = env.store.get(op.target_id)
    if gateway is None:
        return None
    subnet = env.store.get(gateway.meta.get("subnet_id", ""))
    if subnet is not None:
        subnet.properties["ipConfigurations"] = [c for c in subnet.properties.get("ipConfigurations") or []
                                                 if not c["id"].lower().startswith(gateway.key + "/")]
        env.store.save(subnet, env.now)
    env.store.remove(gateway.id)
    return None


# -- route and BGP views (async POST actions) ----------------------------------------------

ACTIONS = {
    "getLearnedRoutes": "GetLearnedRoutesOperation",
    "getAdvertisedRoutes": "GetAdvertisedRoutesOperation",
    "getBgpPeerStatus": "GetBgpPeerStatusOperation",
}


def post(action: str):
    def handler(ctx: ArmContext) -> ArmResponse:
        gateway = load_top(ctx, "virtualNetworkGateways", "gateway", GATEWAY)
        peer = ctx.query.get("peer")
        if action == "getAdvertisedRoutes" and not peer:
            raise bad_request("MissingRequiredParameter", "The query parameter 'peer' is required.", "peer")
        op = operations.start(ctx, provider="Microsoft.Network", location=gateway.body["location"], name=ACTIONS[action],
                              target_id=gateway.id, lock_key=None,
                              effect={"kind": "network.gateway_action", "action": action, "gateway": gateway.id, "peer": peer})
        return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))

    return handler


@operations.completion("network.gateway_action")
def _compute(env: Env, op: operations.Operation):
    from . import gateway_routes

    gateway = env.store.get(op.effect["gateway"])
    if gateway is None:
        return {"code": "NotFound", "message": f"Resource {op.effect['gateway']} not found.", "_status": 404}
    at_finish = dataclasses.replace(env, now=min(env.now, op.finishes_at))
    action, peer = op.effect["action"], op.effect.get("peer")
    if action == "getLearnedRoutes":
        op.result = {"value": gateway_routes.learned_routes(at_finish, gateway)}
    elif action == "getAdvertisedRoutes":
        op.result = {"value": gateway_routes.advertised_routes(at_finish, gateway, peer)}
    else:
        op.result = {"value": gateway_routes.bgp_peer_status(at_finish, gateway, peer)}
    return None

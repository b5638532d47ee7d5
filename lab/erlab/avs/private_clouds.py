"""Microsoft.AVS/privateClouds: GET, list, PUT (networkBlock /22 required), PATCH, DELETE."""

from __future__ import annotations

import hashlib
import ipaddress
from typing import Any

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..errors import ArmError
from ..ids import PRIVATE_CLOUD
from ..store import Resource
from . import generation2
from .common import body_properties, cloud_id_from_path, load_cloud, render, require_group
from .managed_circuit import block_layout, build, lowercase_type_id

CREATE_ONLY = ("networkBlock",)
UPDATABLE = ("managementCluster", "internet", "identitySources", "availability", "encryption", "extendedNetworkBlocks",
             "dnsZoneType")


def _render(ctx: ArmContext, cloud: Resource) -> dict[str, Any]:
    return generation2.render(render(cloud), ctx.api_version)


def get(ctx: ArmContext) -> ArmResponse:
    return ArmResponse(200, _render(ctx, load_cloud(ctx)))


def list_in_group(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    return ArmResponse(200, {"value": [_render(ctx, c) for c in ctx.store.list(PRIVATE_CLOUD, ctx.subscription, ctx.params["rg"])]})


def list_in_subscription(ctx: ArmContext) -> ArmResponse:
    return ArmResponse(200, {"value": [_render(ctx, c) for c in ctx.store.list(PRIVATE_CLOUD, ctx.subscription)]})


def _bad(message: str, target: str) -> ArmError:
    return ArmError(400, "InvalidRequestContent", message, target)


def new_cloud(resource_id: str, name: str, location: str, sku: dict[str, Any], props: dict[str, Any],
              tags: dict[str, str] | None, identity: dict[str, Any] | None) -> Resource:
    block = props["networkBlock"]
    layout = block_layout(block)
    host_hash = hashlib.sha1(resource_id.lower().encode()).hexdigest()[:22]
    cluster = dict(props.get("managementCluster") or {})
    size = int(cluster.get("clusterSize", 3))
    body: dict[str, Any] = {
        "id": resource_id,
        "name": name,
        "type": PRIVATE_CLOUD,
        "location": location.replace(" ", "").lower(),
        "sku": sku,
        "tags": tags or {},
        "properties": {
            "provisioningState": "Building",
            "networkBlock": block,
            "managementCluster": {
                "clusterSize": size,
                "clusterId": 1,
                "hosts": [f"esx{n:02d}-r{host_hash[:4]}.{location}.avs.azure.com" for n in range(1, size + 1)],
                "vsanDatastoreName": "vsanDatastore",
                "provisioningState": "Building",
            },
            "availability": props.get("availability") or {"strategy": "SingleZone", "zone": 1},
            "encryption": props.get("encryption") or {"status": "Disabled"},
            "internet": props.get("internet") or "Disabled",
            "identitySources": props.get("identitySources") or [],
            "externalCloudLinks": [],
            "endpoints": {
                "nsxtManager": f"https://nsx.{host_hash}.{location}.avs.azure.com/",
                "vcsa": f"https://vc.{host_hash}.{location}.avs.azure.com/",
                "hcxCloudManager": f"https://hcx.{host_hash}.{location}.avs.azure.com/",
                "nsxtManagerIp": layout["nsxt_ip"],
                "vcenterIp": layout["vcenter_ip"],
                "hcxCloudManagerIp": layout["hcx_ip"],
            },
            "managementNetwork": layout["managementNetwork"],
            "provisioningNetwork": layout["provisioningNetwork"],
            "vmotionNetwork": layout["vmotionNetwork"],
            "nsxPublicIpQuotaRaised": "Disabled",
            "dnsZoneType": props.get("dnsZoneType") or "Public",
        },
    }
    if props.get("virtualNetworkId"):
        body["properties"]["virtualNetworkId"] = props["virtualNetworkId"]
    if identity:
        body["identity"] = {"type": identity.get("type", "None")}
        if body["identity"]["type"] == "SystemAssigned":
            digest = hashlib.sha1(b"identity" + resource_id.lower().encode()).hexdigest()
            principal = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
            body["identity"].update({"principalId": principal, "tenantId": principal})
    return Resource(id=resource_id, type=PRIVATE_CLOUD, body=body)


def finish_cloud(env: Env, cloud: Resource) -> None:
    """Building done: the cloud gets its managed ExpressRoute circuit (Generation 2: its subnets in the VNet)."""
    if generation2.is_gen2(cloud):
        generation2.finish(env, cloud)
        return
    circuit, peering = build(env, cloud)
    layout = block_layout(cloud.properties["networkBlock"])
    cloud.properties["circuit"] = {
        "primarySubnet": layout["primary_subnet"],
        "secondarySubnet": layout["secondary_subnet"],
        "expressRouteID": lowercase_type_id(circuit.id),
        "expressRoutePrivatePeeringID": lowercase_type_id(peering.id),
    }
    cloud.properties["managementCluster"]["provisioningState"] = "Succeeded"
    cloud.properties["provisioningState"] = "Succeeded"


def put(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    resource_id = cloud_id_from_path(ctx)
    existing = ctx.store.get(resource_id)
    operations.assert_idle(ctx, resource_id, "PrivateClouds_CreateOrUpdate")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    props = body_properties(ctx)
    if not body.get("location"):
        raise _bad("The request content was invalid: 'location' is required.", "location")
    sku = body.get("sku")
    if not isinstance(sku, dict) or not sku.get("name"):
        raise _bad("The request content was invalid: 'sku.name' is required.", "sku.name")
    block = props.get("networkBlock")
    net = None
    try:
        net = ipaddress.ip_network(str(block), strict=True)
    except ValueError:
        pass
    if net is None or net.version != 4 or net.prefixlen != 22:
        raise ArmError(400, "InvalidNetworkBlock", f"networkBlock '{block}' must be an IPv4 /22 (for example 10.0.0.0/22).",
                       "properties.networkBlock")
    if not isinstance(props.get("managementCluster"), dict) or int(props["managementCluster"].get("clusterSize", 0)) < 3:
        raise _bad("The request content was invalid: properties.managementCluster.clusterSize must be 3 or more.",
                   "properties.managementCluster.clusterSize")
    vnet_id = generation2.check_create(ctx, resource_id, str(sku["name"]), dict(props, networkBlock=str(net)), existing)
    if existing is not None:
        if existing.properties["networkBlock"] != str(net):
            raise ArmError(400, "NetworkBlockCannotBeChanged", "networkBlock of an existing private cloud cannot be changed.",
                           "properties.networkBlock")
        cloud = existing
        for field in UPDATABLE:
            if field in props and field != "managementCluster":
                cloud.properties[field] = props[field]
        cloud.body["tags"] = body.get("tags") or {}
        cloud.properties["provisioningState"] = "Updating"
    else:
        create_props = dict(props)
        create_props.pop("virtualNetworkId", None)
        if vnet_id:
            create_props["virtualNetworkId"] = vnet_id
        cloud = new_cloud(resource_id, ctx.params["cloud"], body["location"], {"name": sku["name"]}, create_props,
                          body.get("tags"), body.get("identity"))
    ctx.store.save(cloud, ctx.now)
    op = operations.start(ctx, provider="Microsoft.AVS", location=cloud.body["location"], name="PrivateClouds_CreateOrUpdate",
                          target_id=cloud.id, lock_key=cloud.id,
                          effect={"kind": "avs.put_cloud", "ids": [cloud.id], "api_version": ctx.api_version})
    return ArmResponse(201 if existing is None else 200, _render(ctx, cloud), operations.async_headers(ctx.env, op, location=False))


def patch(ctx: ArmContext) -> ArmResponse:
    cloud = load_cloud(ctx)
    operations.assert_idle(ctx, cloud.id, "PrivateClouds_Update")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    props = body_properties(ctx)
    for field in CREATE_ONLY:
        if field in props and props[field] != cloud.properties[field]:
            raise ArmError(400, "NetworkBlockCannotBeChanged", "networkBlock of an existing private cloud cannot be changed.",
                           f"properties.{field}")
    if "tags" in body:
        cloud.body["tags"] = body.get("tags") or {}
    for field in UPDATABLE:
        if field in props and field != "managementCluster":
            cloud.properties[field] = props[field]
    cloud.properties["provisioningState"] = "Updating"
    ctx.store.save(cloud, ctx.now)
    op = operations.start(ctx, provider="Microsoft.AVS", location=cloud.body["location"], name="PrivateClouds_Update",
                          target_id=cloud.id, lock_key=cloud.id,
                          effect={"kind": "avs.put_cloud", "ids": [cloud.id], "api_version": ctx.api_version})
    return ArmResponse(200, _render(ctx, cloud), operations.async_headers(ctx.env, op, location=True))


def delete(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    cloud = ctx.store.get(cloud_id_from_path(ctx))
    if cloud is None:
        return ArmResponse(204)
    operations.assert_idle(ctx, cloud.id, "PrivateClouds_Delete")
    cloud.properties["provisioningState"] = "Deleting"
    ctx.store.save(cloud, ctx.now)
    op = operations.start(ctx, provider="Microsoft.AVS", location=cloud.body["location"], name="PrivateClouds_Delete",
                          target_id=cloud.id, lock_key=cloud.id,
                          effect={"kind": "avs.delete", "ids": [cloud.id], "api_version": ctx.api_version})
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))

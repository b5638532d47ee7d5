"""Microsoft.Network/virtualNetworks and their subnets (GatewaySubnet included).

Shapes follow the VirtualNetworkCreate / SubnetCreate x-ms-examples
(tests/examples/). Like circuits, a VNet PUT is the whole resource: subnets
left out of the body are deleted, unless something uses them (then the
service refuses with InUseSubnetCannotBeDeleted). Subnets AVS creates for a
Generation 2 private cloud count as used.
"""

from __future__ import annotations

import copy
from typing import Any

from ..arm import operations
from ..arm.context import ArmContext, ArmResponse, Env
from ..clock import new_etag, new_guid
from ..errors import bad_request, child_not_found
from ..store import Resource
from .common import body_properties, check_preconditions, require_group
from .vnet_common import SUBNET, VNET, load_top, networks, read_handlers, resource_id


# -- building and rendering -------------------------------------------------

def new_vnet(vnet_id: str, name: str, location: str, prefixes: list[str], etag: str,
             tags: dict[str, str] | None = None) -> Resource:
    body: dict[str, Any] = {
        "name": name,
        "id": vnet_id,
        "etag": etag,
        "type": VNET,
        "location": location.replace(" ", "").lower(),
        "properties": {
            "provisioningState": "Updating",
            "resourceGuid": new_guid(),
            "addressSpace": {"addressPrefixes": list(prefixes)},
            "virtualNetworkPeerings": [],
            "enableDdosProtection": False,
        },
    }
    if tags:
        body["tags"] = dict(tags)
    return Resource(id=vnet_id, type=VNET, body=body)


def new_subnet(vnet_id: str, name: str, prefix: str, etag: str, previous: Resource | None = None) -> Resource:
    sid = f"{vnet_id}/subnets/{name}"
    if previous is not None:
        subnet = previous
        subnet.properties["addressPrefix"] = prefix
        subnet.properties["provisioningState"] = "Updating"
        subnet.body["etag"] = etag
        return subnet
    body = {
        "name": name,
        "id": sid,
        "etag": etag,
        "type": SUBNET,
        "properties": {
            "provisioningState": "Updating",
            "addressPrefix": prefix,
            "delegations": [],
            "privateEndpointNetworkPolicies": "Disabled",
            "privateLinkServiceNetworkPolicies": "Enabled",
        },
    }
    return Resource(id=sid, type=SUBNET, body=body, parent_key=vnet_id.lower())


def render_subnet(subnet: Resource) -> dict[str, Any]:
    body = copy.deepcopy(subnet.body)
    if not body["properties"].get("ipConfigurations"):
        body["properties"].pop("ipConfigurations", None)
    return body


def render_vnet(env: Env, vnet: Resource) -> dict[str, Any]:
    body = copy.deepcopy(vnet.body)
    body["properties"]["subnets"] = [render_subnet(s) for s in env.store.children(vnet.id, SUBNET)]
    return body


def subnet_user(subnet: Resource) -> str | None:
    """What keeps a subnet from being deleted or renumbered (a gateway ipConfiguration, an AVS cloud)."""
    configs = subnet.properties.get("ipConfigurations") or []
    if configs:
        return configs[0]["id"]
    return subnet.meta.get("avs_private_cloud")


def _in_use(subnet: Resource, user: str) -> Any:
    return bad_request(
        "InUseSubnetCannotBeDeleted",
        f"Subnet {subnet.body['name']} is in use by {user} and cannot be deleted. In order to delete the subnet, "
        "delete all the resources within the subnet. See aka.ms/deletesubnet.",
    )


# -- checks -------------------------------------------------------------------

def _check_prefixes(values: Any, target: str) -> list[str]:
    if not isinstance(values, list) or not values:
        raise bad_request("InvalidAddressSpace", "addressSpace.addressPrefixes needs at least one address prefix.", target)
    parsed = networks(values)
    if len(parsed) != len(values):
        bad = next(v for v in values if not networks([v]))
        raise bad_request("InvalidAddressPrefixFormat", f"Address prefix {bad} is not a valid CIDR (network address and length).",
                          target)
    for i, a in enumerate(parsed):
        for b in parsed[i + 1:]:
            if a.version == b.version and a.overlaps(b):
                raise bad_request("VnetAddressSpacesOverlap", f"Address prefixes {a} and {b} of the virtual network overlap.",
                                  target)
    return [str(n) for n in parsed]


def check_subnet_prefix(vnet_prefixes: list[str], name: str, prefix: Any, siblings: list[tuple[str, str]],
                        target: str) -> str:
    parsed = networks([prefix])
    if not parsed:
        raise bad_request("InvalidAddressPrefixFormat", f"Subnet {name}: address prefix {prefix!r} is not a valid CIDR.", target)
    net = parsed[0]
    if not any(net.version == space.version and net.subnet_of(space) for space in networks(vnet_prefixes)):
        raise bad_request(
            "NetcfgSubnetRangeOutsideVnet",
            f"Subnet '{name}' is not valid because its IP address range is outside the IP address range of virtual network.",
            target,
        )
    for other_name, other_prefix in siblings:
        other = networks([other_prefix])
        if other and other[0].version == net.version and other[0].overlaps(net):
            raise bad_request(
                "NetcfgSubnetRangesOverlap",
                f"Subnet '{name}' is not valid because its IP address range overlaps with that of an existing subnet "
                f"'{other_name}' in virtual network.",
                target,
            )
    return str(net)


# -- virtual networks -----------------------------------------------------------

get, list_in_group = read_handlers("virtualNetworks", "vnet", VNET, render_vnet)


def list_in_subscription(ctx: ArmContext) -> ArmResponse:
    return ArmResponse(200, {"value": [render_vnet(ctx.env, v) for v in ctx.store.list(VNET, ctx.subscription)]})


def put(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    vnet_id = resource_id(ctx, "virtualNetworks", "vnet")
    existing = ctx.store.get(vnet_id)
    check_preconditions(ctx, existing)
    operations.assert_idle(ctx, vnet_id, "PutVirtualNetworkOperation")
    body = ctx.body if isinstance(ctx.body, dict) else {}
    props = body_properties(ctx)
    location = body.get("location")
    if not location:
        raise bad_request("LocationRequired", "The location property is required for this definition.", "location")
    prefixes = _check_prefixes((props.get("addressSpace") or {}).get("addressPrefixes"), "properties.addressSpace.addressPrefixes")
    etag = new_etag()
    planned: list[Resource] = []
    seen: list[tuple[str, str]] = []
    for index, item in enumerate(props.get("subnets") or []):
        target = f"properties.subnets[{index}]"
        if not isinstance(item, dict) or not item.get("name"):
            raise bad_request("InvalidRequestFormat", "Each inline subnet needs a name.", target)
        name = item["name"]
        if any(n.lower() == name.lower() for n, _ in seen):
            raise bad_request("DuplicateResourceName", f"Subnet {name} appears twice in the virtual network.", target)
        sub_props = item.get("properties") or {}
        prefix = check_subnet_prefix(prefixes, name, sub_props.get("addressPrefix"), seen, f"{target}.properties.addressPrefix")
        previous = ctx.store.get(f"{vnet_id}/subnets/{name}")
        if previous is not None and subnet_user(previous) and previous.properties.get("addressPrefix") != prefix:
            raise bad_request("InUseSubnetCannotBeUpdated",
                              f"Subnet {name} is in use by {subnet_user(previous)}; its address prefix cannot be changed.", target)
        seen.append((name, prefix))
        planned.append(new_subnet(vnet_id, previous.body["name"] if previous else name, prefix, etag, previous))
    kept = {s.key for s in planned}
    if existing is not None:
        for old in ctx.store.children(vnet_id, SUBNET):
            if old.key not in kept and subnet_user(old):
                raise _in_use(old, subnet_user(old))
    if existing is None:
        vnet = new_vnet(vnet_id, ctx.params["vnet"], location, prefixes, etag, body.get("tags"))
    else:
        vnet = existing
        vnet.body["etag"] = etag
        vnet.properties["addressSpace"] = {"addressPrefixes": prefixes}
        vnet.properties["provisioningState"] = "Updating"
        if body.get("tags"):
            vnet.body["tags"] = dict(body["tags"])
        else:
            vnet.body.pop("tags", None)
    ctx.store.save(vnet, ctx.now)
    # PUT is the whole resource: subnets left out are deleted (checked unused above).
    for old in ctx.store.children(vnet_id, SUBNET):
        if old.key not in kept:
            ctx.store.remove(old.id)
    for subnet in planned:
        ctx.store.save(subnet, ctx.now)
    op = operations.start(ctx, provider="Microsoft.Network", location=vnet.body["location"], name="PutVirtualNetworkOperation",
                          target_id=vnet.id, lock_key=vnet.id,
                          effect={"kind": "network.put", "ids": [vnet.id] + [s.id for s in planned]})
    return ArmResponse(201 if existing is None else 200, render_vnet(ctx.env, vnet),
                       operations.async_headers(ctx.env, op, location=False))


def delete(ctx: ArmContext) -> ArmResponse:
    require_group(ctx)
    vnet = ctx.store.get(resource_id(ctx, "virtualNetworks", "vnet"))
    if vnet is None:
        return ArmResponse(204)
    check_preconditions(ctx, vnet)
    operations.assert_idle(ctx, vnet.id, "DeleteVirtualNetworkOperation")
    for subnet in ctx.store.children(vnet.id, SUBNET):
        if subnet_user(subnet):
            raise _in_use(subnet, subnet_user(subnet))
    vnet.properties["provisioningState"] = "Deleting"
    ctx.store.save(vnet, ctx.now)
    op = operations.start(ctx, provider="Microsoft.Network", location=vnet.body["location"], name="DeleteVirtualNetworkOperation",
                          target_id=vnet.id, lock_key=vnet.id, effect={"kind": "network.delete", "ids": [vnet.id]})
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))


# -- subnets ----------------------------------------------------------------------

def _subnet_id(ctx: ArmContext, vnet: Resource) -> str:
    return f"{vnet.id}/subnets/{ctx.params['subnet']}"


def subnet_list(ctx: ArmContext) -> ArmResponse:
    vnet = load_top(ctx, "virtualNetworks", "vnet", VNET)
    return ArmResponse(200, {"value": [render_subnet(s) for s in ctx.store.children(vnet.id, SUBNET)]})


def subnet_get(ctx: ArmContext) -> ArmResponse:
    vnet = load_top(ctx, "virtualNetworks", "vnet", VNET)
    subnet = ctx.store.get(_subnet_id(ctx, vnet))
    if subnet is None:
        raise child_not_found(_subnet_id(ctx, vnet))
    body = render_subnet(subnet)
    return ArmResponse(200, body, {"ETag": body["etag"]})


def subnet_put(ctx: ArmContext) -> ArmResponse:
    vnet = load_top(ctx, "virtualNetworks", "vnet", VNET)
    sid = _subnet_id(ctx, vnet)
    existing = ctx.store.get(sid)
    check_preconditions(ctx, existing)
    operations.assert_idle(ctx, vnet.id, "PutSubnetOperation")
    props = body_properties(ctx)
    siblings = [(s.body["name"], s.properties.get("addressPrefix")) for s in ctx.store.children(vnet.id, SUBNET) if s.key != sid.lower()]
    prefix = check_subnet_prefix(vnet.properties["addressSpace"]["addressPrefixes"], ctx.params["subnet"], props.get("addressPrefix"),
                                 siblings, "properties.addressPrefix")
    if existing is not None and subnet_user(existing) and existing.properties.get("addressPrefix") != prefix:
        raise bad_request("InUseSubnetCannotBeUpdated",
                          f"Subnet {existing.body['name']} is in use by {subnet_user(existing)}; its address prefix cannot be changed.",
                          "properties.addressPrefix")
    etag = new_etag()
    subnet = new_subnet(vnet.id, existing.body["name"] if existing else ctx.params["subnet"], prefix, etag, existing)
    ctx.store.save(subnet, ctx.now)
    op = operations.start(ctx, provider="Microsoft.Network", location=vnet.body["location"], name="PutSubnetOperation",
                          target_id=subnet.id, lock_key=vnet.id, effect={"kind": "network.put", "ids": [subnet.id]})
    return ArmResponse(201 if existing is None else 200, render_subnet(subnet), operations.async_headers(ctx.env, op, location=False))


def subnet_delete(ctx: ArmContext) -> ArmResponse:
    vnet = load_top(ctx, "virtualNetworks", "vnet", VNET)
    subnet = ctx.store.get(_subnet_id(ctx, vnet))
    if subnet is None:
        return ArmResponse(204)
    check_preconditions(ctx, subnet)
    operations.assert_idle(ctx, vnet.id, "DeleteSubnetOperation")
    if subnet_user(subnet):
        raise _in_use(subnet, subnet_user(subnet))
    subnet.properties["provisioningState"] = "Deleting"
    ctx.store.save(subnet, ctx.now)
    op = operations.start(ctx, provider="Microsoft.Network", location=vnet.body["location"], name="DeleteSubnetOperation",
                          target_id=subnet.id, lock_key=vnet.id, effect={"kind": "network.delete", "ids": [subnet.id]})
    return ArmResponse(202, None, operations.async_headers(ctx.env, op, location=True))

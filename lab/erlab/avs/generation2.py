"""AVS Generation 2 private clouds: deployed into the customer's virtual network.

From api-version 2024-09-01 a private cloud may carry `properties.virtualNetworkId`;
such a cloud runs on AV64 hosts, has no AVS-managed ExpressRoute circuit (no
`circuit` block, no Global Reach, no AVS authorizations) and AVS creates its
own subnets inside that VNet out of the /22 networkBlock. On-premises reaches
it through an ExpressRoute gateway in that VNet (or a peered hub) connected to
the on-premises circuit.

Documented: virtualNetworkId (2024-09-01+), AV64, one private cloud per VNet.
Assumptions (lab/README provenance): the error codes below, that the /22 must
lie inside the VNet's address space and be free of its subnets, and the names
and carving of the subnets AVS creates.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ..arm.apiversions import at_least
from ..arm.context import ArmContext, Env
from ..clock import new_etag
from ..errors import ArmError
from ..ids import PRIVATE_CLOUD
from ..network.vnet_common import SUBNET, VNET, networks
from ..network.virtual_networks import new_subnet
from ..store import Resource

SINCE = "2024-09-01"
GEN2_SKUS = ("AV64",)
# (name, offset into the /22, prefix length): the subnets AVS creates (assumed names and layout).
AVS_SUBNETS = (("avs-management", 0, 24), ("avs-vmotion", 256, 24), ("avs-vsan", 512, 24), ("avs-nsx-uplink", 768, 25),
               ("avs-hcx-uplink", 896, 25))


def is_gen2(cloud: Resource) -> bool:
    return bool(cloud.properties.get("virtualNetworkId"))


def render(body: dict[str, Any], api_version: str) -> dict[str, Any]:
    """Older api-versions do not know virtualNetworkId."""
    if not at_least(api_version, SINCE):
        body.get("properties", {}).pop("virtualNetworkId", None)
    return body


def _bad(code: str, message: str, target: str | None = None) -> ArmError:
    return ArmError(400, code, message, target)


def check_create(ctx: ArmContext, cloud_id: str, sku: str, props: dict[str, Any], existing: Resource | None) -> str | None:
    """The VNet id a new (or existing) Gen 2 cloud goes into; None for a Generation 1 cloud."""
    wanted = props.get("virtualNetworkId") if at_least(ctx.api_version, SINCE) else None
    if existing is not None:
        have = existing.properties.get("virtualNetworkId")
        if wanted and (not have or wanted.lower() != have.lower()):
            raise _bad("VirtualNetworkIdCannotBeChanged", "virtualNetworkId of an existing private cloud cannot be changed.",
                       "properties.virtualNetworkId")
        return have
    if not wanted:
        return None
    if sku not in GEN2_SKUS:
        raise _bad("InvalidSkuForGeneration2",
                   f"A private cloud in a virtual network (Generation 2) needs SKU {' or '.join(GEN2_SKUS)}; got '{sku}'.", "sku.name")
    vnet = ctx.store.get(str(wanted))
    if vnet is None or vnet.type != VNET:
        raise _bad("VirtualNetworkNotFound", f"Virtual network {wanted} was not found.", "properties.virtualNetworkId")
    for other in ctx.store.list(PRIVATE_CLOUD):
        if other.key == cloud_id.lower():
            continue
        if str(other.properties.get("virtualNetworkId") or "").lower() == vnet.key:
            raise _bad("VirtualNetworkAlreadyHasPrivateCloud",
                       f"Virtual network {vnet.id} already holds private cloud {other.id}; one private cloud per virtual network.",
                       "properties.virtualNetworkId")
    block = ipaddress.ip_network(props["networkBlock"])
    if not any(block.subnet_of(space) for space in networks(vnet.properties["addressSpace"]["addressPrefixes"])
               if space.version == 4):
        raise _bad("NetworkBlockOutsideVirtualNetwork",
                   f"networkBlock {block} must lie inside the address space of virtual network {vnet.id}.", "properties.networkBlock")
    for subnet in ctx.store.children(vnet.id, SUBNET):
        taken = networks([subnet.properties.get("addressPrefix")])
        if taken and taken[0].overlaps(block):
            raise _bad("NetworkBlockOverlapsSubnet",
                       f"networkBlock {block} overlaps subnet {subnet.body['name']} ({taken[0]}) of virtual network {vnet.id}.",
                       "properties.networkBlock")
    return vnet.id


def finish(env: Env, cloud: Resource) -> None:
    """Building done: AVS has created its subnets in the customer's VNet (no circuit)."""
    vnet = env.store.get(cloud.properties["virtualNetworkId"])
    if vnet is not None:
        base = ipaddress.ip_network(cloud.properties["networkBlock"]).network_address
        etag = new_etag()
        for name, offset, length in AVS_SUBNETS:
            prefix = str(ipaddress.ip_network(f"{base + offset}/{length}"))
            existing = env.store.get(f"{vnet.id}/subnets/{name}")
            subnet = new_subnet(vnet.id, name, prefix, etag, existing)
            subnet.properties["provisioningState"] = "Succeeded"
            subnet.meta["avs_private_cloud"] = cloud.id
            env.store.save(subnet, env.now)
    cloud.properties.pop("circuit", None)
    cloud.properties["managementCluster"]["provisioningState"] = "Succeeded"
    cloud.properties["provisioningState"] = "Succeeded"


def release(env: Env, cloud: Resource) -> None:
    """Deleting the cloud removes the subnets AVS created."""
    vnet_id = cloud.properties.get("virtualNetworkId")
    if not vnet_id:
        return
    for subnet in env.store.children(vnet_id, SUBNET):
        if str(subnet.meta.get("avs_private_cloud", "")).lower() == cloud.key:
            env.store.remove(subnet.id)


def refuse_circuit_feature(cloud: Resource, feature: str) -> None:
    """Global Reach and AVS authorizations need the AVS-managed circuit a Generation 2 cloud does not have."""
    if is_gen2(cloud):
        raise ArmError(
            400,
            "NotSupportedForGeneration2PrivateCloud",
            f"Private cloud {cloud.id} is a Generation 2 private cloud in virtual network {cloud.properties['virtualNetworkId']}: "
            f"it has no AVS-managed ExpressRoute circuit, so {feature} does not apply. Connect on-premises with an "
            "ExpressRoute virtual network gateway in that virtual network (or a peered hub) and a connection to the "
            "on-premises circuit, authorized by a key from that circuit.",
        )
